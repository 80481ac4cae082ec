"""Colours of a photo's state in the list, readable on light and dark themes.

Each colour reaches WCAG's 4.5:1 contrast against the list's background (a test
checks the ratios); "Already colorized" shares the calm colour of "Done", because
a result that is already there is good news, not a warning. "changed" (edited since its
result was saved) is amber: something to save, not an error.
The training plots' curves take their colours from the same two tables (SERIES), so they
meet the same contrast on the plot's background in either theme.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

MIN_CONTRAST = 4.5

# For a light list background (white or near it).
LIGHT = {
    "waiting": "#5f6368",
    "checking": "#5f6368",
    "working": "#1a5fb4",
    "done": "#1e7b34",
    "skipped": "#1e7b34",
    "failed": "#b3261e",
    "changed": "#8a4a00",
}
# For a dark list background.
DARK = {
    "waiting": "#bdc1c6",
    "checking": "#bdc1c6",
    "working": "#8ab4f8",
    "done": "#81c995",
    "skipped": "#81c995",
    "failed": "#f28b82",
    "changed": "#fdd663",
}

# The training plots' curves, by the state colour each shares.
SERIES = {"training": "working", "validation": "failed", "accuracy": "done", "colourfulness": "changed"}


def is_dark(background: QColor) -> bool:
    return background.lightnessF() < 0.5


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def state_colour(state: str, background: QColor, text: QColor) -> QColor:
    """The colour for ``state`` on ``background``; the theme's own text colour if none reads well."""
    palette = DARK if is_dark(background) else LIGHT
    colour = QColor(palette[state])
    return colour if contrast_ratio(colour, background) >= MIN_CONTRAST else text


def series_colour(series: str, background: QColor, text: QColor) -> QColor:
    """The colour of a training plot's curve (a key of SERIES) on ``background``."""
    return state_colour(SERIES[series], background, text)
