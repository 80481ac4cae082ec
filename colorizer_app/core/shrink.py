"""Pixels made smaller for the screen or a measurement, never larger (Lanczos, as the batch's
network input is made)."""

from __future__ import annotations

import math

import numpy as np


def shrunk_size(width: int, height: int, long_side: int | None = None, max_pixels: int | None = None) -> tuple[int, int]:
    """(width, height) within ``long_side`` and ``max_pixels`` (either may be None), the shape kept."""
    factor = 1.0
    if long_side:
        factor = min(factor, long_side / max(width, height))
    if max_pixels:
        factor = min(factor, math.sqrt(max_pixels / (width * height)))
    if factor >= 1.0:
        return width, height
    return max(1, round(width * factor)), max(1, round(height * factor))


def shrink(pixels: np.ndarray, long_side: int | None = None, max_pixels: int | None = None) -> np.ndarray:
    """``pixels`` (H, W, 3) uint8 within ``long_side`` and ``max_pixels``, else as they are.

    A pixel budget rather than a long side alone keeps a panorama tall enough to see: at a
    1280-pixel long side a 10:1 panorama was 128 pixels high."""
    from PIL import Image

    height, width = pixels.shape[:2]
    size = shrunk_size(width, height, long_side, max_pixels)
    if size == (width, height):
        return pixels
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.LANCZOS))
