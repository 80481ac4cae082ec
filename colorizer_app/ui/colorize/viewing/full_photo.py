"""The photo on screen at its real size, decoded once for the preview and for zooming in.

Why: the preview is a shrunk copy (``preview_pixels``), but zooming past it must show
the photo's real pixels. Decoding a 24 MP scan takes a while, so the last photo's pixels are
kept (one photo only: a 190 MP scan is 570 MB) and both the preview render and the zoom
renders take them from here. A film's frame (core/film FilmFrame) is a picture like a photo:
decoded once, kept while it is on screen. Called from worker threads only.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from colorizer_app.core.film import FilmFrame
from colorizer_app.core.images import as_8_bit, read_photo
from colorizer_app.core.shrink import shrink

PREVIEW_PIXELS = (
    1280 * 854
)  # the preview's pixel budget (a 3:2 photo 1280 long, as before): a hint change re-colours it within 300 ms on 2 cores (benchmarks/bench_hints.py)
PREVIEW_LONG_SIDE = 4096  # and its longest side, however wide a panorama

_lock = threading.Lock()
_last: dict[tuple, np.ndarray] = {}
_shrunk: dict[tuple, np.ndarray] = {}  # the last photo's shrunk copy, by (photo key, long side)


def _key(path) -> tuple:
    if isinstance(path, FilmFrame):
        return (*_key(path.source), path.index)
    status = os.stat(path)
    return (str(path), status.st_mtime_ns, status.st_size)


def _picture(path):
    return path if isinstance(path, FilmFrame) else Path(path)


def full_pixels(path) -> np.ndarray:
    """The photo as the engine sees it (EXIF-rotated sRGB), 8-bit, at its real size; for a
    FilmFrame, that frame as a player shows it."""
    path = _picture(path)
    key = _key(path)
    with _lock:
        if key in _last:
            return _last[key]
    if isinstance(path, FilmFrame):
        from colorizer_app.core.film.frames import read_frame

        pixels = read_frame(path.source, path.index)
    else:
        pixels = as_8_bit(read_photo(path).pixels)
    with _lock:
        _last.clear()
        _shrunk.clear()
        _last[key] = pixels
    return pixels


def shrunk_pixels(path: str | os.PathLike, long_side: int | None = None, max_pixels: int | None = None, full=None) -> np.ndarray:
    """``full_pixels`` shrunk (core/shrink.py), made once per photo: the preview and each pane of
    Compare models show the same copy, and shrinking a 24 MP scan takes a good part of a second.
    ``full``: the photo's full pixels when the caller has them already."""
    path = _picture(path)
    pixels = full if full is not None else full_pixels(path)
    key = (*_key(path), long_side, max_pixels)
    with _lock:
        if key in _shrunk:
            return _shrunk[key]
    small = shrink(pixels, long_side, max_pixels)
    with _lock:
        _shrunk[key] = small
    return small


def preview_pixels(path: str | os.PathLike, full=None) -> np.ndarray:
    """The photo at the preview's size: a 3:2 photo 1280 pixels long, a panorama as many pixels but taller."""
    return shrunk_pixels(path, PREVIEW_LONG_SIDE, PREVIEW_PIXELS, full)


def forget() -> None:
    """Let the memory go (no photo on screen)."""
    with _lock:
        _last.clear()
        _shrunk.clear()
