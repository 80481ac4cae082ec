"""Subtitles are kept: a film's subtitle streams are copied into the coloured film packet for
packet, in MKV when MP4 cannot hold them (SubRip), as its sound is."""

from __future__ import annotations

import av

from colorizer_app.core.film.item import output_for
from colorizer_app.core.film.pipeline import FilmJob, colorize_film
from colorizer_app.core.film.sample_clip import make_pan_clip

SUBRIP = "1\n00:00:00,000 --> 00:00:00,400\nGrandma at the lake\n\n2\n00:00:00,400 --> 00:00:00,900\nThe boat, 1952\n"


def film_with_subtitles(folder):
    """A pan clip with sound, remuxed into MKV beside a SubRip subtitle stream."""
    clip = make_pan_clip(folder / "clip.mp4", 64, 48, 24)
    (folder / "words.srt").write_text(SUBRIP)
    target = folder / "lake.mkv"
    with av.open(str(clip)) as picture, av.open(str(folder / "words.srt")) as words, av.open(str(target), "w") as output:
        sources = [(picture, stream) for stream in picture.streams if stream.type in ("video", "audio")]
        sources.append((words, words.streams.subtitles[0]))
        copies = [output.add_stream_from_template(stream) for _, stream in sources]  # all before the first packet
        for (container, stream), copy in zip(sources, copies, strict=True):
            for packet in container.demux(stream):
                if packet.dts is not None:
                    packet.stream = copy
                    output.mux(packet)
    return target


def subtitle_packets(path):
    with av.open(str(path)) as container:
        stream = container.streams.subtitles[0]
        return [(bytes(packet), round(float(packet.pts * packet.time_base), 3)) for packet in container.demux(stream) if packet.size]


def test_subtitles_are_copied_into_an_mkv(tmp_path, tiny_model):
    source = film_with_subtitles(tmp_path)
    output = output_for(tmp_path / "out" / "lake.mkv", source)
    assert output.suffix == ".mkv"  # SubRip cannot go into MP4
    colorize_film(FilmJob(source, output, render_size=64), tiny_model)
    with av.open(str(output)) as container:
        assert [stream.type for stream in container.streams] == ["video", "audio", "subtitle"]
    assert subtitle_packets(output) == subtitle_packets(source) != []
