"""The queue of photos to colorize: thumbnails, states, add and remove.

Added files are checked at once on a worker thread (photo_check.py), so a broken one is
marked "Failed" with its reason before any batch runs; Retry checks failed ones again.
Rows keep one height whatever they show; a finished row shows its colour result.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from colorizer_app.core.batch import InputPhoto, expand_inputs
from colorizer_app.ui.photo_check import HeaderCheckTask
from colorizer_app.ui.state_colours import state_colour
from colorizer_app.ui.thumbnails import THUMBNAIL, ThumbnailTask, broken_icon, placeholder_icon, square_icon

STATE_LABELS = {
    "waiting": "Waiting",
    "checking": "Checking…",
    "working": "Colorizing…",
    "done": "Done",
    "skipped": "Already colorized",
    "failed": "Failed",
}
PATH_ROLE = Qt.ItemDataRole.UserRole
RELATIVE_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole reason of a failure, or a note on a result
RESULT_ROLE = Qt.ItemDataRole.UserRole + 4  # the colour result the thumbnail shows, if any
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 5  # edited since its result was saved (photo_edits.py)
NOTE_ROLE = Qt.ItemDataRole.UserRole + 6  # how its result was made, for the tooltip
CHANGED_LABEL = "Changed, not saved"
CHANGED = "changed"
# UNSET_ROLES_NOTE: PySide6 6.12 returns an unset role's None, and a stored bool, without taking a
# reference (each read lowers the refcount of None/True/False until Python aborts), so every role
# holds a string from the start.
ROW_HEIGHT = THUMBNAIL + 8


class PhotoQueue(QListWidget):
    """Photos waiting to be colorized. Folders are expanded; a photo is never listed twice."""

    count_changed = Signal(int)
    failed_changed = Signal(int)  # how many photos are marked failed
    state_changed = Signal(str)  # the path of a photo whose state or message changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long names keep their ending
        self._items: dict[str, QListWidgetItem] = {}  # by path, as listed
        self._paths: set[Path] = set()  # resolved, to refuse duplicates
        self._failed: set[str] = set()
        self._thumbnails = QThreadPool(self)
        self._thumbnails.setMaxThreadCount(1)
        self._checks = QThreadPool(self)
        self._checks.setMaxThreadCount(1)
        self._tasks: dict[int, object] = {}  # running tasks, kept so their signals stay alive
        self._placeholder, self._broken = placeholder_icon(), broken_icon()
        # Delete works only here, not when it removes a hint in the photo view; the window's Photo
        # menu shows this same action, so the key has one owner.
        self.remove_action = QAction("&Remove from the list", self)
        self.remove_action.setToolTip("Take the selected photos out of the list; their files stay as they are.")
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.addAction(self.remove_action)

    # ----- adding ---------------------------------------------------------------------
    def add_paths(self, paths, output_folder: str | None = None) -> tuple[list[InputPhoto], list[str]]:
        """Add files and folders (recursively); returns (the photos added, problems).

        Returns at once; each photo's header is checked on a worker thread afterwards.
        """
        photos, problems = expand_inputs(paths, output_folder)
        return self.add_photos(photos), problems

    def add_photos(self, photos: list[InputPhoto]) -> list[InputPhoto]:
        """Add planned photos as they are (a restored session keeps each one's place in the output tree)."""
        added = [photo for photo in photos if self._add(photo)]
        self._check([str(photo.source) for photo in added])
        self.count_changed.emit(self.count())
        return added

    def _add(self, photo: InputPhoto) -> bool:
        resolved = photo.source.resolve()
        if resolved in self._paths:
            return False
        self._paths.add(resolved)
        item = QListWidgetItem(self._placeholder, photo.source.name)
        item.setData(PATH_ROLE, str(photo.source))
        item.setData(RELATIVE_ROLE, str(photo.relative_output))
        for role in (RESULT_ROLE, CHANGED_ROLE, NOTE_ROLE):  # strings, never unset: see UNSET_ROLES_NOTE
            item.setData(role, "")
        item.setSizeHint(QSize(THUMBNAIL, ROW_HEIGHT))
        self._items[str(photo.source)] = item
        self.addItem(item)
        self.set_state(item, "waiting")
        self._thumbnail(str(photo.source), str(photo.source))
        return True

    def _check(self, paths: list[str]) -> None:
        if not paths:
            return
        task = HeaderCheckTask(paths)
        task.signals.checked.connect(self._checked)
        task.signals.finished.connect(self._task_done)
        self._tasks[id(task)] = task
        self._checks.start(task)

    def _checked(self, results: list[tuple[str, str]]) -> None:
        for path, reason in results:
            item = self._items.get(path)
            if item is None or item.data(STATE_ROLE) not in ("waiting", "checking"):
                continue  # removed, or a batch got to it first
            if reason:
                item.setIcon(self._broken)
                self.set_state(item, "failed", reason)
            else:
                if item.data(STATE_ROLE) == "checking":  # a retried photo: its thumbnail may work now
                    self._thumbnail(path, path)
                self.set_state(item, "waiting")

    # ----- thumbnails -----------------------------------------------------------------
    def _thumbnail(self, key: str, path: str, priority: int = 0) -> None:
        task = ThumbnailTask(key, path)
        task.signals.ready.connect(self._thumbnail_ready)
        self._tasks[id(task)] = task
        self._thumbnails.start(task, priority)

    def _task_done(self, task_id: int) -> None:
        self._tasks.pop(task_id, None)

    def _thumbnail_ready(self, task_id: int, key: str, path: str, image) -> None:
        self._task_done(task_id)
        item = self._items.get(key)
        if item is None or image.isNull():
            return
        is_result = path != key
        if not is_result and (item.data(RESULT_ROLE) or item.data(STATE_ROLE) == "failed"):
            return  # the colour result (or the "cannot open" tile) stays
        item.setIcon(square_icon(image))
        item.setData(RESULT_ROLE, path if is_result else "")

    def show_result(self, source: Path, output: Path) -> None:
        """Show the colour result as this photo's thumbnail (ahead of waiting thumbnails)."""
        if str(source) in self._items:
            self._thumbnail(str(source), str(output), priority=1)

    # ----- states ---------------------------------------------------------------------
    def photos(self, only_states: tuple[str, ...] | None = None, leave_out: tuple[str, ...] = ()) -> list[InputPhoto]:
        chosen = []
        for row in range(self.count()):
            item = self.item(row)
            state = item.data(STATE_ROLE)
            if (only_states is None or state in only_states) and state not in leave_out:
                chosen.append(InputPhoto(Path(item.data(PATH_ROLE)), Path(item.data(RELATIVE_ROLE))))
        return chosen

    def item_for(self, path: Path) -> QListWidgetItem | None:
        return self._items.get(str(path))

    def set_state(self, item: QListWidgetItem, state: str, message: str = "") -> None:
        """Show ``state``; the whole ``message`` goes to the tooltip and the details under the preview."""
        path = item.data(PATH_ROLE)
        item.setData(STATE_ROLE, state)
        item.setData(MESSAGE_ROLE, message)
        self._paint(item)
        failed_before = len(self._failed)
        (self._failed.add if state == "failed" else self._failed.discard)(path)
        if len(self._failed) != failed_before:
            self.failed_changed.emit(len(self._failed))
        self.state_changed.emit(path)

    def set_edit_note(self, path: Path, changed: bool, note: str) -> None:
        """Mark a photo edited since its result was saved; ``note`` (how it was made) goes to the tooltip."""
        item = self.item_for(path)
        if item is not None and (item.data(CHANGED_ROLE), item.data(NOTE_ROLE)) != (CHANGED if changed else "", note):
            item.setData(CHANGED_ROLE, CHANGED if changed else "")
            item.setData(NOTE_ROLE, note)
            self._paint(item)

    def _paint(self, item: QListWidgetItem) -> None:
        """The row's two lines, colour and tooltip, from its state and edit note."""
        path, state, message = item.data(PATH_ROLE), item.data(STATE_ROLE), item.data(MESSAGE_ROLE)
        shown = "changed" if item.data(CHANGED_ROLE) and state in ("waiting", "done", "skipped") else state
        label = CHANGED_LABEL if shown == "changed" else STATE_LABELS[state]
        item.setText(f"{Path(path).name}\n{label}")
        palette = self.palette()
        item.setForeground(state_colour(shown, palette.base().color(), palette.text().color()))
        note = item.data(NOTE_ROLE)
        item.setToolTip(f"{path}\n{label}" + (f": {message}" if message else "") + (f"\n{note}" if note else ""))

    def set_state_for(self, path: Path, state: str, message: str = "") -> None:
        item = self.item_for(path)
        if item is not None:
            self.set_state(item, state, message)

    def follow(self, path: Path) -> None:
        """Scroll so the photo being colorized is in view (without changing the selection)."""
        item = self.item_for(path)
        if item is not None:
            self.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)

    # ----- moving between photos ------------------------------------------------------
    def go_to(self, row: int) -> None:
        """Show the photo in ``row`` (clamped to the list), selected alone and scrolled into view."""
        if self.count():
            row = min(max(row, 0), self.count() - 1)
            self.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollToItem(self.item(row))

    def step(self, delta: int) -> None:
        """The next (``delta`` 1) or previous (-1) photo; the first one if none is shown."""
        self.go_to(self.currentRow() + delta if self.currentRow() >= 0 else 0)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """A new theme: state colours are picked for the list's background, so pick them again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for item in self._items.values():
                self._paint(item)

    # ----- failed photos --------------------------------------------------------------
    def failed_count(self) -> int:
        return len(self._failed)

    def retry_failed(self) -> int:
        """Check the failed photos again (the files may have been fixed); returns how many."""
        paths = [path for path in self._items if path in self._failed]
        for path in paths:
            self.set_state(self._items[path], "checking")
        self._check(paths)
        return len(paths)

    def remove_failed(self) -> int:
        items = [self._items[path] for path in list(self._failed)]
        self._remove(items)
        return len(items)

    # ----- removing -------------------------------------------------------------------
    def remove_selected(self) -> None:
        self._remove(self.selectedItems())

    def _remove(self, items: list[QListWidgetItem]) -> None:
        failed_before = len(self._failed)
        for item in items:
            path = item.data(PATH_ROLE)
            self._paths.discard(Path(path).resolve())
            self._items.pop(path, None)
            self._failed.discard(path)
            self.takeItem(self.row(item))
        if len(self._failed) != failed_before:
            self.failed_changed.emit(len(self._failed))
        self.count_changed.emit(self.count())

    def clear_all(self) -> None:
        for task in self._tasks.values():
            if isinstance(task, HeaderCheckTask):
                task.cancelled = True
        self.clear()
        self._paths.clear()
        self._items.clear()
        if self._failed:
            self._failed.clear()
            self.failed_changed.emit(0)
        self.count_changed.emit(0)
