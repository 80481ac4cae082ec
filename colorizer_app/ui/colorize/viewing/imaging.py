"""Conversions between the engine's numpy pixels and Qt images, and preview-sized colorizing."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lightness

# Long side of the on-screen picture: sharp on a large screen at "Fit", and small enough that a
# hint change re-colours it within 300 ms on a 2-core CPU (benchmarks/bench_hints.py).
PREVIEW_LONG_SIDE = 1280


def to_qimage(pixels: np.ndarray) -> QImage:
    """(H, W, 3) uint8/uint16 RGB -> a QImage that owns its memory."""
    if pixels.dtype == np.uint16:
        pixels = (pixels / 257).round().astype(np.uint8)
    pixels = np.ascontiguousarray(pixels)
    height, width, _ = pixels.shape
    return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def preview_pixels(path, long_side: int = PREVIEW_LONG_SIDE) -> np.ndarray:
    """The photo, decoded as the engine sees it, shrunk for the screen (its real-size pixels are
    kept by full_photo for zooming in)."""
    from colorizer_app.ui.colorize.viewing.full_photo import full_pixels, shrink

    return shrink(full_pixels(path), long_side)


def greyscale(pixels: np.ndarray) -> np.ndarray:
    """What the model starts from: the photo's L with no colour."""
    import torch

    rgb = torch.from_numpy(pixels.astype(np.float32) / 255).permute(2, 0, 1)
    lightness = rgb_to_lightness(rgb)
    grey = lab_to_rgb_in_gamut(lightness, torch.zeros(2, *lightness.shape[1:]))
    return (grey.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
