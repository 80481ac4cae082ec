"""What a photo's result is made from (model, saturation, hints) and the record of a saved result.

Why here: the photo list, the session file and the per-photo edits all speak of them; a saved
result whose recipe differs from the photo's recipe now is "changed, not saved".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from colorizer_app.core.colorize_settings import saturation_value
from colorizer_app.core.hints import ColorHint


def saturation_words(value: float) -> str:
    """1.0 -> "1.0", 1.25 -> "1.25" (never "1" or "1.250")."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def hints_words(count: int) -> str:
    return "no hints" if count == 0 else f"{count} hint{'s' * (count != 1)}"


@dataclass(frozen=True)
class Recipe:
    """What a result is made from: the model's name, the saturation and the hints."""

    model: str
    saturation: float
    hints: tuple[ColorHint, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "saturation", saturation_value(self.saturation))
        object.__setattr__(self, "hints", tuple(self.hints))

    def words(self, model_words) -> str:
        """ "Default — best quality, saturation 1.0, 3 hints"; ``model_words(name)`` names the model."""
        return f"{model_words(self.model)}, saturation {saturation_words(self.saturation)}, {hints_words(len(self.hints))}"


@dataclass
class SavedResult:
    """A photo's result file and the recipe that made it (``known`` False: assumed, not recorded)."""

    output: Path
    recipe: Recipe
    known: bool = True
