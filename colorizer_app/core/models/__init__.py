"""Network architectures, looked up by the name a model card gives."""

from __future__ import annotations

import inspect

from colorizer_app.core.models.base import ColorizationNet, make_model_input
from colorizer_app.core.models.efficientnet_lite import UNetEfficientNetLite0
from colorizer_app.core.models.fast import FastUNet
from colorizer_app.core.models.seeds import ConstantResolutionNet, GANGenerator, PlainCNN, ResNet18EncoderDecoder
from colorizer_app.core.models.unet import UNetResNet18

ARCHITECTURES: dict[str, type[ColorizationNet]] = {
    "unet_resnet18": UNetResNet18,
    "unet_efficientnet_lite0": UNetEfficientNetLite0,
    "fast_unet": FastUNet,
    "plain_cnn": PlainCNN,
    "resnet18_encoder_decoder": ResNet18EncoderDecoder,
    "constant_resolution": ConstantResolutionNet,
    "gan_generator": GANGenerator,
}

DEFAULT_ARCHITECTURE = "unet_resnet18"

_HEAD_OPTIONS = {"head", "bins", "temperature"}


def allowed_options(architecture: str) -> set[str]:
    """Config keys an architecture accepts (its own plus the output head's)."""
    signature = inspect.signature(ARCHITECTURES[architecture].__init__)
    own = {name for name, parameter in signature.parameters.items() if parameter.kind is parameter.POSITIONAL_OR_KEYWORD}
    return (own - {"self"}) | _HEAD_OPTIONS


def build_model(architecture: str, config: dict | None = None) -> ColorizationNet:
    """Build an architecture by name; unknown names or options raise ValueError naming them."""
    if architecture not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {architecture!r}; known: {', '.join(sorted(ARCHITECTURES))}")
    config = dict(config or {})
    unknown = set(config) - allowed_options(architecture)
    if unknown:
        raise ValueError(f"architecture {architecture!r} has no option(s) {', '.join(sorted(unknown))}")
    for key in ("dilations", "context_dilations"):
        if key in config:
            config[key] = tuple(config[key])
    return ARCHITECTURES[architecture](**config)


__all__ = ["ARCHITECTURES", "DEFAULT_ARCHITECTURE", "ColorizationNet", "build_model", "make_model_input", "allowed_options"]
