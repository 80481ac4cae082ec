"""How a photo is colorized (render size, saturation): plain values, no torch, so the
command line can describe its options without loading the network code."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Long side of the picture the network sees. Chosen by measurement (docs/MODELS.md,
# tools/render_size_table.py): the default model trains on 176 px crops of ~190 px photos,
# and at 256 it sees a whole photo at about that scale; 384-768 cost 0.7-1 dB on larger photos.
DEFAULT_RENDER_SIZE = 256
MIN_RENDER_SIZE = 64
MAX_RENDER_SIZE = 2048
MAX_SATURATION = 2.0  # twice the model's colours is already garish; the window's slider ends here too


def saturation_value(value) -> float:
    """The one saturation rule: a number from 0 to MAX_SATURATION, kept to two decimals, so the
    window, the session file, a result's recipe and the command line agree on what 1.0 is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= MAX_SATURATION:
        raise ValueError(f"saturation must be between 0 and {MAX_SATURATION:g}, not {value}")
    return round(float(value), 2)


@dataclass
class ColorizeSettings:
    render_size: int = DEFAULT_RENDER_SIZE
    saturation: float = 1.0  # scales a/b: 0 gives grey, 1 the model's colours

    def validate(self) -> None:
        if not MIN_RENDER_SIZE <= self.render_size <= MAX_RENDER_SIZE:
            raise ValueError(f"render size must be between {MIN_RENDER_SIZE} and {MAX_RENDER_SIZE} pixels, not {self.render_size}")
        saturation_value(self.saturation)
