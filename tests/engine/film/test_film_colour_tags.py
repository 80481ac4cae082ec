"""Colour tags: a film tagged BT.709 is read by BT.709 (its colours come back as they were
made), and a coloured film says which matrix its colours were written with, so a player does
not guess BT.709 for an HD film written as BT.601 and shift its colours."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from colorizer_app.core.film.pipeline import FilmJob, colorize_film
from colorizer_app.core.film.video_in import FilmReader

RED = (200, 40, 40)


def bt709_clip(path, frames: int = 4):
    with av.open(str(path), "w") as output:
        stream = output.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.codec_context.colorspace, stream.codec_context.color_range = 1, 1  # BT.709, TV range
        stream.options = {"preset": "ultrafast", "crf": "0", "x264-params": "log-level=error"}
        picture = np.zeros((48, 64, 3), np.uint8)
        picture[:] = RED
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p", dst_colorspace=1)
            frame.pts = index
            frame.time_base = Fraction(1, 25)
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return path


def test_a_bt709_film_is_read_by_its_own_matrix(tmp_path):
    with FilmReader(bt709_clip(tmp_path / "hd.mp4")) as reader:
        rgb = next(reader.frames()).rgb
    assert np.abs(rgb[24, 32].astype(int) - RED).max() <= 3  # read as BT.601 it comes back (185, 23, 41)


def test_a_coloured_film_says_its_matrix_and_range(tmp_path, tiny_model):
    output = tmp_path / "out" / "hd.mp4"
    colorize_film(FilmJob(bt709_clip(tmp_path / "hd.mp4"), output, render_size=64), tiny_model)
    with av.open(str(output)) as container:
        context = container.streams.video[0].codec_context
        assert (context.colorspace, context.color_range) == (6, 1)  # BT.601 (SMPTE 170M), TV range
