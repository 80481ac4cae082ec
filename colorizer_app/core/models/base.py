"""What every colorization network shares: its input layout and its output head.

Input: 4 channels at the render size: L scaled to [-1, 1], then the user's colour
hints (a, b scaled by 1/110, zero where there is no hint) and the hint mask (1 where
a hint is given). With no hints the last three channels are zero, so one network
serves automatic and guided colorization.

Output: a/b in Lab units at 1/``output_stride`` of the input size, either regressed
directly or read out of a classification over quantised ab bins with the annealed
mean (Zhang et al. 2016), which keeps colours vivid where a plain mean goes brown.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from colorizer_app.core.color import AB_LIMIT
from colorizer_app.core.model_config import HEAD_KINDS

INPUT_CHANNELS = 4
HEADS = HEAD_KINDS


def make_model_input(lightness: torch.Tensor, hint_ab: torch.Tensor | None = None, hint_mask: torch.Tensor | None = None) -> torch.Tensor:
    """Stack L (N,1,H,W, in [0,100]) with hint ab (N,2,H,W, Lab units) and mask (N,1,H,W)."""
    if hint_ab is None:
        hint_ab = lightness.new_zeros(lightness.shape[0], 2, *lightness.shape[2:])
    if hint_mask is None:
        hint_mask = lightness.new_zeros(lightness.shape[0], 1, *lightness.shape[2:])
    return torch.cat((lightness / 50 - 1, hint_ab / AB_LIMIT * hint_mask, hint_mask), dim=1)


class ColorizationNet(nn.Module):
    """Base class: subclasses build ``self.body`` mapping the 4-channel input to features."""

    #: the output is this many times smaller than the input (1 or 4)
    output_stride: int = 1
    #: input height and width must be multiples of this
    input_multiple: int = 1

    def __init__(
        self,
        feature_channels: int,
        head: str = "regression",
        bins: list[list[float]] | None = None,
        temperature: float = 0.38,
        readout_offsets: list[float] | None = None,
        chroma_gain: float = 1.0,
        uncertain_fade: list[float] | None = None,
        view_scale: float = 1.0,
    ) -> None:
        super().__init__()
        if head not in HEADS:
            raise ValueError(f"head must be one of {', '.join(HEADS)}, not {head!r}")
        self.head_kind = head
        self.temperature = float(temperature)
        self.chroma_gain = float(chroma_gain)  # a gain on the read-out colour, set by a calibration
        # [start, end, strength]: where the colour distribution is flat (normalised entropy past
        # start), the read-out colour fades towards grey, by up to strength at end (calibrated)
        self.uncertain_fade = [float(v) for v in uncertain_fade] if uncertain_fade else None
        # how much larger than the render size's picture the network is shown a photo (small
        # photos enlarged): the scale its colours are best at, chosen with the gain (core/colorize.py)
        self.view_scale = float(view_scale)
        if head == "classification":
            if not bins or any(len(pair) != 2 for pair in bins):
                raise ValueError("a classification head needs 'bins': a list of [a, b] bin centres")
            self.register_buffer("bin_centres", torch.tensor(bins, dtype=torch.float32), persistent=False)
            self.head = nn.Conv2d(feature_channels, len(bins), kernel_size=1)
            # A calibration of the readout, set after training (tools/ship_model.py): offsets that
            # take the class rebalancing back out of the logits, and a gain on the mean colour.
            # (model_config.check_config has checked that there is one offset per bin.)
            offsets = torch.zeros(len(bins)) if readout_offsets is None else torch.tensor(readout_offsets, dtype=torch.float32)
            self.register_buffer("readout_offsets", offsets, persistent=False)
        else:
            self.head = nn.Conv2d(feature_channels, 2, kernel_size=1)

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, model_input: torch.Tensor) -> torch.Tensor:
        """Raw output: ab / 110 (regression) or bin logits (classification)."""
        output = self.head(self.body(model_input))
        return torch.tanh(output) if self.head_kind == "regression" else output

    def ab_from_output(self, output: torch.Tensor, temperature: float | None = None) -> torch.Tensor:
        """Turn a raw output into ab in Lab units."""
        if self.head_kind == "regression":
            return output.float() * (AB_LIMIT * self.chroma_gain)
        # bins last: contiguous for a channels-last output, and a plain matrix product (2x faster)
        logits = output.permute(0, 2, 3, 1)
        weights = self.bin_probabilities(logits, temperature)
        ab = (weights @ self.bin_centres).permute(0, 3, 1, 2) * self.chroma_gain
        return ab * self.certainty(logits) if self.uncertain_fade else ab

    def certainty(self, logits: torch.Tensor) -> torch.Tensor:
        """(N, 1, h, w) factor on the colour: 1 where the model is sure of it, falling to
        1 - strength where its colour distribution is flat (a guess among many colours).

        Why: the annealed mean picks a vivid mode even from a flat distribution, and on old
        photos that painted whole skies, lakes and backgrounds red-orange or blue. Grey is the
        honest answer where the model does not know; a hint fixes it in one click.
        """
        start, end, strength = self.uncertain_fade
        spread = torch.softmax(logits.float() + self.readout_offsets, dim=-1)
        entropy = -(spread * torch.log(spread.clamp_min(1e-12))).sum(dim=-1) / math.log(spread.shape[-1])
        fade = ((entropy - start) / (end - start)).clamp(0, 1)
        return (1 - strength * fade).unsqueeze(1)

    def bin_probabilities(self, logits: torch.Tensor, temperature: float | None = None) -> torch.Tensor:
        """The calibrated colour distribution over the bins (the last dimension of ``logits``)."""
        temperature = self.temperature if temperature is None else temperature
        return torch.softmax((logits.float() + self.readout_offsets) / temperature, dim=-1)

    def predict_ab(self, model_input: torch.Tensor) -> torch.Tensor:
        return self.ab_from_output(self(model_input))


def conv_block(in_channels: int, out_channels: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    """3x3 convolution, batch norm, ReLU: the building brick of the simpler networks."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )
