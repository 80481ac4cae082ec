"""The critic of the adversarial loss: a PatchGAN that judges (L, ab) patches real or fake."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional

from colorizer_app.core.color import AB_LIMIT


class PatchDiscriminator(nn.Module):
    """Three strided 4x4 convolutions and a 1-channel map of per-patch real/fake logits."""

    def __init__(self, width: int = 64) -> None:
        super().__init__()

        def block(in_channels: int, out_channels: int, stride: int, norm: bool = True) -> list[nn.Module]:
            layers: list[nn.Module] = [nn.Conv2d(in_channels, out_channels, 4, stride=stride, padding=1)]
            if norm:
                layers.append(nn.InstanceNorm2d(out_channels, affine=True))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers

        self.layers = nn.Sequential(
            *block(3, width, 2, norm=False),
            *block(width, width * 2, 2),
            *block(width * 2, width * 4, 1),
            nn.Conv2d(width * 4, 1, 4, padding=1),
        )

    def forward(self, lightness: torch.Tensor, ab: torch.Tensor) -> torch.Tensor:
        return self.layers(torch.cat((lightness / 50 - 1, ab / AB_LIMIT), dim=1))


def generator_loss(critic: PatchDiscriminator, lightness: torch.Tensor, fake_ab: torch.Tensor) -> torch.Tensor:
    logits = critic(lightness, fake_ab)
    return functional.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))


def critic_loss(critic: PatchDiscriminator, lightness: torch.Tensor, real_ab: torch.Tensor, fake_ab: torch.Tensor) -> torch.Tensor:
    real = critic(lightness, real_ab)
    fake = critic(lightness, fake_ab.detach())
    return (
        functional.binary_cross_entropy_with_logits(real, torch.ones_like(real))
        + functional.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
    ) / 2
