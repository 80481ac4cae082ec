"""The preview's size: a pixel budget, so a panorama stays tall enough to see (issue 27), while a
camera photo previews as before and a small photo is never enlarged."""

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("PySide6")

from colorizer_app.core.shrink import shrunk_size  # noqa: E402
from colorizer_app.ui.colorize.viewing import full_photo  # noqa: E402


def saved(tmp_path, width, height):
    path = tmp_path / f"photo-{width}x{height}.png"
    Image.fromarray(np.full((height, width, 3), 90, np.uint8)).save(path)
    return path


def test_a_panorama_keeps_its_height(tmp_path):
    pixels = full_photo.preview_pixels(saved(tmp_path, 8000, 800))
    height, width = pixels.shape[:2]
    assert height >= 250  # a long side of 1280 gave it 128
    assert width <= full_photo.PREVIEW_LONG_SIDE and width * height <= full_photo.PREVIEW_PIXELS * 1.01
    assert abs(width / height - 10) < 0.1  # its shape kept


def test_a_camera_photo_previews_at_1280_as_before(tmp_path):
    height, width = full_photo.preview_pixels(saved(tmp_path, 3000, 2000)).shape[:2]
    assert abs(width - 1280) <= 1 and abs(height - 853) <= 1


def test_a_small_photo_is_never_enlarged(tmp_path):
    assert full_photo.preview_pixels(saved(tmp_path, 300, 200)).shape[:2] == (200, 300)
    assert shrunk_size(300, 200, long_side=1280, max_pixels=10**6) == (300, 200)


def test_a_very_wide_strip_is_held_to_the_long_side():
    width, height = shrunk_size(100000, 500, long_side=4096, max_pixels=1280 * 854)
    assert width == 4096 and height == 20
