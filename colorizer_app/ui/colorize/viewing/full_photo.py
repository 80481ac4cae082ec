"""The photo on screen at its real size, decoded once for the preview and for zooming in.

Why: the preview is a shrunk copy (imaging.PREVIEW_LONG_SIDE), but zooming past it must show
the photo's real pixels. Decoding a 24 MP scan takes a while, so the last photo's pixels are
kept (one photo only: a 190 MP scan is 570 MB) and both the preview render and the zoom
renders take them from here. Called from worker threads only.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from colorizer_app.core.images import as_8_bit, read_photo

_lock = threading.Lock()
_last: dict[tuple, np.ndarray] = {}
_shrunk: dict[tuple, np.ndarray] = {}  # the last photo's shrunk copy, by (photo key, long side)


def _key(path: Path) -> tuple:
    status = os.stat(path)
    return (str(path), status.st_mtime_ns, status.st_size)


def full_pixels(path: str | os.PathLike) -> np.ndarray:
    """The photo as the engine sees it (EXIF-rotated sRGB), 8-bit, at its real size."""
    path = Path(path)
    key = _key(path)
    with _lock:
        if key in _last:
            return _last[key]
    photo = read_photo(path)
    pixels = as_8_bit(photo.pixels)
    with _lock:
        _last.clear()
        _shrunk.clear()
        _last[key] = pixels
    return pixels


def shrunk_pixels(path: str | os.PathLike, long_side: int) -> np.ndarray:
    """``full_pixels`` shrunk to ``long_side``, made once per photo (each pane of Compare models
    shows the same preview; shrinking a 24 MP scan takes a good part of a second)."""
    path = Path(path)
    pixels = full_pixels(path)
    key = (*_key(path), long_side)
    with _lock:
        if key in _shrunk:
            return _shrunk[key]
    small = shrink(pixels, long_side)
    with _lock:
        _shrunk[key] = small
    return small


def forget() -> None:
    """Let the memory go (no photo on screen)."""
    with _lock:
        _last.clear()
        _shrunk.clear()


def shrink(pixels: np.ndarray, long_side: int) -> np.ndarray:
    """``pixels`` with the long side at most ``long_side`` (Lanczos), else as they are."""
    from PIL import Image

    height, width = pixels.shape[:2]
    if max(height, width) <= long_side:
        return pixels
    factor = long_side / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.LANCZOS))
