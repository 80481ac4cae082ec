"""The photo list's rows: a Qt list model over the photo session (session.py).

Why a model over the session and not QListWidgetItems: a photo's state is a Python record the
window reads directly (no item data roles to convert back and forth), a change repaints just
its row, and a photo is found by its path through a dictionary, never by a scan of the rows.
What only the list needs is here: each row's thumbnail and the result file it shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon

from colorizer_app.ui.colorize.photos.session import CHANGED_LABEL, STATE_LABELS, Photo, PhotoSession  # noqa: F401 (the list's words)
from colorizer_app.ui.colorize.photos.thumbnails import THUMBNAIL
from colorizer_app.ui.look.state_colours import state_colour

ROW_HEIGHT = THUMBNAIL + 8
ROW_SIZE = QSize(THUMBNAIL, ROW_HEIGHT)  # every row alike, so the view can lay out 2,000 rows at once


class PhotoListModel(QAbstractListModel):
    """The session's photos as rows, with a thumbnail each (``placeholder`` until it is decoded)."""

    def __init__(self, session: PhotoSession, placeholder: QIcon | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.placeholder = placeholder or QIcon()
        self._icons: dict[str, QIcon] = {}
        self._thumbnails: dict[str, Path] = {}  # the colour result a row's thumbnail shows, by photo
        self._background, self._text = QColor("white"), QColor("black")
        self._brushes: dict[str, QBrush] = {}  # by shown state, for the current background
        session.about_to_add.connect(lambda first, last: self.beginInsertRows(QModelIndex(), first, last))
        session.added.connect(lambda _photos: self.endInsertRows())
        session.about_to_remove.connect(lambda first, last: self.beginRemoveRows(QModelIndex(), first, last))
        session.rows_removed.connect(self.endRemoveRows)
        session.removed.connect(self._forget)
        session.about_to_clear.connect(self.beginResetModel)
        session.cleared.connect(self._cleared)
        session.changed.connect(self.repaint)

    # ----- Qt's side ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else self.session.count()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """What the view asks for; None (a plain Python return) for anything the rows do not set."""
        if not index.isValid() or not 0 <= index.row() < self.session.count():
            return None
        photo = self.session.at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.text
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon_of(photo)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(photo)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return photo.tooltip  # (a screen reader reads why a photo failed, not only "Failed")
        if role == Qt.ItemDataRole.SizeHintRole:
            return ROW_SIZE
        return None

    # ----- rows -----------------------------------------------------------------------
    def row(self, number: int) -> Photo:
        return self.session.at(number)

    def rows(self) -> list[Photo]:
        return self.session.photos()

    def find(self, path) -> Photo | None:
        return self.session.find(path)

    def row_of(self, photo: Photo) -> int:
        return self.session.row_of(photo)

    def index_of(self, photo: Photo) -> QModelIndex:
        number = self.session.row_of(photo)
        return self.index(number) if number >= 0 else QModelIndex()

    def repaint(self, photo: Photo) -> None:
        index = self.index_of(photo)
        if index.isValid():
            self.dataChanged.emit(index, index)

    # ----- thumbnails -----------------------------------------------------------------
    def icon_of(self, photo: Photo) -> QIcon:
        return self._icons.get(photo.key, self.placeholder)

    def thumbnail_of(self, photo: Photo) -> Path | None:
        """The colour result the row shows, if it shows one (else the photo itself, or a stand-in)."""
        return self._thumbnails.get(photo.key)

    def set_icon(self, photo: Photo, icon: QIcon, result: Path | None = None) -> None:
        self._icons[photo.key] = icon
        if result is None:
            self._thumbnails.pop(photo.key, None)
        else:
            self._thumbnails[photo.key] = result
        self.repaint(photo)

    def _forget(self, photos: list[Photo]) -> None:
        for photo in photos:
            self._icons.pop(photo.key, None)
            self._thumbnails.pop(photo.key, None)

    def _cleared(self) -> None:
        self._icons, self._thumbnails = {}, {}
        self.endResetModel()

    # ----- colours --------------------------------------------------------------------
    def foreground(self, photo: Photo) -> QBrush:
        shown = photo.shown_state
        if shown not in self._brushes:
            self._brushes[shown] = QBrush(state_colour(shown, self._background, self._text))
        return self._brushes[shown]

    def set_colours(self, background: QColor, text: QColor) -> None:
        """A new theme: state colours are picked for the list's background, so pick them again."""
        if (background, text) == (self._background, self._text):
            return
        self._background, self._text, self._brushes = QColor(background), QColor(text), {}
        if self.session.count():
            self.dataChanged.emit(self.index(0), self.index(self.session.count() - 1))
