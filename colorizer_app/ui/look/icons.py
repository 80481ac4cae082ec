"""Icons of the window's main actions: Lucide SVGs (resources/icons, ISC licence) in the theme's colours.

Why recolour: the SVGs draw with ``currentColor``, which Qt's SVG renderer paints black,
unreadable on the dark theme; so each icon is rendered in the palette's button-text colour
(greyed when disabled, highlighted-text colour in a highlighted menu row), and again when
the theme changes.
Why by button text: the pages lay out their own buttons; giving each its icon here by what it
says keeps one table for the whole set.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QAction, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QWidget
from shiboken6 import isValid

SIZES = (16, 20, 24, 32, 40, 48, 64)  # 64 covers a 32 px icon on a 2x screen
# What a button says (without "&", before any " (count)") -> the Lucide icon it shows.
BUTTON_ICONS = {
    "Add photos…": "image-plus",
    "Add folder…": "folder-plus",
    "Remove": "list-minus",
    "Clear": "list-x",
    "Fit": "scan",
    "1:1": "scan-search",
    "Colorize all": "palette",
    "Cancel": "circle-x",
    "Save this photo": "save",
    "Save this film": "save",
    "Export selected": "file-output",
    "Export all changed": "folder-output",
    "Open output folder": "folder-open",
    "Edit colour hints": "map-pin",
    "Pick colour…": "pipette",
    "Undo": "undo-2",
    "Redo": "redo-2",
    "Clear all": "eraser",
    "Copy hints to selected photos": "copy",
    "Retry": "rotate-ccw",
    "Remove failed": "list-x",
    "Restore": "archive-restore",
    "Browse…": "folder-open",
    "Scan folder": "search",
    "Back": "arrow-left",
    "Next": "arrow-right",
    "Start training": "play",
    "Stop": "circle-stop",
    "Resume": "step-forward",
    "Save as a model": "package-check",
    "New training…": "plus",
    "Delete…": "trash-2",
}


def icons_dir() -> Path:
    """resources/icons beside the package, or inside the bundle when frozen.

    Not ``resources_dir()``: its COLORIZER_RESOURCES override is for models and samples.
    """
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "resources" / "icons"
    return Path(__file__).resolve().parents[3] / "resources" / "icons"


def icon_name_for(text: str) -> str | None:
    """The icon for a button saying ``text`` ("Export selected (3)" is "Export selected")."""
    plain = text.replace("&", "").split(" (")[0].strip()
    return BUTTON_ICONS.get(plain)


def _render(svg: bytes, colour: str, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace(b"currentColor", colour.encode())))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


class IconSet:
    """Makes the icons in a palette's colours and keeps each widget's or action's icon up to date."""

    def __init__(self) -> None:
        self._svgs: dict[str, bytes] = {}
        self._icons: dict[tuple[str, str, str, str], QIcon] = {}
        self._given: list[tuple[object, str]] = []  # (button or action, icon name)

    def svg(self, name: str) -> bytes:
        """The SVG's text; empty if the file is missing (a button without its icon, never a crash)."""
        if name not in self._svgs:
            try:
                self._svgs[name] = (icons_dir() / f"{name}.svg").read_bytes()
            except OSError:
                self._svgs[name] = b""
        return self._svgs[name]

    def icon(self, name: str, palette: QPalette) -> QIcon:
        roles, groups = QPalette.ColorRole, QPalette.ColorGroup
        colours = (
            palette.color(groups.Active, roles.ButtonText).name(),
            palette.color(groups.Disabled, roles.ButtonText).name(),
            palette.color(groups.Active, roles.HighlightedText).name(),
        )
        key = (name, *colours)
        if key not in self._icons:
            icon = QIcon()
            for mode, colour in zip((QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Selected), colours, strict=True):
                for size in SIZES if self.svg(name) else ():
                    icon.addPixmap(_render(self.svg(name), colour, size), mode)
            self._icons[key] = icon
        return self._icons[key]

    def give(self, target: QAbstractButton | QAction, name: str, palette: QPalette) -> None:
        """Show icon ``name`` on a button or action, recoloured by ``refresh`` from then on."""
        self._given.append((target, name))
        target.setIcon(self.icon(name, palette))

    def decorate(self, root: QWidget, palette: QPalette) -> int:
        """Give every button under ``root`` that has an icon in BUTTON_ICONS its icon; how many."""
        known = {id(target) for target, _ in self._given}
        count = 0
        for button in root.findChildren(QAbstractButton):
            name = icon_name_for(button.text())
            if name and id(button) not in known:
                self.give(button, name, palette)
                count += 1
        return count

    def refresh(self, palette: QPalette) -> None:
        """Draw every given icon again in ``palette``'s colours (after a theme change)."""
        self._given = [(target, name) for target, name in self._given if isValid(target)]
        for target, name in self._given:
            target.setIcon(self.icon(name, palette))

    def names(self) -> dict[int, str]:
        """Icon name by id of each button or action given one (for checks)."""
        return {id(target): name for target, name in self._given if isValid(target)}
