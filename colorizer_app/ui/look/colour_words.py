"""A colour in plain words ("dark red", "light blue", "beige"), for swatches a screen reader reads
and tooltips: a swatch said only "Suggested by the model for this spot", the same for each."""

from __future__ import annotations

from PySide6.QtGui import QColor

HUES = (
    (15, "red"),
    (40, "orange"),
    (65, "yellow"),
    (160, "green"),
    (195, "teal"),
    (250, "blue"),
    (290, "purple"),
    (335, "pink"),
    (361, "red"),
)


def colour_words(colour: str) -> str:
    """ "#8a5a3c" -> "brown"; "#1a237e" -> "dark blue"; "#c8a27a" -> "beige"; "#f0f0f0" -> "white"."""
    value = QColor(colour)
    hue, saturation, lightness = value.hslHueF() * 360, value.hslSaturationF(), value.lightnessF()
    if saturation < 0.15 or hue < 0:
        greys = ((0.12, "black"), (0.35, "dark grey"), (0.7, "grey"), (0.92, "light grey"), (1.01, "white"))
        return next(word for edge, word in greys if lightness < edge)
    name = next(word for edge, word in HUES if hue < edge)
    brownish = {"red": 0.55, "orange": 1.01, "yellow": 0.75}  # below this saturation, dark is brown
    if lightness < 0.45 and saturation < brownish.get(name, 0):
        return "dark brown" if lightness < 0.25 else "brown"
    if name in ("orange", "yellow") and saturation < 0.55 and lightness >= 0.45:
        return "beige"
    if name == "red" and lightness > 0.72:
        return "pink"
    return ("dark " if lightness < 0.33 else "light " if lightness > 0.72 else "") + name
