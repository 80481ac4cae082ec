"""The queue of photos to colorize: thumbnails, states, add and remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QIcon, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from colorizer_app.core.batch import InputPhoto, expand_inputs
from colorizer_app.ui.workers import emit_if_alive

THUMBNAIL = 72
STATE_COLOURS = {"waiting": "#9aa0a6", "working": "#8ab4f8", "done": "#81c995", "skipped": "#fdd663", "failed": "#f28b82"}
STATE_LABELS = {"waiting": "Waiting", "working": "Working…", "done": "Done", "skipped": "Skipped (output exists)", "failed": "Failed"}
PATH_ROLE = Qt.ItemDataRole.UserRole
RELATIVE_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2


class _ThumbnailSignals(QObject):
    ready = Signal(str, object)  # path, QImage


class _ThumbnailTask(QRunnable):
    """Decodes a small thumbnail off the GUI thread (JPEGs decode scaled, cheaply)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.signals = _ThumbnailSignals()

    def run(self) -> None:
        reader = QImageReader(self.path)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() > 0 and size.height() > 0:
            reader.setScaledSize(size.scaled(THUMBNAIL * 2, THUMBNAIL * 2, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        emit_if_alive(self.signals.ready, self.path, image)


class PhotoQueue(QListWidget):
    """Photos waiting to be colorized. Folders are expanded; a photo is never listed twice."""

    count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self._paths: set[Path] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: list[_ThumbnailTask] = []
        delete = QShortcut(QKeySequence.StandardKey.Delete, self, self.remove_selected)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # not when Delete removes a hint

    def add_paths(self, paths, output_folder: str | None = None) -> tuple[list[InputPhoto], list[str]]:
        """Add files and folders (recursively); returns (the photos added, problems)."""
        photos, problems = expand_inputs(paths, output_folder)
        added = [photo for photo in photos if self._add(photo)]
        self.count_changed.emit(self.count())
        return added, problems

    def _add(self, photo: InputPhoto) -> bool:
        resolved = photo.source.resolve()
        if resolved in self._paths:
            return False
        self._paths.add(resolved)
        item = QListWidgetItem(photo.source.name)
        item.setData(PATH_ROLE, str(photo.source))
        item.setData(RELATIVE_ROLE, str(photo.relative_output))
        item.setToolTip(str(photo.source))
        self.addItem(item)
        self.set_state(item, "waiting")
        task = _ThumbnailTask(str(photo.source))
        task.signals.ready.connect(self._thumbnail_ready)
        self._tasks.append(task)
        self._pool.start(task)
        return True

    def _thumbnail_ready(self, path: str, image) -> None:
        item = self.item_for(Path(path))
        if item is not None and not image.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        self._tasks = [task for task in self._tasks if task.path != path]

    def photos(self, only_states: tuple[str, ...] | None = None) -> list[InputPhoto]:
        chosen = []
        for row in range(self.count()):
            item = self.item(row)
            if only_states is None or item.data(STATE_ROLE) in only_states:
                chosen.append(InputPhoto(Path(item.data(PATH_ROLE)), Path(item.data(RELATIVE_ROLE))))
        return chosen

    def item_for(self, path: Path) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if Path(item.data(PATH_ROLE)) == Path(path):
                return item
        return None

    def set_state(self, item: QListWidgetItem, state: str, message: str = "") -> None:
        item.setData(STATE_ROLE, state)
        name = Path(item.data(PATH_ROLE)).name
        label = STATE_LABELS[state] + (f": {message}" if message and state == "failed" else "")
        item.setText(f"{name}\n{label}")
        item.setForeground(QColor(STATE_COLOURS[state]) if state != "waiting" else self.palette().text().color())
        item.setToolTip(f"{item.data(PATH_ROLE)}\n{label}" + (f"\n{message}" if message and state != "failed" else ""))

    def set_state_for(self, path: Path, state: str, message: str = "") -> None:
        item = self.item_for(path)
        if item is not None:
            self.set_state(item, state, message)

    def remove_selected(self) -> None:
        for item in self.selectedItems():
            self._paths.discard(Path(item.data(PATH_ROLE)).resolve())
            self.takeItem(self.row(item))
        self.count_changed.emit(self.count())

    def clear_all(self) -> None:
        self.clear()
        self._paths.clear()
        self.count_changed.emit(0)
