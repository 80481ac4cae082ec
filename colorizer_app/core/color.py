"""sRGB <-> CIE Lab (D65, 2 degree observer) on torch tensors.

Channels-first and batched: ``(..., 3, H, W)``. The constants are the ones
``skimage.color`` uses, so numbers agree with the tools the field publishes with.
The model sees L and predicts a/b; converting back must keep L exactly, so
``lab_to_rgb_in_gamut`` pulls out-of-gamut colours toward grey at constant L
instead of clipping RGB (clipping would change the luminance of the photo).
"""

from __future__ import annotations

import torch

# Reference white D65 (2 degree observer), as in skimage.color.
WHITE_D65 = (0.95047, 1.0, 1.08883)

RGB_TO_XYZ = (
    (0.412453, 0.357580, 0.180423),
    (0.212671, 0.715160, 0.072169),
    (0.019334, 0.119193, 0.950227),
)

# a and b of in-gamut sRGB colours stay inside this range.
AB_LIMIT = 110.0

_EPSILON = 0.008856  # (6/29) ** 3
_KAPPA = 7.787  # (29/6) ** 2 / 3


def _matrix(values, like: torch.Tensor) -> torch.Tensor:
    return torch.tensor(values, dtype=like.dtype, device=like.device)


def _apply_matrix(matrix: torch.Tensor, image: torch.Tensor) -> torch.Tensor:
    """Multiply the 3 channels (dim -3) of ``image`` by a 3x3 matrix."""
    return torch.einsum("ij,...jhw->...ihw", matrix, image)


def srgb_to_linear(rgb: torch.Tensor) -> torch.Tensor:
    return torch.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)


def linear_to_srgb(linear: torch.Tensor) -> torch.Tensor:
    safe = linear.clamp(min=0.0031308)
    return torch.where(linear > 0.0031308, 1.055 * safe ** (1 / 2.4) - 0.055, linear * 12.92)


def rgb_to_lab(rgb: torch.Tensor) -> torch.Tensor:
    """sRGB in [0, 1] -> Lab with L in [0, 100] and a, b roughly in [-110, 110]."""
    xyz = _apply_matrix(_matrix(RGB_TO_XYZ, rgb), srgb_to_linear(rgb))
    white = _matrix(WHITE_D65, rgb).view(3, 1, 1)
    xyz = xyz / white
    f = torch.where(xyz > _EPSILON, xyz.clamp(min=_EPSILON) ** (1 / 3), _KAPPA * xyz + 16 / 116)
    fx, fy, fz = f.unbind(-3)
    y = xyz[..., 1, :, :]
    lightness = torch.where(y > _EPSILON, 116 * fy - 16, 903.3 * y)
    return torch.stack((lightness, 500 * (fx - fy), 200 * (fy - fz)), dim=-3)


def rgb_to_lightness(rgb: torch.Tensor) -> torch.Tensor:
    """L channel only, ``(..., 1, H, W)``: what a greyscale photo keeps of a colour one."""
    linear = srgb_to_linear(rgb)
    weights = _matrix(RGB_TO_XYZ[1], rgb)
    y = torch.einsum("j,...jhw->...hw", weights, linear).unsqueeze(-3)
    fy = y.clamp(min=_EPSILON) ** (1 / 3)
    return torch.where(y > _EPSILON, 116 * fy - 16, 903.3 * y)


def lab_to_linear_rgb(lab: torch.Tensor) -> torch.Tensor:
    lightness, a, b = lab.unbind(-3)
    fy = (lightness + 16) / 116
    fx = fy + a / 500
    fz = (fy - b / 200).clamp(min=0)  # as skimage: negative Z is not a colour
    f = torch.stack((fx, fy, fz), dim=-3)
    xyz = torch.where(f > 0.2068966, f**3, (f - 16 / 116) / _KAPPA)
    xyz = xyz * _matrix(WHITE_D65, lab).view(3, 1, 1)
    xyz_to_rgb = torch.linalg.inv(_matrix(RGB_TO_XYZ, lab).double()).to(lab.dtype)
    return _apply_matrix(xyz_to_rgb, xyz)


def lab_to_rgb(lab: torch.Tensor) -> torch.Tensor:
    """Lab -> sRGB clipped to [0, 1] (out-of-gamut colours are clipped per channel)."""
    return linear_to_srgb(lab_to_linear_rgb(lab)).clamp(0, 1)


def lab_to_rgb_in_gamut(lightness: torch.Tensor, ab: torch.Tensor, steps: int = 16) -> torch.Tensor:
    """Lab -> sRGB keeping L: colours outside sRGB lose chroma (bisection) until they fit.

    16 halvings find the chroma to 1/65536 of its start: 8 left colours on the gamut's
    edge up to 20 8-bit levels off in their darkest channel, where sRGB is steepest.

    ``lightness`` is ``(..., 1, H, W)``, ``ab`` is ``(..., 2, H, W)``. Only the
    out-of-gamut pixels are searched, so photos with few of them cost little extra.
    """
    linear = lab_to_linear_rgb(torch.cat((lightness, ab), dim=-3))
    outside = ~_fits(linear)
    if bool(outside.any()):
        # Gather the offending pixels as (3, N) columns and bisect their chroma scale.
        chosen = outside.reshape(-1)
        pixel_lightness = lightness.movedim(-3, 0).reshape(1, -1)[:, chosen]
        pixel_ab = ab.movedim(-3, 0).reshape(2, -1)[:, chosen]
        low = torch.zeros_like(pixel_lightness)
        high = torch.ones_like(pixel_lightness)
        for _ in range(steps):
            middle = (low + high) / 2
            fits = _fits(_lab_columns_to_linear(pixel_lightness, pixel_ab * middle))
            low = torch.where(fits, middle, low)
            high = torch.where(fits, high, middle)
        fixed = _lab_columns_to_linear(pixel_lightness, pixel_ab * low)
        flat = linear.movedim(-3, 0).reshape(3, -1).clone()
        flat[:, chosen] = fixed
        linear = flat.reshape(linear.movedim(-3, 0).shape).movedim(0, -3)
    return linear_to_srgb(linear.clamp(0, 1)).clamp(0, 1)


def _fits(linear: torch.Tensor, tolerance: float = 1e-4) -> torch.Tensor:
    """True where all three linear RGB values (dim -3, or dim 0 for columns) are displayable."""
    channel_dim = -3 if linear.dim() >= 3 else 0
    return ((linear >= -tolerance) & (linear <= 1 + tolerance)).all(dim=channel_dim)


def _lab_columns_to_linear(lightness: torch.Tensor, ab: torch.Tensor) -> torch.Tensor:
    """lab_to_linear_rgb for (1, N) L and (2, N) ab columns."""
    return lab_to_linear_rgb(torch.cat((lightness, ab)).unsqueeze(-1)).squeeze(-1)
