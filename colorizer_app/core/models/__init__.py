"""Network architectures, looked up by the name a model card gives."""

from __future__ import annotations

from colorizer_app.core.model_config import DEFAULT_TRAIN_ARCHITECTURE, allowed_options, check_config
from colorizer_app.core.models.base import ColorizationNet, make_model_input
from colorizer_app.core.models.efficientnet_lite import UNetEfficientNetLite0, UNetEfficientNetLite2
from colorizer_app.core.models.fast import FastUNet
from colorizer_app.core.models.seeds import ConstantResolutionNet, GANGenerator, PlainCNN, ResNet18EncoderDecoder
from colorizer_app.core.models.unet import UNetResNet18

ARCHITECTURES: dict[str, type[ColorizationNet]] = {
    "unet_resnet18": UNetResNet18,
    "unet_efficientnet_lite0": UNetEfficientNetLite0,
    "unet_efficientnet_lite2": UNetEfficientNetLite2,
    "fast_unet": FastUNet,
    "plain_cnn": PlainCNN,
    "resnet18_encoder_decoder": ResNet18EncoderDecoder,
    "constant_resolution": ConstantResolutionNet,
    "gan_generator": GANGenerator,
}


def build_model(architecture: str, config: dict | None = None) -> ColorizationNet:
    """Build an architecture by name; unknown names, options or values out of range raise ValueError naming them."""
    config = dict(config or {})
    check_config(architecture, config)
    for key in ("dilations", "context_dilations"):
        if key in config:
            config[key] = tuple(config[key])
    return ARCHITECTURES[architecture](**config)


__all__ = [
    "ARCHITECTURES",
    "DEFAULT_TRAIN_ARCHITECTURE",
    "ColorizationNet",
    "build_model",
    "check_config",
    "make_model_input",
    "allowed_options",
]
