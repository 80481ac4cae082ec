"""Model cards and where models live: finding, listing and validating them, without torch.

A model is two files side by side, ``NAME.safetensors`` and ``NAME.json``. The card
says which architecture and config to build, what the model was trained on and how
well it scored. Everything here reads only the small JSON card, so listing models
(``colorizer models``, the app's model selector) needs no network code;
core/model_files.py loads, saves and imports the weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
import struct
import sys
import unicodedata
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
        data = _without_control_characters(data)
        if not data["name"]:
            raise ModelFileError(f"{source}: the model card's name is empty")
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


# Bidirectional overrides reorder what a terminal or a label shows; like escape codes and
# newlines, a card's text has no use for them.
_HIDDEN_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _plain(text: str) -> str:
    """``text`` without control characters (a newline or tab becomes a space)."""
    text = "".join(" " if character in "\n\r\t" else character for character in text)
    return "".join(character for character in text if unicodedata.category(character) != "Cc" and character not in _HIDDEN_CONTROLS).strip()


def _without_control_characters(value):
    """A card's strings as they are shown (the list, the window, ``colorizer models``): escape
    codes, newlines and direction overrides are dropped when the card is read."""
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, dict):
        return {key: _without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_control_characters(item) for item in value]
    return value


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
        what = _not_a_file(needed)
        if what:
            raise ModelFileError(f"{needed}: {what} (a model needs both {weights_path.name} and {card_path.name} as files)")
    card = ModelCard.from_dict(_read_card_json(card_path), card_path)
    return ModelEntry(card.name, origin, weights_path, card_path, card)


def _not_a_file(path: Path) -> str:
    """ "" for a regular file (or a link to one), else what the path is, in words."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a symbolic link to a missing file" if path.is_symlink() else "missing"
    except OSError as error:
        return "a symbolic link that loops" if path.is_symlink() else f"cannot be read ({error.strerror or error})"
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device (such as /dev/zero), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def check_weights(entry: ModelEntry) -> None:
    """ModelFileError unless the weights look whole: safetensors (never a pickle), as long as
    its header says, with the card's checksum. Quick enough for listing (the header, then a
    checksum remembered per file size and time), so a broken model is shown as unusable with
    its reason in the list, not blamed on a photo when picked."""
    path = entry.weights_path
    try:
        with open(path, "rb") as stream:
            start = stream.read(8)
            info = os.fstat(stream.fileno())
            if start[:1] == b"\x80" or start[:2] == b"PK":
                raise ModelFileError(f"{path}: a pickled PyTorch file, not safetensors (never loaded: it could run code)")
            if len(start) < 8 or not 2 <= (header_size := struct.unpack("<Q", start)[0]) <= min(info.st_size - 8, 100 << 20):
                raise ModelFileError(f"{path}: not a valid safetensors file (its header is missing or cut short)")
            header = json.loads(stream.read(header_size))
    except OSError as error:
        raise ModelFileError(f"{path}: cannot read ({error.strerror or error})") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelFileError(f"{path}: not a valid safetensors file (its header cannot be read)") from error
    needed = 8 + header_size + _data_end(header, path)
    if info.st_size < needed:
        raise ModelFileError(f"{path}: the weights file is cut short ({info.st_size} of {needed} bytes)")
    # a shipped model is checked in full when it loads; a user's, whose files change, also here
    if entry.origin == "user" and entry.card.weights_sha256 and _sha256(path, info) != entry.card.weights_sha256:
        raise ModelFileError(f"{path}: the weights do not match the card's checksum (damaged or replaced file)")


def _data_end(header: object, path: Path) -> int:
    """Where the last tensor's bytes end, by the safetensors header."""
    ends = []
    for key, item in header.items() if isinstance(header, dict) else [("", None)]:
        offsets = item.get("data_offsets") if isinstance(item, dict) else None
        if key == "__metadata__":
            continue
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(isinstance(value, int) and value >= 0 for value in offsets)):
            raise ModelFileError(f"{path}: not a valid safetensors file (its header does not describe tensors)")
        ends.append(offsets[1])
    return max(ends, default=0)


_CHECKSUMS: dict[tuple[Path, int, int], str] = {}


def _sha256(path: Path, info: os.stat_result) -> str:
    key = (path, info.st_size, info.st_mtime_ns)
    if key not in _CHECKSUMS:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        _CHECKSUMS[key] = digest.hexdigest()
    return _CHECKSUMS[key]


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
    return [f"{weights}: {reason}" for _, weights, reason in problems]


def unusable_models() -> list[tuple[str, str]]:
    """(name, reason) for each model in the model folders that cannot be used: the window lists
    them as unusable, with why, instead of offering them."""
    _, problems = _scan_models()
    return [(name, reason) for name, _, reason in problems]


def _scan_models() -> tuple[list[ModelEntry], list[tuple[str, Path, str]]]:
    entries: list[ModelEntry] = []
    problems: list[tuple[str, Path, str]] = []  # (name, weights file, reason)
    for origin, folder in (("built-in", builtin_models_dir()), ("user", user_models_dir())):
        if not folder.is_dir():
            continue
        builtin = {entry.name for entry in entries}  # the user's folder comes second
        for weights in sorted(folder.glob(f"*{WEIGHTS_SUFFIX}")):
            try:
                entry = read_entry(weights, origin)
                check_weights(entry)
                if origin == "user" and entry.name in builtin:  # it was used in the built-in one's place
                    raise ModelFileError(
                        f"{weights}: its name is that of a model that comes with Colorizer; import it again under another name"
                    )
                entries.append(entry)
            except ModelFileError as error:
                problems.append((weights.stem, weights, _without_path(str(error), weights)))
            except Exception as error:  # noqa: BLE001 (one bad file must never stop the list, nor the app)
                log_failure(f"reading model {weights}", error)
                problems.append((weights.stem, weights, describe_unexpected(error)))
    return entries, problems


def _without_path(message: str, weights: Path) -> str:
    for path in (weights, weights.with_suffix(CARD_SUFFIX)):
        if message.startswith(f"{path}: "):
            return message[len(f"{path}: ") :] + ("" if path == weights else f" (in {path.name})")
    return message


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
