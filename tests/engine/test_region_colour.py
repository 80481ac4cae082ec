"""A window of a photo in colour from the whole photo's network ab: exactly the saved file's
colours there (colour_rows), and a shrunk window takes ab at each block's centre."""

import numpy as np
from conftest import natural_image

from colorizer_app.core import fast_colour
from colorizer_app.core.colorize import ColorizeSettings, colour_rows
from colorizer_app.core.interactive import InteractiveColorizer
from colorizer_app.core.region_colour import colour_window, grey_window, network_ab


def test_a_full_resolution_window_is_the_colour_path_cut_to_it(tiny_model):
    photo = natural_image(300, 450, seed=3)
    editor = InteractiveColorizer(photo[::3, ::3].copy(), tiny_model, ColorizeSettings(64, 1.3))  # the preview
    editor.render()
    ab, valid = network_ab(editor)
    lightness = fast_colour.lightness(photo)
    whole_rows = colour_rows(lightness[40:90], ab, valid, (300, 450), 40, 1.3)
    window = colour_window(lightness[40:90, 100:220], ab, valid, (300, 450), (40, 90), (100, 220), 1.3)
    np.testing.assert_array_equal(window, whole_rows[:, 100:220])


def test_a_shrunk_window_samples_colour_at_block_centres(tiny_model):
    photo = natural_image(200, 200, seed=4)
    editor = InteractiveColorizer(photo, tiny_model, ColorizeSettings(64, 1.0))
    editor.render()
    ab, valid = network_ab(editor)
    lightness = fast_colour.lightness(photo)
    full = colour_window(lightness, ab, valid, (200, 200), (0, 200), (0, 200), 1.0)
    flat = np.full((100, 100), 60.0, np.float32)  # a uniform L: only the colour differs
    half = colour_window(flat, ab, valid, (200, 200), (0, 200), (0, 200), 1.0)
    same_l = colour_window(np.full((200, 200), 60.0, np.float32), ab, valid, (200, 200), (0, 200), (0, 200), 1.0)
    block_mean = same_l.reshape(100, 2, 100, 2, 3).mean(axis=(1, 3))
    assert np.abs(half - block_mean).max() < 0.02 and full.shape == (200, 200, 3)
    grey = grey_window(flat)
    assert np.ptp(grey) < 1e-3  # no colour at all


def test_the_zoomed_window_uses_the_colours_the_preview_drew(tiny_model):
    """The preview draws the mean of the photo's and its mirror image's passes; a window
    rendered sharp must use that mean too, or zooming in would change the colours."""
    photo = natural_image(120, 160, seed=5)
    editor = InteractiveColorizer(photo, tiny_model, ColorizeSettings(64, 1.0))
    preview = editor.render()
    ab, valid = network_ab(editor)
    window = colour_window(fast_colour.lightness(photo), ab, valid, (120, 160), (0, 120), (0, 160), 1.0)
    eight_bit = np.empty(window.shape, np.uint8)
    fast_colour.to_8_bit(window, eight_bit)
    np.testing.assert_array_equal(eight_bit, preview)
