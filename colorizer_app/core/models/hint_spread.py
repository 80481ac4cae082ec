"""Carry each colour hint over the region it was pinned in, not just a halo round the pin.

Why: a network's hint path made of convolutions moves a pin's colour only as far as its
receptive field at the hints' scale, so one red pin on a flag stripe reddens a small
disc. Here every place in the photo looks, by feature similarity and distance, at every
pinned place (an attention over the pins plus a "none of them" choice) and takes that
pin's colour with the weight it gives it. The decoder gets the spread colour and its
weight at 1/4 and learns how far to trust it.

With no hints there is nothing to attend to: the spread weight is exactly zero and the
network's output is exactly what it was without this module, so adding it to a trained
model and training only it (``--train-only hint-spread``) leaves automatic colorization
untouched.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional

from colorizer_app.core.models.base import conv_block

KEY_CHANNELS = 32


class HintSpread(nn.Module):
    """Attention from every cell of a feature map to the hinted cells; its output is added to
    the decoder's 1/4 features, scaled by how much of the attention went to hints."""

    def __init__(self, match_channels: int, decoder_channels: int) -> None:
        super().__init__()
        self.query = nn.Conv2d(match_channels, KEY_CHANNELS, 1)
        self.key = nn.Conv2d(match_channels, KEY_CHANNELS, 1)
        # A logit for attending to no hint at all; and how fast a pin's pull fades with distance.
        self.none_logit = nn.Parameter(torch.tensor(2.0))
        self.distance_scale = nn.Parameter(torch.tensor(1.0))
        self.mix = nn.Sequential(
            conv_block(decoder_channels + 3, decoder_channels), nn.Conv2d(decoder_channels, decoder_channels, 3, padding=1)
        )
        nn.init.zeros_(self.mix[-1].weight)  # starts as a no-op: a trained model keeps its output
        nn.init.zeros_(self.mix[-1].bias)

    def spread(self, match_features: torch.Tensor, hint_ab: torch.Tensor, hint_mask: torch.Tensor) -> torch.Tensor:
        """(N, 3, h, w) at the match features' size: the hint ab each cell takes (the mean of the
        pins it attends to) and the share of its attention that went to pins, in [0, 1].

        ``hint_ab`` (N, 2, H, W) and ``hint_mask`` (N, 1, H, W) are the model input's hint
        channels at full size; a cell is hinted where any of its pixels is.
        """
        batch, _, height, width = match_features.shape
        mask = functional.adaptive_avg_pool2d(hint_mask.float(), (height, width))
        ab = functional.adaptive_avg_pool2d(hint_ab.float() * hint_mask.float(), (height, width)) / mask.clamp(min=1e-6)
        queries = self.query(match_features).float().flatten(2)  # N, K, hw
        keys = self.key(match_features).float().flatten(2)
        positions = _cell_positions(height, width, match_features.device)  # hw, 2
        result = match_features.new_zeros(batch, 3, height * width, dtype=torch.float32)
        for index in range(batch):
            hinted = torch.nonzero(mask[index, 0].flatten() > 0).squeeze(1)
            if hinted.numel() == 0:
                continue
            similarity = queries[index].t() @ keys[index][:, hinted] / KEY_CHANNELS**0.5  # hw, k
            distance = torch.cdist(positions, positions[hinted]).square()
            logits = similarity - functional.softplus(self.distance_scale) * 4 * distance
            logits = torch.cat((self.none_logit.expand(logits.shape[0], 1), logits), dim=1)
            weights = torch.softmax(logits, dim=1)[:, 1:]  # hw, k
            values = ab[index].flatten(1)[:, hinted].t()  # k, 2
            total = weights.sum(dim=1)
            result[index, :2] = (weights @ values).t() / total.clamp(min=1e-6)
            result[index, 2] = total
        return result.view(batch, 3, height, width)

    def forward(
        self, decoder_features: torch.Tensor, match_features: torch.Tensor, hint_ab: torch.Tensor, hint_mask: torch.Tensor
    ) -> torch.Tensor:
        """The decoder's features with the spread hints mixed in (unchanged where no hint reaches)."""
        spread = self.spread(match_features, hint_ab, hint_mask)
        spread = functional.interpolate(spread, size=decoder_features.shape[-2:], mode="bilinear", align_corners=False)
        spread = spread.to(decoder_features.dtype)
        weight = spread[:, 2:3]
        return decoder_features + weight * self.mix(torch.cat((decoder_features, spread), dim=1))


def _cell_positions(height: int, width: int, device: torch.device) -> torch.Tensor:
    """Each cell's centre as (y, x), both scaled by the longer side so distances are isotropic."""
    side = max(height, width)
    ys = (torch.arange(height, device=device, dtype=torch.float32) + 0.5) / side
    xs = (torch.arange(width, device=device, dtype=torch.float32) + 0.5) / side
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack((grid_y.flatten(), grid_x.flatten()), dim=1)
