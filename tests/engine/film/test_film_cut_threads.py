"""A film cut short gives every frame that is in the file, decoded on threads or not.

A decoder on several threads dropped the frames it had worked ahead on when the file ended
mid-picture (an MP4 cut at 60%: 44 frames on threads, 46 on one); the last stretch is decoded
again on one thread (core/film/video_in.FilmReader._tail_on_one_thread)."""

from __future__ import annotations

import av
import numpy as np
import pytest

from colorizer_app.core.film.sample_clip import pan_frames
from colorizer_app.core.film.video_in import FilmReader


def decoded(path, thread_type: str) -> list:
    with FilmReader(path) as reader:
        reader.stream.thread_type = thread_type
        frames = [(frame.index, frame.pts, frame.rgb) for frame in reader.frames()]
        return frames, reader.stopped_early


def with_b_frames(path, width: int, height: int, count: int):
    """An MP4 as cameras and encoders at their usual settings write it: frames that lean on later
    ones (B-frames; the test clips' fastest setting has none), its index first."""
    with av.open(str(path), "w", options={"movflags": "faststart"}) as output:
        video = output.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "fast", "x264-params": "log-level=error"}
        for rgb in pan_frames(width, height, count):
            output.mux(video.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        output.mux(video.encode())
    return path


@pytest.mark.parametrize("kept", [0.3, 0.6])
def test_a_cut_mp4_decoded_on_threads_loses_no_frame(tmp_path, kept):
    data = with_b_frames(tmp_path / "whole.mp4", 320, 240, 60).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: int(len(data) * kept)])
    threaded, stop = decoded(cut, "AUTO")
    single, _ = decoded(cut, "NONE")
    assert 0 < len(single) < 60 and "stops at" in stop
    assert [(index, pts) for index, pts, _ in threaded] == [(index, pts) for index, pts, _ in single]
    assert all(np.array_equal(a[2], b[2]) for a, b in zip(threaded, single, strict=True))
