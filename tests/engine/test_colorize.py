import numpy as np
import pytest
import torch
from conftest import natural_image
from torch.nn import functional

from colorizer_app.core import colorize as colorize_module
from colorizer_app.core import fast_colour
from colorizer_app.core.color import rgb_to_lab, rgb_to_lightness
from colorizer_app.core.colorize import ColorizeSettings, StageTimer, colorize_pixels, predict_ab, render_shape

FAST = ColorizeSettings(render_size=96)


def lightness_of(pixels):
    scale = 65535.0 if pixels.dtype == np.uint16 else 255.0
    return rgb_to_lightness(torch.from_numpy(pixels.astype(np.float32) / scale).permute(2, 0, 1))[0]


def chroma_of(pixels):
    lab = rgb_to_lab(torch.from_numpy(pixels.astype(np.float32) / 255).permute(2, 0, 1))
    return lab[1:].norm(dim=0)


@pytest.mark.parametrize("height, width", [(96, 128), (37, 211), (300, 17), (1, 1), (5, 400)])
def test_output_keeps_size_dtype_and_luminance(tiny_model, height, width):
    grey = np.repeat(natural_image(height, width)[:, :, :1], 3, axis=2)
    result = colorize_pixels(grey, tiny_model, FAST)
    assert result.shape == grey.shape and result.dtype == np.uint8
    assert (lightness_of(result) - lightness_of(grey)).abs().max() <= 0.5


def test_16_bit_input_gives_16_bit_output_with_the_same_luminance(tiny_model):
    grey = (np.linspace(0, 65535, 64 * 80).reshape(64, 80)).astype(np.uint16)
    pixels = np.repeat(grey[:, :, None], 3, axis=2)
    result = colorize_pixels(pixels, tiny_model, FAST)
    assert result.dtype == np.uint16
    assert (lightness_of(result) - lightness_of(pixels)).abs().max() <= 0.05


def test_the_output_actually_has_colour(tiny_model):
    grey = np.repeat(natural_image()[:, :, :1], 3, axis=2)
    assert chroma_of(colorize_pixels(grey, tiny_model, FAST)).mean() > 1.0


def test_saturation_scales_the_colour(tiny_model):
    grey = np.repeat(natural_image()[:, :, :1], 3, axis=2)
    none, half, normal, double = (
        chroma_of(colorize_pixels(grey, tiny_model, ColorizeSettings(96, saturation=saturation))).mean()
        for saturation in (0.0, 0.5, 1.0, 2.0)
    )
    assert none < 0.5
    assert 0.4 * normal < half < 0.7 * normal  # near half (gamut limits trim the strongest colours)
    assert double > 1.2 * normal


def test_a_colour_photo_is_reduced_to_its_luminance_first(tiny_model):
    colour = natural_image(64, 64).astype(np.uint16) * 257
    lab = rgb_to_lab(torch.from_numpy(colour.astype(np.float32) / 65535).permute(2, 0, 1))
    from colorizer_app.core.color import lab_to_rgb

    grey_float = lab_to_rgb(torch.cat((lab[:1], torch.zeros_like(lab[1:]))))
    grey = (grey_float.permute(1, 2, 0).numpy() * 65535).round().astype(np.uint16)
    from_colour = colorize_pixels(colour, tiny_model, FAST).astype(np.int64)
    from_grey = colorize_pixels(grey, tiny_model, FAST).astype(np.int64)
    assert np.abs(from_colour - from_grey).max() < 65535 * 0.01


def test_upsampling_in_strips_equals_one_bilinear_resize(tiny_model, monkeypatch):
    lightness = torch.rand(1, 1, 123, 77) * 100
    ab, valid = predict_ab(lightness, tiny_model, 96)
    assert render_shape(123, 77, 96) == (96, 60) and valid == (24, 15)  # whole ab cells: exact comparison
    expected = functional.interpolate(ab, size=(123, 77), mode="bilinear", align_corners=False)[0]
    strips = torch.cat([colorize_module._upsample_rows(ab, valid, (123, 77), top, min(123, top + 10)) for top in range(0, 123, 10)], dim=1)
    assert torch.allclose(strips, expected, atol=1e-4)
    monkeypatch.setattr(colorize_module, "_STRIP_PIXELS", 200)  # many strips
    grey = np.repeat(natural_image(123, 77)[:, :, :1], 3, axis=2)
    monkeypatch.undo()
    one_strip = colorize_pixels(grey, tiny_model, FAST)
    monkeypatch.setattr(colorize_module, "_STRIP_PIXELS", 200)
    many_strips = colorize_pixels(grey, tiny_model, FAST)
    assert np.abs(one_strip.astype(int) - many_strips.astype(int)).max() <= 1  # float rounding only


def test_render_size_sets_what_the_network_sees(tiny_model):
    assert render_shape(3000, 4000, 512) == (384, 512)
    assert render_shape(100, 50, 512) == (100, 50)  # never upscaled: small photos render at their own size
    assert render_shape(1000, 500, 256) == (256, 128)
    with pytest.raises(ValueError, match="render size"):
        colorize_pixels(natural_image(), tiny_model, ColorizeSettings(render_size=10))
    with pytest.raises(ValueError, match="saturation"):
        colorize_pixels(natural_image(), tiny_model, ColorizeSettings(saturation=-1))


@pytest.mark.parametrize("height, width", [(200, 300), (97, 131)])
def test_a_model_with_a_view_scale_sees_the_photo_that_much_larger(tiny_model, height, width, monkeypatch):
    """The default's card says 1.25: a photo under the render size is enlarged for the network,
    a larger one shrunk to 1.25 x the render size; the result keeps the photo's size, and the
    preview still equals the saved file."""
    from colorizer_app.core.interactive import InteractiveColorizer

    assert render_shape(3000, 4000, 256, 1.25) == (240, 320)
    assert render_shape(100, 50, 256, 1.25) == (125, 62)  # a small photo enlarged
    pixels = natural_image(height, width, seed=5)
    lightness = lightness_of(pixels)[None, None]
    settings = ColorizeSettings(render_size=96)
    plain = colorize_pixels(pixels, tiny_model, settings)
    monkeypatch.setattr(tiny_model.net, "view_scale", 1.25)
    network_input = colorize_module.NetworkInput(lightness, tiny_model, 96)
    assert network_input.shape == render_shape(height, width, 96, 1.25) and max(network_input.shape) == 120
    seen_larger = colorize_pixels(pixels, tiny_model, settings)
    assert seen_larger.shape == pixels.shape
    assert np.abs(seen_larger.astype(int) - plain.astype(int)).max() > 0  # the network saw another picture
    preview = InteractiveColorizer(pixels, tiny_model, settings).render()
    assert np.abs(seen_larger.astype(int) - preview.astype(int)).max() <= 1


def test_stage_timer_records_each_stage(tiny_model):
    timer = StageTimer()
    colorize_pixels(natural_image(), tiny_model, FAST, timer)
    assert set(timer.seconds) == {"lab", "network", "upsample"}
    assert all(seconds > 0 for seconds in timer.seconds.values())


@pytest.mark.parametrize("height, width", [(200, 300), (97, 131)])
def test_the_live_preview_equals_the_saved_file(tiny_model, height, width, monkeypatch):
    """One colour path: at render 256 a 300x200 photo covers 42.75 output cells, a fraction
    that the preview used to stretch over 43 cells while the file used 42.75."""
    from colorizer_app.core.interactive import InteractiveColorizer

    monkeypatch.setattr(colorize_module, "_STRIP_PIXELS", width * 16)  # the file in several strips
    pixels = natural_image(height, width, seed=3)
    settings = ColorizeSettings(render_size=256, saturation=1.5)
    network_input = colorize_module.NetworkInput(torch.zeros(1, 1, height, width), tiny_model, 256)
    assert network_input.valid[0] % 1 or network_input.valid[1] % 1  # fractional cells
    saved = colorize_pixels(pixels, tiny_model, settings)
    preview = InteractiveColorizer(pixels, tiny_model, settings).render()
    assert np.abs(saved.astype(int) - preview.astype(int)).max() <= 1
    assert (saved == preview).mean() > 0.99


def test_the_network_runs_on_the_photo_and_its_mirror_image(tiny_model):
    """ab is the mean of the photo's pass and its mirror image's pass (mirrored back): a
    mirror-symmetric photo then gets mirror-symmetric colours, which one pass never gives."""
    half = natural_image(64, 32, seed=4)[:, :, :1]
    symmetric = np.concatenate((half, half[:, ::-1]), axis=1)  # 64x64: no padding for the network
    lightness = torch.from_numpy(symmetric.astype(np.float32)).permute(2, 0, 1)[None] * (100 / 255)
    network_input = colorize_module.NetworkInput(lightness, tiny_model, 64)
    assert network_input.padding == (0, 0, 0, 0)
    output, ab = network_input.predict()
    assert torch.allclose(ab, ab.flip(-1), atol=1e-3)
    one_pass = tiny_model.net.ab_from_output(output).float()
    assert not torch.allclose(one_pass, one_pass.flip(-1), atol=1e-3)


def test_an_8_bit_photo_is_written_as_the_float_colour_rows_round(tiny_model, monkeypatch):
    """The saved rows (colour_rows_8_bit, in strips) are exactly colour_rows then to_8_bit:
    the preview and the film, which take the float path, show what the file holds."""
    monkeypatch.setattr(colorize_module, "_STRIP_PIXELS", 77 * 9)  # several strips, the last short
    grey = np.repeat(natural_image(123, 77, seed=4)[:, :, :1], 3, axis=2)
    settings = ColorizeSettings(render_size=96, saturation=1.8)  # strong colours: some clipped
    prepared = colorize_module.prepare_colours(grey, tiny_model, settings)
    written = colorize_pixels(grey, tiny_model, settings, prepared=prepared)
    rgb = colorize_module.colour_rows(prepared.lightness, prepared.ab, prepared.valid, (123, 77), 0, 1.8)
    expected = np.empty_like(grey)
    fast_colour.to_8_bit(rgb, expected)
    assert np.abs(written.astype(int) - expected).max() <= 1  # float rounding of strips only
    assert (written != expected).mean() < 1e-3
