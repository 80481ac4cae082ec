"""A film seen in the window: what it is (for the list), one chosen frame (for the scrubber),
and a few seconds coloured with steady colour (the short preview).

Why here and not in the window: these are decoding and colouring, with no widgets; the
window calls them on its worker threads. Frames come as a player shows them (a phone's
rotation applied), so pins placed on them are in the coordinates film hints use
(film_hints.py). A frame's number counts frames from the start as the whole-film run does;
it is found from its time (``index * frame time``; a film whose rate varies looks its frames'
times up: video_in.FilmReader.pts_of).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from colorizer_app.core import fast_colour
from colorizer_app.core.colorize import Cancelled
from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.film import PREVIEW_SECONDS, clock
from colorizer_app.core.film.film_hints import FilmHints, track_pins
from colorizer_app.core.film.frame_colour import colour_frame
from colorizer_app.core.film.frame_times import frames_on_disk
from colorizer_app.core.film.steady import SteadyColour
from colorizer_app.core.film.video_in import FilmReader, FilmReadError
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.region_colour import grey_window
from colorizer_app.core.shrink import shrink

PREVIEW_LONG_SIDE = 640  # its frames' long side (both grey and colour are kept in memory)


@dataclass
class FilmFacts:
    """What the list and the scrubber need to know about a film."""

    width: int  # as shown (after rotation)
    height: int
    frames: int  # expected count, at least 1
    rate: float  # frames a second
    duration: float  # seconds
    sound: bool
    notes: list[str]
    frame_seconds: np.ndarray = field(default_factory=lambda: np.zeros(0))  # each frame's time where the rate varies

    def words(self) -> str:
        """ "Film, 0:12, 1280×720, 24 frames a second, with sound" """
        sound = "with sound" if self.sound else "no sound"
        notes = "".join(f"; {note}" for note in self.notes)  # e.g. "10-bit video is written as 8-bit"
        return f"Film, {clock(self.duration)}, {self.width}×{self.height}, {self.rate:.3g} frames a second, {sound}{notes}"


def film_facts(path: str | Path) -> FilmFacts:
    """The film's size, length and sound; its first frame is decoded, so a film whose picture
    cannot be decoded at all is caught here (FilmReadError), as a photo's broken header is."""
    with FilmReader(path) as reader:
        info = reader.info
        if next(reader.frames(), None) is None:
            raise FilmReadError(f"{path}: no frame of the video could be decoded ({reader.stopped_early or 'the file may be damaged'})")
        turned = info.rotation in (90, 270)  # read from the first frame
        width, height = (info.height, info.width) if turned else (info.width, info.height)
        times = reader.frame_times()  # a varying rate's frames are counted, and their times known
        seconds = (times - info.start_pts) * float(info.time_base)
        frames, duration, notes = reader.frame_count(), info.duration, list(info.notes)
        cut = frames_on_disk(reader.path, reader.stream) if info.exact_header else None
        if cut is not None and cut[0] < frames:  # the scrubber stops where the film does
            frames, stops = max(1, cut[0]), float((cut[1] - info.start_pts) * info.time_base)
            notes.append(f"the file is cut short: it stops at {clock(stops)} of {clock(duration)}")
            duration = stops
        return FilmFacts(width, height, frames, float(info.rate or 25), duration, bool(info.audio), notes, seconds)


def shown(rgb: np.ndarray, rotation: int) -> np.ndarray:
    """A frame as stored -> as a player shows it (numpy's rot90 turns counter-clockwise)."""
    turns = (rotation // 90) % 4
    return np.ascontiguousarray(np.rot90(rgb, turns)) if turns else rgb


def read_frame(path: str | Path, index: int) -> np.ndarray:
    """Frame ``index`` (from 0) as shown, 8-bit RGB; the last frame that decodes when ``index``
    is past the end (a header's length is an estimate). FilmReadError when none decodes."""
    with FilmReader(path) as reader:
        return _shown_frame_at(reader, max(0, index))


def early_frame(path: str | Path, seconds: float) -> tuple[np.ndarray, float]:
    """A frame ``seconds`` in (or a tenth of a short film's length: the first is often black),
    as shown, and the film's length in seconds; the file opened once (a row's picture, drawn for
    every film in a folder). FilmReadError when no frame decodes."""
    with FilmReader(path) as reader:
        info = reader.info
        return _shown_frame_at(reader, int(min(seconds, info.duration / 10) * float(info.rate or 25))), info.duration


def _shown_frame_at(reader: FilmReader, index: int) -> np.ndarray:
    frame = _frame_at(reader, index)
    if frame is None:
        raise FilmReadError(f"{reader.path}: no frame of the video could be decoded ({reader.stopped_early or 'the file may be damaged'})")
    return shown(frame.rgb, reader.info.rotation)


def _frame_at(reader: FilmReader, index: int):
    """Seek to the keyframe before frame ``index`` and decode up to it; past the end (a header's
    length is an estimate), the last frame of the few seconds before, or of the whole film."""
    for frame in reader.frames_from(index):
        return frame
    for back in (max(0, index - int(5 * float(reader.info.rate or 25))), 0):
        with FilmReader(reader.path) as again:
            last = None
            for last in again.frames_from(back):  # noqa: B007 (the last one is wanted)
                pass
            if last is not None:
                return last
    return None


@dataclass
class PreviewClip:
    """A few seconds coloured: (grey, colour) pairs of RGB frames as shown, and their rate."""

    frames: list[tuple[np.ndarray, np.ndarray]]
    rate: float
    first_index: int


def colour_preview(
    source: Path,
    model: LoadedModel,
    settings: ColorizeSettings,
    first_index: int,
    hints: FilmHints | None = None,
    seconds: float = PREVIEW_SECONDS,
    long_side: int = PREVIEW_LONG_SIDE,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> PreviewClip:
    """``seconds`` of the film from ``first_index``, coloured as the whole film would be (steady
    colour along the motion, pins carried through their shot), at most ``long_side`` pixels long."""
    settings.validate()
    with FilmReader(source) as reader:
        rate = float(reader.info.rate or 25)
        wanted = max(1, int(round(seconds * rate)))
        pins = {}
        if hints and hints.frames:  # tracked with a reader of its own, only as far as these frames need
            pins = track_pins(
                source, hints, settings.render_size, should_stop, last_needed=first_index + wanted - 1, first_needed=first_index
            )
        steady = SteadyColour(model, settings.render_size)
        clip = PreviewClip([], rate, first_index)
        for frame in reader.frames_from(first_index):
            if should_stop and should_stop():
                raise Cancelled
            small = shrink(frame.rgb, long_side)
            lightness = fast_colour.lightness(small)
            colour = colour_frame(lightness, steady.push(lightness, pins.get(frame.index)), settings.saturation)
            grey = _grey(lightness)
            rotation = reader.info.rotation
            clip.frames.append((shown(grey, rotation), shown(colour, rotation)))
            if on_progress:
                on_progress(len(clip.frames), wanted)
            if len(clip.frames) >= wanted:
                break
        if not clip.frames:
            raise FilmReadError(f"{source}: no frame could be decoded from {clock(first_index / rate)} on")
    return clip


def _grey(lightness: np.ndarray) -> np.ndarray:
    """L with no colour as 8-bit sRGB (the "before" side, as the photo preview draws it)."""
    values = grey_window(lightness)
    picture = np.empty(values.shape, np.uint8)
    fast_colour.to_8_bit(values, picture)
    return picture
