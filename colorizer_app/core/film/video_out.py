"""Writing a film: colour frames encoded in segments, then one file joined by stream copy.

Each segment is its own H.264 stream (no B-frames, so every packet's decode time is its
show time and segments join end to end without re-timing). Frames keep the source's
timestamps in the source's time base: the same frame rate, variable rates included, and
the same duration. The join copies the segments' video packets and the source's sound
packets as they are (no re-encode: the sound is bit-identical) into MP4, or into MKV when
the sound's codec cannot live in MP4 (sound_out.py: a sound neither holds becomes AAC); the
rotation a phone recorded is set again.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.film.sound_out import (
    SoundConverter,
    codec_of,
    converted,
    kept_subtitles,
    open_for_sound,
    sound_notes,
    usable_sounds,
)
from colorizer_app.core.film.video_in import picture_stream

BT601_MATRIX = 6  # FFmpeg's AVCOL_SPC_SMPTE170M
TV_RANGE = 1  # AVCOL_RANGE_MPEG: 16-235
# How segments are encoded and which stream is read: a run stopped before a change to either
# starts its film afresh rather than join old segments to new (2: force-cfr, picture_stream)
SEGMENT_WRITER = 2
DEFAULT_CRF = 18  # x264's constant quality: 0 lossless .. 51 worst; 18 looks like the source
PRESET = "veryfast"  # the encoder's share of the time stays small beside the network


def pixel_format_for(width: int, height: int) -> str:
    """4:2:0 (what every player takes) needs even sides; odd sizes keep their size in 4:4:4."""
    return "yuv420p" if width % 2 == 0 and height % 2 == 0 else "yuv444p"


class SegmentEncoder:
    """Encode frames into one video-only segment file, written atomically."""

    def __init__(self, path: Path, width: int, height: int, time_base: Fraction, rate: Fraction, crf: int = DEFAULT_CRF) -> None:
        self._writer = atomic_writer(path)
        stream_file = self._writer.__enter__()
        try:
            self.output = av.open(stream_file, "w", format="mp4")
            self.stream = self.output.add_stream("libx264", rate=rate)
            self.stream.width, self.stream.height = width, height
            self.stream.pix_fmt = pixel_format_for(width, height)
            self.stream.time_base = time_base
            self.stream.codec_context.time_base = time_base
            # force-cfr: the stream's timing info gives the frame rate, not 1 / time base (Matroska
            # reads its rate from there); each frame keeps its own timestamp all the same
            self.stream.options = {"crf": str(crf), "preset": PRESET, "x264-params": "bframes=0:force-cfr=1:log-level=error"}
            # Said, not left to a player's guess: the frames are turned into Y'CbCr by BT.601
            # (FFmpeg's default), in TV range. Untagged, players take HD films for BT.709 and
            # show their colours shifted.
            self.stream.codec_context.colorspace = BT601_MATRIX
            self.stream.codec_context.color_range = TV_RANGE
        except BaseException:
            self._writer.__exit__(None, None, None)
            raise
        self.frames = 0
        self.time_base = time_base  # the stream's own changes to the muxer's once writing starts

    def add(self, rgb: np.ndarray, pts: int, duration: int) -> None:
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format=self.stream.pix_fmt)
        frame.pts = pts
        frame.duration = duration
        frame.time_base = self.time_base
        for packet in self.stream.encode(frame):
            self.output.mux(packet)
        self.frames += 1

    def finish(self) -> None:
        """Flush and close: the segment appears under its name only now."""
        for packet in self.stream.encode(None):
            self.output.mux(packet)
        self.output.close()
        self._writer.__exit__(None, None, None)

    def abandon(self) -> None:
        """Drop the unfinished segment (cancel, error): its temporary file vanishes."""
        try:
            self.output.close()
        except Exception:  # noqa: BLE001, S110 (closing a half-written file may fail; it is deleted anyway)
            pass
        try:
            self._writer.__exit__(RuntimeError, RuntimeError("abandoned"), None)
        except RuntimeError:
            pass


def join(segments: list[Path], source: Path, output: Path, rotation: int, end_pts: int | None, note: str = "") -> list[str]:
    """One film from the video segments and the source's sound and subtitle streams, copied packet
    by packet (a sound no film file here can hold is converted to AAC: sound_out.py). Returns
    the notes on what was not kept as it was.

    ``end_pts`` (source time base) cuts the sound where the picture stopped (a damaged source);
    ``note`` goes in the file's comment ("Colours simulated by Colorizer, model …", as a photo's
    description says). Written atomically: ``output`` appears whole or not at all.
    """
    kind = "mkv" if output.suffix.lower() == ".mkv" else "mp4"
    inputs = [av.open(str(path)) for path in segments]
    source_container = open_for_sound(source)
    try:
        with atomic_writer(output) as stream_file:
            joined = av.open(stream_file, "w", format="matroska" if kind == "mkv" else "mp4")
            if note:
                joined.metadata["comment"] = note
            video = joined.add_stream_from_template(inputs[0].streams.video[0])
            if rotation:
                video.set_display_rotation(rotation)
            audio = usable_sounds(source_container)
            copied = [stream for stream in audio if not converted(codec_of(stream))] + kept_subtitles(source_container, kind)
            sounds = {kept.index: joined.add_stream_from_template(kept) for kept in copied}
            converters = {stream.index: SoundConverter(stream, joined) for stream in audio if stream.index not in sounds}
            picture = picture_stream(source_container)
            end_time = None if end_pts is None else float(end_pts * picture.time_base)
            _keep_labels(source_container, joined, video, picture, sounds, converters)
            for packet, target in _merged(inputs, video, source_container, sounds, converters, end_time):
                packet.stream = target
                joined.mux(packet)
            joined.close()
            return sound_notes(source_container, kind)
    finally:
        for container in inputs:
            container.close()
        source_container.close()


WRITTEN_AGAIN = {"duration", "encoder", "comment", "major_brand", "minor_version", "compatible_brands"}  # set by this write


def _keep_labels(source, joined, video, picture, sounds, converters) -> None:
    """The film's title and each track's language, title and default/forced flags, as they were:
    with several languages or a commentary track, which is which must survive."""
    joined.metadata.update({key: value for key, value in source.metadata.items() if key.lower() not in WRITTEN_AGAIN})
    pairs = [(picture, video), *((source.streams[index], out) for index, out in sounds.items())]
    pairs += [(source.streams[index], converter.stream) for index, converter in converters.items()]
    for original, written in pairs:
        labels = {key: value for key, value in original.metadata.items() if key.lower() not in WRITTEN_AGAIN}
        if "name" in labels and "title" not in labels:  # MP4 and MOV read a track's title back as "name"
            labels["title"] = labels["name"]
        written.metadata.update(labels)
        try:
            written.disposition = original.disposition
        except (AttributeError, TypeError, ValueError):  # an older PyAV: the flags are a nicety
            pass


def _merged(inputs, video, source_container, sounds, converters, end_time) -> Iterator[tuple[av.Packet, av.stream.Stream]]:
    """Video and sound packets in time order (so the file interleaves them as players expect)."""

    def video_packets():
        for container in inputs:
            for packet in container.demux(container.streams.video[0]):
                if packet.size:
                    yield packet, video

    def sound_packets():
        if not sounds and not converters:
            return
        streams = [source_container.streams[index] for index in [*sounds, *converters]]
        for packet in source_container.demux(streams):
            if not packet.size:
                continue
            time = _seconds(packet)
            if end_time is not None and time is not None and time > end_time:
                continue
            converter = converters.get(packet.stream.index)
            if converter is None:
                yield packet, sounds[packet.stream.index]
            else:
                yield from ((encoded, converter.stream) for encoded in converter.packets(packet))
        for converter in converters.values():
            yield from ((encoded, converter.stream) for encoded in converter.packets(None))

    keyed = (((_seconds(packet) or 0.0), order, packet, target) for order, (packet, target) in enumerate(video_packets()))
    sound_keyed = (((_seconds(packet) or 0.0), order, packet, target) for order, (packet, target) in enumerate(sound_packets()))
    for _, _, packet, target in heapq.merge(keyed, sound_keyed, key=lambda item: (item[0], item[1])):
        yield packet, target


def _seconds(packet: av.Packet) -> float | None:
    stamp = packet.dts if packet.dts is not None else packet.pts
    return None if stamp is None else float(stamp * packet.time_base)
