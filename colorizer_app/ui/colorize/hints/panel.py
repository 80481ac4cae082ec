"""Editing one photo's colour hints: the hint list with undo/redo, and its side panel.

Each photo has its own ``PhotoHints`` (hints + undo stack); every change goes through
an undo command, so add / move / recolour / resize / remove / clear can all be undone.
A run of changes to one pin's colour (the colour chooser, live) or size (the brush slider)
is one step to undo, not one per slider tick.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from colorizer_app.core.hints import ColorHint
from colorizer_app.ui.colorize.hints.brush import BrushSize, ColourPalette
from colorizer_app.ui.look.words import count_words

_RECOLOUR, _RESIZE = 1, 2  # undo commands of these kinds on the same pin merge


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

    def _push(self, text: str, new: list[ColorHint], merge: tuple[int, int] | None = None) -> None:
        self.undo_stack.push(_ReplaceHints(self, text, self.hints, new, merge))

    def add(self, hint: ColorHint) -> None:
        self._push("Add hint", [*self.hints, hint])

    def move(self, index: int, x: float, y: float) -> None:
        hint = self.hints[index]
        self._replace(index, ColorHint(min(1.0, max(0.0, x)), min(1.0, max(0.0, y)), hint.color, hint.size), "Move hint")

    def recolour(self, index: int, colour: str, merge: bool = False) -> None:
        """``merge``: one undo step with the colour change just before it (a live colour chooser)."""
        hint = self.hints[index]
        if hint.color != colour:
            new = ColorHint(hint.x, hint.y, colour, hint.size)
            self._replace(index, new, "Change hint colour", (_RECOLOUR, index) if merge else None)

    def resize(self, index: int, size: float) -> None:
        """A new brush size for one pin; a slider's run of sizes is one undo step."""
        hint = self.hints[index]
        if hint.size != size:
            self._replace(index, ColorHint(hint.x, hint.y, hint.color, size), "Change hint size", (_RESIZE, index))

    def remove(self, index: int) -> None:
        self._push("Remove hint", [hint for number, hint in enumerate(self.hints) if number != index])

    def clear(self) -> None:
        if self.hints:
            self._push("Clear hints", [])

    def replace_all(self, hints: list[ColorHint]) -> None:
        """Another photo's hints copied onto this one (one undo step)."""
        self._push("Copy hints", hints)

    def _replace(self, index: int, hint: ColorHint, text: str, merge: tuple[int, int] | None = None) -> None:
        self._push(text, [hint if number == index else old for number, old in enumerate(self.hints)], merge)


class _ReplaceHints(QUndoCommand):
    def __init__(
        self, owner: PhotoHints, text: str, old: list[ColorHint], new: list[ColorHint], merge: tuple[int, int] | None = None
    ) -> None:
        super().__init__(text)
        self.owner, self.old, self.new, self.merge = owner, list(old), list(new), merge

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return self.merge[0] if self.merge else -1

    def mergeWith(self, other) -> bool:  # noqa: N802
        if not isinstance(other, _ReplaceHints) or other.merge != self.merge or self.merge is None:
            return False
        self.new = list(other.new)
        self.setObsolete(self.new == self.old)  # a colour chosen and then cancelled leaves no step
        return True

    def redo(self) -> None:
        self.owner._set(self.new)

    def undo(self) -> None:
        self.owner._set(self.old)


class HintsPanel(QWidget):
    """Side panel of the hint editor: mode switch, the brush and palette for the selected pin, undo.

    The help, brush and palette show only while "Edit colour hints" is on: the column stays short.

    ``undo_action`` / ``redo_action`` (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y) undo the photo's hint
    edits; the page adds them so they work wherever its keyboard focus is, and a window menu
    may list them too.
    """

    mode_changed = Signal(bool)
    colour_chosen = Signal(str)  # for the selected hint (kept)
    colour_previewed = Signal(str)  # for the selected hint, live from the colour chooser
    apply_to_selected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo_hints: PhotoHints | None = None
        self.shown = "photo"  # what the pins are on: a photo, or a frame of a film
        self.edit = QPushButton("Edit colour hints")
        self.edit.setCheckable(True)
        self.edit.toggled.connect(self.mode_changed)
        self.help = QLabel(
            "Click the photo to pin a colour there; drag a pin to move it; right-click or Delete removes it. "
            "Keys, on the photo: Enter pins, the arrows move, N picks the next."
        )
        self.help.setWordWrap(True)
        self.selected_label = QLabel("No hint selected")
        self.selected_swatch = QLabel()
        self.selected_swatch.setFixedSize(18, 18)
        self.brush = BrushSize()
        self.palette = ColourPalette()
        self.palette.tab_after = self.brush.slider
        self.palette.picked.connect(self.colour_chosen)
        self.palette.previewed.connect(self.colour_previewed)
        self.palette.colour_now = lambda: self.photo_hints.hints[self.selected].color if self.selected is not None else None
        self._shown_pin: int | None = None  # the pin whose size the brush shows
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.clear_button = QPushButton("Clear all")
        self.apply_button = QPushButton("Copy hints to selected photos")
        self.apply_button.setToolTip("Copies this photo's hints to the other photos selected in the list (similar photos only).")
        self.apply_button.clicked.connect(self.apply_to_selected)
        self.undo_action = self._action("Undo colour hint", [QKeySequence.StandardKey.Undo], self.undo)
        self.redo_action = self._action("Redo colour hint", [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")], self.redo)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.clear_button.clicked.connect(lambda: self.photo_hints and self.photo_hints.clear())
        history = QHBoxLayout()
        for button in (self.undo_button, self.redo_button, self.clear_button):
            button.setMinimumWidth(60)  # may shrink to their words: the column stays narrow at 150% scaling
            history.addWidget(button)
        selected_row = QHBoxLayout()
        selected_row.addWidget(self.selected_swatch)
        selected_row.addWidget(self.selected_label, 1)
        self.tools = QWidget()  # the help, brush and palette: shown only while editing hints
        tools_layout = QVBoxLayout(self.tools)
        tools_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.help, self.brush, self.palette):
            tools_layout.addWidget(widget)
        self.tools.setVisible(False)
        self.edit.toggled.connect(self.tools.setVisible)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addLayout(selected_row)
        layout.addWidget(self.tools)
        layout.addLayout(history)
        layout.addWidget(self.apply_button)
        self.selected: int | None = None
        self.set_photo(None)

    def _action(self, text: str, keys: list, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        return action

    def undo(self) -> None:
        if self.photo_hints is not None:
            self.photo_hints.undo_stack.undo()

    def redo(self) -> None:
        if self.photo_hints is not None:
            self.photo_hints.undo_stack.redo()

    def set_photo(self, photo_hints: PhotoHints | None, shown: str = "photo") -> None:
        """``shown``: what the pins are on, in words ("photo", or "frame" of a film: its shot follows them)."""
        self.shown = shown
        if self.photo_hints is not None:
            self.photo_hints.changed.disconnect(self._refresh)
            self.photo_hints.undo_stack.indexChanged.disconnect(self._refresh)
        self.photo_hints = photo_hints
        if photo_hints is not None:
            photo_hints.changed.connect(self._refresh)
            photo_hints.undo_stack.indexChanged.connect(self._refresh)
        self.palette.clear_suggestions()  # they were for the other photo
        self.select(None)

    def select(self, index: int | None) -> None:
        """Select a pin (None: none): the brush shows its size, the colour chooser follows it."""
        hints = self.photo_hints.hints if self.photo_hints else []
        self.selected = index if index is not None and 0 <= index < len(hints) else None
        if self.selected is not None and (self.selected != self._shown_pin or hints[self.selected].size != self.brush.size):
            self.brush.set_size(hints[self.selected].size)  # also after an undo of a size change
        if self.selected is not None and self.selected != self._shown_pin:
            self.palette.follow(hints[self.selected].color)
        self._shown_pin = self.selected
        if self.selected is None:
            self.palette.clear_suggestions()
        self._refresh()

    def show_suggestions(self, colours: list[str]) -> None:
        if self.selected is not None:
            self.palette.show_suggestions(colours)

    def _refresh(self) -> None:
        if self.photo_hints is not None and not isValid(self.photo_hints.undo_stack):
            return  # the app is shutting down and Qt is deleting the stack
        hints = self.photo_hints.hints if self.photo_hints else []
        if self.selected is not None and self.selected >= len(hints):
            self.selected = None
        has_photo = self.photo_hints is not None
        for widget in (self.edit, self.apply_button, self.brush):
            widget.setEnabled(has_photo)
        self.clear_button.setEnabled(bool(hints))  # nothing to clear: not a button that does nothing
        can_undo = bool(has_photo and self.photo_hints.undo_stack.canUndo())
        can_redo = bool(has_photo and self.photo_hints.undo_stack.canRedo())
        for widget, enabled in (
            (self.undo_button, can_undo),
            (self.undo_action, can_undo),
            (self.redo_button, can_redo),
            (self.redo_action, can_redo),
        ):
            widget.setEnabled(enabled)
        self.palette.setEnabled(self.selected is not None)
        if self.selected is None:
            self.selected_swatch.hide()
            words = f"{count_words(len(hints), 'hint')} on this {self.shown}"
            self.selected_label.setText(words if has_photo else "No photo selected")
        else:
            colour = hints[self.selected].color
            self.selected_swatch.setStyleSheet(f"background-color: {colour}; border: 1px solid #5f6368; border-radius: 3px;")
            self.selected_swatch.show()
            self.selected_label.setText(f"Hint {self.selected + 1} of {len(hints)} selected")
