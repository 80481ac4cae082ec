"""A film whose sound is stored after much of its picture (a badly interleaved camcorder or
broadcast TS): FFmpeg's first look finds no rate or channels for it, and the join failed once
the whole film was coloured (core/film/sound_out.py: ``open_for_sound``)."""

from __future__ import annotations

import av
import numpy as np

from colorizer_app.core.film.pipeline import FilmJob, colorize_film
from colorizer_app.core.film.sample_clip import pan_frames
from colorizer_app.core.film.sound_out import described, open_for_sound

RATE, FRAMES, SAMPLE_RATE = 2, 40, 48000  # 20 s of picture, written before any sound


def late_sound_ts(path):
    with av.open(str(path), "w", format="mpegts") as output:
        video = output.add_stream("libx264", rate=RATE)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = output.add_stream("ac3", rate=SAMPLE_RATE)
        sound.layout, sound.format = "stereo", "fltp"
        for index, rgb in enumerate(pan_frames(64, 48, FRAMES)):
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
            frame.pts = index
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        step = 1536
        for start in range(0, SAMPLE_RATE * FRAMES // RATE, step):
            tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(start, start + step) / SAMPLE_RATE)).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(np.tile(tone, (2, 1)), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = SAMPLE_RATE, start
            output.mux(sound.encode(frame))
        output.mux(sound.encode(None))
    return path


def sound_packets(container):
    return [bytes(packet) for packet in container.demux(container.streams.audio[0]) if packet.size]


def test_a_sound_stored_after_the_picture_is_copied_whole(tmp_path, tiny_model):
    source = late_sound_ts(tmp_path / "camcorder.mts")
    with av.open(str(source)) as first_look:
        assert not described(first_look.streams.audio[0])  # the case itself: no rate at FFmpeg's first look
    result = colorize_film(FilmJob(source, tmp_path / "camcorder.mp4"), tiny_model)  # was: "Invalid argument"
    assert not any("sound" in note for note in result.notes), result.notes
    with av.open(str(tmp_path / "camcorder.mp4")) as joined, open_for_sound(source) as original:
        assert joined.streams.audio[0].codec_context.sample_rate == SAMPLE_RATE
        assert joined.streams.video[0].frames == FRAMES
        assert sound_packets(joined) == sound_packets(original)


def test_a_sound_track_with_no_sound_in_the_file_is_left_out_with_a_note(tmp_path, tiny_model):
    source = tmp_path / "silent.ts"
    with av.open(str(source), "w", format="mpegts") as output:  # a sound track announced, never written
        video = output.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        output.add_stream("ac3", rate=SAMPLE_RATE).layout = "stereo"
        for index, rgb in enumerate(pan_frames(64, 48, 10)):
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
            frame.pts = index
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
    result = colorize_film(FilmJob(source, tmp_path / "silent.mp4"), tiny_model)
    assert any("a sound track of it was left out: the file announces it" in note for note in result.notes), result.notes
    with av.open(str(tmp_path / "silent.mp4")) as joined:
        assert joined.streams.video[0].frames == 10 and not joined.streams.audio
