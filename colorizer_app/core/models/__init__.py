"""Network architectures, looked up by the name a model card gives."""

from __future__ import annotations

import inspect
import math

from colorizer_app.core.color import AB_LIMIT
from colorizer_app.core.models.base import HEADS, ColorizationNet, make_model_input
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


# What a model card's config may hold. Every option of every architecture has a range
# here (check_config refuses an option without one), so a card can never ask for a
# network that allocates gigabytes, divides by zero or reads out garbage.
WIDTH_RANGE = (4, 512)
TEMPERATURE_RANGE = (0.01, 10.0)  # the annealed-mean readout divides by it
BINS_COUNT_RANGE = (2, 1024)
DILATION_RANGE = (1, 32)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {_short(value)}")


def _check_width(name: str, value: object) -> None:
    _check_int(name, value, *WIDTH_RANGE)


def _check_dilations(name: str, value: object, min_count: int) -> None:
    if not isinstance(value, (list, tuple)) or not min_count <= len(value) <= 16:
        raise ValueError(f"{name} must be a list of {min_count} to 16 dilations, not {_short(value)}")
    for dilation in value:
        _check_int(f"each of {name}", dilation, *DILATION_RANGE)


def _check_head(name: str, value: object) -> None:
    if value not in HEADS:
        raise ValueError(f"head must be one of {', '.join(HEADS)}, not {_short(value)}")


def _check_temperature(name: str, value: object) -> None:
    low, high = TEMPERATURE_RANGE
    if not _is_number(value) or not low <= value <= high:
        raise ValueError(f"temperature must be a number from {low} to {high}, not {_short(value)}")


def _check_bins(name: str, value: object) -> None:
    low, high = BINS_COUNT_RANGE
    if not isinstance(value, list) or not low <= len(value) <= high:
        raise ValueError(f"bins must be a list of {low} to {high} [a, b] bin centres")
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2 or not all(_is_number(v) and abs(v) <= AB_LIMIT for v in pair):
            raise ValueError(f"each bin must be an [a, b] pair of numbers from -{AB_LIMIT:g} to {AB_LIMIT:g}, not {_short(pair)}")


_OPTION_CHECKS = {
    "width": _check_width,
    "decoder_width": _check_width,
    "dilations": lambda name, value: _check_dilations(name, value, 1),
    "context_dilations": lambda name, value: _check_dilations(name, value, 0),
    "head": _check_head,
    "temperature": _check_temperature,
    "bins": _check_bins,
}


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_config(architecture: str, config: dict) -> None:
    """Refuse any config value outside the architecture's allowed range (ValueError naming it)."""
    if architecture not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {architecture!r}; known: {', '.join(sorted(ARCHITECTURES))}")
    if not isinstance(config, dict):
        raise ValueError("the config must be an object of options")
    unknown = set(config) - allowed_options(architecture)
    if unknown:
        raise ValueError(f"architecture {architecture!r} has no option(s) {', '.join(sorted(map(str, unknown)))}")
    for name, value in config.items():
        check = _OPTION_CHECKS.get(name)
        if check is None:
            raise ValueError(f"option {name!r} of {architecture!r} has no known range, so it cannot be checked")
        check(name, value)
    classification = config.get("head", "regression") == "classification"
    if classification and "bins" not in config:
        raise ValueError("a classification head needs 'bins': a list of [a, b] bin centres")
    if not classification and "bins" in config:
        raise ValueError("'bins' are only for a classification head")


def build_model(architecture: str, config: dict | None = None) -> ColorizationNet:
    """Build an architecture by name; unknown names, options or values out of range raise ValueError naming them."""
    config = dict(config or {})
    check_config(architecture, config)
    for key in ("dilations", "context_dilations"):
        if key in config:
            config[key] = tuple(config[key])
    return ARCHITECTURES[architecture](**config)


__all__ = ["ARCHITECTURES", "DEFAULT_ARCHITECTURE", "ColorizationNet", "build_model", "check_config", "make_model_input", "allowed_options"]
