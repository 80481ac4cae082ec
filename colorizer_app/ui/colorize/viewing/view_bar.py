"""The row under the compare view: how to use it, the zoom, Fit, 1:1, Side by side, Compare models.

Why apart from colorize_page: each button is also a QAction (``fit_action``, ``actual_action``,
``side_by_side_action``, ``compare_models_action``) so a window menu can list the same
commands with the same state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

SPLIT_HELP = "Drag the divider to compare · wheel to zoom · drag to pan"
SIDE_HELP = "Wheel to zoom · drag to pan: both sides move together"
HINT_HELP = "Wheel to zoom · drag to pan"  # no divider then; how to place hints is written on the picture


def zoom_words(scale: float) -> str:
    """Screen pixels per photo pixel as a percentage: 1.0 -> "100%" (the photo's real pixels)."""
    percent = scale * 100
    return f"{percent:.1f}%" if percent < 10 else f"{percent:.0f}%"


class ViewBar(QWidget):
    def __init__(self, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.help = QLabel(SPLIT_HELP)
        # never a wider window: on one or two lines when it fits beside the buttons, else hidden (they matter more)
        self.help.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.help.setWordWrap(True)
        self.zoom_label = QLabel("")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("3200%") + 4)  # never wider when it changes
        self.zoom_label.setToolTip("Zoom in the photo's own pixels: at 100% (1:1) each screen pixel is one pixel of the photo.")
        self.fit_action = self._action("Fit", "Show the whole photo (key 0)", view.fit)
        self.actual_action = self._action("1:1", "The photo's real pixels: one screen pixel per photo pixel (key 1)", view.actual_size)
        self.side_by_side_action = self._action("&Side by side", "Before and after next to each other instead of the divider", None)
        self.side_by_side_action.setCheckable(True)
        self.side_by_side_action.toggled.connect(self._side_by_side)
        self.compare_models_action = self._action("Co&mpare models…", "This photo coloured by two or more models, next to each other", None)
        view.zoom_changed.connect(lambda scale: self.zoom_label.setText(zoom_words(scale)))
        view.view_changed.connect(self._show_help)  # hints mode on or off changes the view too
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.help, 1)
        layout.addWidget(self.zoom_label)
        for action in (self.fit_action, self.actual_action, self.side_by_side_action, self.compare_models_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            layout.addWidget(button)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_help()

    def _fit_help(self) -> None:
        shown = [widget for widget in self.findChildren(QWidget) if widget is not self.help and widget.isVisibleTo(self)]
        others = sum(widget.sizeHint().width() for widget in shown) + self.layout().spacing() * (len(shown) + 1) + 8
        one_line = self.help.fontMetrics().horizontalAdvance(self.help.text())
        self.help.setVisible(self.width() - others >= one_line * 0.6)

    def _action(self, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _side_by_side(self, enabled: bool) -> None:
        self.view.set_side_by_side(enabled)
        self._show_help()

    def _show_help(self) -> None:
        """How to use the view as it is now: the divider, side by side, or placing colour hints."""
        text = HINT_HELP if self.view.hints_mode else SIDE_HELP if self.side_by_side_action.isChecked() else SPLIT_HELP
        if text != self.help.text():
            self.help.setText(text)
            self._fit_help()
