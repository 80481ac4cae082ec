"""A truncated JPEG's grey fill (and any flat band along an edge) stays grey: the network painted
a teal-blue gradient over the missing part of a cut-short file (core/flat_edges.py)."""

from __future__ import annotations

import io

import numpy as np
import torch
from conftest import natural_image
from PIL import Image

from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.flat_edges import flat_edges
from colorizer_app.core.images import read_photo


def chroma(rgb: np.ndarray) -> np.ndarray:
    lab = rgb_to_lab(torch.from_numpy(rgb).permute(2, 0, 1).float() / 255).numpy()
    return np.hypot(lab[1], lab[2])


def test_flat_bands_are_found_at_any_edge_and_lines_are_not():
    lightness = torch.from_numpy(np.random.default_rng(1).uniform(10, 90, (100, 80)).astype(np.float32))
    assert flat_edges(lightness) == (0, 0, 0, 0)
    lightness[70:] = 53.4  # a truncated file's fill from row 70
    lightness[:70, :3] = 100.0  # a white line of three columns: too thin to be a band
    lightness[:2] = 0.0
    assert flat_edges(lightness) == (0, 30, 0, 0)
    assert flat_edges(lightness.t()) == (0, 0, 0, 30)  # a phone photo turned upright: the band at the right
    assert flat_edges(torch.full((40, 60), 50.0)) == (0, 0, 0, 0)  # one grey throughout: the photo, not a band


def test_the_grey_fill_of_a_truncated_jpeg_keeps_no_colour(tmp_path, tiny_model):
    grey = Image.fromarray(natural_image(192, 256, seed=3)).convert("L")
    data = io.BytesIO()
    grey.save(data, format="JPEG", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data.getvalue()[: len(data.getvalue()) * 55 // 100])
    photo = read_photo(cut)
    assert any("truncated" in note for note in photo.warnings)
    missing = flat_edges(torch.from_numpy(photo.pixels[..., 0].astype(np.float32)))[1]
    assert 40 < missing < 120
    result = chroma(colorize_pixels(photo.pixels, tiny_model, ColorizeSettings(render_size=64)))
    height = photo.pixels.shape[0]
    assert result[height - missing + 16 :].max() < 1.5  # the missing part: grey, as a viewer shows it
    assert result[: height - missing - 16].mean() > 2 * result[height - missing + 16 :].mean() + 1  # the picture keeps its colour
