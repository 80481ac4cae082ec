"""A U-Net on an ImageNet-trained encoder: EfficientNet-Lite0 or -Lite2 (Tan & Le 2019, Apache-2.0).

Why: a network that must learn what things are from 18k photos on 2 cores paints
plausible but wrong colours; one whose encoder already knows ImageNet's objects does
not have to. Lite0 is the CPU-friendly EfficientNet (ReLU6, no squeeze-excitation),
4.7M weights with a 1280-channel head we do not use. Lite2 is the same design wider and
deeper (ImageNet top-1 77.6% against 75.1%), offered to measure whether a stronger encoder pays
(issue 23); the shipped default is Lite0.

The encoder's layout and parameter names follow the EfficientNet-PyTorch checkpoint
(without leading underscores) so the ImageNet weights load directly
(``trainer/pretrained.py``). Strided convolutions use TensorFlow's "same" padding, as
the weights were trained with. The RGB stem becomes an L stem (the sum of its colour
filters); the hint channels enter the stem too, starting at zero.

Decoder: skips at 1/4, 1/8, 1/16 and 1/32 (after blocks 2, 4, 10 and 15), narrow
convolutions back to 1/4, where the head predicts ab as the other models do. The
user's hints also reach the decoder through a small strided path of their own, so
they work when the encoder is kept frozen. With ``hint_spread`` a hint's colour is also
carried over the region it falls in (``hint_spread.py``), matched on the encoder's 1/8 and
1/16 features: what a thing is, not what colour the decoder is about to give it (matching on
the decoder's features let a warm pin on a wall turn a face warm too).
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional

from colorizer_app.core.models.base import INPUT_CHANNELS, ColorizationNet, conv_block
from colorizer_app.core.models.hint_spread import HintSpread

# (repeats, kernel, stride, expansion, output channels) of EfficientNet-Lite0's stages
LITE0_STAGES = (
    (1, 3, 1, 1, 16),
    (2, 3, 2, 6, 24),
    (2, 5, 2, 6, 40),
    (3, 3, 2, 6, 80),
    (3, 5, 1, 6, 112),
    (4, 5, 2, 6, 192),
    (1, 3, 1, 6, 320),
)
# Lite2: width x1.1 and depth x1.2, stem and first and last stages kept (as its checkpoint has them)
LITE2_STAGES = (
    (1, 3, 1, 1, 16),
    (3, 3, 2, 6, 24),
    (3, 5, 2, 6, 48),
    (4, 3, 2, 6, 88),
    (4, 5, 1, 6, 120),
    (5, 5, 2, 6, 208),
    (1, 3, 1, 6, 352),
)


def _last_blocks(stages: tuple) -> list[int]:
    """Index of each stage's last block."""
    ends, count = [], 0
    for repeats, *_ in stages:
        count += repeats
        ends.append(count - 1)
    return ends


def _skip_blocks(stages: tuple) -> tuple[int, int, int, int]:
    """The last block at 1/4, 1/8, 1/16 and 1/32 (stages 1, 2, 4 and 6 end there)."""
    ends = _last_blocks(stages)
    return ends[1], ends[2], ends[4], ends[6]


HINT_WIDTH = 16  # a small hint path into the decoder: hints work even with the encoder frozen
BN_EPS = 1e-3
BN_MOMENTUM = 0.01


class SamePadConv(nn.Conv2d):
    """Convolution with TensorFlow's "same" padding (asymmetric for even inputs at stride 2)."""

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        height, width = features.shape[-2:]
        stride, kernel = self.stride[0], self.kernel_size[0]
        pad_h = max((math.ceil(height / stride) - 1) * stride + kernel - height, 0)
        pad_w = max((math.ceil(width / stride) - 1) * stride + kernel - width, 0)
        if pad_h or pad_w:
            features = functional.pad(features, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2))
        return super().forward(features)


def _batch_norm(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


class MBConvBlock(nn.Module):
    """Inverted residual: 1x1 expand, depthwise kxk, 1x1 project; a shortcut when shapes allow."""

    def __init__(self, in_channels: int, out_channels: int, kernel: int, stride: int, expansion: int) -> None:
        super().__init__()
        hidden = in_channels * expansion
        self.expand_conv = nn.Conv2d(in_channels, hidden, 1, bias=False) if expansion != 1 else None
        self.bn0 = _batch_norm(hidden) if expansion != 1 else None
        self.depthwise_conv = SamePadConv(hidden, hidden, kernel, stride=stride, groups=hidden, bias=False)
        self.bn1 = _batch_norm(hidden)
        self.project_conv = nn.Conv2d(hidden, out_channels, 1, bias=False)
        self.bn2 = _batch_norm(out_channels)
        self.residual = stride == 1 and in_channels == out_channels

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        features = inputs
        if self.expand_conv is not None:
            features = functional.relu6(self.bn0(self.expand_conv(features)))
        features = functional.relu6(self.bn1(self.depthwise_conv(features)))
        features = self.bn2(self.project_conv(features))
        return features + inputs if self.residual else features


class _Up(nn.Module):
    """Upsample x2 to the skip's size, concatenate it, mix with a 3x3 convolution."""

    def __init__(self, in_channels: int, skip_channels: int, out_channels: int) -> None:
        super().__init__()
        self.mix = conv_block(in_channels + skip_channels, out_channels)

    def forward(self, features: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        features = functional.interpolate(features, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.mix(torch.cat((features, skip), dim=1))


class UNetEfficientNetLite0(ColorizationNet):
    """EfficientNet-Lite0 encoder (blocks 0-15, no head) with a narrow U-Net decoder to 1/4."""

    output_stride = 4
    input_multiple = 32
    stages = LITE0_STAGES

    def __init__(self, decoder_width: int = 64, hint_spread: bool = False, **head_options) -> None:
        super().__init__(decoder_width, **head_options)
        self.conv_stem = SamePadConv(INPUT_CHANNELS, 32, 3, stride=2, bias=False)
        self.bn0 = _batch_norm(32)
        blocks = []
        channels = 32
        for repeats, kernel, stride, expansion, out_channels in self.stages:
            for repeat in range(repeats):
                blocks.append(MBConvBlock(channels, out_channels, kernel, stride if repeat == 0 else 1, expansion))
                channels = out_channels
        self.blocks = nn.ModuleList(blocks)
        self.skip_blocks = _skip_blocks(self.stages)
        self.upper_first_block = _last_blocks(self.stages)[4] + 1  # the "upper" encoder: the 1/32 stages
        skip_channels = [self.blocks[index].bn2.num_features for index in self.skip_blocks]
        width, hint_width = decoder_width, HINT_WIDTH
        self.hints_to_quarter = nn.Sequential(
            conv_block(INPUT_CHANNELS - 1, hint_width, stride=2), conv_block(hint_width, hint_width, stride=2)
        )
        self.hints_to_eighth = conv_block(hint_width, hint_width, stride=2)
        self.hints_to_sixteenth = conv_block(hint_width, hint_width, stride=2)
        self.up16 = _Up(skip_channels[3], skip_channels[2] + hint_width, width * 2)
        self.up8 = _Up(width * 2, skip_channels[1] + hint_width, width * 2)
        self.up4 = _Up(width * 2, skip_channels[0] + hint_width, width)
        self.refine = conv_block(width, width)
        match_channels = skip_channels[1] + skip_channels[2]  # the encoder at 1/8 and 1/16
        self.hint_spread = HintSpread(match_channels, width) if hint_spread else None

    def encoder_parameters(self, part: str) -> list[nn.Parameter]:
        """The encoder's parameters: "lower" (stem to 1/16), "upper" (the 1/32 stages) or "all"."""
        lower = [*self.conv_stem.parameters(), *self.bn0.parameters()]
        upper = []
        for index, block in enumerate(self.blocks):
            (upper if index >= self.upper_first_block else lower).extend(block.parameters())
        return {"lower": lower, "upper": upper, "all": lower + upper}[part]

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        features = functional.relu6(self.bn0(self.conv_stem(model_input)))
        skips = []
        for index, block in enumerate(self.blocks):
            features = block(features)
            if index in self.skip_blocks:
                skips.append(features)
        quarter, eighth, sixteenth, thirty_second = skips
        hints_quarter = self.hints_to_quarter(model_input[:, 1:])
        hints_eighth = self.hints_to_eighth(hints_quarter)
        hints_sixteenth = self.hints_to_sixteenth(hints_eighth)
        features = self.up16(thirty_second, torch.cat((sixteenth, hints_sixteenth), dim=1))
        features = self.up8(features, torch.cat((eighth, hints_eighth), dim=1))
        features = self.up4(features, torch.cat((quarter, hints_quarter), dim=1))
        if self.hint_spread is not None:
            what_is_there = torch.cat((eighth, functional.interpolate(sixteenth, size=eighth.shape[-2:], mode="nearest")), dim=1)
            features = self.hint_spread(features, what_is_there, model_input[:, 1:3], model_input[:, 3:4])
        return self.refine(features)


class UNetEfficientNetLite2(UNetEfficientNetLite0):
    """The same U-Net on EfficientNet-Lite2's encoder (blocks 0-20): a stronger, slower start."""

    stages = LITE2_STAGES
