"""Pins on a film: placed on one frame, they hold for that frame's whole shot and follow the motion.

File format (``--hints FILM.hints.json``)::

    {"format": "colorizer-film-hints", "version": 1,
     "frames": [{"frame": 120, "hints": [{"x": 0.42, "y": 0.31, "color": "#c83232"}]}]}

``frame`` counts from 0; ``x``, ``y``, ``color`` and ``size`` are as in a photo's hints file
(core/hints.py), relative to the frame as a player shows it (after a phone's rotation). A
photo hints file works too: its pins are placed on frame 0.

Before the film is coloured, the shots holding pinned frames are read once more at the
network's small size: each pin is carried forward and backward from its frame along the
optical flow until the shot ends, it leaves the picture, or it is hidden (the flow there
fails its forward-backward check). The network then gets the pin where the thing is.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from colorizer_app.core import fast_colour
from colorizer_app.core.colorize import Cancelled
from colorizer_app.core.film.flow import CONSISTENT_PIXELS, CONSISTENT_SHARE, MotionEstimator
from colorizer_app.core.film.steady import grey_of, shrink
from colorizer_app.core.film.video_in import FilmReader
from colorizer_app.core.hints import FORMAT_NAME as PHOTO_FORMAT
from colorizer_app.core.hints import MAX_HINTS, ColorHint, HintsFileError, checked_entries, load_hints, read_hints_json

FORMAT_NAME = "colorizer-film-hints"
FORMAT_VERSION = 1
MAX_BACKWARD = 1500  # frames a pin is carried back towards its shot's start (the grey frames are kept)
MAX_FORWARD = 100_000  # frames a pin is carried forward


@dataclass
class FilmHints:
    frames: dict[int, list[ColorHint]]  # pins by the frame they were placed on (display coordinates)

    def fingerprint(self) -> str:
        text = json.dumps({str(index): [asdict(hint) for hint in hints] for index, hints in sorted(self.frames.items())})
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_film_hints(path: str | os.PathLike) -> FilmHints:
    """A film hints file, or a photo hints file (pins on frame 0); HintsFileError when unusable."""
    path = Path(path)
    data = read_hints_json(path)
    if isinstance(data, dict) and data.get("format") == PHOTO_FORMAT:
        return FilmHints({0: load_hints(path)})
    expected = f'"{FORMAT_NAME}" or "{PHOTO_FORMAT}"'
    entries = checked_entries(path, data, FORMAT_NAME, FORMAT_VERSION, "frames", "film hints", expected)
    frames: dict[int, list[ColorHint]] = {}
    for number, entry in enumerate(entries, start=1):
        try:
            if not isinstance(entry, dict) or set(entry) != {"frame", "hints"} or not isinstance(entry["hints"], list):
                raise ValueError('each entry is an object with "frame" and "hints"')
            index = entry["frame"]
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                raise ValueError(f"frame must be a whole number from 0, not {index!r}")
            for hint in entry["hints"]:
                frames.setdefault(index, []).append(ColorHint.from_json(hint))  # checked as in a hints file (core/hints.py)
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise HintsFileError(f"{path}: entry {number}: {error}") from error
    if sum(len(hints) for hints in frames.values()) > MAX_HINTS:
        raise HintsFileError(f"{path}: more than the {MAX_HINTS} pins a file may hold")
    return FilmHints(frames)


def load_any_hints(path: str | os.PathLike) -> list[ColorHint] | FilmHints:
    """A photo hints file (its pins, for photos and frame 0 of films) or a film hints file."""
    data = read_hints_json(Path(path))
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        return load_film_hints(path)
    return load_hints(path)


def hints_for_file(hints: list[ColorHint] | FilmHints, source: Path) -> list[ColorHint] | FilmHints | None:
    """What a batch item gets: films take either kind; photos only a photo hints file."""
    from colorizer_app.core.film import is_video_name

    return hints if is_video_name(source) or not isinstance(hints, FilmHints) else None


def to_stored(hint: ColorHint, rotation: int) -> ColorHint:
    """A pin placed on the frame as shown -> the same spot on the frame as stored.

    Shown = stored turned ``rotation`` degrees counter-clockwise (numpy's rot90).
    """
    x, y = hint.x, hint.y
    turns = (rotation // 90) % 4
    if turns == 1:
        x, y = 1 - y, x
    elif turns == 2:
        x, y = 1 - x, 1 - y
    elif turns == 3:
        x, y = y, 1 - x
    return replace(hint, x=x, y=y)


@dataclass
class _Pin:
    hint: ColorHint  # stored orientation
    x: float  # pixels on the small grey frame
    y: float


def track_pins(
    source: Path,
    hints: FilmHints,
    render_size: int,
    should_stop: Callable[[], bool] | None = None,
    last_needed: int | None = None,
    first_needed: int = 0,
) -> dict[int, list[ColorHint]]:
    """Every frame's pins (stored orientation), carried through the shots holding pinned frames.

    A preview needs only its own frames' pins, ``first_needed`` to ``last_needed``. Decoding then
    starts at ``first_needed`` (a seek), or at the first pin if that is earlier (it may be carried
    forward into them): a pin is carried back frame by frame, so its place on a frame depends only
    on the frames from there to the pin. It stops once no later pin can reach back to
    ``last_needed``: at the first cut after it, or ``MAX_BACKWARD`` frames on. The pins of the
    needed frames are the same as the whole film's."""
    tracked: dict[int, list[ColorHint]] = {}
    last_pinned = max(hints.frames, default=-1)
    first_decoded = min(first_needed, min(hints.frames, default=0)) if last_needed is not None else 0
    estimator = MotionEstimator()
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_FAST)
    shot: deque[np.ndarray] = deque(maxlen=MAX_BACKWARD)
    following: list[_Pin] = []
    with FilmReader(source) as reader:
        for frame in reader.frames_from(first_decoded):
            if should_stop and should_stop():
                raise Cancelled
            grey = grey_of(shrink(fast_colour.lightness(frame.rgb), render_size))
            cut = bool(shot) and estimator.between(shot[-1], grey).cut
            if cut:
                shot.clear()
                following = []
            elif shot and following:
                following = _moved(following, shot[-1], grey, dis)
            if last_needed is not None and frame.index > last_needed and (cut or frame.index > last_needed + MAX_BACKWARD):
                break  # a pin from here on is carried back no further than this frame
            if frame.index > last_pinned and not following:
                break
            shot.append(grey)
            for hint in hints.frames.get(frame.index, []):
                stored = to_stored(hint, reader.info.rotation)
                pin = _Pin(stored, stored.x * (grey.shape[1] - 1), stored.y * (grey.shape[0] - 1))
                _carry_back(pin, list(shot), frame.index, tracked, dis)
                following.append(pin)
            for pin in following:
                tracked.setdefault(frame.index, []).append(_placed(pin, grey.shape))
            if frame.index > last_pinned + MAX_FORWARD:
                break
    return tracked


def _placed(pin: _Pin, shape: tuple[int, int]) -> ColorHint:
    height, width = shape
    return replace(pin.hint, x=min(1.0, max(0.0, pin.x / max(1, width - 1))), y=min(1.0, max(0.0, pin.y / max(1, height - 1))))


def _moved(pins: list[_Pin], old: np.ndarray, new: np.ndarray, dis) -> list[_Pin]:
    """The pins on ``new``, following the flow from ``old``; lost ones dropped."""
    forward = dis.calc(old, new, None)
    back = dis.calc(new, old, None)
    return [moved for pin in pins if (moved := _step(pin, forward, back)) is not None]


def _step(pin: _Pin, there: np.ndarray, back_again: np.ndarray) -> _Pin | None:
    """Move a pin along ``there``; None when it leaves the picture or the way back disagrees."""
    height, width = there.shape[:2]
    dx, dy = _sample(there, pin.x, pin.y)
    x, y = pin.x + dx, pin.y + dy
    if not (0 <= x <= width - 1 and 0 <= y <= height - 1):
        return None
    rx, ry = _sample(back_again, x, y)
    if np.hypot(dx + rx, dy + ry) > CONSISTENT_PIXELS + CONSISTENT_SHARE * np.hypot(dx, dy) + 0.5:
        return None
    return _Pin(pin.hint, x, y)


def _sample(flow: np.ndarray, x: float, y: float) -> tuple[float, float]:
    """The flow at (x, y), bilinearly between its four pixels."""
    point = np.array([[[x, y]]], np.float32)
    value = cv2.remap(flow, point[..., 0], point[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return float(value[0, 0, 0]), float(value[0, 0, 1])


def _carry_back(pin: _Pin, shot: list[np.ndarray], index: int, tracked: dict[int, list[ColorHint]], dis) -> None:
    """Place ``pin`` on the shot's earlier frames (kept in ``shot``, the last being its own)."""
    current = pin
    for offset in range(len(shot) - 1, 0, -1):
        current = _step(current, dis.calc(shot[offset], shot[offset - 1], None), dis.calc(shot[offset - 1], shot[offset], None))
        if current is None:
            return
        tracked.setdefault(index - (len(shot) - offset), []).append(_placed(current, shot[0].shape))
