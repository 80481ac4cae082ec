"""A small U-Net for slow computers and huge batches: the ``fast`` model.

Same input and head as the default model and the same 1/4-resolution output, but
plain narrow convolutions instead of ResNet18: about a tenth of the default's
compute per pixel. It reaches 1/16 of the photo for context, like the default.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional

from colorizer_app.core.models.base import INPUT_CHANNELS, ColorizationNet, conv_block


class FastUNet(ColorizationNet):
    """Encoder at 1/2, 1/4, 1/8, 1/16 (widths w, 2w, 4w, 8w), dilated context, decoder back to 1/4."""

    output_stride = 4
    input_multiple = 16

    def __init__(self, width: int = 24, **head_options) -> None:
        super().__init__(width * 2, **head_options)
        self.to_half = conv_block(INPUT_CHANNELS, width, stride=2)
        self.to_quarter = nn.Sequential(conv_block(width, width * 2, stride=2), conv_block(width * 2, width * 2))
        self.to_eighth = nn.Sequential(conv_block(width * 2, width * 4, stride=2), conv_block(width * 4, width * 4))
        self.to_sixteenth = nn.Sequential(
            conv_block(width * 4, width * 8, stride=2),
            conv_block(width * 8, width * 8, dilation=2),
            conv_block(width * 8, width * 8, dilation=4),
        )
        self.up_eighth = conv_block(width * 8 + width * 4, width * 4)
        self.up_quarter = conv_block(width * 4 + width * 2, width * 2)

    @staticmethod
    def _join(features: torch.Tensor, skip: torch.Tensor, mix: nn.Module) -> torch.Tensor:
        features = functional.interpolate(features, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return mix(torch.cat((features, skip), dim=1))

    def body(self, model_input: torch.Tensor) -> torch.Tensor:
        quarter = self.to_quarter(self.to_half(model_input))
        eighth = self.to_eighth(quarter)
        features = self.to_sixteenth(eighth)
        features = self._join(features, eighth, self.up_eighth)
        return self._join(features, quarter, self.up_quarter)
