"""The Colorize tab's hint editing: gestures on the photo and the side panel's brush and
palette, turned into undoable changes of the selected photo's hints.

Why apart from the page: the page lays things out and follows the selected photo; this
knows what a click, a brush size or a colour means for the pins. It gets what it works on
(the compare view, the side panel, the hints store) and tells the page what happened through
its signals, never by reaching into it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from colorizer_app.core.hints import ColorHint
from colorizer_app.ui.colorize.hints.panel import HintsPanel, PhotoHints
from colorizer_app.ui.colorize.hints.store import HintsStore
from colorizer_app.ui.colorize.viewing.compare_view import CompareView
from colorizer_app.ui.look.words import count_words, photos_words


class HintsController(QObject):
    edited = Signal(list)  # the photos (Paths) whose hints changed: they keep the settings they show
    preview_wanted = Signal()  # the selected photo's picture (and the selected pin's suggestions) are out of date
    status = Signal(str)

    def __init__(
        self, view: CompareView, panel: HintsPanel, store: HintsStore, selected_paths: Callable[[], list[Path]], owner: QWidget
    ) -> None:
        """``selected_paths``: the photos selected in the list; ``owner``: the widget whose keys (undo, brush size) these are."""
        super().__init__(owner)
        self.view, self.panel, self.store, self.selected_paths, self.owner = view, panel, store, selected_paths, owner
        self.path: Path | None = None
        self.current: PhotoHints | None = None  # the selected photo's hints, with their undo history
        self.panel.palette.keep_clear_of = self.view
        self.view.set_brush_size(self.panel.brush.size)
        self.panel.mode_changed.connect(self.view.set_hints_mode)
        self.panel.colour_chosen.connect(self.recolour_selected)
        self.panel.colour_previewed.connect(lambda colour: self.recolour_selected(colour, live=True))
        self.panel.palette.chooser_cancelled.connect(lambda colour: self.recolour_selected(colour, live=True))
        self.panel.brush.size_changed.connect(self.brush_changed)
        self.panel.apply_to_selected.connect(self.apply_to_selected)
        self.view.hint_added.connect(self.add_hint)
        self.view.hint_moved.connect(lambda index, x, y: self.hints and self.hints.move(index, x, y))
        self.view.hint_removed.connect(lambda index: self.hints and self.hints.remove(index))
        self.view.hint_selected.connect(self.select)
        self.smaller_brush = self._action("Smaller brush", "[", lambda: self.panel.brush.step(-1))
        self.larger_brush = self._action("Larger brush", "]", lambda: self.panel.brush.step(1))
        for action in (self.smaller_brush, self.larger_brush):  # anywhere in the window, while editing hints
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            self.panel.mode_changed.connect(action.setEnabled)
        self.own_actions = (self.panel.undo_action, self.panel.redo_action, self.smaller_brush, self.larger_brush)
        for action in self.own_actions:
            owner.addAction(action)
        owner.installEventFilter(self)

    def show_photo(self, path) -> None:
        """Another photo (or another frame of a film: a FilmFrame) is shown: its hints are the ones
        edited now. ``self.path`` is the photo's or film's file: its edits are what changes."""
        self.view.keys.report_move()  # a pin moved by arrows a moment ago belongs to the photo that was shown
        if self.current is not None:
            self.current.changed.disconnect(self.hints_changed)
        self.path = getattr(path, "source", path)
        self.current = self.store.of(path) if path else None
        if self.current is not None:
            self.current.changed.connect(self.hints_changed)
        self.panel.set_photo(self.current, "frame" if self.path is not path else "photo")
        self.view.set_hints(self.current.hints if self.current else [])

    def current_hints(self) -> list[ColorHint]:
        return self.current.hints if self.current else []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show:
            self.leave_window_keys()
        return False

    def leave_window_keys(self) -> None:
        """Keys the window already binds (its Edit menu's Undo and Redo) are left to it: Qt runs
        neither action when one key is bound twice. The page keeps the rest (Ctrl+Y on Linux)."""
        taken = {
            key.toString()
            for action in self.owner.window().findChildren(QAction)
            if action not in self.own_actions
            for key in action.shortcuts()
        }
        for action in self.own_actions:
            action.setShortcuts([key for key in action.shortcuts() if key.toString() not in taken])

    def _action(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self.owner)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        return action

    @property
    def hints(self) -> PhotoHints | None:
        return self.current

    def selected_point(self) -> tuple[float, float] | None:
        """Where the selected pin is (the model's suggestions are for that spot)."""
        index = self.panel.selected
        if self.hints is None or index is None or index >= len(self.hints.hints):
            return None
        hint = self.hints.hints[index]
        return hint.x, hint.y

    def photo_shown(self, photo_size: tuple[int, int] | None) -> None:
        """A picture of the selected photo is on screen: the brush says its size in that photo's pixels."""
        self.panel.brush.set_long_side(max(photo_size) if photo_size else 0)

    def hints_changed(self) -> None:
        hints = self.hints.hints if self.hints else []
        self.edited.emit([self.path])
        self.view.set_hints(hints, self.panel.selected)
        self.panel.select(self.panel.selected)
        self.view.set_brush_size(self.panel.brush.size)  # an undone size change shows in the outline too
        self.preview_wanted.emit()  # with the selected pin's suggestions, refreshed

    def add_hint(self, x: float, y: float) -> None:
        if self.hints is None:
            return
        colour = "#808080"
        after = self.view.after
        if after is not None:
            pixel = after.pixelColor(min(after.width() - 1, int(x * after.width())), min(after.height() - 1, int(y * after.height())))
            colour = pixel.name()  # start from the model's own guess there
        self.panel.selected = len(self.hints.hints)
        self.hints.add(ColorHint(x, y, colour, self.panel.brush.size))  # one render, with the new pin's suggestions
        self.select(self.panel.selected, render=False)  # not a second one

    def select(self, index: int, render: bool = True) -> None:
        self.panel.select(None if index < 0 else index)
        self.view.set_brush_size(self.panel.brush.size)  # the selected pin's size is the brush's now
        self.view.set_hints(self.view.hints, self.panel.selected)
        if render and self.selected_point() is not None:
            self.preview_wanted.emit()  # the model's suggestions for this pin

    def recolour_selected(self, colour: str, live: bool = False) -> None:
        """``live``: the colour chooser's colour as it changes, one undo step with the rest."""
        if self.hints is not None and self.panel.selected is not None:
            self.hints.recolour(self.panel.selected, colour, merge=live)

    def brush_changed(self, size: float) -> None:
        """A new brush size: for the pins to come, and for the selected one."""
        self.view.set_brush_size(size)
        if self.hints is not None and self.panel.selected is not None:
            self.hints.resize(self.panel.selected, size)

    def apply_to_selected(self) -> None:
        if self.hints is None:
            return
        targets = [path for path in self.selected_paths() if path != self.path]
        self.store.copy_to(self.hints.hints, targets)
        self.edited.emit(targets)
        self.status.emit(f"Copied {count_words(len(self.hints.hints), 'hint')} to {photos_words(len(targets))}.")
