"""The architectures inherited from earlier projects, kept so users can train and compare them.

All predict ab at full resolution from the same 4-channel input as the default model.
"""

from __future__ import annotations

import torch
from torch import nn

from colorizer_app.core.models.base import INPUT_CHANNELS, ColorizationNet, conv_block


class PlainCNN(ColorizationNet):
    """A plain strided encoder and transposed-convolution decoder (the sepia-prone L2 baseline)."""

    input_multiple = 8

    def __init__(self, width: int = 32, **head_options) -> None:
        super().__init__(width, **head_options)
        self.encoder = nn.Sequential(
            conv_block(INPUT_CHANNELS, width, stride=2),
            conv_block(width, width * 2, stride=2),
            conv_block(width * 2, width * 4, stride=2),
            conv_block(width * 4, width * 4),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(width * 4, width * 2, 4, stride=2, padding=1),
            nn.ReLU(inplace=True),
            nn.ConvTranspose2d(width * 2, width, 4, stride=2, padding=1),
            nn.ReLU(inplace=True),
            nn.ConvTranspose2d(width, width, 4, stride=2, padding=1),
            nn.ReLU(inplace=True),
        )

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(model_input))


class ResNet18EncoderDecoder(ColorizationNet):
    """torchvision's ResNet18 as encoder, a plain upsampling decoder to full resolution (no skips)."""

    input_multiple = 32

    def __init__(self, width: int = 32, **head_options) -> None:
        super().__init__(width, **head_options)
        from torchvision.models import resnet18  # here: importing torchvision costs ~1 s at start-up

        trunk = resnet18(weights=None)
        trunk.conv1 = nn.Conv2d(INPUT_CHANNELS, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.encoder = nn.Sequential(*list(trunk.children())[:-2])
        widths = [512, 256, 128, 64, width * 2, width]
        stages = []
        for in_channels, out_channels in zip(widths[:-1], widths[1:], strict=True):
            stages += [nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), conv_block(in_channels, out_channels)]
        self.decoder = nn.Sequential(*stages)

    def resnet_modules(self) -> dict[str, nn.Module]:
        """Our modules under torchvision's ResNet18 names, for loading ImageNet weights."""
        names = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"]
        return {name: module for name, module in zip(names, self.encoder, strict=True) if name not in ("relu", "maxpool")}

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(model_input))


class ConstantResolutionNet(ColorizationNet):
    """A shallow net that never downsamples; dilations widen what each pixel sees."""

    def __init__(self, width: int = 64, dilations: tuple[int, ...] = (1, 2, 4, 8, 1), **head_options) -> None:
        super().__init__(width, **head_options)
        layers = [conv_block(INPUT_CHANNELS, width)]
        layers += [conv_block(width, width, dilation=dilation) for dilation in dilations]
        self.layers = nn.Sequential(*layers)

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        return self.layers(model_input)


class GANGenerator(ColorizationNet):
    """The GAN's autoencoder generator (a small U-Net); the trainer pairs it with a PatchGAN critic."""

    input_multiple = 8

    def __init__(self, width: int = 32, **head_options) -> None:
        super().__init__(width, **head_options)
        self.down1 = conv_block(INPUT_CHANNELS, width, stride=2)
        self.down2 = conv_block(width, width * 2, stride=2)
        self.down3 = conv_block(width * 2, width * 4, stride=2)
        self.bottleneck = conv_block(width * 4, width * 4)
        self.up3 = self._up(width * 8, width * 2)
        self.up2 = self._up(width * 4, width)
        self.up1 = self._up(width * 2, width)

    @staticmethod
    def _up(in_channels: int, out_channels: int) -> nn.Sequential:
        return nn.Sequential(
            nn.ConvTranspose2d(in_channels, out_channels, 4, stride=2, padding=1), nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True)
        )

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        half = self.down1(model_input)
        quarter = self.down2(half)
        eighth = self.down3(quarter)
        features = self.bottleneck(eighth)
        features = self.up3(torch.cat((features, eighth), dim=1))
        features = self.up2(torch.cat((features, quarter), dim=1))
        return self.up1(torch.cat((features, half), dim=1))
