"""Films: what goes in comes out the same size, rate, duration and rotation, with its sound
bit-identical; odd inputs give colour or a one-line reason; a stopped run resumes.

Every clip is made here with PyAV (core/film/sample_clip.py); nothing is read from disk.
"""

from __future__ import annotations

import io
import tracemalloc
from fractions import Fraction

import av
import numpy as np
import pytest
from PIL import Image

from colorizer_app.core import fast_colour
from colorizer_app.core.colorize import Cancelled
from colorizer_app.core.film import pipeline
from colorizer_app.core.film.film_hints import FilmHints
from colorizer_app.core.film.frames import film_facts
from colorizer_app.core.film.item import output_for
from colorizer_app.core.film.pipeline import FilmJob, colorize_film
from colorizer_app.core.film.sample_clip import make_pan_clip, make_sound_only_file, pan_frames, write_clip
from colorizer_app.core.film.video_in import FilmReader, FilmReadError
from colorizer_app.core.hints import ColorHint


def video_facts(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
        return {
            "size": (stream.codec_context.width, stream.codec_context.height),
            "pts": [float(frame.pts * frame.time_base) for frame in frames],
            "rotation": frames[0].rotation,
            "rgb": [frame.to_ndarray(format="rgb24") for frame in frames],
        }


def sound_packets(path):
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return []
        return [
            (bytes(packet), round(float(packet.pts * packet.time_base), 3))
            for packet in container.demux(container.streams.audio[0])
            if packet.size
        ]


def test_a_film_keeps_its_size_timing_rotation_and_sound(tmp_path, tiny_model):
    source = make_pan_clip(tmp_path / "pan.mp4", 96, 64, 20, rotation=90)
    result = colorize_film(FilmJob(source, tmp_path / "out" / "pan.mp4"), tiny_model)
    before, after = video_facts(source), video_facts(tmp_path / "out" / "pan.mp4")
    assert result.frames == 20
    assert after["size"] == before["size"]
    assert after["pts"] == pytest.approx(before["pts"], abs=1e-6)
    assert after["rotation"] == 90
    assert sound_packets(tmp_path / "out" / "pan.mp4") == sound_packets(source) != []
    # only colour is added: the frames' lightness stays (within the codec's loss)
    for grey, colour in zip(before["rgb"], after["rgb"], strict=True):
        assert np.abs(fast_colour.lightness(grey) - fast_colour.lightness(colour)).mean() < 2.5
    assert not any(path.name.endswith(".parts") for path in (tmp_path / "out").iterdir())


def test_variable_frame_rate_keeps_every_frame_time(tmp_path, tiny_model):
    stamps = [0, 40, 70, 150, 160, 240, 400, 420]
    source = write_clip(tmp_path / "vfr.mkv", pan_frames(64, 48, len(stamps)), pts=stamps, time_base=Fraction(1, 1000), sound=None)
    colorize_film(FilmJob(source, tmp_path / "vfr.mp4"), tiny_model)
    assert video_facts(tmp_path / "vfr.mp4")["pts"] == pytest.approx([stamp / 1000 for stamp in stamps], abs=1e-3)


def test_a_film_written_as_mkv_says_its_own_frame_rate(tmp_path, tiny_model):
    # the H.264 timing info said 1 / time base (12,800 a second for an MP4 source): Matroska
    # takes its frame rate from there, and the film added again said "12800 frames a second"
    source = write_clip(tmp_path / "pcm.mov", pan_frames(64, 48, 8), sound="pcm_s16le")
    colorize_film(FilmJob(source, tmp_path / "out.mkv"), tiny_model)
    assert film_facts(tmp_path / "out.mkv").rate == pytest.approx(25)


def test_a_cover_picture_stored_before_the_film_is_passed_over(tmp_path, tiny_model):
    # a one-picture stream first (cover art), then the film: the film is what gets coloured
    film = make_pan_clip(tmp_path / "film.mp4", 64, 48, 12)
    cover = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(cover, "JPEG")
    source = tmp_path / "covered.mkv"
    with av.open(str(film)) as original, av.open(str(source), "w") as output:
        art = output.add_stream("mjpeg", rate=1)
        art.width = art.height = 32
        art.time_base = Fraction(1, 90000)
        art.pix_fmt = "yuvj420p"
        copies = {stream: output.add_stream_from_template(stream) for stream in original.streams}
        picture = av.Packet(cover.getvalue())
        picture.stream, picture.pts, picture.dts, picture.time_base = art, 0, 0, art.time_base
        output.mux(picture)
        for packet in original.demux():
            if packet.dts is not None:
                packet.stream = copies[packet.stream]
                output.mux(packet)
    result = colorize_film(FilmJob(source, tmp_path / "out.mp4"), tiny_model)
    assert result.frames == 12 and len(video_facts(tmp_path / "out.mp4")["pts"]) == 12
    assert sound_packets(tmp_path / "out.mp4") == sound_packets(source) != []


@pytest.mark.parametrize(
    ("name", "options", "note"),
    [
        ("ten.mkv", {"pixel_format": "yuv420p10le"}, "10-bit"),
        ("interlaced.mp4", {"interlaced": True}, "deinterlaced"),
        ("opus.webm", {"codec": "libvpx-vp9", "sound": "libopus"}, None),
        ("pcm.avi", {"sound": "pcm_s16le"}, None),
        ("odd.mov", {"size": (63, 45), "pixel_format": "yuv444p"}, None),
    ],
)
def test_odd_films_are_coloured_with_a_note(tmp_path, tiny_model, name, options, note):
    width, height = options.pop("size", (64, 48))
    source = write_clip(tmp_path / name, pan_frames(width, height, 8), **options)
    output = tmp_path / ("out.mkv" if name.endswith(".avi") else "out.mp4")  # PCM sound cannot be copied into MP4
    result = colorize_film(FilmJob(source, output), tiny_model)
    facts = video_facts(output)
    assert facts["size"] == (width, height)
    assert len(facts["pts"]) == 8
    assert sound_packets(output) == sound_packets(source)
    assert (note is None and not result.notes) or any(note in text for text in result.notes)


@pytest.mark.parametrize(("name", "sound"), [("bluray.m2ts", "pcm_bluray"), ("dvd.vob", "pcm_dvd")])
def test_a_sound_no_film_file_here_can_hold_is_converted_not_fatal(tmp_path, tiny_model, name, sound):
    # a Blu-ray's or DVD's LPCM goes into neither MP4 nor MKV: the join failed once the whole film
    # was coloured; now it becomes AAC of the same length and loudness, and the note says so
    source = write_clip(tmp_path / name, pan_frames(64, 48, 25), sound=sound)
    output = output_for(tmp_path / "out" / name, source)
    assert output.name == name.rsplit(".", 1)[0] + ".mp4"
    result = colorize_film(FilmJob(source, output), tiny_model)
    assert any(f"its sound ({sound}) was converted to AAC" in note for note in result.notes), result.notes
    with av.open(str(output)) as container:
        assert [stream.codec_context.name for stream in container.streams.audio] == ["aac"]
        samples = np.concatenate([frame.to_ndarray().reshape(-1) for frame in container.decode(audio=0)])
    assert abs(len(samples) - 48000) < 3000 and np.sqrt((samples**2).mean()) == pytest.approx(0.3 / np.sqrt(2), rel=0.1)


def test_the_films_title_and_each_tracks_language_title_and_flags_are_kept(tmp_path, tiny_model):
    film = make_pan_clip(tmp_path / "film.mp4", 64, 48, 8)
    source = tmp_path / "labelled.mkv"
    with av.open(str(film)) as original, av.open(str(source), "w") as output:
        output.metadata["title"] = "Grandpa's wedding, 1952"
        copies = {stream: output.add_stream_from_template(stream) for stream in original.streams}
        sound = copies[original.streams.audio[0]]
        sound.metadata.update({"language": "fra", "title": "Commentary (French)"})
        sound.disposition = av.stream.Disposition.default | av.stream.Disposition.comment
        for packet in original.demux():
            if packet.dts is not None:
                packet.stream = copies[packet.stream]
                output.mux(packet)
    colorize_film(FilmJob(source, tmp_path / "out.mkv"), tiny_model)
    with av.open(str(tmp_path / "out.mkv")) as result:
        assert result.metadata["title"] == "Grandpa's wedding, 1952"
        kept = result.streams.audio[0]
        assert (kept.metadata["language"], kept.metadata["title"]) == ("fra", "Commentary (French)")
        assert kept.disposition & av.stream.Disposition.comment


def test_a_header_rate_that_is_a_time_base_is_not_taken_for_the_films_rate(tmp_path, tiny_model):
    # a DV file is read at 1/60,000 a second and says 60,000 frames a second: the list said so,
    # and a ten-second segment was 600,000 frames (a stopped run had nothing to carry on from)
    source = write_clip(tmp_path / "cam.dv", pan_frames(720, 576, 4), codec="dvvideo", sound=None)
    with FilmReader(source) as reader:
        assert 1 <= reader.info.rate <= 60
    assert 1 <= film_facts(source).rate <= 60


def test_a_cut_short_film_is_coloured_up_to_where_it_stops(tmp_path, tiny_model):
    source = make_pan_clip(tmp_path / "whole.mkv", 96, 64, 50)
    data = source.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: len(data) * 6 // 10])
    result = colorize_film(FilmJob(cut, tmp_path / "cut.mp4"), tiny_model)
    assert 5 < result.frames < 50
    assert any("stops at" in text for text in result.notes), result.notes
    frames = len(video_facts(tmp_path / "cut.mp4")["pts"])
    assert frames == result.frames
    # the sound ends with the picture
    with av.open(str(tmp_path / "cut.mp4")) as container:
        last_sound = max(float(packet.pts * packet.time_base) for packet in container.demux(audio=0) if packet.size)
    assert last_sound <= frames / 25 + 0.05


def test_damage_in_the_middle_costs_only_the_damaged_frames(tmp_path, tiny_model):
    # two packets overwritten halfway: everything after them was lost ("it stops at 0:01")
    source = make_pan_clip(tmp_path / "whole.mp4", 96, 64, 60, keyframe_every=12)
    with av.open(str(source)) as container:
        packets = [(packet.pos, packet.size) for packet in container.demux(video=0) if packet.size]
    data = bytearray(source.read_bytes())
    for position, size in packets[30:32]:
        data[position : position + size] = bytes(size)
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    result = colorize_film(FilmJob(damaged, tmp_path / "out.mp4"), tiny_model)
    shown = video_facts(tmp_path / "out.mp4")["pts"]
    assert 48 <= result.frames == len(shown) < 60 and shown[-1] == pytest.approx(59 / 25, abs=0.01)
    assert any(f"damaged in places: {60 - result.frames} frames" in text for text in result.notes), result.notes


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda path: path.write_bytes(b"\x00not a video at all" * 100), "not a video"),
        (
            lambda path: path.write_bytes(make_pan_clip(path.with_name("x.mp4"), 64, 48, 10).read_bytes()[:3000]),
            "cut short before its index",
        ),  # the index is written last
        (make_sound_only_file, "no video stream"),
        (lambda path: path.write_bytes(b""), "the file is empty"),
    ],
)
def test_unusable_files_get_a_one_line_reason(tmp_path, tiny_model, make, words):
    source = tmp_path / "film.mp4"
    make(source)
    with pytest.raises(FilmReadError) as caught:
        colorize_film(FilmJob(source, tmp_path / "out.mp4"), tiny_model)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "out.mp4").exists()


def test_pins_past_the_films_end_are_said_to_be_unused(tmp_path, tiny_model):
    # a hints file from a longer cut: its pins were dropped without a word
    source = make_pan_clip(tmp_path / "pan.mp4", 64, 48, 10)
    hints = FilmHints({2: [ColorHint(0.5, 0.5, "#d02020", 0.5)], 500: [ColorHint(0.5, 0.5, "#2020d0", 0.5)]})
    result = colorize_film(FilmJob(source, tmp_path / "out.mp4", hints=hints), tiny_model)
    assert "the colour hints on frame 501 were not used: the film has 10 frames" in result.notes


def test_a_stopped_film_leaves_nothing_at_the_destination_and_resumes(tmp_path, tiny_model, monkeypatch):
    source = make_pan_clip(tmp_path / "pan.mp4", 96, 64, 30)
    whole = tmp_path / "whole.mp4"
    colorize_film(FilmJob(source, whole, segment_seconds=0.4), tiny_model)  # segments of 10 frames

    coloured = []
    real = pipeline.colour_frame
    monkeypatch.setattr(pipeline, "colour_frame", lambda *args, **kw: coloured.append(1) or real(*args, **kw))
    target = tmp_path / "out" / "pan.mp4"
    with pytest.raises(Cancelled):
        colorize_film(FilmJob(source, target, segment_seconds=0.4), tiny_model, should_stop=lambda: len(coloured) >= 25)
    assert not target.exists()
    assert not [path for path in target.parent.iterdir() if path.name.endswith(".part")]

    coloured.clear()
    result = colorize_film(FilmJob(source, target, segment_seconds=0.4), tiny_model)
    assert result.reused == 20 and len(coloured) == 10  # the two finished segments are not redone
    resumed, straight = video_facts(target), video_facts(whole)
    assert resumed["pts"] == straight["pts"]
    assert max(np.abs(a.astype(int) - b.astype(int)).max() for a, b in zip(resumed["rgb"], straight["rgb"], strict=True)) <= 2
    assert sound_packets(target) == sound_packets(source)


def test_changed_settings_do_not_reuse_old_segments(tmp_path, tiny_model):
    source = make_pan_clip(tmp_path / "pan.mp4", 96, 64, 20)
    target = tmp_path / "out.mp4"
    with pytest.raises(Cancelled):
        colorize_film(FilmJob(source, target, segment_seconds=0.2), tiny_model, should_stop=_after(12))
    result = colorize_film(FilmJob(source, target, saturation=0.5, segment_seconds=0.2), tiny_model)
    assert result.reused == 0


def _after(count):
    calls = iter(range(10**6))
    return lambda: next(calls) >= count


def test_memory_does_not_grow_with_the_film(tmp_path, tiny_model):
    peaks = []
    for frames in (6, 24):
        source = make_pan_clip(tmp_path / f"f{frames}.mp4", 320, 192, frames, sound=None)
        tracemalloc.start()
        colorize_film(FilmJob(source, tmp_path / f"o{frames}.mp4"), tiny_model)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.25 + 2e6, peaks


@pytest.mark.slow
def test_a_4k_film_is_coloured_in_strips(tmp_path, tiny_model):
    frames = [np.full((2160, 3840, 3), 90 + 20 * index, np.uint8) for index in range(2)]
    source = write_clip(tmp_path / "uhd.mp4", frames, sound=None)
    del frames
    tracemalloc.start()
    colorize_film(FilmJob(source, tmp_path / "uhd-out.mp4"), tiny_model)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert video_facts(tmp_path / "uhd-out.mp4")["size"] == (3840, 2160)
    assert peak < 300e6  # a few frame-sized arrays (25 MB each as RGB), never the film


def test_a_run_killed_while_joining_joins_again_with_the_rotation(tmp_path, tiny_model, monkeypatch):
    source = make_pan_clip(tmp_path / "phone.mp4", 64, 48, 12, rotation=270)
    real_join = pipeline.join

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "join", killed)
    with pytest.raises(KeyboardInterrupt):
        colorize_film(FilmJob(source, tmp_path / "out.mp4"), tiny_model)
    monkeypatch.setattr(pipeline, "join", real_join)
    result = colorize_film(FilmJob(source, tmp_path / "out.mp4"), tiny_model)
    assert result.reused == 12
    facts = video_facts(tmp_path / "out.mp4")
    assert facts["rotation"] % 360 == 270 and len(facts["pts"]) == 12


def test_progress_counts_frames_with_time_left(tmp_path, tiny_model):
    source = make_pan_clip(tmp_path / "pan.mp4", 64, 48, 10)
    calls = []
    colorize_film(FilmJob(source, tmp_path / "out.mp4"), tiny_model, on_progress=lambda *call: calls.append(call))
    assert [done for done, _, _ in calls] == list(range(1, 11))
    assert all(total == 10 for _, total, _ in calls)
    assert calls[-1][2] == 0 and all(left is None or left >= 0 for _, _, left in calls)
    assert pipeline.describe_seconds(187) == "3:07" and pipeline.describe_seconds(7.5) == "7 s"
