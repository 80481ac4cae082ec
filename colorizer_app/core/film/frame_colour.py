"""One frame's full-size colour: its own L joined with the steady a/b, upsampled.

The same colour stage as a photo's (colorize.colour_rows_8_bit: bilinear a/b, in-gamut Lab to
8-bit sRGB), in strips of rows so a 4K frame needs no more than a strip's worth of floats.
"""

from __future__ import annotations

import numpy as np

from colorizer_app.core.colorize import colour_rows_8_bit
from colorizer_app.core.film.steady import FrameColour

_STRIP_PIXELS = 1 << 20


def colour_frame(lightness: np.ndarray, colour: FrameColour, saturation: float = 1.0, out: np.ndarray | None = None) -> np.ndarray:
    """(H, W, 3) uint8 sRGB from ``lightness`` (H, W) float32 and the frame's a/b cells."""
    height, width = lightness.shape
    output = np.empty((height, width, 3), np.uint8) if out is None else out
    strip_rows = max(1, _STRIP_PIXELS // width)
    for top in range(0, height, strip_rows):
        bottom = min(height, top + strip_rows)
        colour_rows_8_bit(lightness[top:bottom], colour.ab, colour.valid, (height, width), top, saturation, output[top:bottom])
    return output
