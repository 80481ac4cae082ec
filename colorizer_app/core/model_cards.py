"""Model cards and where models live: finding, listing and validating them, without torch.

A model is two files side by side, ``NAME.safetensors`` and ``NAME.json``. The card
says which architecture and config to build, what the model was trained on and how
well it scored. Everything here reads only the small JSON card, so listing models
(``colorizer models``, the app's model selector) needs no network code;
core/model_files.py loads, saves and imports the weights.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from colorizer_app.core.errorlog import describe_unexpected, log_failure
from colorizer_app.core.model_config import ARCHITECTURE_OPTIONS, check_config
from colorizer_app.core.small_json import SmallJsonError, read_small_json
from colorizer_app.core.user_folders import user_models_dir  # noqa: F401 (re-exported)

FORMAT_VERSION = 1
DEFAULT_MODEL_NAME = "default"
WEIGHTS_SUFFIX = ".safetensors"
CARD_SUFFIX = ".json"
MAX_CARD_BYTES = 1 << 20  # a real card is ~10 KB; a bigger one is not a model card


class ModelFileError(Exception):
    """A model file that cannot be used; the message names the file and the problem."""


class NoModelInstalledError(ModelFileError):
    """No trained model is available for the job."""


class ModelExistsError(ModelFileError):
    """Importing would replace a model of the same name (allowed only when asked)."""


@dataclass
class ModelCard:
    """What a model is and how good it is: the JSON beside the weights."""

    name: str
    architecture: str
    config: dict = field(default_factory=dict)
    description: str = ""
    training: dict = field(default_factory=dict)  # data summary, time, hardware
    metrics: dict = field(default_factory=dict)  # validation figures
    created: str = ""
    weights_sha256: str = ""
    format_version: int = FORMAT_VERSION

    @classmethod
    def from_dict(cls, data: object, source: Path) -> ModelCard:
        if not isinstance(data, dict):
            raise ModelFileError(f"{source}: the model card must be a JSON object")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ModelFileError(f"{source}: model card format_version {version!r} is not supported (this app reads {FORMAT_VERSION})")
        expected = {
            "name": str,
            "architecture": str,
            "config": dict,
            "description": str,
            "training": dict,
            "metrics": dict,
            "created": str,
            "weights_sha256": str,
        }
        for key, kind in expected.items():
            if key in ("name", "architecture") and key not in data:
                raise ModelFileError(f"{source}: the model card has no {key!r}")
            if key in data and not isinstance(data[key], kind):
                raise ModelFileError(f"{source}: {key!r} in the model card must be a {kind.__name__}")
        unknown = set(data) - set(expected) - {"format_version"}
        if unknown:
            raise ModelFileError(f"{source}: unknown field(s) in the model card: {', '.join(sorted(unknown))}")
        if data["architecture"] not in ARCHITECTURE_OPTIONS:
            raise ModelFileError(
                f"{source}: unknown architecture {data['architecture']!r} (this app knows {', '.join(sorted(ARCHITECTURE_OPTIONS))})"
            )
        try:
            check_config(data["architecture"], data.get("config", {}))
        except ValueError as error:
            raise ModelFileError(f"{source}: bad architecture config ({error})") from error
        _check_shown_facts(data, source)
        return cls(**data)

    def summary(self) -> str:
        """One line of key facts for lists and tooltips."""
        parts = [self.architecture]
        if _is_number(self.metrics.get("psnr")):
            parts.append(f"PSNR {self.metrics['psnr']:.2f} dB")
        if _is_number(self.metrics.get("delta_colorfulness")):
            parts.append(f"ΔCF {self.metrics['delta_colorfulness']:.1f}")
        if _is_number(self.training.get("images")):
            parts.append(f"trained on {self.training['images']} photos")
        if self.created:
            parts.append(self.created[:10])
        return ", ".join(parts)


# The card values the model list and the app show, with the type they must have.
_SHOWN_FACTS = (("metrics", "psnr"), ("metrics", "delta_colorfulness"), ("training", "images"))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_shown_facts(data: dict, source: Path) -> None:
    """The figures shown in the model list must be numbers, or listing would fail later."""
    for section, key in _SHOWN_FACTS:
        value = data.get(section, {}).get(key)
        if value is not None and not _is_number(value):
            raise ModelFileError(f"{source}: {section}.{key} in the model card must be a number, not {str(value)[:40]!r}")


@dataclass
class ModelEntry:
    """A model found on disk (not yet loaded)."""

    name: str
    origin: str  # "built-in", "user" or "file"
    weights_path: Path
    card_path: Path
    card: ModelCard


def resources_dir() -> Path:
    """The app's shipped resources: beside the package in a checkout, inside the bundle when frozen."""
    override = os.environ.get("COLORIZER_RESOURCES")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def builtin_models_dir() -> Path:
    return resources_dir() / "models"


def read_entry(weights_or_card: str | os.PathLike, origin: str = "file") -> ModelEntry:
    """Find the weights/card pair for either file and validate the card."""
    path = Path(weights_or_card)
    weights_path = path.with_suffix(WEIGHTS_SUFFIX)
    card_path = path.with_suffix(CARD_SUFFIX)
    if path.suffix not in (WEIGHTS_SUFFIX, CARD_SUFFIX):
        raise ModelFileError(f"{path}: a model is a {WEIGHTS_SUFFIX} file with its {CARD_SUFFIX} card")
    for needed in (weights_path, card_path):
        if not needed.is_file():
            raise ModelFileError(f"{needed}: missing (a model needs both {weights_path.name} and {card_path.name})")
    card = ModelCard.from_dict(_read_card_json(card_path), card_path)
    return ModelEntry(card.name, origin, weights_path, card_path, card)


def _read_card_json(card_path: Path) -> object:
    """The card's JSON, or ModelFileError for anything that is not a small, sane JSON file."""
    try:
        return read_small_json(card_path, MAX_CARD_BYTES, "model card")
    except SmallJsonError as error:
        raise ModelFileError(f"{card_path}: {error}") from error


def list_models() -> list[ModelEntry]:
    """Built-in models, then the user's; unreadable user files are skipped (see ``broken_models``)."""
    entries, _ = _scan_models()
    return entries


def broken_models() -> list[str]:
    """Messages for model files in the model folders that cannot be used."""
    _, problems = _scan_models()
    return problems


def _scan_models() -> tuple[list[ModelEntry], list[str]]:
    entries: list[ModelEntry] = []
    problems: list[str] = []
    for origin, folder in (("built-in", builtin_models_dir()), ("user", user_models_dir())):
        if not folder.is_dir():
            continue
        for weights in sorted(folder.glob(f"*{WEIGHTS_SUFFIX}")):
            try:
                entries.append(read_entry(weights, origin))
            except ModelFileError as error:
                problems.append(str(error))
            except Exception as error:  # noqa: BLE001 (one bad file must never stop the list, nor the app)
                log_failure(f"reading model {weights}", error)
                problems.append(f"{weights}: {describe_unexpected(error)}")
    return entries, problems


def find_model(spec: str | None = None) -> ModelEntry:
    """A model by name (built-in first, then user) or by path; None means the default model."""
    name = spec or DEFAULT_MODEL_NAME
    if spec and (Path(spec).suffix in (WEIGHTS_SUFFIX, CARD_SUFFIX) or os.sep in spec):
        return read_entry(spec)
    for entry in list_models():
        if entry.name == name or entry.weights_path.stem == name:
            return entry
    if spec is None:
        raise NoModelInstalledError(
            "No trained model is installed: Colorizer ships without weights until its default model "
            f"is trained. Train one with `colorizer train`, or pass --model PATH.safetensors. "
            f"(Looked in {builtin_models_dir()} and {user_models_dir()}.)"
        )
    known = ", ".join(entry.name for entry in list_models()) or "none installed"
    raise ModelFileError(f"no model named {name!r} (known models: {known})")


def safe_file_stem(name: str) -> str:
    """A safe file name for a model name."""
    stem = "".join(character if character.isalnum() or character in "-_." else "-" for character in name).strip(".-")
    return stem or "model"
