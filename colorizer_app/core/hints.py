"""User colour hints: "this point is red". Points in relative coordinates, colours as sRGB hex.

The network takes hints as two extra inputs beside L (Zhang et al. 2017): the hint's a/b
in a small square patch, and a mask marking where hints are. Only the hint colour's
chroma is used; the photo keeps its own lightness.

File format (``--hints HINTS.json``, and the sidecar saved beside a result)::

    {"format": "colorizer-hints", "version": 1,
     "hints": [{"x": 0.42, "y": 0.31, "color": "#c83232", "size": 0.015}]}

``x`` and ``y`` run from 0 (left/top) to 1 (right/bottom) of the photo as displayed
(after EXIF rotation); ``size`` is the side of the square patch as a fraction of the
photo's long side (optional, default 0.01).

Limits: at most MAX_HINTS hints and MAX_FILE_BYTES per file. Each hint costs network
input work and sidecar bytes beside every result, and a person places dozens, not
thousands; a bigger file is refused with a clear message rather than slowing a batch.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.small_json import SmallJsonError, read_small_json

FORMAT_NAME = "colorizer-hints"
FORMAT_VERSION = 1
DEFAULT_SIZE = 0.01
SIDECAR_SUFFIX = ".hints.json"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
MAX_HINTS = 1000
MAX_FILE_BYTES = 512 * 1024  # 1000 hints take about 100 KB


class HintsFileError(Exception):
    """A hints file that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class ColorHint:
    x: float
    y: float
    color: str  # "#rrggbb"
    size: float = DEFAULT_SIZE

    def __post_init__(self) -> None:
        for name in ("x", "y", "size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                raise ValueError(f"hint {name} must be a number, not {_shown(value)}")
        if not isinstance(self.color, str):
            raise ValueError(f'hint colour must be text like "#c83232", not {_shown(self.color)}')
        if not (0 <= self.x <= 1 and 0 <= self.y <= 1):
            raise ValueError(f"hint position ({self.x}, {self.y}) is outside the photo (0..1)")
        if not _HEX.match(self.color):
            raise ValueError(f"hint colour {self.color!r} is not an sRGB hex colour like #c83232")
        if not 0 < self.size <= 0.5:
            raise ValueError(f"hint size {self.size} must be above 0 and at most 0.5")

    @classmethod
    def from_json(cls, entry: object) -> ColorHint:
        """One hint of a file (hints file, sidecar, session, film pins): the one place its
        fields are checked, by type first (``"x": "0.5"``, ``true`` or ``"color": 123456`` are
        refused, not converted) and then by range; ValueError says what is wrong, in words."""
        if not isinstance(entry, dict):
            raise ValueError(f"each hint is an object with x, y, color and optional size, not {_shown(entry)}")
        unknown = sorted(set(entry) - {"x", "y", "color", "size"})
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r} (a hint has x, y, color and optional size)")
        missing = [name for name in ("x", "y", "color") if name not in entry]
        if missing:
            raise ValueError(f"no {missing[0]!r} (each hint needs x, y and color)")
        return cls(entry["x"], entry["y"], entry["color"], entry.get("size", DEFAULT_SIZE))

    def rgb(self) -> tuple[float, float, float]:
        value = _HEX.match(self.color).group(1)
        return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def rasterise_hints(hints: list[ColorHint], height: int, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Hint ab (1, 2, H, W) in Lab units and mask (1, 1, H, W) for a picture of this size."""
    hint_ab = torch.zeros(1, 2, height, width)
    hint_mask = torch.zeros(1, 1, height, width)
    for hint in hints:
        lab = rgb_to_lab(torch.tensor(hint.rgb()).view(3, 1, 1))
        top, left, side = hint_square(hint, height, width)
        hint_ab[0, :, top : top + side, left : left + side] = lab[1:]
        hint_mask[0, :, top : top + side, left : left + side] = 1
    return hint_ab, hint_mask


def hint_square(hint: ColorHint, height: int, width: int) -> tuple[int, int, int]:
    """(top, left, side) in pixels of the square a hint covers in a picture of this size."""
    side = max(1, round(hint.size * max(height, width)))
    top = min(max(0, round(hint.y * height - side / 2)), max(0, height - side))
    left = min(max(0, round(hint.x * width - side / 2)), max(0, width - side))
    return top, left, side


def load_hints(path: str | os.PathLike) -> list[ColorHint]:
    """Read and check a hints file; any problem raises HintsFileError with a one-line reason."""
    path = Path(path)
    entries = checked_entries(path, read_hints_json(path), FORMAT_NAME, FORMAT_VERSION, "hints", "hints format")
    if len(entries) > MAX_HINTS:
        raise HintsFileError(f"{path}: {len(entries)} hints is more than the {MAX_HINTS} a file may hold")
    hints = []
    for number, entry in enumerate(entries, start=1):
        try:
            hints.append(ColorHint.from_json(entry))
        except ValueError as error:
            raise HintsFileError(f"{path}: hint {number}: {error}") from error
    return hints


def _shown(value: object) -> str:
    """A value as a message shows it: short, and with its type visible ("0.5" vs 0.5)."""
    text = json.dumps(value) if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def checked_entries(path: Path, data: object, format_name: str, version: int, list_key: str, kind: str, expected: str = "") -> list:
    """The list under ``list_key`` once the document's format and version are checked: photo and
    film hints files are read by the same rules. ``expected``: the formats named when it is none."""
    if not isinstance(data, dict) or data.get("format") != format_name:
        raise HintsFileError(f'{path}: not a Colorizer hints file (expected "format": {expected or repr_format(format_name)})')
    if data.get("version") != version:
        raise HintsFileError(f"{path}: {kind} version {data.get('version')!r} is not supported (this app reads {version})")
    entries = data.get(list_key)
    if not isinstance(entries, list):
        raise HintsFileError(f'{path}: "{list_key}" must be a list')
    return entries


def repr_format(name: str) -> str:
    return f'"{name}"'


def read_hints_json(path: Path) -> object:
    """A hints file's JSON, size-capped; HintsFileError with a one-line reason."""
    try:
        return read_small_json(path, MAX_FILE_BYTES, "hints file")
    except SmallJsonError as error:
        raise HintsFileError(f"{path}: {error}") from error


def save_hints(path: str | os.PathLike, hints: list[ColorHint]) -> Path:
    path = Path(path)
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "hints": [asdict(hint) for hint in hints]}
    with atomic_writer(path) as stream:
        stream.write((json.dumps(document, indent=2) + "\n").encode("utf-8"))
    return path


def sidecar_path(output: str | os.PathLike) -> Path:
    """Where a result's hints are kept: ``photo.jpg`` -> ``photo.jpg.hints.json``."""
    output = Path(output)
    return output.with_name(output.name + SIDECAR_SUFFIX)
