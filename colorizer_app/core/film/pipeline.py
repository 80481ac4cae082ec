"""A whole film, start to finish: decode, steady colour, encode in segments, join with the sound.

Frames stream through one at a time (memory does not grow with the film's length). The
output is written in segments of about ``segment_seconds`` into a hidden parts folder; a
cancel or a kill loses at most the segment in progress, and the next run of the same job
carries on from the last finished one with the colour state it ended with. The destination
file appears only at the end, whole (joined by stream copy, the sound copied untouched).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import torch

from colorizer_app.core import fast_colour
from colorizer_app.core.colorize import Cancelled
from colorizer_app.core.colorize_settings import DEFAULT_RENDER_SIZE, ColorizeSettings
from colorizer_app.core.film.film_hints import FilmHints, track_pins
from colorizer_app.core.film.frame_colour import colour_frame
from colorizer_app.core.film.frames import shown
from colorizer_app.core.film.parts import PartsFolder
from colorizer_app.core.film.steady import SteadyColour, SteadySettings
from colorizer_app.core.film.video_in import FilmReader, FilmReadError
from colorizer_app.core.film.video_out import DEFAULT_CRF, SEGMENT_WRITER, SegmentEncoder, join
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.result_mark import mark_corner

# A kill loses at most this much work; each segment costs a file and a keyframe.
SEGMENT_SECONDS = 10.0
# (frames done, frames expected, seconds left or None): for a progress line
FilmProgress = Callable[[int, int, float | None], None]


@dataclass
class FilmJob:
    source: Path
    output: Path
    render_size: int = DEFAULT_RENDER_SIZE
    saturation: float = 1.0
    crf: int = DEFAULT_CRF
    steady: SteadySettings = field(default_factory=SteadySettings)
    hints: FilmHints | None = None
    max_frames: int | None = None  # only the first N frames (benchmarks, previews)
    mark: bool = False  # a "Colours simulated" mark in each frame's corner (as shown), as --mark puts on photos
    note: str = ""  # the output file's comment: how its colours were made
    segment_seconds: float | None = None  # SEGMENT_SECONDS unless given

    def validate(self) -> None:
        ColorizeSettings(self.render_size, self.saturation).validate()
        self.steady.validate()
        if not 0 <= self.crf <= 51:
            raise ValueError(f"video quality (CRF) must be between 0 (best) and 51, not {self.crf}")

    def fingerprint(self, source_stat, model: LoadedModel) -> dict:
        """What the finished segments depend on: a change to any starts the film afresh."""
        steady = self.steady
        return {
            "source": str(self.source.resolve()),
            "size": source_stat.st_size,
            "modified_ns": source_stat.st_mtime_ns,
            "model": model.card.name,
            "settings": [
                self.render_size,
                self.saturation,
                self.crf,
                steady.method,
                steady.keyframe_every,
                steady.max_count,
                steady.mirror,
                self.mark,
            ],
            "hints": self.hints.fingerprint() if self.hints else None,
            "max_frames": self.max_frames,
            "segment_seconds": self.segment_seconds or SEGMENT_SECONDS,
            "writer": SEGMENT_WRITER,
        }


@dataclass
class FilmResult:
    frames: int  # frames in the output
    reused: int = 0  # frames a previous, interrupted run had finished
    notes: list[str] = field(default_factory=list)
    shots: int = 0  # shot cuts seen in this run (plus the first shot)


def colorize_film(
    job: FilmJob,
    model: LoadedModel,
    should_stop: Callable[[], bool] | None = None,
    on_progress: FilmProgress | None = None,
) -> FilmResult:
    """Colorize ``job.source`` into ``job.output``; raises FilmReadError, Cancelled, OSError."""
    job.validate()
    with FilmReader(job.source) as reader:
        info = reader.info
        parts = PartsFolder(job.output, job.fingerprint(job.source.stat(), model))
        resume = parts.open()
        pins = track_pins(job.source, job.hints, job.render_size, should_stop) if job.hints else {}
        steady = SteadyColour(model, job.render_size, job.steady)
        steady.load_state(resume.steady_state)
        result = FilmResult(frames=resume.next_index, reused=resume.next_index)
        total = min(reader.frame_count(), job.max_frames or 1 << 62)
        segment_frames = max(1, round((job.segment_seconds or SEGMENT_SECONDS) * float(info.rate or 25)))
        segments = _Segments(parts, resume.segment, job, info, segment_frames)
        last_pts = last_duration = None
        started = time.monotonic()
        try:
            with _one_torch_thread():
                for frame in _frames(reader, resume.next_pts, resume.next_index):
                    if job.max_frames is not None and frame.index >= job.max_frames:
                        break
                    if should_stop and should_stop():
                        raise Cancelled
                    lightness = fast_colour.lightness(frame.rgb)
                    colour = steady.push(lightness, pins.get(frame.index))
                    result.shots += colour.cut
                    segments.add(lightness, colour, frame.pts, frame.duration)
                    last_pts, last_duration = frame.pts, frame.duration
                    result.frames = frame.index + 1
                    if segments.full():
                        segments.close(frame.index + 1, frame.pts + max(1, frame.duration), steady.state())
                    if on_progress:
                        done_here = result.frames - result.reused
                        rate = done_here / max(1e-6, time.monotonic() - started)
                        on_progress(result.frames, max(total, result.frames), (total - result.frames) / rate if rate else None)
            segments.close(result.frames, (last_pts or 0) + max(1, last_duration or 1), steady.state())
        finally:
            segments.abandon()
        if result.frames == 0:
            parts.remove()
            raise FilmReadError(
                f"{job.source}: no frame of the video could be decoded ({reader.stopped_early or 'the file may be damaged'})"
            )
        damaged = reader.stopped_early if job.max_frames is None or result.frames < job.max_frames else ""
        cut_at = (last_pts + last_duration) if (damaged or job.max_frames) and last_pts is not None else None
        rotation = info.rotation if result.frames > result.reused else resume.rotation
        sound_notes = join([parts.video_path(n) for n in parts.finished()], job.source, job.output, rotation, cut_at, job.note)
        parts.remove()
        result.notes = list(info.notes) + sound_notes
        if damaged:
            before = f"the {result.frames} frames before that were" if result.frames != 1 else "the frame before that was"
            result.notes.append(f"{damaged}; {before} coloured")
        if job.max_frames is None:  # a sample clip stops early on purpose
            result.notes += _pins_past_the_end(job.hints, result.frames)
    return result


def _pins_past_the_end(hints: FilmHints | None, frames: int) -> list[str]:
    """A note for pins on frames the film does not reach (a hints file from a longer cut, or a
    film that stops early): they were saved beside the result as given, and not used."""
    unused = sorted(index for index in (hints.frames if hints else {}) if index >= frames and hints.frames[index])
    if not unused:
        return []
    listed = ", ".join(str(index + 1) for index in unused[:5]) + (", ..." if len(unused) > 5 else "")
    return [f"the colour hints on frame{'s' * (len(unused) != 1)} {listed} were not used: the film has {frames} frame{'s' * (frames != 1)}"]


class _Segments:
    """The segment being written, on a thread of its own: one frame's colour and encoding
    overlap the network's work on the next (NumPy, OpenCV and FFmpeg let go of Python's
    lock while they work). At most one frame waits, so memory stays that of a few frames."""

    def __init__(self, parts: PartsFolder, number: int, job: FilmJob, info, segment_frames: int) -> None:
        self.parts, self.number, self.job, self.info, self.segment_frames = parts, number, job, info, segment_frames
        self.encoder: SegmentEncoder | None = None
        self.count = 0
        self.pending: Future | None = None
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="film-writer")

    def add(self, lightness, colour, pts: int, duration: int) -> None:
        if self.encoder is None:
            info = self.info
            path = self.parts.video_path(self.number)
            self.encoder = SegmentEncoder(path, info.width, info.height, info.time_base, info.rate, self.job.crf)
        self._wait()
        encoder, saturation, mark, rotation = self.encoder, self.job.saturation, self.job.mark, self.info.rotation

        def write() -> None:
            frame = colour_frame(lightness, colour, saturation)
            encoder.add(marked(frame, rotation) if mark else frame, pts, duration)

        self.pending = self.pool.submit(write)
        self.count += 1

    def full(self) -> bool:
        return self.count >= self.segment_frames

    def close(self, next_index: int, next_pts: int, state: dict) -> None:
        """Finish the segment (if it has frames) with the state to carry on from after it."""
        self._wait()
        if self.encoder is None:
            return
        self.parts.save_state(self.number, next_index, next_pts, self.info.rotation, state)
        self.encoder.finish()
        self.encoder, self.number, self.count = None, self.number + 1, 0

    def _wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def abandon(self) -> None:
        """After a cancel or an error: the unfinished segment's file vanishes."""
        try:
            self._wait()
        except Exception:  # noqa: BLE001, S110 (the error that brought us here is the one reported)
            pass
        if self.encoder is not None:
            self.encoder.abandon()
            self.encoder = None
        self.pool.shutdown(wait=True)


def marked(frame, rotation: int):
    """The mark in the corner a player shows bottom right: drawn on the frame turned upright, then
    turned back to how it is stored (the film keeps its rotation tag)."""
    upright = shown(frame, rotation)
    mark_corner(upright)
    return shown(upright, -rotation)


@contextmanager
def _one_torch_thread():
    """The network on one thread while films are coloured: the other core colours and encodes
    (the writer thread), and on a busy machine two torch threads wait on each other (measured
    on this project's 2-core machine under load: 1.3 fps with two, 7.8 with one; docs/FILM.md)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _frames(reader: FilmReader, start_pts: int | None, first_index: int):
    """The reader's frames, from ``start_pts`` on a resume (seeking, or decoding through if seeking fails)."""
    if start_pts is None:
        return reader.frames()
    return reader.frames_at(start_pts, first_index)  # a seek that lands late goes back further


def describe_seconds(seconds: float | None) -> str:
    """Time left, short enough for a progress line: '7 s', '3:07', '1:02:03'."""
    if seconds is None:
        return "…"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
