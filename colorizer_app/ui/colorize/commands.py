"""What the window's menus may do on the Colorize tab: named slots and the tab's shared actions.

Why: the menus (``ui/app/menus.py``) used to reach through the page into its parts
(``page.compare.fit``, ``page.edits_ui.buttons.save_action``, ``page.hints_panel.photo_hints``).
This is the tab's one outward face for them, so the page's insides can change without the
menus knowing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from colorizer_app.ui.colorize.photos.list_view import PhotoQueue

if TYPE_CHECKING:
    from colorizer_app.ui.colorize.page import ColorizePage


@dataclass(frozen=True)
class ColorizeCommands:
    tab: QWidget  # brought forward by a menu item that acts on it
    photo_view: QWidget  # the Photo menu's keys work while this has focus
    photos: PhotoQueue  # the list: step, go to, select all, and its signals
    add_photos: Callable[[], None]
    add_folder: Callable[[], None]
    open_output: Callable[[], None]
    fit: Callable[[], None]
    actual_size: Callable[[], None]
    side_by_side: QAction  # the view bar's toggles: the menu item and the button share one state
    compare_models: QAction
    save_photo: QAction  # the edits' Save button's action, so its state holds in hint mode too
    remove_photos: QAction  # Delete, when the list has focus
    colorize_all: QAction  # Ctrl+Enter
    cancel: QAction  # Escape, while a batch runs
    hint_undo_stack: Callable[[], QUndoStack | None]  # the selected photo's hint edits, or None

    @classmethod
    def of(cls, page: ColorizePage) -> ColorizeCommands:
        def hint_undo_stack() -> QUndoStack | None:
            hints = page.hints_panel.photo_hints
            return hints.undo_stack if hints is not None else None

        return cls(
            tab=page,
            photo_view=page.compare,
            photos=page.queue,
            add_photos=page.choose_photos,
            add_folder=page.choose_folder,
            open_output=page.open_output_folder,
            fit=page.compare.fit,
            actual_size=page.compare.actual_size,
            side_by_side=page.view_bar.side_by_side_action,
            compare_models=page.view_bar.compare_models_action,
            save_photo=page.edits_ui.buttons.save_action,
            remove_photos=page.queue.remove_action,
            colorize_all=page.run.run_action,
            cancel=page.run.cancel_action,
            hint_undo_stack=hint_undo_stack,
        )
