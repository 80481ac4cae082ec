"""Starting a ResNet18 encoder from ImageNet weights, when torchvision has them locally."""

from __future__ import annotations

import torch

from colorizer_app.core.models import ColorizationNet
from trainer.losses import load_imagenet_weights

RESNET18_FILE = "resnet18-f37072fd.pth"
RESNET18_SHA256_PREFIX = "f37072fd"


def load_imagenet_encoder(net: ColorizationNet) -> None:
    """Fill the net's ResNet18 stages with ImageNet weights.

    The RGB first convolution becomes an L convolution (the sum of its colour
    filters, what it would see of a grey image); the hint channels start at zero.
    """
    if not hasattr(net, "resnet_modules"):
        raise ValueError(f"{type(net).__name__} has no ResNet18 encoder to initialise from ImageNet")
    state = load_imagenet_weights(RESNET18_FILE, RESNET18_SHA256_PREFIX, "--pretrained (ResNet18)")
    for name, module in net.resnet_modules().items():
        prefix = f"{name}."
        part = {key[len(prefix) :]: value for key, value in state.items() if key.startswith(prefix)}
        if name == "conv1":
            rgb = part["weight"]
            weight = torch.zeros_like(module.weight)
            weight[:, 0] = rgb.sum(dim=1)
            part["weight"] = weight
        module.load_state_dict(part)
