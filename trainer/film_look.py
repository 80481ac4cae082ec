"""Old-film looks for training and evaluation: the grey tone a user's old print really has.

A model trained on the CIE lightness of clean colour photos meets something else in the
app: a film's own colour response (orthochromatic film barely sees red, so lips and red
cloth come out dark), faded blacks and whites, grain, softness, a vignette, dust and a
scan's JPEG. ``film_lightness`` makes that grey tone from a batch of colour crops, while
the colour target stays the truth's, so the network learns to colour what users bring.

Everything is drawn from a ``torch.Generator``: a seeded run (or a seeded validation
set) gets the same looks every time.
"""

from __future__ import annotations

import torch

from colorizer_app.core.color import srgb_to_linear
from colorizer_app.core.input_softness import gaussian_blur

# A film's sensitivity as weights on linear R, G, B (normalised to sum to 1 below).
FILM_RESPONSES = {
    "cie": (0.2126, 0.7152, 0.0722),  # the eye (what the clean training photos give)
    "orthochromatic": (0.0, 0.4, 0.6),  # blind to red: red lips and cloth go dark
    "early panchromatic": (0.15, 0.5, 0.35),  # sees red weakly, blue strongly
    "red filter": (0.65, 0.3, 0.05),  # skies dark, skin pale
}


def _lightness_of_luminance(luminance: torch.Tensor) -> torch.Tensor:
    """CIE L (0..100) of relative luminance Y in [0, 1]."""
    epsilon = 216 / 24389
    kappa = 24389 / 27
    luminance = luminance.clamp(0, 1)
    cube_root = luminance.clamp_min(epsilon).pow(1 / 3)
    return torch.where(luminance > epsilon, 116 * cube_root - 16, kappa * luminance)


def _uniform(generator: torch.Generator, count: int, low: float, high: float) -> torch.Tensor:
    return low + (high - low) * torch.rand(count, generator=generator)


def _film_response(linear: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Luminance through a film's response: one of FILM_RESPONSES per photo, jittered a little."""
    count = linear.shape[0]
    table = torch.tensor(list(FILM_RESPONSES.values()))
    picked = table[torch.randint(len(table), (count,), generator=generator)]
    weights = (picked + 0.05 * torch.rand(count, 3, generator=generator)).clamp_min(0)
    weights = weights / weights.sum(dim=1, keepdim=True)
    return (linear * weights.view(count, 3, 1, 1)).sum(dim=1, keepdim=True)


def _vignette(height: int, width: int, strength: torch.Tensor) -> torch.Tensor:
    """Multiplicative darkening towards the corners, (B, 1, H, W)."""
    y = torch.linspace(-1, 1, height).view(1, 1, -1, 1)
    x = torch.linspace(-1, 1, width).view(1, 1, 1, -1)
    radius_squared = (x**2 + y**2) / 2
    return 1 - strength.view(-1, 1, 1, 1) * radius_squared


def _dust_and_scratches(grey: torch.Tensor, generator: torch.Generator, chance: float) -> torch.Tensor:
    """A few bright or dark specks and thin vertical lines, on a share of the photos."""
    count, _, height, width = grey.shape
    for index in range(count):
        if float(torch.rand(1, generator=generator)) >= chance:
            continue
        specks = int(torch.randint(1, 12, (1,), generator=generator))
        for _ in range(specks):
            y = int(torch.randint(height, (1,), generator=generator))
            x = int(torch.randint(width, (1,), generator=generator))
            size = int(torch.randint(1, 4, (1,), generator=generator))
            value = float(torch.rand(1, generator=generator) < 0.5)
            grey[index, :, y : y + size, x : x + size] = value
        if float(torch.rand(1, generator=generator)) < 0.4:
            x = int(torch.randint(width, (1,), generator=generator))
            grey[index, :, :, x] = grey[index, :, :, x] * 0.5 + 0.5 * float(torch.rand(1, generator=generator) < 0.5)
    return grey


def _scan_jpeg(grey: torch.Tensor, generator: torch.Generator, chance: float) -> torch.Tensor:
    """A share of the photos through a JPEG round trip at a low-to-middling quality."""
    from torchvision.io import decode_jpeg, encode_jpeg

    out = grey.clone()
    for index in range(grey.shape[0]):
        if float(torch.rand(1, generator=generator)) >= chance:
            continue
        quality = int(torch.randint(30, 90, (1,), generator=generator))
        pixels = (grey[index] * 255).round().clamp(0, 255).to(torch.uint8)
        out[index] = decode_jpeg(encode_jpeg(pixels, quality=quality)).float() / 255
    return out


def film_lightness(
    rgb: torch.Tensor, generator: torch.Generator, chance: float = 1.0, clean: torch.Tensor | None = None, blur: float = 1.0
) -> torch.Tensor:
    """CIE L (B, 1, H, W), 0..100, as an old print of each sRGB photo (B, 3, H, W in [0, 1])
    would give it; photos not drawn (probability 1 - ``chance``) keep their clean L
    (``clean``, the photos' own L, when the caller has it; else computed here). ``blur``
    scales the print's softness (training only: `colorizer eval --film-look` keeps 1).
    """
    rgb = rgb.float().cpu()
    drawn = torch.rand(rgb.shape[0], generator=generator) < chance
    if clean is None:
        linear = srgb_to_linear(rgb.clamp(0, 1))
        clean = _lightness_of_luminance((linear * torch.tensor([0.2126, 0.7152, 0.0722]).view(1, 3, 1, 1)).sum(dim=1, keepdim=True))
    result = clean.detach().float().cpu().clone()
    if drawn.any():
        result[drawn] = old_print_lightness(rgb[drawn], generator, blur=blur)
    return result.to(clean.dtype)


# The parts of an old print's look, in the order they are made (tools/film_look_parts.py
# measures what each costs a model).
LOOK_PARTS = ("response", "fade", "vignette", "blur", "grain", "dust", "jpeg")


def old_print_lightness(
    rgb: torch.Tensor, generator: torch.Generator, parts: tuple[str, ...] = LOOK_PARTS, blur: float = 1.0
) -> torch.Tensor:
    """CIE L (0..100) of each photo as an old print: a film response, then in the print's tone
    (0..1) a fade of blacks and whites with a gamma, a vignette, softness, grain (itself
    slightly soft, as film grain clumps), dust and scratches on some, a scan's JPEG on some.

    ``parts`` leaves out the others (the eye's response instead of a film's). The draws for
    the parts up to the grain are made either way, so those look the same with or without
    the rest."""
    count, _, height, width = rgb.shape
    linear = srgb_to_linear(rgb.clamp(0, 1))
    film = _film_response(linear, generator)
    luminance = film if "response" in parts else (linear * torch.tensor(FILM_RESPONSES["cie"]).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)
    tone = _lightness_of_luminance(luminance) / 100
    gamma = torch.exp(_uniform(generator, count, -0.3, 0.3)).view(-1, 1, 1, 1)
    black = _uniform(generator, count, 0.0, 0.22).view(-1, 1, 1, 1)
    white = _uniform(generator, count, 0.78, 1.0).view(-1, 1, 1, 1)
    if "fade" in parts:
        tone = black + (white - black) * tone.clamp(0, 1).pow(gamma)
    vignette = _vignette(height, width, _uniform(generator, count, 0.0, 0.45) * (torch.rand(count, generator=generator) < 0.6))
    if "vignette" in parts:
        tone = tone * vignette
    sharpness = _uniform(generator, count, 0.0, 1.4) * (torch.rand(count, generator=generator) < 0.7)
    if "blur" in parts:
        tone = gaussian_blur(tone, blur * sharpness * min(height, width) / 176)
    grain = torch.randn(tone.shape, generator=generator)
    grain = gaussian_blur(grain, _uniform(generator, count, 0.0, 0.9))
    grain_amount = _uniform(generator, count, 0.0, 0.06).view(-1, 1, 1, 1)
    if "grain" in parts:
        tone = tone + grain * grain_amount
    tone = _dust_and_scratches(tone.clamp(0, 1), generator, chance=0.3 if "dust" in parts else 0.0)
    tone = _scan_jpeg(tone, generator, chance=0.5 if "jpeg" in parts else 0.0)
    return tone.clamp(0, 1) * 100
