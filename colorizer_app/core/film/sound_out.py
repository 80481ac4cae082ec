"""A film's sound and subtitles in the result: copied packet for packet where the result's
container can hold their codec, else the sound converted to AAC and the subtitles left out.

Why: a DVD's or Blu-ray's LPCM, Windows Media sound and an old phone's AMR go into neither MP4
nor Matroska as they are, and the join failed after the whole film had been coloured. Copying
stays the rule (the sound bit-identical); a conversion is said in the film's notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av

# Sound codecs an MP4 file can hold; anything else (PCM, Vorbis, ...) makes the output MKV.
MP4_AUDIO = frozenset({"aac", "mp3", "ac3", "eac3", "alac", "opus", "flac", "mp2"})
MKV_AUDIO = MP4_AUDIO | frozenset(
    {"vorbis", "dts", "truehd", "mlp", "wavpack", "tta", "mp1", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be"}
    | {"pcm_s32le", "pcm_s32be", "pcm_f32le", "pcm_f64le", "pcm_u8"}
)
MP4_SUBTITLES = frozenset({"mov_text"})  # MP4's own
# How far FFmpeg reads for a sound it has not yet heard (its own first look: 5 s, 5 MB); what it
# reads is held in memory meanwhile, so not the whole film (a muxer puts sound within ~10 s)
DEEP_LOOK = {"analyzeduration": str(60 * 1_000_000), "probesize": str(100 * 1024 * 1024)}
MKV_SUBTITLES = frozenset({"subrip", "ass", "ssa", "webvtt", "dvd_subtitle", "hdmv_pgs_subtitle", "dvb_subtitle"})


def codec_of(stream: av.stream.Stream) -> str:
    """The stream's codec by its format name ("subrip", "mp3"), not its decoder's ("srt", "mp3float")."""
    codec = stream.codec_context.codec
    return (codec.canonical_name if codec is not None else "") or stream.codec_context.name or "unknown"


def converted(codec: str) -> bool:
    """A sound neither container takes as it is: it becomes AAC."""
    return codec not in MKV_AUDIO


def container_for(audio_codecs: list[str], subtitle_codecs: list[str] = ()) -> str:
    """'mp4' unless a sound or subtitle stream needs Matroska to be copied untouched (a sound
    converted to AAC fits MP4)."""
    sound_fits = all(codec in MP4_AUDIO or converted(codec) for codec in audio_codecs)
    subtitles_fit = all(codec in MP4_SUBTITLES or codec not in MKV_SUBTITLES for codec in subtitle_codecs)
    return "mp4" if sound_fits and subtitles_fit else "mkv"


def kept_subtitles(container: av.container.InputContainer, container_format: str) -> list[av.stream.Stream]:
    allowed = MP4_SUBTITLES if container_format == "mp4" else MKV_SUBTITLES
    return [stream for stream in container.streams.subtitles if codec_of(stream) in allowed]


def described(stream: av.stream.Stream) -> bool:
    """Whether FFmpeg knows the sound's rate and channels (a film file cannot be written without them)."""
    context = stream.codec_context
    return bool(context.sample_rate and context.channels)


def open_for_sound(path: Path) -> av.container.InputContainer:
    """The source, opened to copy its sound. A sound that starts after more picture than FFmpeg's
    first look reads (a badly interleaved camcorder or broadcast TS: the sound after seconds of
    picture) is read further into the file to learn its rate and channels; without them the
    join failed after the whole film was coloured."""
    container = av.open(str(path), metadata_errors="replace")
    if all(described(stream) for stream in container.streams.audio):
        return container
    container.close()
    return av.open(str(path), metadata_errors="replace", options=DEEP_LOOK)


def usable_sounds(container: av.container.InputContainer) -> list[av.stream.Stream]:
    """Sounds the result can carry: a copied one needs its rate and channels known; one converted
    to AAC learns them as it is decoded."""
    return [stream for stream in container.streams.audio if described(stream) or converted(codec_of(stream))]


def sound_notes(container: av.container.InputContainer, container_format: str) -> list[str]:
    """What the result does not keep as it was, in words for the film's notes."""
    notes = [
        f"its sound ({codec_of(stream)}) was converted to AAC: no film file this app writes can hold it as it is"
        for stream in usable_sounds(container)
        if converted(codec_of(stream))
    ]
    unheard = len(container.streams.audio) - len(usable_sounds(container))
    if unheard:
        tracks = "a sound track" if unheard == 1 else f"{unheard} sound tracks"
        notes.append(
            f"{tracks} of it {'was' if unheard == 1 else 'were'} left out: the file announces it, but no sound for it was found near its start"
        )
    kept = kept_subtitles(container, container_format)
    dropped = [codec_of(stream) for stream in container.streams.subtitles if stream not in kept]
    if dropped:
        notes.append(f"its subtitles ({', '.join(dropped)}) were left out: the result's file type cannot hold them")
    return notes


class SoundConverter:
    """One sound stream decoded and encoded again as AAC, at its own rate and channels."""

    def __init__(self, source: av.audio.stream.AudioStream, output: av.container.OutputContainer) -> None:
        context = source.codec_context
        channels = context.channels or 2
        layout = {1: "mono", 2: "stereo", 6: "5.1"}.get(channels, "stereo")
        self.rate = context.sample_rate or 48000
        self.stream = output.add_stream("aac", rate=self.rate)
        self.stream.layout = layout
        self.resampler = av.AudioResampler(format="fltp", layout=layout, rate=self.rate)
        self.source = source
        self.samples: int | None = None  # the next frame's time, in samples

    def packets(self, packet: av.Packet | None) -> Iterator[av.Packet]:
        """The AAC packets for one source packet (None: the end, the encoder's last ones)."""
        if packet is None:
            yield from self._encoded(None)
            return
        if self.samples is None and packet.pts is not None:
            self.samples = int(packet.pts * packet.time_base * self.rate)
        try:
            frames = packet.decode()
        except (av.error.FFmpegError, OSError):
            return  # a damaged packet of sound: a moment of silence, as a player gives
        for frame in frames:
            for resampled in self.resampler.resample(frame):
                yield from self._encoded(resampled)

    def _encoded(self, frame: av.AudioFrame | None) -> Iterator[av.Packet]:
        if frame is not None:  # timed in samples (a WMA frame kept its demuxer's 1/1000: the sound ran 84 s for 2)
            frame.pts = self.samples or 0
            frame.time_base = Fraction(1, self.rate)
            self.samples = (self.samples or 0) + frame.samples
        yield from self.stream.encode(frame)
