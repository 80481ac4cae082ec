"""The fast paths of issue 27 give what the plain ones gave: grey L by lookup, separable
upsampling, the network run ahead on the batch's reader thread, and the thread counts put back."""

import threading

import cv2
import numpy as np
import pytest
import torch
from conftest import natural_image
from PIL import Image

from colorizer_app.core import batch_io, colorize, fast_colour
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.images import read_photo

FAST = ColorizeSettings(render_size=64)


def full_conversion_l(pixels):
    scale = 65535.0 if pixels.dtype == np.uint16 else 255.0
    return rgb_to_lab(torch.from_numpy(pixels.astype(np.float64) / scale).permute(2, 0, 1))[0].numpy()


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_a_grey_photos_l_by_lookup_equals_the_full_lab_conversion(dtype, monkeypatch):
    """Grey strips take the lookup, colour strips the conversion: a photo with both, in strips."""
    monkeypatch.setattr(fast_colour, "_STRIP_PIXELS", 50 * 10)
    grey = np.repeat(natural_image(60, 50, seed=9)[:, :, :1], 3, axis=2).astype(dtype)
    if dtype == np.uint16:
        grey = grey * 257 + 77
    pixels = grey.copy()
    pixels[35:, :, 0] = pixels[35:, :, 0] // 2  # the bottom strips are in colour
    difference = np.abs(fast_colour.lightness(pixels) - full_conversion_l(pixels))
    assert difference.max() < 0.5  # the tolerance; in fact float rounding only
    assert difference.max() < 2e-3


def test_every_8_bit_grey_value_has_its_l_within_half_a_unit():
    levels = np.repeat(np.arange(256, dtype=np.uint8).reshape(16, 16, 1), 3, axis=2)
    assert np.abs(fast_colour.lightness(levels) - full_conversion_l(levels)).max() < 0.5


@pytest.mark.parametrize(("full", "valid", "cells"), [((2829, 4243), (42.75, 64.0), (43, 64)), ((97, 131), (24.25, 32.75), (25, 33))])
def test_separable_upsampling_equals_the_sampling_grid(full, valid, cells):
    ab = torch.randn(1, 2, *cells, generator=torch.Generator().manual_seed(3)) * 40
    height, width = full
    for top, bottom in ((0, height), (0, 7), (height // 3, height // 3 + 61), (height - 5, height)):
        separable = colorize._upsample_rows(ab, valid, full, top, bottom)
        grid = colorize._sampled(ab, valid, full, (top, bottom), (0, width), (bottom - top, width))
        assert separable.shape == grid.shape == (2, bottom - top, width)
        assert torch.allclose(separable, grid, atol=2e-3)  # float rounding only, in ab units of up to 110
        window = colorize.upsample_window(ab, valid, full, (top, bottom), (3, width // 2), (bottom - top, width // 2 - 3))
        assert torch.equal(window, separable[:, :, 3 : width // 2])  # a window is the rows' own colours, cut


def test_reading_a_grey_photo_fills_three_equal_channels(tmp_path):
    grey = natural_image(37, 53, seed=10)[:, :, 0]
    Image.fromarray(grey, "L").save(tmp_path / "grey.png")
    Image.fromarray(grey.astype(np.uint16) * 257).save(tmp_path / "deep.png")
    assert np.array_equal(read_photo(tmp_path / "grey.png").pixels, np.repeat(grey[:, :, None], 3, axis=2))
    deep = read_photo(tmp_path / "deep.png").pixels
    assert deep.dtype == np.uint16 and np.array_equal(deep, np.repeat(grey[:, :, None].astype(np.uint16) * 257, 3, axis=2))


def test_a_batch_runs_the_next_photos_network_on_its_reader_and_writes_what_one_photo_alone_gives(tmp_path, tiny_model, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    photos = [np.repeat(natural_image(48, 64, seed=seed)[:, :, :1], 3, axis=2) for seed in range(4)]
    for index, pixels in enumerate(photos):
        Image.fromarray(pixels).save(folder / f"p{index}.png")
    threads = []
    prepare = colorize.prepare_colours

    def counted(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return prepare(*args, **kwargs)

    monkeypatch.setattr("colorizer_app.core.batch.prepare_colours", counted)
    before = torch.get_num_threads(), cv2.getNumThreads()
    summary = run_batch(plan_batch([folder], tmp_path / "out"), tiny_model, FAST)
    assert summary.ok and summary.count("done") == 4
    assert len(threads) == 3 and all(name.startswith("photo-reader") for name in threads)  # photos 2-4, ahead
    assert (torch.get_num_threads(), cv2.getNumThreads()) == before  # put back after the batch
    for index, pixels in enumerate(photos):
        alone = colorize_pixels(pixels, tiny_model, FAST)
        written = np.asarray(Image.open(tmp_path / "out" / "in" / f"p{index}.png").convert("RGB"))
        assert np.abs(written.astype(int) - alone.astype(int)).max() <= 1  # one thread or two: float rounding


def test_the_colour_join_leaves_one_core_to_the_reader_and_writer(monkeypatch):
    monkeypatch.setattr(batch_io.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert batch_io.colour_threads() == 1
    monkeypatch.setattr(batch_io.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert batch_io.colour_threads() == 7


def test_the_join_into_a_reused_buffer_gives_what_a_fresh_one_does():
    rng = np.random.default_rng(11)
    strips = [
        (rng.uniform(0, 100, shape).astype(np.float32), *(rng.normal(0, 45, shape).astype(np.float32) for _ in range(2)))
        for shape in ((40, 50), (40, 50), (13, 50), (40, 7))
    ]
    fresh = [fast_colour.lab_to_srgb(*strip).copy() for strip in strips]
    buffer = np.empty((40, 50, 3), np.float32)
    for strip, expected in zip(strips, fresh, strict=True):
        rows, width = strip[0].shape
        if width == 50:
            result = fast_colour.lab_to_srgb(*strip, out=buffer[:rows])
            assert np.shares_memory(result, buffer)
        else:
            result = fast_colour.lab_to_srgb(*strip)
        assert np.array_equal(result, expected)  # the thread's scratch arrays never leak between strips
