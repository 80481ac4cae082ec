"""Colorization metrics, batched on tensors: PSNR, SSIM, colourfulness, CIEDE2000, ab L2.

PSNR alone rewards grey output, so results are always reported beside colourfulness
(Hasler & Suesstrunk 2003) and its gap to the ground truth, and beside the grey and
mean-chroma baselines on the same images.
"""

from __future__ import annotations

import math

import torch
from torch.nn import functional

from colorizer_app.core.color import rgb_to_lab


def psnr(predicted: torch.Tensor, truth: torch.Tensor) -> torch.Tensor:
    """Per-image PSNR in dB of RGB in [0, 1], (N, 3, H, W) -> (N,)."""
    mse = ((predicted - truth) ** 2).flatten(1).mean(dim=1).clamp(min=1e-10)
    return 10 * torch.log10(1 / mse)


def ssim(predicted: torch.Tensor, truth: torch.Tensor, window: int = 11, sigma: float = 1.5) -> torch.Tensor:
    """Per-image SSIM (Wang et al. 2004, Gaussian window), averaged over the RGB channels."""
    coords = torch.arange(window, dtype=torch.float32) - window // 2
    gauss = torch.exp(-(coords**2) / (2 * sigma**2))
    gauss = gauss / gauss.sum()
    kernel = (gauss[:, None] * gauss[None, :]).expand(3, 1, window, window).to(predicted)

    def blur(image: torch.Tensor) -> torch.Tensor:
        return functional.conv2d(image, kernel, groups=3)

    c1, c2 = 0.01**2, 0.03**2
    mean_p, mean_t = blur(predicted), blur(truth)
    var_p = blur(predicted * predicted) - mean_p**2
    var_t = blur(truth * truth) - mean_t**2
    covariance = blur(predicted * truth) - mean_p * mean_t
    index = ((2 * mean_p * mean_t + c1) * (2 * covariance + c2)) / ((mean_p**2 + mean_t**2 + c1) * (var_p + var_t + c2))
    return index.flatten(1).mean(dim=1)


def colorfulness(rgb: torch.Tensor) -> torch.Tensor:
    """Hasler & Suesstrunk colourfulness of RGB in [0, 1] (on the 0-255 scale), (N,)."""
    red, green, blue = (rgb * 255).unbind(1)
    rg = (red - green).flatten(1)
    yb = (0.5 * (red + green) - blue).flatten(1)
    spread = torch.sqrt(rg.var(dim=1, unbiased=False) + yb.var(dim=1, unbiased=False))
    centre = torch.sqrt(rg.mean(dim=1) ** 2 + yb.mean(dim=1) ** 2)
    return spread + 0.3 * centre


def ciede2000(lab1: torch.Tensor, lab2: torch.Tensor) -> torch.Tensor:
    """CIEDE2000 colour difference per pixel, (N, 3, H, W) Lab -> (N, H, W)."""
    l1, a1, b1 = lab1.unbind(1)
    l2, a2, b2 = lab2.unbind(1)
    c1 = torch.hypot(a1, b1)
    c2 = torch.hypot(a2, b2)
    c_mean = (c1 + c2) / 2
    g = 0.5 * (1 - torch.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = torch.hypot(a1p, b1), torch.hypot(a2p, b2)
    h1p = torch.atan2(b1, a1p) % (2 * math.pi)
    h2p = torch.atan2(b2, a2p) % (2 * math.pi)
    h1p = torch.where(c1p == 0, torch.zeros_like(h1p), h1p)
    h2p = torch.where(c2p == 0, torch.zeros_like(h2p), h2p)

    delta_l = l2 - l1
    delta_c = c2p - c1p
    delta_h_angle = h2p - h1p
    delta_h_angle = torch.where(delta_h_angle > math.pi, delta_h_angle - 2 * math.pi, delta_h_angle)
    delta_h_angle = torch.where(delta_h_angle < -math.pi, delta_h_angle + 2 * math.pi, delta_h_angle)
    delta_h_angle = torch.where(c1p * c2p == 0, torch.zeros_like(delta_h_angle), delta_h_angle)
    delta_h = 2 * torch.sqrt(c1p * c2p) * torch.sin(delta_h_angle / 2)

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_mean = torch.where(
        (h1p - h2p).abs() <= math.pi,
        h_sum / 2,
        torch.where(h_sum < 2 * math.pi, (h_sum + 2 * math.pi) / 2, (h_sum - 2 * math.pi) / 2),
    )
    h_mean = torch.where(c1p * c2p == 0, h_sum, h_mean)
    t = (
        1
        - 0.17 * torch.cos(h_mean - math.radians(30))
        + 0.24 * torch.cos(2 * h_mean)
        + 0.32 * torch.cos(3 * h_mean + math.radians(6))
        - 0.20 * torch.cos(4 * h_mean - math.radians(63))
    )
    delta_theta = math.radians(30) * torch.exp(-(((torch.rad2deg(h_mean) - 275) / 25) ** 2))
    r_c = 2 * torch.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / torch.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -torch.sin(2 * delta_theta) * r_c
    return torch.sqrt((delta_l / s_l) ** 2 + (delta_c / s_c) ** 2 + (delta_h / s_h) ** 2 + r_t * (delta_c / s_c) * (delta_h / s_h))


class MetricTotals:
    """Accumulates per-image metrics over batches; ``result()`` gives the means."""

    def __init__(self) -> None:
        self.sums: dict[str, float] = {}
        self.count = 0
        self.cf_predicted = 0.0
        self.cf_truth = 0.0

    def add(self, predicted_rgb: torch.Tensor, truth_rgb: torch.Tensor) -> None:
        predicted_rgb = predicted_rgb.float().clamp(0, 1)
        truth_rgb = truth_rgb.float().clamp(0, 1)
        predicted_lab, truth_lab = rgb_to_lab(predicted_rgb), rgb_to_lab(truth_rgb)
        per_image = {
            "psnr": psnr(predicted_rgb, truth_rgb),
            "ssim": ssim(predicted_rgb, truth_rgb),
            "ciede2000": ciede2000(predicted_lab, truth_lab).flatten(1).mean(dim=1),
            "a_l2": ((predicted_lab[:, 1] - truth_lab[:, 1]) ** 2).flatten(1).mean(dim=1),
            "b_l2": ((predicted_lab[:, 2] - truth_lab[:, 2]) ** 2).flatten(1).mean(dim=1),
        }
        for name, values in per_image.items():
            self.sums[name] = self.sums.get(name, 0.0) + float(values.sum())
        self.cf_predicted += float(colorfulness(predicted_rgb).sum())
        self.cf_truth += float(colorfulness(truth_rgb).sum())
        self.count += predicted_rgb.shape[0]

    def result(self) -> dict[str, float]:
        if not self.count:
            return {}
        means = {name: total / self.count for name, total in self.sums.items()}
        means["colorfulness"] = self.cf_predicted / self.count
        means["colorfulness_truth"] = self.cf_truth / self.count
        means["delta_colorfulness"] = abs(means["colorfulness"] - means["colorfulness_truth"])
        means["images"] = self.count
        return means
