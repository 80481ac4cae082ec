"""The queue of photos to colorize: thumbnails, states, add and remove.

Added files are checked at once on a worker thread (colorize/photos/check.py), so a broken one is
marked "Failed" with its reason before any batch runs; Retry checks failed ones again.
Rows keep one height whatever they show; a finished row shows its colour result.
Each photo's state lives in the photo session (session.py); the rows are a Qt model over it
(list_model.py); this view adds, removes and moves, and fetches thumbnails and checks.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from colorizer_app.core.batch import InputPhoto, expand_inputs
from colorizer_app.ui.colorize.photos.check import check_headers
from colorizer_app.ui.colorize.photos.list_model import PhotoListModel
from colorizer_app.ui.colorize.photos.session import Photo, PhotoSession
from colorizer_app.ui.colorize.photos.thumbnails import THUMBNAIL, broken_icon, placeholder_icon, read_thumbnail, square_icon
from colorizer_app.ui.tasks.lane import Lane


class PhotoQueue(QListView):
    """Photos waiting to be colorized. Folders are expanded; a photo is never listed twice."""

    count_changed = Signal(int)
    failed_changed = Signal(int)  # how many photos are marked failed
    state_changed = Signal(str)  # the path of a photo whose state or message changed
    current_changed = Signal()  # another photo is current (or none is)
    selection_changed = Signal()

    def __init__(self, session: PhotoSession | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder, self._broken = placeholder_icon(), broken_icon()
        self.session = session if session is not None else PhotoSession(self)
        self.session.count_changed.connect(self.count_changed)
        self.session.failed_changed.connect(self.failed_changed)
        self.list_model = PhotoListModel(self.session, self._placeholder, self)
        self.setModel(self.list_model)
        self.setAccessibleName("Photos")
        self.list_model.set_colours(self.palette().base().color(), self.palette().text().color())
        self.selectionModel().currentChanged.connect(self.current_changed)
        self.selectionModel().selectionChanged.connect(self.selection_changed)
        self.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # names with a common start stay apart; the whole name is in the tooltip
        self._thumbnails = Lane(1, self)
        self._checks = Lane(1, self)
        # Delete works only here, not when it removes a hint in the photo view; the window's Photo
        # menu shows this same action, so the key has one owner.
        self.remove_action = QAction("&Remove from the list", self)
        self.remove_action.setToolTip("Take the selected photos out of the list; their files stay as they are.")
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.addAction(self.remove_action)
        self.batch_running = False  # the list keeps its photos while a batch works through them
        self.list_changers: tuple[QWidget, ...] = ()  # Remove, Clear, Remove failed: the page's buttons

    def set_batch_running(self, running: bool) -> None:
        """Remove and Clear wait for the batch: Clear during one emptied the list while the batch
        went on writing every photo, and ended "Finished. 12 colorized." beside an empty list."""
        self.batch_running = running
        self.remove_action.setEnabled(not running and self.selectionModel().hasSelection())
        for button in self.list_changers:
            button.setEnabled(not running)

    # ----- adding ---------------------------------------------------------------------
    def add_paths(self, paths, output_folder: str | None = None) -> tuple[list[InputPhoto], list[str]]:
        """Add files and folders (recursively); returns (the photos added, problems).

        Returns at once; each photo's header is checked on a worker thread afterwards.
        """
        photos, problems = expand_inputs(paths, output_folder, films=True)
        return self.add_photos(photos), problems

    def add_photos(self, photos: list[InputPhoto]) -> list[InputPhoto]:
        """Add planned photos as they are (a restored session keeps each one's place in the output tree)."""
        added = self.session.add(photos)
        for record in added:
            self.state_changed.emit(record.key)  # "waiting"
            self._thumbnail(record.key, record.key)
        self._check([record.key for record in added])
        return [record.photo for record in added]

    def _check(self, paths: list[str]) -> None:
        if not paths:
            return
        self._checks.start(partial(check_headers, paths=paths), on_progress=self._checked)

    def _checked(self, results: list[tuple[str, str, object]]) -> None:
        for path, reason, film in results:
            record = self.session.find(path)
            if record is None:
                continue  # removed
            if film is not None:  # a film's length and size, whatever its state (a restored one too)
                self.session.set_film(record, film)
                self.state_changed.emit(record.key)
            if record.state not in ("waiting", "checking"):
                if reason and record.state == "failed":  # restored as failed: its "cannot open" tile
                    self.list_model.set_icon(record, self._broken)
                continue  # a batch or a restored session said its state first
            if reason:
                self.list_model.set_icon(record, self._broken)
                self.set_state(record, "failed", reason)
            else:
                if record.state == "checking":  # a retried photo: its thumbnail may work now
                    self._thumbnail(path, path)
                self.set_state(record, "waiting", record.message)  # a note already there stays (unreadable saved hints)

    # ----- thumbnails -----------------------------------------------------------------
    def _thumbnail(self, key: str, path: str, priority: int = 0) -> None:
        self._thumbnails.start(
            lambda task: read_thumbnail(path), on_done=lambda image: self._thumbnail_ready(key, path, image), priority=priority
        )

    def _thumbnail_ready(self, key: str, path: str, image) -> None:
        record = self.session.find(key)
        if record is None or image.isNull():
            return
        is_result = path != key
        if not is_result and (self.list_model.thumbnail_of(record) is not None or record.state == "failed"):
            return  # the colour result (or the "cannot open" tile) stays
        self.list_model.set_icon(record, square_icon(image), Path(path) if is_result else None)

    def show_result(self, source: Path, output: Path) -> None:
        """Show the colour result as this photo's thumbnail (ahead of waiting thumbnails)."""
        if self.session.find(source) is not None:
            self._thumbnail(str(source), str(output), priority=1)

    def show_original(self, source: Path) -> None:
        """The photo's own thumbnail again (its result is not in the output folder chosen now)."""
        if self.session.find(source) is not None:
            self._thumbnail(str(source), str(source))

    # ----- states ---------------------------------------------------------------------
    def photos(self, only_states: tuple[str, ...] | None = None, leave_out: tuple[str, ...] = ()) -> list[InputPhoto]:
        return [
            record.photo
            for record in self.session.photos()
            if (only_states is None or record.state in only_states) and record.state not in leave_out
        ]

    def item_for(self, path: Path) -> Photo | None:
        """The listed photo at ``path`` (a dictionary look-up), or None."""
        return self.session.find(path)

    def set_state(self, record: Photo, state: str, message: str = "") -> None:
        """Show ``state``; the whole ``message`` goes to the tooltip and the details under the preview."""
        self.session.set_state(record, state, message)
        self.state_changed.emit(record.key)

    def set_edit_note(self, path: Path, changed: bool, note: str) -> None:
        """Mark a photo edited since its result was saved; ``note`` (how it was made) goes to the tooltip."""
        record = self.item_for(path)
        if record is not None:
            self.session.set_note(record, changed, note)

    def set_state_for(self, path: Path, state: str, message: str = "") -> None:
        record = self.item_for(path)
        if record is not None:
            self.set_state(record, state, message)

    def follow(self, path: Path) -> None:
        """Scroll so the photo being colorized is in view (without changing the selection)."""
        record = self.item_for(path)
        if record is not None:
            self.scrollTo(self.list_model.index_of(record), QAbstractItemView.ScrollHint.EnsureVisible)

    # ----- the current and selected photos --------------------------------------------
    def count(self) -> int:
        return self.list_model.rowCount()

    def current_photo(self) -> Photo | None:
        index = self.currentIndex()
        return self.list_model.row(index.row()) if index.isValid() else None

    def selected_photos(self) -> list[Photo]:
        """The selected photos, in list order."""
        return [self.list_model.row(number) for number in sorted(index.row() for index in self.selectionModel().selectedIndexes())]

    def currentRow(self) -> int:  # noqa: N802 (QListWidget's name, kept)
        return self.currentIndex().row()

    def setCurrentRow(self, row: int, command=QItemSelectionModel.SelectionFlag.SelectCurrent) -> None:  # noqa: N802
        """As QListWidget did: the row becomes current and is added to the selection (unless told otherwise)."""
        self.selectionModel().setCurrentIndex(self.list_model.index(row), command)

    def set_current(self, path: Path) -> None:
        record = self.item_for(path)
        self.setCurrentRow(self.list_model.row_of(record) if record is not None else -1)

    # ----- moving between photos ------------------------------------------------------
    def go_to(self, row: int) -> None:
        """Show the photo in ``row`` (clamped to the list), selected alone and scrolled into view."""
        if self.count():
            row = min(max(row, 0), self.count() - 1)
            self.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(self.list_model.index(row))

    def step(self, delta: int) -> None:
        """The next (``delta`` 1) or previous (-1) photo; the first one if none is shown."""
        self.go_to(self.currentRow() + delta if self.currentRow() >= 0 else 0)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """A new theme: state colours are picked for the list's background, so pick them again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.list_model.set_colours(self.palette().base().color(), self.palette().text().color())

    # ----- failed photos --------------------------------------------------------------
    def failed_count(self) -> int:
        return self.session.failed_count()

    def retry_failed(self) -> int:
        """Check the failed photos again (the files may have been fixed); returns how many."""
        records = self.session.failed()
        for record in records:
            self.set_state(record, "checking")
        self._check([record.key for record in records])
        return len(records)

    def remove_failed(self) -> int:
        if self.batch_running:
            return 0
        records = self.session.failed()
        self._remove(records)
        return len(records)

    # ----- removing -------------------------------------------------------------------
    def remove_selected(self) -> None:
        """Remove the selected photos; the one after them is selected, so that Delete again goes
        on down the list (the row before became current, selected in nothing: Delete did nothing)."""
        if self.batch_running:
            return
        records = self.selected_photos()
        first = min((self.session.row_of(record) for record in records), default=-1)
        self._remove(records)
        if first >= 0:
            self.go_to(first)

    def _remove(self, records: list[Photo]) -> None:
        self.session.remove(records)

    def clear_all(self) -> None:
        if self.batch_running:
            return
        self._checks.cancel_all()
        self.selectionModel().clear()  # as QListWidget.clear did: the page hears that no photo is current
        self.session.clear()
