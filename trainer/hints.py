"""Simulated user hints for training (Zhang et al. 2017): the network learns to use
sparse colour points when given, and to colorize on its own when not."""

from __future__ import annotations

import torch

FEW_HINTS_PROBABILITY = 0.5  # of the hinted photos, this share gets only 1-3 pins
FEW_HINTS_MAX = 3


def simulate_hints(
    target_ab: torch.Tensor, generator: torch.Generator, no_hint_probability: float = 0.5, max_points: int = 20
) -> tuple[torch.Tensor, torch.Tensor]:
    """Hint ab (N, 2, H, W) and mask (N, 1, H, W) taken from the ground truth.

    Each photo gets no hints with ``no_hint_probability``. A hinted photo gets 1-3
    points half of the time (a user's first pins: the network must carry one pin's
    colour over the region it falls in, the only way a single pin pays off in the
    loss), else a geometric number (p = 1/8) as in Zhang et al. Points fall around
    the centre, each a square patch of 1-9 px holding the patch's mean colour.
    """
    batch, _, height, width = target_ab.shape
    hint_ab = torch.zeros_like(target_ab)
    hint_mask = torch.zeros(batch, 1, height, width, dtype=target_ab.dtype, device=target_ab.device)
    for index in range(batch):
        if torch.rand(1, generator=generator).item() < no_hint_probability:
            continue
        if torch.rand(1, generator=generator).item() < FEW_HINTS_PROBABILITY:
            points = int(torch.randint(1, FEW_HINTS_MAX + 1, (1,), generator=generator))
        else:
            points = min(max_points, 1 + _geometric(generator))
        for _ in range(points):
            size = int(torch.randint(1, 10, (1,), generator=generator))
            centre = torch.randn(2, generator=generator) * torch.tensor([height / 4, width / 4]) + torch.tensor([height / 2, width / 2])
            top = int(centre[0].clamp(0, height - size))
            left = int(centre[1].clamp(0, width - size))
            patch = target_ab[index, :, top : top + size, left : left + size]
            hint_ab[index, :, top : top + size, left : left + size] = patch.mean(dim=(1, 2), keepdim=True)
            hint_mask[index, :, top : top + size, left : left + size] = 1
    return hint_ab, hint_mask


def _geometric(generator: torch.Generator, probability: float = 1 / 8) -> int:
    """Failures before the first success, drawn from ``generator`` (reproducible)."""
    uniform = torch.rand(1, generator=generator).clamp(min=1e-12).item()
    return int(torch.floor(torch.log(torch.tensor(uniform)) / torch.log(torch.tensor(1 - probability))).item())
