"""Quantised ab space for classification training (Zhang et al. 2016).

ab is split into 10x10 bins centred on multiples of 10; only bins that some sRGB
colour falls in are kept (about 300). A target pixel is soft-encoded over its 5
nearest bins, and rare colours get larger loss weights (class rebalancing), so the
network is not rewarded for predicting the common desaturated browns everywhere.
"""

from __future__ import annotations

import numpy as np
import torch

from colorizer_app.core.color import rgb_to_lab
from trainer.config import TrainConfig
from trainer.data import PhotoCache

GRID = 10.0


def gamut_bin_centres() -> torch.Tensor:
    """(Q, 2) centres of the ab bins that in-gamut sRGB colours reach."""
    levels = torch.linspace(0, 1, 64)
    rgb = torch.stack(torch.meshgrid(levels, levels, levels, indexing="ij")).reshape(3, -1, 1)
    ab = rgb_to_lab(rgb)[1:, :, 0]
    cells = torch.unique(torch.round(ab / GRID).T, dim=0)
    return cells * GRID


def soft_encode(
    target_ab: torch.Tensor, centres: torch.Tensor, neighbours: int = 5, sigma: float = 5.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Soft targets (N, Q, H, W) over the nearest bins, and each pixel's nearest bin (N, H, W)."""
    batch, _, height, width = target_ab.shape
    pixels = target_ab.permute(0, 2, 3, 1).reshape(-1, 2)
    distances = torch.cdist(pixels, centres)
    nearest_distances, nearest = distances.topk(neighbours, dim=1, largest=False)
    weights = torch.exp(-(nearest_distances**2) / (2 * sigma**2))
    weights = weights / weights.sum(dim=1, keepdim=True)
    soft = torch.zeros(pixels.shape[0], centres.shape[0], device=target_ab.device)
    soft.scatter_(1, nearest, weights)
    soft = soft.reshape(batch, height, width, -1).permute(0, 3, 1, 2)
    return soft, nearest[:, 0].reshape(batch, height, width)


def rebalancing_weights(bin_counts: torch.Tensor, centres: torch.Tensor, mix: float = 0.5, sigma: float = 5.0) -> torch.Tensor:
    """Per-bin loss weights: inverse of the smoothed colour distribution mixed with uniform."""
    probability = bin_counts.double() / bin_counts.sum().clamp(min=1)
    distances = torch.cdist(centres.double(), centres.double())
    kernel = torch.exp(-(distances**2) / (2 * sigma**2))
    smoothed = kernel @ probability
    smoothed = smoothed / smoothed.sum()
    weights = 1.0 / ((1 - mix) * smoothed + mix / len(centres))
    weights = weights / (smoothed * weights).sum()
    return weights.float()


def count_bins(pixels: np.ndarray, indices: np.ndarray, centres: torch.Tensor, sample: int = 2000, seed: int = 0) -> torch.Tensor:
    """How often each bin occurs in a sample of the cached training photos ``pixels[indices]``."""
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(indices, size=min(sample, len(indices)), replace=False))
    counts = torch.zeros(len(centres), dtype=torch.float64)
    for start in range(0, len(chosen), 256):
        block = torch.from_numpy(np.stack([pixels[i][::4, ::4] for i in chosen[start : start + 256]])).permute(0, 3, 1, 2).float() / 255
        ab = rgb_to_lab(block)[:, 1:].permute(0, 2, 3, 1).reshape(-1, 2)
        nearest = torch.cdist(ab, centres).argmin(dim=1)
        counts += torch.bincount(nearest, minlength=len(centres)).double()
    return counts


def rebalancing_offsets(data_dir, centres: torch.Tensor, strength: float) -> torch.Tensor:
    """Per-bin logit offsets that take ``strength`` of the class rebalancing back out.

    Training with rebalancing weights w makes the network predict p(q) ∝ w(q)·p_true(q): rare,
    vivid colours are over-predicted on purpose. Adding -strength·log w to the logits undoes
    that (strength 1 gives the network's honest estimate, whose mean is closest to the truth;
    0 keeps the rebalanced one). The weights are recounted from all of ``data_dir`` with the
    trainer's cache and sample: the trainer's own count when it ran with ``--val`` (without it,
    the trainer counted its 95% split, a near-identical sample).
    """
    cache = PhotoCache.build(data_dir, TrainConfig.cache_size)
    counts = count_bins(cache.pixels, np.arange(len(cache)), centres)
    return -strength * rebalancing_weights(counts, centres).log()
