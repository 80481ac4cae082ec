"""An optional small "Colours simulated" mark in a result's bottom-right corner (off by default).

Why: metadata is lost when a photo is printed, screenshotted or posted; a visible mark is
not. Only the corner is touched (a 190 MP scan is never copied), at a size that follows the
photo's short side so it reads the same on a thumbnail and a print.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

MARK_TEXT = "Colours simulated"
MIN_FONT_PX = 9


def mark_corner(pixels: np.ndarray, text: str = MARK_TEXT) -> np.ndarray:
    """Draw ``text`` on a dark band in the bottom-right corner of (H, W, 3) uint8/uint16 ``pixels``, in place."""
    height, width = pixels.shape[:2]
    size = max(MIN_FONT_PX, round(min(height, width) * 0.022))
    font = ImageFont.load_default(size=size)
    left, top, right, bottom = font.getbbox(text)
    pad = max(2, size // 3)
    box_w, box_h = right - left + 2 * pad, bottom - top + 2 * pad
    if box_w > width or box_h > height:
        return pixels  # too small a photo for a readable mark
    x0, y0 = width - box_w - pad, height - box_h - pad
    x0, y0 = max(0, x0), max(0, y0)
    corner = pixels[y0 : y0 + box_h, x0 : x0 + box_w]
    scale = 257 if pixels.dtype == np.uint16 else 1
    patch = Image.fromarray((corner // scale).astype(np.uint8), "RGB")
    shade = Image.new("RGB", patch.size, (0, 0, 0))
    patch = Image.blend(patch, shade, 0.55)
    ImageDraw.Draw(patch).text((pad - left, pad - top), text, font=font, fill=(255, 255, 255))
    corner[...] = np.asarray(patch).astype(pixels.dtype) * scale
    return pixels
