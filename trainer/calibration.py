"""Calibrate a trained classification model's readout on its validation photos, at export.

Why: class rebalancing trains the network to over-predict rare, vivid colours on purpose
(at its optimum it predicts p(q) ∝ w(q)·p_true(q)); that is where "vivid but wrong" comes
from. Taking a share of it back out of the logits (-s·log w), a readout temperature and a
gain on the read-out colour change nothing in the network, so each validation photo goes
through it once and every readout is scored from that one pass. The highest PSNR whose
colourfulness stays within 4 of the photos' wins; the readout the model was trained with
is among the candidates, so calibration never scores worse on these photos than without it.
``tools/calibrate_readout.py`` does the same over several folders for the built-in models.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import torch
from torch.nn import functional

from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lab
from colorizer_app.core.models import ColorizationNet, make_model_input
from trainer.metrics import colorfulness, psnr

STRENGTHS = (0.0, 0.3, 0.6)
TEMPERATURES = (0.38, 0.55, 0.7, 1.0)
GAINS = (1.0, 1.1, 1.2)
MAX_DELTA_COLOURFULNESS = 4.0


@dataclass(frozen=True)
class Readout:
    """How logits become a colour: offsets added to them, a temperature, a gain on the mean."""

    offsets: torch.Tensor
    temperature: float
    gain: float
    strength: float | None = None  # the share of the rebalancing taken out; None: as trained

    def ab(self, logits: torch.Tensor, centres: torch.Tensor) -> torch.Tensor:
        weights = torch.softmax((logits.float().permute(0, 2, 3, 1) + self.offsets) / self.temperature, dim=-1)
        return (weights @ centres).permute(0, 3, 1, 2) * self.gain

    def apply_to(self, net: ColorizationNet) -> None:
        net.readout_offsets.copy_(self.offsets)
        net.temperature, net.chroma_gain = self.temperature, self.gain

    def config(self) -> dict:
        """The model card's config entries for this readout."""
        return {"readout_offsets": [round(float(v), 4) for v in self.offsets], "temperature": self.temperature, "chroma_gain": self.gain}


@dataclass
class Score:
    psnr: float
    delta_colourfulness: float

    @property
    def eligible(self) -> bool:
        return abs(self.delta_colourfulness) <= MAX_DELTA_COLOURFULNESS


def candidate_readouts(net: ColorizationNet, bin_weights: torch.Tensor) -> list[Readout]:
    """The readout as trained, then the grid of (strength, temperature, gain)."""
    unit_offsets = -bin_weights.float().log().to(net.readout_offsets.device)
    as_trained = Readout(net.readout_offsets.clone(), net.temperature, net.chroma_gain)
    grid = [Readout(s * unit_offsets, t, g, s) for s, t, g in itertools.product(STRENGTHS, TEMPERATURES, GAINS)]
    return [as_trained, *grid]


@torch.no_grad()
def as_the_product_shows(lightness: torch.Tensor, net: ColorizationNet) -> torch.Tensor:
    """``lightness`` at the model's view scale (core/colorize.render_shape), to a whole number of
    the network's input multiples: a gain chosen on another view would read the colour out at a
    strength the product never shows (a fine-tune of the default inherits its 1.25)."""
    if net.view_scale == 1.0:
        return lightness
    multiple = net.input_multiple
    size = [max(multiple, round(side * net.view_scale / multiple) * multiple) for side in lightness.shape[-2:]]
    return functional.interpolate(lightness, size=size, mode="bilinear", antialias=True, align_corners=False)


@torch.no_grad()
def score_readouts(net: ColorizationNet, readouts: list[Readout], batches: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> list[Score]:
    """Mean PSNR and colourfulness minus the photos' of each readout; ``batches`` give the L the
    network sees (N, 1, H, W; an old print's in a --film-look run) and the true RGB (N, 3, H, W)
    in [0, 1], whose own L the colours are joined with. One network pass per batch serves every readout."""
    net.eval()
    psnr_sums, colour_sums = torch.zeros(len(readouts)), torch.zeros(len(readouts))
    truth_colour, count = 0.0, 0
    for lightness, truth in batches:
        logits = net(make_model_input(as_the_product_shows(lightness, net)).contiguous(memory_format=torch.channels_last))
        true_lightness = rgb_to_lab(truth)[:, :1]
        for index, readout in enumerate(readouts):
            ab = functional.interpolate(readout.ab(logits, net.bin_centres), size=truth.shape[-2:], mode="bilinear", align_corners=False)
            predicted = lab_to_rgb_in_gamut(true_lightness, ab)
            psnr_sums[index] += psnr(predicted, truth).sum().cpu()
            colour_sums[index] += colorfulness(predicted).sum().cpu()
        truth_colour += float(colorfulness(truth).sum())
        count += truth.shape[0]
    count = max(count, 1)
    return [Score(float(p) / count, (float(c) - truth_colour) / count) for p, c in zip(psnr_sums, colour_sums, strict=True)]


def choose(readouts: list[Readout], scores: list[Score]) -> tuple[Readout, Score]:
    """The best PSNR among readouts within the colourfulness bound; if none is, the closest
    to the photos' colourfulness."""
    pairs = list(zip(readouts, scores, strict=True))
    eligible = [pair for pair in pairs if pair[1].eligible]
    if eligible:
        return max(eligible, key=lambda pair: pair[1].psnr)
    return min(pairs, key=lambda pair: abs(pair[1].delta_colourfulness))
