"""One softness for every network input, whatever the photo's size.

The models learn from crops that were enlarged a little (random resized crops of the cached
squares), so what they know is a slightly soft picture. A photo shrunk to the render size
is soft in the same way: shrinking with antialiasing blurs by about 0.41 of a network pixel
(a triangle filter one output pixel wide). A photo already at or under the render size is
fed as it is, and is sharper than anything the network learned from: it came out muted
(measured on the default: an astronaut photo at 256 px got colourfulness 12 lower than the
same photo at 768 px, which the network also sees at 256).

So every input is brought to the same softness, ``TARGET_SIGMA`` network pixels: a photo
fed at its own size gets the whole blur, a shrunk one only what its shrinking did not give.
Colour strength then no longer depends on the photo's size (docs/MODELS.md, "Colour
strength against photo size").
"""

from __future__ import annotations

import math

import torch
from torch.nn import functional

TARGET_SIGMA = 0.55  # network pixels: the softness the shipped models colour best at (docs/MODELS.md)
SHRINKING_SIGMA = 1 / math.sqrt(6)  # what antialiased bilinear shrinking gives, in output pixels


def gaussian_blur(images: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Each image of (B, C, H, W) blurred with its own sigma (pixels); sigma ~0 leaves it as it is."""
    count, channels, height, width = images.shape
    radius = max(1, math.ceil(3 * float(sigma.max()))) if len(sigma) else 1
    radius = min(radius, max(1, min(height, width) - 1))  # replicate padding needs a smaller pad than the image
    offsets = torch.arange(-radius, radius + 1, dtype=images.dtype, device=images.device)
    kernels = torch.exp(-(offsets.view(1, -1) ** 2) / (2 * sigma.to(images).clamp_min(1e-3).view(-1, 1) ** 2))
    kernels = (kernels / kernels.sum(dim=1, keepdim=True)).repeat_interleave(channels, dim=0)
    flat = images.reshape(1, count * channels, height, width)
    padded = functional.pad(flat, (radius, radius, radius, radius), mode="replicate")
    across = functional.conv2d(padded, kernels.view(-1, 1, 1, 2 * radius + 1), groups=count * channels)
    blurred = functional.conv2d(across, kernels.view(-1, 1, 2 * radius + 1, 1), groups=count * channels).view_as(images)
    keep = (sigma.to(images.device) < 0.05).view(-1, 1, 1, 1)
    return torch.where(keep, images, blurred)


def extra_sigma(shrunk: bool, target: float = TARGET_SIGMA) -> float:
    """The blur (network pixels) an input still needs to reach ``target``."""
    have = SHRINKING_SIGMA if shrunk else 0.0
    return math.sqrt(max(0.0, target**2 - have**2))


def match_training_softness(small: torch.Tensor, shrunk: bool, target: float = TARGET_SIGMA) -> torch.Tensor:
    """``small`` (B, 1, h, w), the photo's L at the network's size, at the softness ``target``."""
    sigma = extra_sigma(shrunk, target)
    if sigma < 0.05:
        return small
    return gaussian_blur(small, torch.full((small.shape[0],), sigma))
