"""A film seen in the window (core/film/frames.py): its facts for the list, any frame by its
number for the scrubber (the same frame the whole-film run numbers so), and the short preview."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from colorizer_app.core.colorize import Cancelled
from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.film import FilmFrame, clock
from colorizer_app.core.film.film_hints import FilmHints
from colorizer_app.core.film.frames import colour_preview, early_frame, film_facts, read_frame
from colorizer_app.core.film.sample_clip import make_pan_clip, make_sound_only_file, pan_frames, write_clip
from colorizer_app.core.film.video_in import FilmReader, FilmReadError
from colorizer_app.core.hints import ColorHint


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """40 frames at 25 a second, a keyframe every 12 (so reaching a frame needs a seek and decoding)."""
    return make_pan_clip(tmp_path_factory.mktemp("film") / "pan.mp4", 96, 64, 40, keyframe_every=12)


def test_facts_say_length_size_and_sound(clip):
    facts = film_facts(clip)
    assert (facts.width, facts.height, facts.frames) == (96, 64, 40)
    assert facts.duration == pytest.approx(1.6, abs=0.05)
    assert facts.sound
    assert facts.words() == "Film, 0:01, 96×64, 25 frames a second, with sound"


def test_every_frame_read_by_number_is_the_frame_of_that_number(clip):
    with FilmReader(clip) as reader:
        decoded = [frame.rgb for frame in reader.frames()]
    for index in (0, 1, 11, 12, 13, 25, 39):
        assert np.array_equal(read_frame(clip, index), decoded[index]), index
    assert np.array_equal(read_frame(clip, 500), decoded[-1])  # past the end: the last frame


@pytest.mark.parametrize(("suffix", "keyframes"), [(".mts", 12), (".mpg", 12), (".m2ts", None)])
def test_a_camcorder_or_dvd_films_frame_is_the_frame_of_its_number(tmp_path, suffix, keyframes):
    # a seek in an MPEG transport or program stream lands after the time asked for, or past a
    # short film's only keyframe (None: x264's default, one in 250): the frame shown under a
    # number was a later one or always the last, and a run resumed there ended, cut short
    source = make_pan_clip(tmp_path / f"pan{suffix}", 96, 64, 100, keyframe_every=keyframes, sound=None)
    with FilmReader(source) as reader:
        decoded = [frame.rgb for frame in reader.frames()]
    assert len(decoded) == 100
    for index in (1, 11, 13, 25, 90, 99):
        assert np.array_equal(read_frame(source, index), decoded[index]), index


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_a_film_whose_rate_varies_shows_the_frame_the_run_numbers_so(tmp_path, suffix):
    # 20 frames at 25 a second, then 20 at 25/3 (a phone recording's dropped frames): a frame's
    # number cannot be found from the average rate; the scrubber's frame N must be the run's
    frames = pan_frames(96, 64, 40)
    times = [36 * index if index < 20 else 720 + 108 * (index - 20) for index in range(40)]
    source = write_clip(tmp_path / f"varying{suffix}", frames, pts=times, time_base=Fraction(1, 900), keyframe_every=12)
    with FilmReader(source) as reader:
        assert len(reader.frame_times()) == 40  # an MP4's header says so; an MKV's first seconds do
        decoded = [frame.rgb for frame in reader.frames()]
    facts = film_facts(source)
    assert facts.frames == len(decoded) == 40
    assert facts.frame_seconds[19] == pytest.approx(0.76, abs=0.002) and facts.frame_seconds[30] == pytest.approx(2.0, abs=0.002)
    for index in (5, 19, 21, 30, 39):
        assert np.array_equal(read_frame(source, index), decoded[index]), index
    assert np.array_equal(read_frame(source, 90), decoded[-1])


def test_an_mp4_cut_short_after_its_index_has_a_scrubber_as_long_as_what_is_there(tmp_path):
    # its index (written first) lists all 40 frames; the scrubber ran to 40 over 24 that exist
    clip = make_pan_clip(tmp_path / "whole.mp4", 96, 64, 40, sound=None)
    index_first = tmp_path / "first.mp4"
    with av.open(str(clip)) as original, av.open(str(index_first), "w", options={"movflags": "faststart"}) as output:
        copy = output.add_stream_from_template(original.streams.video[0])
        for packet in original.demux(video=0):
            if packet.dts is not None:
                packet.stream = copy
                output.mux(packet)
    data = index_first.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) * 6 // 10])
    with FilmReader(cut) as reader:
        there = sum(1 for _ in reader.frames())
    facts = film_facts(cut)
    assert 5 < there < 40 and facts.frames == there
    assert facts.notes == [f"the file is cut short: it stops at 0:0{int(facts.duration)} of 0:01"]
    assert film_facts(index_first).frames == 40 and not film_facts(index_first).notes


def test_a_turned_phone_film_is_shown_upright(tmp_path):
    source = make_pan_clip(tmp_path / "phone.mp4", 96, 64, 6, rotation=90)
    assert read_frame(source, 3).shape == (96, 64, 3)
    facts = film_facts(source)
    assert (facts.width, facts.height) == (64, 96)


def test_a_file_without_picture_is_refused_plainly(tmp_path):
    with pytest.raises(FilmReadError, match="no video stream"):
        film_facts(make_sound_only_file(tmp_path / "sound.mp4"))
    with pytest.raises(FilmReadError, match="no video stream"):
        early_frame(make_sound_only_file(tmp_path / "sound2.mp4"), 1.0)


def test_the_rows_picture_is_a_frame_from_early_in_the_film_with_its_length(clip, tmp_path):
    # a tenth of this 1.6 s film in: frame 4, the frame read_frame gives; upright when turned
    frame, duration = early_frame(clip, 1.0)
    assert np.array_equal(frame, read_frame(clip, 4)) and duration == pytest.approx(1.6, abs=0.05)
    assert not np.array_equal(frame, read_frame(clip, 0))
    assert early_frame(make_pan_clip(tmp_path / "phone.mp4", 96, 64, 6, rotation=90), 1.0)[0].shape == (96, 64, 3)


def test_the_preview_colours_a_few_seconds_from_the_chosen_frame(clip, tiny_model):
    seen = []
    preview = colour_preview(
        clip, tiny_model, ColorizeSettings(64), 30, seconds=0.2, long_side=48, on_progress=lambda d, t: seen.append((d, t))
    )
    assert len(preview.frames) == 5 and preview.first_index == 30 and preview.rate == pytest.approx(25)
    grey, colour = preview.frames[0]
    assert grey.shape == colour.shape == (32, 48, 3)
    assert np.ptp(grey.astype(int), axis=2).max() <= 1  # the grey side has no colour
    assert seen[-1] == (5, 5)
    near_end = colour_preview(clip, tiny_model, ColorizeSettings(64), 38, seconds=1, long_side=48)
    assert len(near_end.frames) == 2  # the film ends first


def test_pins_change_the_preview_and_cancel_stops_it(clip, tiny_model):
    settings = ColorizeSettings(64)
    plain = colour_preview(clip, tiny_model, settings, 10, seconds=0.12, long_side=48)
    pinned = colour_preview(
        clip, tiny_model, settings, 10, FilmHints({10: [ColorHint(0.5, 0.5, "#d02020", 0.5)]}), seconds=0.12, long_side=48
    )
    assert np.abs(plain.frames[0][1].astype(int) - pinned.frames[0][1].astype(int)).mean() > 1
    with pytest.raises(Cancelled):
        colour_preview(clip, tiny_model, settings, 0, should_stop=lambda: True)


def test_frame_names_and_clock_words():
    frame = FilmFrame(__import__("pathlib").Path("/films/old.mp4"), 7)
    assert frame.name == "old.mp4" and frame == FilmFrame(frame.source, 7) and hash(frame) == hash(FilmFrame(frame.source, 7))
    assert [clock(7), clock(187), clock(3723)] == ["0:07", "3:07", "1:02:03"]


def test_an_mp4_cut_before_its_index_is_said_plainly(clip, tmp_path):
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])  # PyAV writes the index at the end
    with pytest.raises(FilmReadError, match="cut short before its index"):
        film_facts(cut)
