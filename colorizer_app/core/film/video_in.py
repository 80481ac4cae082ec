"""Reading a film: what it is (size, rate, rotation, sound) and its frames, one at a time.

Frames are decoded as 8-bit RGB and handed on one by one, so a two-hour film needs the
memory of a few frames. Interlaced films are deinterlaced (FFmpeg's bwdif, one frame out
per frame in, so the frame rate and timing stay); 10-bit films are read at 8 bits (the
output is 8-bit H.264). A damaged or cut-short file gives every frame that decodes and
a note saying where it stopped, never an exception halfway.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from colorizer_app.core.film.frame_times import frame_times, header_is_exact, header_says_rate_varies
from colorizer_app.core.images import ImageReadError

MOST_DAMAGED_IN_A_ROW = 250  # packets in a row that do not decode before the film is taken to stop there
MOST_FRAMES_A_SECOND = 240  # a higher rate in a header is a time base, not a film's rate
SEEK_BACK_SECONDS = (0, 2, 10, 60)  # how far before a frame a seek is tried, while it lands after it


class FilmReadError(ImageReadError):
    """A file that cannot be read as a film; the message is one line for the user."""


@dataclass
class VideoInfo:
    width: int  # as stored (before rotation)
    height: int
    time_base: Fraction
    rate: Fraction  # average frames per second
    frames: int  # expected count (from the header, or duration x rate); 0 when unknown
    duration: float  # seconds; 0 when unknown
    rotation: int  # degrees counter-clockwise the player turns the picture (phone videos)
    start_pts: int
    audio: list[str] = field(default_factory=list)  # codec names of the sound streams, copied as they are
    pixel_format: str = ""
    notes: list[str] = field(default_factory=list)
    rate_varies: bool = False  # the header says the frames are not evenly spaced (frame_times.py)
    exact_header: bool = False  # an MP4's or MOV's, which lists every frame
    stream_index: int = 0  # the picture's stream (picture_stream)


@dataclass
class Frame:
    index: int
    pts: int  # in VideoInfo.time_base
    duration: int  # in VideoInfo.time_base (0 when unknown)
    rgb: np.ndarray  # (H, W, 3) uint8


def open_container(path: str | Path) -> av.container.InputContainer:
    """Open ``path`` for reading; any failure becomes a one-line FilmReadError."""
    try:
        if Path(path).stat().st_size == 0:
            raise FilmReadError(f"{path}: the file is empty")
        return av.open(str(path), metadata_errors="replace")
    except FileNotFoundError as error:
        raise FilmReadError(f"{path}: no such file") from error
    except PermissionError as error:
        raise FilmReadError(f"{path}: cannot be read (permission denied)") from error
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as error:
        if _mp4_cut_before_index(path):
            raise FilmReadError(
                f"{path}: the file was cut short before its index (the part of an MP4 or MOV file that says where "
                "its frames are, written at its end): no frame can be found in it"
            ) from error
        raise FilmReadError(f"{path}: not a video this app can read, or the file is damaged or incomplete ({_reason(error)})") from error


def picture_stream(container: av.container.InputContainer) -> av.video.stream.VideoStream:
    """The film's picture: FFmpeg's choice among the video streams (a cover picture or a
    thumbnail track stored first is passed over; it was coloured as a one-frame film)."""
    return container.streams.best("video") or container.streams.video[0]


def _mp4_cut_before_index(path: str | Path) -> bool:
    """An MP4/MOV whose boxes run to the end without the index ("moov"): a recording or copy
    stopped before its end was written, the usual way such a file is lost."""
    seen, offset = set(), 0
    try:
        with open(path, "rb") as stream:
            size_on_disk = Path(path).stat().st_size
            while offset + 8 <= size_on_disk and len(seen) < 64:
                stream.seek(offset)
                header = stream.read(16)
                size, kind = int.from_bytes(header[:4], "big"), header[4:8]
                if size == 1 and len(header) == 16:
                    size = int.from_bytes(header[8:16], "big")
                if not kind.isascii() or size < 8 and size != 0:
                    return False
                seen.add(kind)
                if size == 0 or offset + size > size_on_disk:
                    break  # the last box runs to (or past) the end: cut there
                offset += size
    except OSError:
        return False
    return b"ftyp" in seen and b"mdat" in seen and b"moov" not in seen


def _reason(error: BaseException) -> str:
    text = str(getattr(error, "strerror", None) or error).strip()
    return text.split("\n")[0][:120] or type(error).__name__


def probe(container: av.container.InputContainer, path: str | Path) -> VideoInfo:
    """What the film is; FilmReadError when it has no picture to colour."""
    if not container.streams.video:
        kind = "only sound" if container.streams.audio else "no picture or sound"
        raise FilmReadError(f"{path}: has no video stream ({kind}); nothing to colorize")
    stream = picture_stream(container)
    context = stream.codec_context
    if not context.width or not context.height:
        raise FilmReadError(f"{path}: its video stream has no picture size (damaged or unsupported)")
    rate = _plausible_rate(stream)
    time_base = stream.time_base or Fraction(1, 90000)
    duration = float(stream.duration * time_base) if stream.duration else (container.duration or 0) / 1e6
    frames = stream.frames or (round(duration * float(rate)) if duration else 0)
    info = VideoInfo(
        width=context.width,
        height=context.height,
        time_base=Fraction(time_base),
        rate=Fraction(rate),
        frames=int(frames),
        duration=max(0.0, duration),
        rotation=0,
        start_pts=int(stream.start_time or 0),
        audio=[audio.codec_context.name for audio in container.streams.audio],
        pixel_format=context.pix_fmt or "",
        rate_varies=header_says_rate_varies(stream),
        exact_header=header_is_exact(container),
        stream_index=stream.index,
    )
    if _bits(info.pixel_format) > 8:
        info.notes.append(f"{_bits(info.pixel_format)}-bit video is written as 8-bit")
    return info


def _plausible_rate(stream: av.video.stream.VideoStream) -> Fraction:
    """The frames a second: the first of the average, guessed and base rates that a film can
    have (a DV file read at 1/60,000 says 60,000 a second: the list said so, and a segment of
    ten seconds was 600,000 frames, so a stopped run had nothing saved to carry on from)."""
    for rate in (stream.average_rate, stream.guessed_rate, stream.base_rate):
        if rate and 1 <= rate <= MOST_FRAMES_A_SECOND:
            return Fraction(rate)
    return Fraction(25)


def _bits(pixel_format: str) -> int:
    for bits in (16, 14, 12, 10, 9):
        if f"p{bits}" in pixel_format:
            return bits
    return 8


@dataclass
class _Walk:
    """Where ``FilmReader.frames`` is: the next frame's number and the last frame's time."""

    first_index: int
    index: int = field(init=False)
    last_pts: int | None = None
    timeless: bool = False  # a frame came without a timestamp (numbered on from the last)

    def __post_init__(self) -> None:
        self.index = self.first_index


class FilmReader:
    """Decode a film's frames in order; ``stopped_early`` says where a damaged file ended."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.container = open_container(path)
        try:
            self.info = probe(self.container, path)
        except Exception:
            self.container.close()
            raise
        self.stream = picture_stream(self.container)
        self.stream.thread_type = "AUTO"
        self.stopped_early = ""
        self.damaged_frames = 0  # packets passed over because they did not decode
        self._deinterlace: av.filter.Graph | None = None

    def __enter__(self) -> FilmReader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.container.close()

    def frames(self, start_pts: int | None = None, first_index: int = 0) -> Iterator[Frame]:
        """Frames from where the reader is (the start, or after ``seek``), skipping those before
        ``start_pts``; ``first_index`` is the number of the first frame given."""
        walk = _Walk(first_index)
        yield from self._shown(self._decoded(), start_pts, walk)
        if self._tail_lost_on_threads(walk, start_pts):
            yield from self._shown(self._tail_on_one_thread(walk.last_pts), start_pts, walk)
        self._note_damage(walk.index)
        self._check_length(walk.last_pts)

    def _shown(self, decoded: Iterator[av.VideoFrame | None], start_pts: int | None, walk: _Walk) -> Iterator[Frame]:
        """The frames a player shows, numbered on from ``walk``."""
        step = self._frame_step()
        for each in decoded:
            for frame in self._progressive(each):
                last_pts = walk.last_pts
                pts = frame.pts if frame.pts is not None else (last_pts + step if last_pts is not None else self.info.start_pts)
                walk.timeless = walk.timeless or frame.pts is None
                if last_pts is not None and pts <= last_pts:
                    continue  # a repeated or out-of-order timestamp: a player would not show it either
                if start_pts is not None and pts < start_pts:
                    continue
                if walk.index == walk.first_index:
                    self.info.rotation = int(round(frame.rotation or 0)) % 360
                walk.last_pts = pts
                duration = int(frame.duration or 0) or step
                yield Frame(walk.index, pts, duration, frame.to_ndarray(format="rgb24"))  # by the film's own matrix tag
                walk.index += 1

    def _tail_lost_on_threads(self, walk: _Walk, start_pts: int | None) -> bool:
        """Whether the frames just before a cut may have been dropped by a decoder on threads: the
        film ended early, or a short file from its start gave nothing. Not for frames without
        timestamps (numbered on from the last: decoding them again would repeat them), nor for a
        look past the end (``frames_at``: it would decode the whole film again)."""
        if self.stream.thread_type == "NONE" or self._deinterlace is not None or walk.timeless:
            return False
        if walk.last_pts is None:
            return start_pts is None
        return self._ends_early(walk.last_pts)

    def _tail_on_one_thread(self, last_pts: int | None) -> Iterator[av.VideoFrame]:
        """The frames after ``last_pts`` (None: all) of a film cut short, decoded again on one thread
        (the reader stays on one thread afterwards).

        Why: a decoder working on several threads drops the frames it worked ahead on when the
        file ends mid-picture (an MP4 cut at 60%: 44 frames on threads, 46 on one); decoding
        the last stretch again, from its keyframe, on one thread finds them."""
        try:
            self._reopen(thread_type="NONE")
            if last_pts is not None:
                self.seek(last_pts)
        except Exception:  # noqa: BLE001 (gone, or cannot seek: what was decoded is what there is)
            return
        stopped, damaged = self.stopped_early, self.damaged_frames
        yield from (frame for frame in self._decoded() if frame is not None)
        self.stopped_early, self.damaged_frames = stopped or self.stopped_early, damaged  # damage before it is counted

    def _note_damage(self, shown: int) -> None:
        """Say how many frames damage cost (the header's count less those shown, where it knows:
        a decoder also drops the frames that lean on a damaged one)."""
        if not self.damaged_frames:
            return
        missing = self.damaged_frames
        if self.stream.frames and not self.stopped_early:  # the header's own count (an MKV has none)
            missing = max(missing, self.stream.frames - shown)
        self.info.notes.append(
            f"the file is damaged in places: {missing} frame{'s' * (missing != 1)} could not be read "
            "(the frame before each stays on screen instead)"
        )

    def frames_from(self, index: int) -> Iterator[Frame]:
        """Frames from frame ``index`` on: a seek to the keyframe before it, then decoding (a file
        that cannot seek is decoded from its start). Numbers frames as the whole run does (``pts_of``)."""
        if index == 0:
            return self.frames()
        return self.frames_at(self.pts_of(index), index)

    def frames_at(self, start_pts: int, first_index: int) -> Iterator[Frame]:
        """Frames from the one at ``start_pts`` on, the first numbered ``first_index``: a seek to
        the keyframe before it, then decoding. In some files (MPEG transport and program streams:
        camcorder and DVD films) a seek lands after the time asked for, which showed a later
        frame under the number, or nothing at all (a seek past a film's only keyframe: a resumed
        run then ended there, its result cut short without a word); the seek then goes further
        back, and at last the film is decoded from its start. Past the header's end: nothing."""
        info = self.info
        if info.duration and start_pts > info.start_pts + (info.duration + 1) / info.time_base:
            return iter(())
        tolerance = self._frame_step() // 2
        for back in SEEK_BACK_SECONDS:
            try:
                self.seek(max(info.start_pts, start_pts - int(back / info.time_base)))
            except Exception:  # noqa: BLE001 (a file that cannot seek is decoded from its start)
                break
            frames = self.frames(start_pts, first_index)
            first = next(frames, None)
            if first is not None and first.pts <= start_pts + tolerance:
                return itertools.chain([first], frames)
        self._reopen()
        return self.frames(start_pts, first_index)

    def _reopen(self, thread_type: str = "AUTO") -> None:
        """The file opened afresh (a decoder's state left behind); the old one is kept if it cannot be."""
        container = open_container(self.path)
        self.container.close()
        self.container = container
        self.stream = picture_stream(self.container)
        self.stream.thread_type = thread_type
        self._deinterlace = None

    def pts_of(self, index: int) -> int:
        """Frame ``index``'s time, as ``frames()`` numbers frames: ``index`` frame times in for a
        constant rate; a film whose rate varies has its frames' times read from its packets (no
        decoding; once a file), else the scrubber's frame and the run's frame of one number
        would be different pictures. Past the last frame, frame times on from it."""
        times = self.frame_times()
        if len(times):
            return int(times[index]) if index < len(times) else int(times[-1]) + (index - len(times) + 1) * self._frame_step()
        step = 1 / (self.info.rate * self.info.time_base) if self.info.rate else 1
        return self.info.start_pts + int(round(index * step))

    def frame_times(self) -> np.ndarray:
        """Every frame's time in order for a film whose rate varies; empty for a constant rate."""
        info = self.info
        return frame_times(self.path, info.start_pts, info.rate_varies, info.exact_header, info.stream_index)

    def frame_count(self) -> int:
        """Frames to expect (at least 1): counted where the rate varies (an MKV's header has no
        count, and duration x average rate is off), else from the header."""
        return len(self.frame_times()) or frame_count_estimate(self.info)

    def seek(self, pts: int) -> None:
        """Jump to the keyframe at or before ``pts`` (a resume); frames() then skips up to it."""
        self.container.seek(pts, stream=self.stream, backward=True, any_frame=False)

    def _frame_step(self) -> int:
        return max(1, round(1 / (self.info.rate * self.info.time_base))) if self.info.rate else 1

    def _decoded(self) -> Iterator[av.VideoFrame | None]:
        """Decoded frames, then None (the deinterlacer's cue to give its last frame). A packet
        that does not decode is passed over, as a player does (the frame before stays on screen
        longer): damage in the middle of a file cost everything after it. Where the file itself
        cannot be read on, or nothing decodes for a long stretch, it stops there."""
        packets = self.container.demux(self.stream)
        failed_in_a_row = 0
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except (av.error.FFmpegError, OSError) as error:
                self.stopped_early = f"the file is damaged or cut short ({_reason(error)})"
                break
            try:
                frames = packet.decode()
            except (av.error.FFmpegError, OSError) as error:
                failed_in_a_row += 1
                self.damaged_frames += 1
                if failed_in_a_row > MOST_DAMAGED_IN_A_ROW:
                    self.stopped_early = f"the file is damaged or cut short ({_reason(error)})"
                    break
                continue
            failed_in_a_row = 0
            yield from frames
        yield None

    def _progressive(self, frame: av.VideoFrame | None) -> Iterator[av.VideoFrame]:
        """The frame itself, or deinterlaced once the film turns out to be interlaced
        (the filter counts time in half frames: its timestamps are put back in the stream's)."""
        if self._deinterlace is None:
            if frame is None or not frame.interlaced_frame:
                yield from () if frame is None else (frame,)
                return
            self._deinterlace = _deinterlacer(self.stream, frame)
            self.info.notes.append("interlaced video was deinterlaced")
        self._deinterlace.push(frame)
        while True:
            try:
                progressive = self._deinterlace.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            if progressive.time_base and progressive.time_base != self.info.time_base and progressive.pts is not None:
                scale = progressive.time_base / self.info.time_base
                progressive.pts = round(progressive.pts * scale)
                progressive.duration = round((progressive.duration or 0) * scale)
                progressive.time_base = self.info.time_base
            yield progressive

    def _ends_early(self, last_pts: int | None) -> bool:
        """The frames end well before the header's length (or the file could not be read on)."""
        return bool(self.stopped_early) or self._short_of_header(last_pts)

    def _short_of_header(self, last_pts: int | None) -> bool:
        """The last frame shown is well before the end the header gives."""
        if last_pts is None or not self.info.duration:
            return False
        shown = float((last_pts - self.info.start_pts) * self.info.time_base)
        return shown < self.info.duration - 2 / float(self.info.rate or 25) - 0.5

    def _check_length(self, last_pts: int | None) -> None:
        """Note a film that ends well before its header says it should."""
        if self.stopped_early:
            if last_pts is not None:
                self.stopped_early += f"; it stops at {self.describe_time(last_pts)}"
        elif self._short_of_header(last_pts):
            self.stopped_early = (
                f"the file is cut short or damaged: it stops at {self.describe_time(last_pts)} of {_clock(self.info.duration)}"
            )

    def describe_time(self, pts: int) -> str:
        return _clock(float((pts - self.info.start_pts) * self.info.time_base))


def _deinterlacer(stream: av.video.stream.VideoStream, frame: av.VideoFrame) -> av.filter.Graph:
    graph = av.filter.Graph()
    source = graph.add_buffer(
        width=frame.width, height=frame.height, format=frame.format.name, time_base=stream.time_base or Fraction(1, 90000)
    )
    bwdif = graph.add("bwdif", "mode=send_frame:parity=auto:deint=interlaced")
    sink = graph.add("buffersink")
    source.link_to(bwdif)
    bwdif.link_to(sink)
    graph.configure()
    return graph


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{rest:04.1f}" if hours else f"{minutes}:{rest:04.1f}"


def frame_count_estimate(info: VideoInfo) -> int:
    """Frames to expect, for progress (at least 1)."""
    return max(1, info.frames or math.ceil(info.duration * float(info.rate or 25)))
