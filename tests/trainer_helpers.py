"""Generated training photos whose colour is learnable from their light: fast, real training."""

from __future__ import annotations

import numpy as np
from PIL import Image


def make_colour_folder(folder, count=40, size=64, seed=0):
    """Photos of bright-orange and dark-blue regions (colour follows lightness)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for index in range(count):
        y, x = np.mgrid[0:size, 0:size] / size
        bright = (np.sin(x * rng.uniform(2, 8) + rng.uniform(0, 6)) + np.cos(y * rng.uniform(2, 8))) > 0
        pixels = np.where(bright[:, :, None], [235, 150, 40], [30, 50, 140]).astype(np.float64)
        pixels += rng.normal(0, 6, pixels.shape)
        Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(folder / f"photo-{index:03d}.png")
    return folder
