"""Conversions between the engine's numpy pixels and Qt images, and preview-sized colorizing."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from colorizer_app.core import fast_colour
from colorizer_app.core.images import as_8_bit
from colorizer_app.core.region_colour import grey_window


def to_qimage(pixels: np.ndarray) -> QImage:
    """(H, W, 3) uint8/uint16 RGB -> a QImage that owns its memory."""
    pixels = np.ascontiguousarray(as_8_bit(pixels))
    height, width, _ = pixels.shape
    return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def greyscale(pixels: np.ndarray) -> np.ndarray:
    """What the model starts from: the photo's L with no colour, as 8-bit sRGB."""
    return grey_picture(fast_colour.lightness(np.ascontiguousarray(pixels)))


def grey_picture(lightness: np.ndarray) -> np.ndarray:
    """L with no colour as 8-bit sRGB: the "before" side of the preview and of the sharp zoom window alike."""
    return eight_bit_picture(grey_window(lightness))


def eight_bit_picture(values: np.ndarray) -> np.ndarray:
    """Float sRGB in 0..1 from the colour stage -> 8-bit pixels for the screen."""
    picture = np.empty(values.shape, np.uint8)
    fast_colour.to_8_bit(values, picture)
    return picture
