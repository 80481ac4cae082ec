"""The project's own architecture: a ResNet18 encoder U-Net whose decoder stops at 1/4.

Chroma is low-frequency, so predicting ab at 1/4 resolution and upsampling it loses
little and is about 7x cheaper than a full-resolution decoder (measured on the 2-core
development CPU when this architecture was chosen; see docs/MODELS.md).
ResNet18's last stage (8.4M of its 11.2M weights) is replaced by dilated residual
blocks at 1/16: the same reach over the photo, and the fp16 weights file stays
under the project's 20 MiB limit.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional

from colorizer_app.core.models.base import INPUT_CHANNELS, ColorizationNet, conv_block


class _UpStage(nn.Module):
    """Upsample x2, join the encoder's skip features, mix with two convolutions."""

    def __init__(self, in_channels: int, skip_channels: int, out_channels: int) -> None:
        super().__init__()
        self.mix = nn.Sequential(conv_block(in_channels + skip_channels, out_channels), conv_block(out_channels, out_channels))

    def forward(self, features: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        features = functional.interpolate(features, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.mix(torch.cat((features, skip), dim=1))


class _DilatedResidual(nn.Module):
    """Two dilated 3x3 convolutions with a shortcut: wide context without downsampling."""

    def __init__(self, channels: int, dilation: int) -> None:
        super().__init__()
        self.convs = nn.Sequential(
            conv_block(channels, channels, dilation=dilation),
            nn.Conv2d(channels, channels, 3, padding=dilation, dilation=dilation, bias=False),
            nn.BatchNorm2d(channels),
        )

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return functional.relu(features + self.convs(features))


class UNetResNet18(ColorizationNet):
    """ResNet18 encoder (4-channel stem, stages 1-3), dilated context at 1/16, U-Net decoder to 1/4."""

    output_stride = 4
    input_multiple = 16

    def __init__(self, decoder_width: int = 128, context_dilations: tuple[int, ...] = (2, 4), **head_options) -> None:
        super().__init__(decoder_width, **head_options)
        from torchvision.models import resnet18  # here: importing torchvision costs ~1 s at start-up

        trunk = resnet18(weights=None)
        trunk.conv1 = nn.Conv2d(INPUT_CHANNELS, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.stem = nn.Sequential(trunk.conv1, trunk.bn1, trunk.relu, trunk.maxpool)
        self.layer1, self.layer2, self.layer3 = trunk.layer1, trunk.layer2, trunk.layer3
        self.context = nn.Sequential(*(_DilatedResidual(256, dilation) for dilation in context_dilations))
        width = decoder_width
        self.up2 = _UpStage(256, 128, width * 2)
        self.up1 = _UpStage(width * 2, 64, width)

    def resnet_modules(self) -> dict[str, nn.Module]:
        """Our modules under torchvision's ResNet18 names, for loading ImageNet weights."""
        conv1, bn1 = self.stem[0], self.stem[1]
        return {"conv1": conv1, "bn1": bn1, "layer1": self.layer1, "layer2": self.layer2, "layer3": self.layer3}

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        quarter = self.layer1(self.stem(model_input))
        eighth = self.layer2(quarter)
        features = self.context(self.layer3(eighth))
        features = self.up2(features, eighth)
        return self.up1(features, quarter)
