"""The window's light or dark look: it follows the system unless View ▸ Theme says otherwise.

Why palettes of our own: Qt 6.8+ can ask the platform for a colour scheme
(``QStyleHints.setColorScheme``) and says when the system's changes (``colorSchemeChanged``),
but many platforms (X11 without a desktop theme, the offscreen one of the tests) ignore the
request. So the platform is asked first, and when the palette it gives is not the scheme
wanted, Fusion with the palette below is used instead.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from colorizer_app.ui.look.state_colours import is_dark

SYSTEM, LIGHT, DARK = "system", "light", "dark"
CHOICES = {SYSTEM: "Follow the system", LIGHT: "Light", DARK: "Dark"}
SCHEMES = {LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}

_ROLES = QPalette.ColorRole
# (role, normal colour, disabled colour). Text on base and window reaches WCAG's 4.5:1 in both.
_DARK_COLOURS = (
    (_ROLES.Window, "#2b2d30", "#2b2d30"),
    (_ROLES.WindowText, "#e8eaed", "#80868b"),
    (_ROLES.Base, "#1f2023", "#26282b"),
    (_ROLES.AlternateBase, "#2b2d30", "#2b2d30"),
    (_ROLES.Text, "#e8eaed", "#80868b"),
    (_ROLES.PlaceholderText, "#9aa0a6", "#80868b"),
    (_ROLES.Button, "#3c4043", "#303134"),
    (_ROLES.ButtonText, "#e8eaed", "#80868b"),
    (_ROLES.BrightText, "#ffffff", "#ffffff"),
    (_ROLES.Highlight, "#8ab4f8", "#5f6368"),
    (_ROLES.HighlightedText, "#202124", "#bdc1c6"),
    (_ROLES.Link, "#8ab4f8", "#80868b"),
    (_ROLES.LinkVisited, "#c58af9", "#80868b"),
    (_ROLES.ToolTipBase, "#3c4043", "#3c4043"),
    (_ROLES.ToolTipText, "#e8eaed", "#e8eaed"),
    (_ROLES.Light, "#5f6368", "#5f6368"),
    (_ROLES.Midlight, "#4a4d51", "#4a4d51"),
    (_ROLES.Mid, "#3c4043", "#3c4043"),
    (_ROLES.Dark, "#18191b", "#18191b"),
    (_ROLES.Shadow, "#000000", "#000000"),
)
_LIGHT_COLOURS = (
    (_ROLES.Window, "#efefef", "#efefef"),
    (_ROLES.WindowText, "#1f1f1f", "#8c8c8c"),
    (_ROLES.Base, "#ffffff", "#efefef"),
    (_ROLES.AlternateBase, "#f7f7f7", "#f7f7f7"),
    (_ROLES.Text, "#1f1f1f", "#8c8c8c"),
    (_ROLES.PlaceholderText, "#6b6b6b", "#8c8c8c"),
    (_ROLES.Button, "#efefef", "#efefef"),
    (_ROLES.ButtonText, "#1f1f1f", "#8c8c8c"),
    (_ROLES.BrightText, "#ffffff", "#ffffff"),
    (_ROLES.Highlight, "#1a5fb4", "#9e9e9e"),
    (_ROLES.HighlightedText, "#ffffff", "#ffffff"),
    (_ROLES.Link, "#1a5fb4", "#8c8c8c"),
    (_ROLES.LinkVisited, "#6a1b9a", "#8c8c8c"),
    (_ROLES.ToolTipBase, "#ffffdc", "#ffffdc"),
    (_ROLES.ToolTipText, "#1f1f1f", "#1f1f1f"),
    (_ROLES.Light, "#ffffff", "#ffffff"),
    (_ROLES.Midlight, "#cacaca", "#cacaca"),
    (_ROLES.Mid, "#b8b8b8", "#b8b8b8"),
    (_ROLES.Dark, "#9f9f9f", "#9f9f9f"),
    (_ROLES.Shadow, "#767676", "#767676"),
)


def make_palette(dark: bool) -> QPalette:
    palette = QPalette()
    for role, normal, disabled in _DARK_COLOURS if dark else _LIGHT_COLOURS:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(normal))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def palette_is_dark(palette: QPalette) -> bool:
    return is_dark(palette.color(QPalette.ColorRole.Window))


def normalised(choice: str) -> str:
    """A saved choice as one of CHOICES (a damaged setting follows the system)."""
    return choice if choice in CHOICES else SYSTEM


_THEME: Theme | None = None


def app_theme() -> Theme:
    """The application's one Theme (the look is the whole application's, not one window's)."""
    global _THEME
    if _THEME is None:
        _THEME = Theme(QApplication.instance())
    return _THEME


class Theme(QObject):
    """Applies the chosen look to the whole application and follows the system's changes."""

    changed = Signal(bool)  # the look now in use is dark

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.choice = SYSTEM
        self._native_style = self.app.style().name()
        self._applying = False
        self.hints = QGuiApplication.styleHints()
        self.hints.colorSchemeChanged.connect(self._system_changed)

    def set_choice(self, choice: str) -> None:
        self.choice = normalised(choice)
        self.apply()

    def is_dark(self) -> bool:
        return palette_is_dark(self.app.palette())

    def apply(self) -> None:
        """Ask the platform for the scheme; use our palette where it does not give it."""
        self._applying = True
        try:
            if hasattr(self.hints, "setColorScheme"):  # Qt 6.8+
                self.hints.setColorScheme(SCHEMES.get(self.choice, Qt.ColorScheme.Unknown))
            wanted = self._wanted_dark()
            if self.app.style().name() != self._native_style:
                self.app.setStyle(self._native_style)
            self.app.setPalette(QPalette())  # the platform's own, after the request above
            if wanted is not None and palette_is_dark(self.app.palette()) != wanted:
                self.app.setStyle("Fusion")  # native styles may draw with their own colours
                self.app.setPalette(make_palette(wanted))
        finally:
            self._applying = False
        self.changed.emit(self.is_dark())

    def _wanted_dark(self) -> bool | None:
        """True or False for a look to force; None: whatever the platform gives."""
        if self.choice != SYSTEM:
            return self.choice == DARK
        scheme = self.hints.colorScheme()
        return None if scheme == Qt.ColorScheme.Unknown else scheme == Qt.ColorScheme.Dark

    def _system_changed(self, _scheme) -> None:
        if not self._applying and self.choice == SYSTEM:
            self.apply()
