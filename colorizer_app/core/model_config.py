"""What a model card's architecture config may hold, checked without importing torch.

Listing models (``colorizer models``, the app's model selector) reads every card; doing
that without the network code keeps those quick. Every option of every architecture
has a range here (check_config refuses an option without one), so a card can never
ask for a network that allocates gigabytes, divides by zero or reads out garbage.
tests/engine/models/test_model_cards.py checks these names against the architectures' signatures.
"""

from __future__ import annotations

import math

# The options each architecture's constructor takes (besides the output head's).
ARCHITECTURE_OPTIONS: dict[str, frozenset[str]] = {
    "unet_resnet18": frozenset({"decoder_width", "context_dilations"}),
    "unet_efficientnet_lite0": frozenset({"decoder_width", "hint_spread"}),
    "unet_efficientnet_lite2": frozenset({"decoder_width", "hint_spread"}),
    "fast_unet": frozenset({"width"}),
    "plain_cnn": frozenset({"width"}),
    "resnet18_encoder_decoder": frozenset({"width"}),
    "constant_resolution": frozenset({"width", "dilations"}),
    "gan_generator": frozenset({"width"}),
}
ARCHITECTURE_NAMES = tuple(ARCHITECTURE_OPTIONS)
# what `colorizer train` builds without --arch (the shipped default model is another: ui/train/choices.py)
DEFAULT_TRAIN_ARCHITECTURE = "unet_resnet18"
HEAD_KINDS = ("regression", "classification")
HEAD_OPTIONS = frozenset({"head", "bins", "temperature", "readout_offsets", "chroma_gain", "uncertain_fade", "view_scale"})
BIN_LIMIT = 110.0  # |a|, |b| of any bin centre: colour.AB_LIMIT (in-gamut sRGB stays inside)

WIDTH_RANGE = (4, 512)
TEMPERATURE_RANGE = (0.01, 10.0)  # the annealed-mean readout divides by it
OFFSET_LIMIT = 30.0  # a logit offset beyond this would switch a colour off or on outright
CHROMA_GAIN_RANGE = (0.5, 2.0)
VIEW_SCALE_RANGE = (0.5, 2.0)  # at 2 the network does 4 times the work
BINS_COUNT_RANGE = (2, 1024)
DILATION_RANGE = (1, 32)


def allowed_options(architecture: str) -> set[str]:
    """Config keys an architecture accepts (its own plus the output head's)."""
    return set(ARCHITECTURE_OPTIONS[architecture] | HEAD_OPTIONS)


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
    if value not in HEAD_KINDS:
        raise ValueError(f"head must be one of {', '.join(HEAD_KINDS)}, not {_short(value)}")


def _check_temperature(name: str, value: object) -> None:
    low, high = TEMPERATURE_RANGE
    if not _is_number(value) or not low <= value <= high:
        raise ValueError(f"temperature must be a number from {low} to {high}, not {_short(value)}")


def _check_readout_offsets(name: str, value: object) -> None:
    if not isinstance(value, list) or not all(_is_number(v) and abs(v) <= OFFSET_LIMIT for v in value):
        raise ValueError(f"readout_offsets must be a list of numbers from -{OFFSET_LIMIT:g} to {OFFSET_LIMIT:g}, one per bin")


def _check_chroma_gain(name: str, value: object) -> None:
    low, high = CHROMA_GAIN_RANGE
    if not _is_number(value) or not low <= value <= high:
        raise ValueError(f"chroma_gain must be a number from {low} to {high}, not {_short(value)}")


def _check_view_scale(name: str, value: object) -> None:
    low, high = VIEW_SCALE_RANGE
    if not _is_number(value) or not low <= value <= high:
        raise ValueError(f"view_scale must be a number from {low} to {high}, not {_short(value)}")


def _check_uncertain_fade(name: str, value: object) -> None:
    if not isinstance(value, list) or len(value) != 3 or not all(_is_number(v) and 0 <= v <= 1 for v in value) or not value[0] < value[1]:
        raise ValueError(f"uncertain_fade must be [start, end, strength]: numbers from 0 to 1 with start < end, not {_short(value)}")


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, not {_short(value)}")


def _check_bins(name: str, value: object) -> None:
    low, high = BINS_COUNT_RANGE
    if not isinstance(value, list) or not low <= len(value) <= high:
        raise ValueError(f"bins must be a list of {low} to {high} [a, b] bin centres")
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2 or not all(_is_number(v) and abs(v) <= BIN_LIMIT for v in pair):
            raise ValueError(f"each bin must be an [a, b] pair of numbers from -{BIN_LIMIT:g} to {BIN_LIMIT:g}, not {_short(pair)}")


_OPTION_CHECKS = {
    "width": _check_width,
    "decoder_width": _check_width,
    "dilations": lambda name, value: _check_dilations(name, value, 1),
    "context_dilations": lambda name, value: _check_dilations(name, value, 0),
    "head": _check_head,
    "temperature": _check_temperature,
    "bins": _check_bins,
    "readout_offsets": _check_readout_offsets,
    "chroma_gain": _check_chroma_gain,
    "uncertain_fade": _check_uncertain_fade,
    "view_scale": _check_view_scale,
    "hint_spread": _check_flag,
}


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_config(architecture: str, config: dict) -> None:
    """Refuse any config value outside the architecture's allowed range (ValueError naming it)."""
    if architecture not in ARCHITECTURE_OPTIONS:
        raise ValueError(f"unknown architecture {architecture!r}; known: {', '.join(sorted(ARCHITECTURE_OPTIONS))}")
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
    offsets, bins = config.get("readout_offsets"), config.get("bins")
    if offsets is not None and (bins is None or len(offsets) != len(bins)):
        raise ValueError(f"readout_offsets must have one value per bin ({len(bins or [])}), not {len(offsets)}")
    classification = config.get("head", "regression") == "classification"
    if classification and "bins" not in config:
        raise ValueError("a classification head needs 'bins': a list of [a, b] bin centres")
    if not classification and "bins" in config:
        raise ValueError("'bins' are only for a classification head")
