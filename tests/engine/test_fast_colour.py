"""The fast colour stage agrees with the exact torch path it replaces (within 1 level)."""

import cv2
import numpy as np
import pytest
import torch
from conftest import natural_image

from colorizer_app.core import fast_colour
from colorizer_app.core.color import lab_to_linear_rgb, lab_to_rgb_in_gamut, rgb_to_lightness


def exact_lightness(pixels):
    scale = 65535.0 if pixels.dtype == np.uint16 else 255.0
    return rgb_to_lightness(torch.from_numpy(pixels.astype(np.float32) / scale).permute(2, 0, 1))[0].numpy()


@pytest.mark.parametrize("grey", [True, False])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_lightness_from_tables_equals_the_formula(grey, dtype):
    pixels = natural_image(61, 83, seed=5).astype(dtype)
    if dtype == np.uint16:
        pixels = pixels * 257 + np.random.default_rng(0).integers(0, 257, pixels.shape).astype(np.uint16)
    if grey:
        pixels = np.repeat(pixels[:, :, :1], 3, axis=2)
    assert np.abs(fast_colour.lightness(pixels) - exact_lightness(pixels)).max() < 2e-3


def test_every_8_bit_grey_level_has_the_exact_lightness():
    levels = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
    assert np.abs(fast_colour.lightness(levels) - exact_lightness(levels)).max() < 1e-3


def test_the_join_agrees_with_the_exact_path_in_and_out_of_gamut():
    """Random L and strong chroma: a good share of the colours lie outside sRGB and must
    lose chroma at constant L and hue, not be clipped. The reference is the exact path's
    bisection; the table it replaces gets nearly every pixel within one 8-bit level (the
    few beyond lie on the gamut's corners, where a channel meets 0 and sRGB is steepest)."""
    rng = np.random.default_rng(1)
    lightness = rng.uniform(0, 100, (200, 200)).astype(np.float32)
    lightness[:5] = 0.0  # pure black and white rows
    lightness[5:10] = 100.0
    a, b = (rng.normal(0, 40, (200, 200)).astype(np.float32) for _ in range(2))
    lab = torch.from_numpy(np.stack((lightness, a, b)))
    linear = lab_to_linear_rgb(lab)
    outside = ((linear < 0) | (linear > 1)).any(dim=0).numpy()
    assert outside.mean() > 0.2  # the gamut path is exercised
    exact = lab_to_rgb_in_gamut(lab[:1], lab[1:], steps=24).permute(1, 2, 0).numpy()
    fast = fast_colour.lab_to_srgb(lightness, a, b)
    levels_off = np.abs(fast - exact).max(axis=2) * 255
    assert levels_off[~outside].max() <= 1.0  # in gamut: OpenCV's conversion alone
    assert (levels_off <= 1.0).mean() > 0.999
    assert np.percentile(levels_off, 99.9) < 0.5
    kept = rgb_to_lightness(torch.from_numpy(fast).permute(2, 0, 1))[0].numpy()
    assert np.abs(kept - lightness).max() < 0.15  # L kept: clipping would move it by several units
    eight_bit = np.empty(fast.shape, np.uint8)
    fast_colour.to_8_bit(fast, eight_bit)
    assert np.array_equal(eight_bit, np.rint(fast * 255).astype(np.uint8))


def test_the_join_keeps_lightness_where_clipping_would_not():
    lightness = np.full((1, 1), 30.0, np.float32)
    a, b = np.full((1, 1), 90.0, np.float32), np.full((1, 1), -100.0, np.float32)  # far outside sRGB
    rgb = fast_colour.lab_to_srgb(lightness, a, b)
    kept = rgb_to_lightness(torch.from_numpy(rgb).permute(2, 0, 1)).item()
    assert abs(kept - 30.0) < 0.1


def lab_rows(seed, shape=(120, 170)):
    """L from black to white (with pure black and white rows) and strong chroma: many colours
    outside sRGB, many channels at 0 or 255 that are not clipped (dark and light ones)."""
    rng = np.random.default_rng(seed)
    lightness = rng.uniform(0, 100, shape).astype(np.float32)
    lightness[:4], lightness[4:8], lightness[8:12] = 0.0, 100.0, rng.uniform(0, 2, (4, shape[1]))
    a, b = (rng.normal(0, 40, shape).astype(np.float32) for _ in range(2))
    a[12:16] = b[12:16] = 0.0  # greys, black to white: in gamut, yet some channels read 0 or 255
    return lightness, a, b


@pytest.mark.parametrize("seed", [2, 3])
def test_the_8_bit_join_writes_what_the_float_join_rounds_to(seed):
    """The saved photo's join (straight into 8 bits, clipped colours found in the 8-bit result)
    gives exactly the float join's pixels, rounded: the same colours cut, no others."""
    lightness, a, b = lab_rows(seed)
    expected = np.empty((*lightness.shape, 3), np.uint8)
    fast_colour.to_8_bit(fast_colour.lab_to_srgb(lightness, a, b), expected)
    assert ((expected == 0) | (expected == 255)).any(axis=2).mean() > 0.3  # the search is exercised
    out = np.full_like(expected, 7)
    fast_colour.lab_to_8_bit(lightness, a, b, out)
    assert np.array_equal(out, expected)
    photo = np.full((lightness.shape[0], 2 * lightness.shape[1], 3), 7, np.uint8)
    fast_colour.lab_to_8_bit(lightness, a, b, photo[:, ::2])  # a view that is not contiguous
    assert np.array_equal(photo[:, ::2], expected) and (photo[:, 1::2] == 7).all()


def test_whole_pixels_are_moved_only_in_contiguous_arrays():
    rgb = np.zeros((4, 6, 3), np.float32)
    np.put(fast_colour._pixels(rgb), [1, 5], fast_colour._pixels(np.array([[0.25, 0.5, 0.75], [1, 0, 1]], np.float32)))
    assert rgb[0, 1].tolist() == [0.25, 0.5, 0.75] and rgb[0, 5].tolist() == [1, 0, 1] and rgb.sum() == 3.5
    with pytest.raises(ValueError, match="contiguous"):
        fast_colour._pixels(rgb[:, ::2])


def test_a_white_colour_of_any_chroma_is_cut_to_white():
    """The 8-bit join writes L 100 colours outside sRGB as white without the cut: the cut gives the same."""
    rng = np.random.default_rng(4)
    lab = np.stack([np.full(20000, 100.0), *rng.uniform(-110, 110, (2, 20000))], axis=1).astype(np.float32)
    lab[:50, 1:] *= 1e-3  # nearly grey too
    assert (np.rint(fast_colour._in_gamut(lab) * 255) == 255).all()
    assert (fast_colour._in_gamut_8_bit(lab) == 255).all()
    mixed = lab.copy()
    mixed[::2, 0] = 60.0  # the others still go through the cut
    cut = cv2.convertScaleAbs(fast_colour._in_gamut(mixed), alpha=255.0)
    assert np.array_equal(fast_colour._in_gamut_8_bit(mixed), cut)
