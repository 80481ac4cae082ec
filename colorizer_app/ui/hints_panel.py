"""Editing one photo's colour hints: the hint list with undo/redo, and its side panel.

Each photo has its own ``PhotoHints`` (hints + undo stack); every change goes through
an undo command, so add / move / recolour / remove / clear can all be undone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QColorDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from colorizer_app.core.hints import ColorHint


class PhotoHints(QObject):
    """The hints of one photo, changed only through undoable commands."""

    changed = Signal()

    def __init__(self, hints: list[ColorHint] | None = None) -> None:
        super().__init__()
        self.hints: list[ColorHint] = list(hints or [])
        self.undo_stack = QUndoStack()  # owned from Python: lives exactly as long as these hints

    def _set(self, hints: list[ColorHint]) -> None:
        self.hints = list(hints)
        self.changed.emit()

    def _push(self, text: str, new: list[ColorHint]) -> None:
        self.undo_stack.push(_ReplaceHints(self, text, self.hints, new))

    def add(self, hint: ColorHint) -> None:
        self._push("Add hint", [*self.hints, hint])

    def move(self, index: int, x: float, y: float) -> None:
        hint = self.hints[index]
        self._replace(index, ColorHint(min(1.0, max(0.0, x)), min(1.0, max(0.0, y)), hint.color, hint.size), "Move hint")

    def recolour(self, index: int, colour: str) -> None:
        hint = self.hints[index]
        self._replace(index, ColorHint(hint.x, hint.y, colour, hint.size), "Change hint colour")

    def remove(self, index: int) -> None:
        self._push("Remove hint", [hint for number, hint in enumerate(self.hints) if number != index])

    def clear(self) -> None:
        if self.hints:
            self._push("Clear hints", [])

    def replace_all(self, hints: list[ColorHint]) -> None:
        self._push("Use hints", hints)

    def _replace(self, index: int, hint: ColorHint, text: str) -> None:
        self._push(text, [hint if number == index else old for number, old in enumerate(self.hints)])


class _ReplaceHints(QUndoCommand):
    def __init__(self, owner: PhotoHints, text: str, old: list[ColorHint], new: list[ColorHint]) -> None:
        super().__init__(text)
        self.owner, self.old, self.new = owner, list(old), list(new)

    def redo(self) -> None:
        self.owner._set(self.new)

    def undo(self) -> None:
        self.owner._set(self.old)


def _swatch(colour: str, size: int = 28) -> QPushButton:
    button = QPushButton()
    button.setFixedSize(size, size)
    button.setToolTip(colour)
    button.setStyleSheet(f"background-color: {colour}; border: 1px solid #5f6368; border-radius: 4px;")
    return button


class HintsPanel(QWidget):
    """Side panel of the hint editor: mode switch, selected hint's colour and suggestions, undo."""

    mode_changed = Signal(bool)
    colour_chosen = Signal(str)  # for the selected hint
    apply_to_selected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo_hints: PhotoHints | None = None
        self.edit = QPushButton("Edit colour hints")
        self.edit.setCheckable(True)
        self.edit.toggled.connect(self.mode_changed)
        self.help = QLabel("Click the photo to pin a colour there; drag a pin to move it; right-click or Delete removes it.")
        self.help.setWordWrap(True)
        self.selected_label = QLabel("No hint selected")
        self.colour_button = QPushButton("Pick colour…")
        self.colour_button.clicked.connect(self._pick_colour)
        self.suggestion_row = QHBoxLayout()
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.clear_button = QPushButton("Clear all")
        self.apply_button = QPushButton("Use these hints for the selected photos")
        self.apply_button.setToolTip("Copies this photo's hints to the other photos selected in the list (similar photos only).")
        self.apply_button.clicked.connect(self.apply_to_selected)
        self.undo_button.clicked.connect(lambda: self.photo_hints and self.photo_hints.undo_stack.undo())
        self.redo_button.clicked.connect(lambda: self.photo_hints and self.photo_hints.undo_stack.redo())
        self.clear_button.clicked.connect(lambda: self.photo_hints and self.photo_hints.clear())
        history = QHBoxLayout()
        for button in (self.undo_button, self.redo_button, self.clear_button):
            history.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.help)
        layout.addWidget(self.selected_label)
        layout.addWidget(self.colour_button)
        layout.addWidget(QLabel("Suggested here:"))
        layout.addLayout(self.suggestion_row)
        layout.addLayout(history)
        layout.addWidget(self.apply_button)
        self.selected: int | None = None
        self.set_photo(None)

    def set_photo(self, photo_hints: PhotoHints | None) -> None:
        if self.photo_hints is not None:
            self.photo_hints.changed.disconnect(self._refresh)
            self.photo_hints.undo_stack.indexChanged.disconnect(self._refresh)
        self.photo_hints = photo_hints
        if photo_hints is not None:
            photo_hints.changed.connect(self._refresh)
            photo_hints.undo_stack.indexChanged.connect(self._refresh)
        self.select(None)

    def select(self, index: int | None, suggestions: list[str] | None = None) -> None:
        hints = self.photo_hints.hints if self.photo_hints else []
        self.selected = index if index is not None and 0 <= index < len(hints) else None
        if suggestions is not None:
            self.show_suggestions(suggestions)
        self._refresh()

    def show_suggestions(self, colours: list[str]) -> None:
        while self.suggestion_row.count():
            item = self.suggestion_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for colour in colours:
            button = _swatch(colour)
            button.clicked.connect(lambda checked=False, chosen=colour: self.colour_chosen.emit(chosen))
            self.suggestion_row.addWidget(button)
        self.suggestion_row.addStretch(1)

    def _refresh(self) -> None:
        if self.photo_hints is not None and not isValid(self.photo_hints.undo_stack):
            return  # the app is shutting down and Qt is deleting the stack
        hints = self.photo_hints.hints if self.photo_hints else []
        if self.selected is not None and self.selected >= len(hints):
            self.selected = None
        has_photo = self.photo_hints is not None
        for widget in (self.edit, self.clear_button, self.apply_button):
            widget.setEnabled(has_photo)
        self.undo_button.setEnabled(bool(has_photo and self.photo_hints.undo_stack.canUndo()))
        self.redo_button.setEnabled(bool(has_photo and self.photo_hints.undo_stack.canRedo()))
        self.colour_button.setEnabled(self.selected is not None)
        if self.selected is None:
            self.selected_label.setText(f"{len(hints)} hint(s) on this photo" if has_photo else "No photo selected")
        else:
            hint = hints[self.selected]
            self.selected_label.setText(f"Hint {self.selected + 1} of {len(hints)}: {hint.color}")

    def _pick_colour(self) -> None:
        if self.selected is None or self.photo_hints is None:
            return
        current = QColor(self.photo_hints.hints[self.selected].color)
        colour = QColorDialog.getColor(current, self, "Hint colour")
        if colour.isValid():
            self.colour_chosen.emit(colour.name())
