"""Colour strength that does not depend on the photo's size, and the uncertain-colour fade (issue 23)."""

import numpy as np
import pytest
import torch
from torch.nn import functional

from colorizer_app.core import colorize
from colorizer_app.core.input_softness import (
    SHARP_RATIO,
    SOFT_RATIO,
    TARGET_SIGMA,
    detail,
    detail_ratio,
    extra_sigma,
    gaussian_blur,
    match_training_softness,
)
from colorizer_app.core.model_config import check_config
from colorizer_app.core.models import build_model


def scene(size: int) -> torch.Tensor:
    """A detailed picture (fine stripes and noise) rendered at ``size`` pixels, L in 0..100."""
    y, x = torch.meshgrid(torch.linspace(0, 1, size), torch.linspace(0, 1, size), indexing="ij")
    generator = torch.Generator().manual_seed(0)
    noise = functional.interpolate(torch.rand(1, 1, 64, 64, generator=generator), size=(size, size), mode="bicubic")[0, 0]
    return (50 + 20 * torch.sin(x * 90) * torch.cos(y * 70) + 20 * noise).clamp(0, 100)[None, None]


def network_view(lightness: torch.Tensor, render_size: int = 64) -> torch.Tensor:
    shape = colorize.render_shape(*lightness.shape[-2:], render_size)
    small = functional.interpolate(lightness, size=shape, mode="bilinear", antialias=True, align_corners=False)
    return match_training_softness(small)


def test_a_small_photo_and_a_large_one_look_alike_to_the_network():
    small, large = scene(64), scene(256)
    as_it_was = functional.interpolate(large, size=(64, 64), mode="bilinear", antialias=True, align_corners=False)
    assert detail(small) > 1.3 * detail(as_it_was)  # the problem: fed as it is, the small photo is much sharper
    assert detail(network_view(small)) == pytest.approx(detail(network_view(large)), rel=0.15)


def test_the_blur_goes_only_to_sharp_pictures():
    assert extra_sigma(SHARP_RATIO + 0.1) == TARGET_SIGMA and extra_sigma(SOFT_RATIO - 0.01) == 0
    assert 0 < extra_sigma((SOFT_RATIO + SHARP_RATIO) / 2) < TARGET_SIGMA
    small, large = scene(64), scene(256)
    shrunk = functional.interpolate(large, size=(64, 64), mode="bilinear", antialias=True, align_corners=False)
    assert detail_ratio(small) > detail_ratio(shrunk)
    already_soft = gaussian_blur(small, torch.tensor([0.8]))  # a soft small frame: left as it is
    assert torch.equal(match_training_softness(already_soft), already_soft)
    pictures = torch.rand(2, 1, 20, 20)
    blurred = gaussian_blur(pictures, torch.tensor([0.0, 1.0]))
    assert torch.equal(blurred[0], pictures[0]) and not torch.allclose(blurred[1], pictures[1])
    assert blurred[1].mean() == pytest.approx(float(pictures[1].mean()), abs=0.02)


def classification_net(fade=None):
    bins = [[a, b] for a in (-40.0, 0.0, 40.0) for b in (-40.0, 0.0, 40.0)]
    config = {"width": 8, "dilations": [1], "head": "classification", "bins": bins}
    if fade is not None:
        config["uncertain_fade"] = fade
    check_config("constant_resolution", config)
    return build_model("constant_resolution", config).eval()


def test_colour_fades_where_the_model_is_unsure_and_stays_where_it_is_sure():
    net = classification_net([0.5, 0.9, 0.6])
    sure = torch.full((1, 9, 1, 1), -20.0)
    sure[0, 8] = 20.0  # everything on the (40, 40) bin
    unsure = torch.zeros(1, 9, 1, 1)  # a flat distribution: any colour
    unsure[0, 8] = 0.5
    plain = classification_net()
    assert torch.allclose(net.ab_from_output(sure), plain.ab_from_output(sure), atol=1e-4)
    faded, unfaded = net.ab_from_output(unsure), plain.ab_from_output(unsure)
    assert torch.allclose(faded, unfaded * 0.4, atol=1e-4)  # strength 0.6 at full doubt


@pytest.mark.parametrize("fade", [[0.9, 0.5, 0.5], [0.2, 0.4], [0.2, 0.4, 1.5], "high"])
def test_a_card_with_a_wrong_fade_is_refused_plainly(fade):
    with pytest.raises(ValueError, match="uncertain_fade"):
        classification_net(fade)


def test_the_fade_never_touches_a_model_without_it():
    net = classification_net()
    logits = torch.from_numpy(np.random.default_rng(0).normal(size=(1, 9, 4, 4)).astype(np.float32))
    assert net.uncertain_fade is None
    assert torch.equal(
        net.ab_from_output(logits), (torch.softmax(logits.permute(0, 2, 3, 1) / net.temperature, -1) @ net.bin_centres).permute(0, 3, 1, 2)
    )
