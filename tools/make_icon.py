"""Draws the app icon: a disc whose left half is grey and right half a hue wheel (before | after).

.venv/bin/python tools/make_icon.py   # writes resources/icon.png and resources/icon.ico
"""

from pathlib import Path

import numpy as np
from PIL import Image

SIZE = 256
RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def draw(size: int = SIZE) -> Image.Image:
    y, x = (np.mgrid[0:size, 0:size] + 0.5) / size * 2 - 1
    radius = np.hypot(x, y)
    hue = (np.arctan2(y, x) / (2 * np.pi)) % 1.0
    saturation = np.clip(radius * 1.2, 0, 1)
    value = np.full_like(radius, 0.95)
    hsv = np.stack([hue, saturation, value], axis=2)
    colour = np.asarray(Image.fromarray((hsv * 255).astype(np.uint8), "HSV").convert("RGB")).astype(np.float64)
    grey = np.repeat((0.25 + 0.7 * (1 - radius))[:, :, None] * 255, 3, axis=2)
    pixels = np.where((x < 0)[:, :, None], grey, colour)
    pixels[np.abs(x) < 0.025] = 255  # the divider
    alpha = np.clip((0.96 - radius) * size / 2, 0, 1) * 255  # anti-aliased disc edge
    return Image.fromarray(np.dstack([pixels, alpha]).clip(0, 255).astype(np.uint8), "RGBA")


if __name__ == "__main__":
    icon = draw()
    icon.save(RESOURCES / "icon.png", optimize=True)
    icon.save(RESOURCES / "icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print("wrote", RESOURCES / "icon.png")
