"""Fast re-colorizing of one photo while the user edits colour hints.

Everything that does not depend on the hints (decoding, the photo's L at display
size, L at render size) is computed once; a hint change then costs one network pass,
the ab upsampling and the Lab -> sRGB conversion at display size.
"""

from __future__ import annotations

import numpy as np
import torch

from colorizer_app.core import fast_colour
from colorizer_app.core.color import lab_to_rgb_in_gamut
from colorizer_app.core.colorize import ColorizeSettings, NetworkInput, colour_rows
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.model_files import LoadedModel


def _hex(rgb: torch.Tensor) -> str:
    values = (rgb.clamp(0, 1) * 255).round().int().tolist()
    return "#" + "".join(f"{value:02x}" for value in values)


class InteractiveColorizer:
    """One photo (display-size uint8 RGB) and one model; ``render(hints)`` gives the colour picture."""

    def __init__(self, pixels: np.ndarray, model: LoadedModel, settings: ColorizeSettings | None = None) -> None:
        self.model = model
        self.settings = settings or ColorizeSettings()
        self.settings.validate()
        self.lightness_rows = fast_colour.lightness(np.ascontiguousarray(pixels, dtype=np.uint8))  # (H, W)
        self.lightness = torch.from_numpy(self.lightness_rows)[None, None]  # (1, 1, H, W)
        self.network_input = NetworkInput(self.lightness, model, self.settings.render_size)
        self.output: torch.Tensor | None = None  # the network's raw output for the last render
        self.ab: torch.Tensor | None = None  # the ab that render drew (both passes averaged): zoomed windows reuse it

    @torch.no_grad()
    def render(self, hints: list[ColorHint] | None = None) -> np.ndarray:
        """The photo colorized with these hints, (H, W, 3) uint8."""
        self.output, self.ab = self.network_input.predict(hints)
        full = tuple(self.lightness.shape[-2:])
        rgb = colour_rows(self.lightness_rows, self.ab, self.network_input.valid, full, 0, self.settings.saturation)
        picture = np.empty(rgb.shape, np.uint8)
        fast_colour.to_8_bit(rgb, picture)
        return picture

    @torch.no_grad()
    def suggestions(self, x: float, y: float, count: int = 5) -> list[str]:
        """The model's most likely colours at a point (relative coordinates), as sRGB hex.

        A classification model offers its most probable ab bins there; a regression
        model its prediction, more and less saturated.
        """
        if self.output is None:
            self.render()
        net = self.model.net
        cells_high, cells_wide = self.network_input.valid
        row = min(self.output.shape[-2] - 1, int(y * cells_high))
        column = min(self.output.shape[-1] - 1, int(x * cells_wide))
        height, width = self.lightness.shape[-2:]
        lightness = self.lightness[0, 0, min(height - 1, int(y * height)), min(width - 1, int(x * width))]
        lightness = lightness.clamp(15, 85)  # a readable swatch even at very dark or light points
        if net.head_kind == "classification":
            probabilities = net.bin_probabilities(self.output[0, :, row, column])
            ab_choices = net.bin_centres[probabilities.topk(min(count, len(probabilities))).indices].cpu()
        else:
            ab = net.ab_from_output(self.output)[0, :, row, column].float().cpu()
            ab_choices = torch.stack([ab * factor for factor in (1.0, 1.6, 2.2, 0.6)])
        colours = []
        for ab in ab_choices:
            rgb = lab_to_rgb_in_gamut(lightness.view(1, 1, 1).cpu(), ab.view(2, 1, 1))[:, 0, 0]
            hex_colour = _hex(rgb)
            if hex_colour not in colours:
                colours.append(hex_colour)
        return colours
