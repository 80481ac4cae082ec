"""One softness for every network input, whatever the photo's size.

The models learn from crops that were enlarged a little (random resized crops of the cached
squares), so what they know is a slightly soft picture. A photo shrunk to the render size
is soft in the same way: shrinking with antialiasing blurs by about 0.41 of a network pixel
(a triangle filter one output pixel wide). A photo already at or under the render size is
fed as it is, and is sharper than anything the network learned from: it came out muted
(measured on the default: an astronaut photo at 256 px got colourfulness 12 lower than the
same photo at 768 px, which the network also sees at 256).

So each input's own softness is measured, and a sharp one is blurred to the softness of a
shrunk one (``TARGET_SIGMA``, a Gaussian of 0.55 network pixels, which matches the colour of
scikit-image's photos at 256 px to that at 768 px). The measure is how much of the picture's
fine detail survives that blur (``detail_ratio``): about 1.63 for photos fed at their own size,
1.50 for shrunk ones (scikit-image's photos, Big Buck Bunny's frames, the old B&W scans) and
1.49 for an already soft 176x144 video frame, which therefore gets no blur. A fixed blur, blind
to that, over-coloured such a frame (-2.7 dB). Colour strength then depends far less on the
photo's size (docs/MODELS.md, "Colour strength against photo size").
"""

from __future__ import annotations

import math

import torch
from torch.nn import functional

TARGET_SIGMA = 0.55  # network pixels: the blur that makes a sharp photo look shrunk to the network
SOFT_RATIO = 1.51  # detail_ratio of shrunk photos and soft frames: no blur at or under it
SHARP_RATIO = 1.63  # detail_ratio of photos fed at their own size: the whole blur at or over it


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


def detail(picture: torch.Tensor) -> float:
    """Mean fine detail: the picture minus its 3x3 local mean."""
    return float((picture - functional.avg_pool2d(picture, 3, 1, 1, count_include_pad=False)).abs().mean())


def detail_ratio(small: torch.Tensor, sigma: float = TARGET_SIGMA) -> float:
    """How much sharper the picture is than itself blurred by ``sigma``: high for sharp pictures,
    near 1.5 for shrunk or soft ones (whatever they show, to first order)."""
    blurred = gaussian_blur(small, torch.full((small.shape[0],), sigma))
    return detail(small) / max(detail(blurred), 1e-6)


def extra_sigma(ratio: float) -> float:
    """The blur (network pixels) an input of this detail ratio needs to look shrunk."""
    share = min(1.0, max(0.0, (ratio - SOFT_RATIO) / (SHARP_RATIO - SOFT_RATIO)))
    return TARGET_SIGMA * share


def match_training_softness(small: torch.Tensor) -> torch.Tensor:
    """``small`` (1, 1, h, w), the photo's L at the network's size, as soft as a shrunk photo
    (the picture's own detail decides, not whether it was shrunk)."""
    sigma = extra_sigma(detail_ratio(small))
    if sigma < 0.05 or min(small.shape[-2:]) < 3:
        return small
    return gaussian_blur(small, torch.full((small.shape[0],), sigma))
