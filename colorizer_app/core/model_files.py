"""Model weights: loading them checked, saving them in fp16, importing a user's model file.

Safetensors holds only tensors, so a model file from a stranger cannot run code;
loading checks every tensor against the architecture and the card's checksum, and any
problem is reported by name instead of producing noise. Cards, model folders and
listing live in core/model_cards.py (torch-free); their names are re-exported here.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load, save

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.model_cards import (  # noqa: F401 (re-exported: the one place callers import models from)
    CARD_SUFFIX,
    DEFAULT_MODEL_NAME,
    FORMAT_VERSION,
    MAX_CARD_BYTES,
    WEIGHTS_SUFFIX,
    ModelCard,
    ModelEntry,
    ModelExistsError,
    ModelFileError,
    NoModelInstalledError,
    broken_models,
    builtin_models_dir,
    find_model,
    list_models,
    read_entry,
    resources_dir,
    safe_file_stem,
    unusable_models,
    user_models_dir,
)
from colorizer_app.core.models import ColorizationNet, build_model

_FLOAT_DTYPES = {torch.float16, torch.bfloat16, torch.float32}


@dataclass
class LoadedModel:
    """A network ready to run, with the card it came from."""

    net: ColorizationNet
    card: ModelCard
    entry: ModelEntry


def load_model(entry: ModelEntry, device: torch.device | str = "cpu") -> LoadedModel:
    """Build the card's architecture and fill it with the checked weights."""
    card = entry.card
    try:
        weights = entry.weights_path.read_bytes()
    except OSError as error:
        raise ModelFileError(f"{entry.weights_path}: cannot read ({error.strerror or error})") from error
    if card.weights_sha256 and card.weights_sha256 != hashlib.sha256(weights).hexdigest():
        raise ModelFileError(f"{entry.weights_path}: the weights do not match the card's checksum (damaged or replaced file)")
    try:
        tensors = load(weights)
    except (SafetensorError, ValueError) as error:
        raise ModelFileError(f"{entry.weights_path}: not a valid safetensors file ({error})") from error
    try:
        net = build_model(card.architecture, card.config)
    except (ValueError, TypeError) as error:
        raise ModelFileError(f"{entry.card_path}: bad architecture config ({error})") from error
    _check_tensors(net, tensors, entry.weights_path)
    state = net.state_dict()
    net.load_state_dict({key: tensor.to(state[key].dtype) for key, tensor in tensors.items()})
    # channels-last is what oneDNN's fast convolutions want: 2-4x less network time on the CPU
    return LoadedModel(net.eval().to(device).to(memory_format=torch.channels_last), card, entry)


def import_model(
    source: str | os.PathLike, destination: str | os.PathLike | None = None, name: str | None = None, replace: bool = False
) -> ModelEntry:
    """Check a model file completely (it must load), then copy it into a models folder.

    ``destination`` defaults to the user models folder; ``name`` renames the model
    (the card's name and the file names). An existing model of that name is replaced
    only when ``replace`` is given (ModelExistsError otherwise).
    """
    entry = read_entry(source)
    load_model(entry)  # refuses anything that would not run
    card = entry.card
    card.name = (card.name if name is None else name).strip()
    folder = Path(destination) if destination else user_models_dir()
    check_model_name(card.name, builtin=destination is None)  # before anything is written
    weights_path = folder / f"{safe_file_stem(card.name)}{WEIGHTS_SUFFIX}"
    if not replace and (weights_path.exists() or weights_path.with_suffix(CARD_SUFFIX).exists()):
        raise ModelExistsError(f"a model named {card.name!r} already exists in {folder}")
    with atomic_writer(weights_path) as stream:
        stream.write(entry.weights_path.read_bytes())
    with atomic_writer(weights_path.with_suffix(CARD_SUFFIX)) as stream:
        stream.write((json.dumps(asdict(card), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return read_entry(weights_path, "file" if destination else "user")


def check_model_name(name: str, builtin: bool = True) -> None:
    """A name a model can be found by: not empty, no folder in it (``../x`` was taken and then not
    found), and (``builtin``) not a built-in model's, whatever its capitals (an imported "default"
    was used in its place; a "Default" sat beside "Default — best quality" in the list)."""
    if not name:
        raise ModelFileError("the model's name is empty")
    if any(character in name for character in "/\\") or name in (".", ".."):
        raise ModelFileError(f"a model's name cannot hold / or \\ ({name!r})")
    if builtin and name.casefold() in {entry.name.casefold() for entry in list_models() if entry.origin == "built-in"}:
        raise ModelFileError(f"“{name}” is the name of a model that comes with Colorizer: import it under another name")


def _check_tensors(net: ColorizationNet, tensors: dict[str, torch.Tensor], source: Path) -> None:
    expected = net.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        detail = []
        if missing:
            detail.append(f"missing {len(missing)} tensor(s), e.g. {missing[0]}")
        if unexpected:
            detail.append(f"{len(unexpected)} unexpected tensor(s), e.g. {unexpected[0]}")
        raise ModelFileError(f"{source}: the weights do not fit the card's architecture ({'; '.join(detail)})")
    for key, tensor in tensors.items():
        if tensor.shape != expected[key].shape:
            raise ModelFileError(
                f"{source}: tensor {key} has shape {tuple(tensor.shape)}, the architecture needs {tuple(expected[key].shape)}"
            )
        if expected[key].is_floating_point() and tensor.dtype not in _FLOAT_DTYPES:
            raise ModelFileError(f"{source}: tensor {key} has dtype {tensor.dtype}, expected a float type")
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise ModelFileError(f"{source}: tensor {key} contains NaN or infinite values")


def save_model(net: ColorizationNet, card: ModelCard, weights_path: str | os.PathLike, half: bool = True) -> ModelEntry:
    """Write weights (fp16 by default) and card atomically; the card records the checksum."""
    weights_path = Path(weights_path).with_suffix(WEIGHTS_SUFFIX)
    tensors = {
        key: (tensor.half() if half and tensor.is_floating_point() else tensor).detach().cpu().contiguous()
        for key, tensor in net.state_dict().items()
    }
    weights = save(tensors)
    card.weights_sha256 = hashlib.sha256(weights).hexdigest()
    card.created = card.created or datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    with atomic_writer(weights_path) as stream:
        stream.write(weights)
    with atomic_writer(weights_path.with_suffix(CARD_SUFFIX)) as stream:
        stream.write((json.dumps(asdict(card), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return read_entry(weights_path, "file")
