"""Big photos (issue 13, item 8): memory in proportion to the photo, progress within a photo."""

import io
import tracemalloc

import numpy as np
import pytest
from conftest import natural_image
from PIL import Image

from colorizer_app import cli
from colorizer_app.core import images
from colorizer_app.core.batch import PHOTO_STAGES, photo_fraction, plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.images import read_photo

FAST = ColorizeSettings(render_size=64)


def test_reading_a_grey_photo_allocates_little_more_than_its_rgb_pixels(tmp_path):
    height, width = 1500, 2000
    grey = (np.add.outer(np.arange(height), np.arange(width)) % 251).astype(np.uint8)
    path = tmp_path / "scan.png"
    Image.fromarray(grey, "L").save(path, compress_level=1)
    tracemalloc.start()
    try:
        photo = read_photo(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rgb_bytes = height * width * 3
    # the result itself plus one band; a whole-image copy (bytes + array copy) would be 2-3x this
    assert peak < rgb_bytes * 1.5, f"peak {peak / 1e6:.1f} MB for a {rgb_bytes / 1e6:.1f} MB result"
    assert photo.pixels.shape == (height, width, 3) and photo.pixels.flags.writeable
    assert (photo.pixels == grey[:, :, None]).all()


def test_photos_are_copied_out_in_bands_without_seams(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "_BAND_PIXELS", 1000)  # 20 rows per band of a 50-wide photo
    colour = natural_image(97, 50)
    Image.fromarray(colour).save(tmp_path / "colour.png")
    sixteen = (np.arange(97 * 50, dtype=np.uint16).reshape(97, 50) * 13).astype(np.uint16)
    Image.fromarray(sixteen).save(tmp_path / "sixteen.png")
    assert (read_photo(tmp_path / "colour.png").pixels == colour).all()
    wide = read_photo(tmp_path / "sixteen.png").pixels
    assert wide.dtype == np.uint16 and (wide == sixteen[:, :, None]).all()


def test_colorizing_reports_progress_per_strip(tiny_model, monkeypatch):
    from colorizer_app.core import colorize

    monkeypatch.setattr(colorize, "_STRIP_PIXELS", 64 * 10)  # 10 rows per strip
    fractions = []
    colorize_pixels(natural_image(95, 64), tiny_model, FAST, on_progress=fractions.append)
    assert len(fractions) == 10
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_a_batch_reports_each_photos_stages_in_order(photo_folder, tmp_path, tiny_model):
    seen = []
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST, on_stage=lambda *event: seen.append(event))
    assert summary.count("done") == 3
    for index in range(3):
        stages = [stage for photo, stage, _ in seen if photo == index]
        assert stages[0] == "reading" and stages[-1] == "saving" and "colorizing" in stages
    overall = [index + photo_fraction(stage, fraction) for index, stage, fraction in seen]
    assert overall == sorted(overall)  # the bar never goes back


def test_photo_fraction_covers_the_whole_photo():
    assert photo_fraction("reading", 0) == 0.0 and photo_fraction("saving", 1) == 1.0
    assert photo_fraction("colorizing", 0.5) == pytest.approx(sum(PHOTO_STAGES["colorizing"]) / 2)
    assert photo_fraction("colorizing", 7) == PHOTO_STAGES["colorizing"][1]  # clamped


def test_the_terminal_line_shows_where_a_big_photo_is(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(cli.sys, "stderr", stream)
    printer = cli.ProgressPrinter(2, ["scan-1.tif", "scan-2.tif"])
    printer.interactive = True
    printer.stage(1, "colorizing", 0.4)
    assert "scan-2.tif: colorizing 40%" in stream.getvalue()
    assert "0/2" in stream.getvalue()


def test_the_result_can_replace_the_pixels_in_place(tiny_model, monkeypatch):
    from colorizer_app.core import colorize

    monkeypatch.setattr(colorize, "_STRIP_PIXELS", 64 * 10)
    pixels = natural_image(95, 64)
    expected = colorize_pixels(pixels.copy(), tiny_model, FAST)
    result = colorize_pixels(pixels, tiny_model, FAST, out=pixels)
    assert result is pixels and (result == expected).all()
    with pytest.raises(ValueError):
        colorize_pixels(pixels, tiny_model, FAST, out=np.empty((95, 64, 3), np.uint16))
