import numpy as np
import pytest
import torch
from skimage import color as skcolor

from colorizer_app.core.color import lab_to_rgb, lab_to_rgb_in_gamut, rgb_to_lab, rgb_to_lightness


def to_channels_first(array):
    return torch.from_numpy(array).float().permute(2, 0, 1)


def test_rgb_to_lab_matches_skimage_on_random_colours():
    rgb = np.random.default_rng(0).random((50, 60, 3))
    ours = rgb_to_lab(to_channels_first(rgb)).permute(1, 2, 0).numpy()
    assert np.abs(ours - skcolor.rgb2lab(rgb)).max() < 1e-3


def test_lab_to_rgb_matches_skimage_on_random_lab():
    lab = np.random.default_rng(1).uniform([0, -100, -100], [100, 100, 100], (50, 60, 3))
    with pytest.warns(UserWarning):  # skimage warns about clipped negative Z
        expected = skcolor.lab2rgb(lab)
    ours = lab_to_rgb(to_channels_first(lab)).permute(1, 2, 0).numpy()
    assert np.abs(ours - expected).max() < 1e-3


def test_conversions_are_batched():
    rgb = torch.rand(4, 3, 8, 9)
    lab = rgb_to_lab(rgb)
    assert lab.shape == (4, 3, 8, 9)
    assert torch.allclose(lab[2], rgb_to_lab(rgb[2]), atol=1e-5)
    assert torch.allclose(lab_to_rgb(lab), rgb, atol=1e-4)


def test_lightness_only_equals_lab_l():
    rgb = torch.rand(2, 3, 16, 16)
    assert torch.allclose(rgb_to_lightness(rgb), rgb_to_lab(rgb)[:, :1], atol=1e-4)


def test_in_gamut_conversion_keeps_lightness_where_clipping_would_not():
    lab = to_channels_first(np.random.default_rng(2).uniform([5, -110, -110], [95, 110, 110], (40, 40, 3)))
    lightness, ab = lab[:1], lab[1:]
    kept = rgb_to_lightness(lab_to_rgb_in_gamut(lightness, ab))
    clipped = rgb_to_lightness(lab_to_rgb(lab))
    assert (kept - lightness).abs().max() < 0.5
    assert (clipped - lightness).abs().max() > 5  # what plain clipping would have done


def test_in_gamut_conversion_leaves_in_gamut_colours_alone():
    rgb = torch.rand(3, 20, 20) * 0.8 + 0.1
    lab = rgb_to_lab(rgb)
    assert torch.allclose(lab_to_rgb_in_gamut(lab[:1], lab[1:]), rgb, atol=1e-4)
