"""The photo list's rows: one plain record per photo, served to the view by a Qt list model.

Why a model and not QListWidgetItems: a photo's state is a Python record the window reads
directly (no item data roles to convert back and forth), a change repaints just its row,
and a photo is found by its path through a dictionary, never by a scan of the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon

from colorizer_app.core.batch import InputPhoto
from colorizer_app.ui.colorize.photos.thumbnails import THUMBNAIL
from colorizer_app.ui.look.state_colours import state_colour

STATE_LABELS = {
    "waiting": "Waiting",
    "checking": "Checking…",
    "working": "Colorizing…",
    "done": "Done",
    "skipped": "Already colorized",
    "failed": "Failed",
}
CHANGED_LABEL = "Changed, not saved"
ROW_HEIGHT = THUMBNAIL + 8
ROW_SIZE = QSize(THUMBNAIL, ROW_HEIGHT)  # every row alike, so the view can lay out 2,000 rows at once


@dataclass(eq=False)
class PhotoRow:
    """One listed photo and what the list knows of it (compared by identity: one record per photo)."""

    source: Path
    relative_output: Path
    icon: QIcon
    state: str = "waiting"
    message: str = ""  # the whole reason of a failure, or a note on a result
    result: Path | None = None  # the colour result the thumbnail shows, if any
    changed: bool = False  # edited since its result was saved (colorize/edits/photo_edits.py)
    note: str = ""  # how its result was made, for the tooltip

    @property
    def key(self) -> str:
        return str(self.source)

    @property
    def photo(self) -> InputPhoto:
        return InputPhoto(self.source, self.relative_output)

    @property
    def shown_state(self) -> str:
        """The state whose colour the row takes: "changed" outranks a calm state, never a failure."""
        return "changed" if self.changed and self.state in ("waiting", "done", "skipped") else self.state

    @property
    def label(self) -> str:
        return CHANGED_LABEL if self.shown_state == "changed" else STATE_LABELS[self.state]

    @property
    def text(self) -> str:
        """The row's two lines: the file's name, and its state."""
        return f"{self.source.name}\n{self.label}"

    @property
    def tooltip(self) -> str:
        message = f": {self.message}" if self.message else ""
        return f"{self.source}\n{self.label}{message}" + (f"\n{self.note}" if self.note else "")


class PhotoListModel(QAbstractListModel):
    """The rows in list order, plus a path → record dictionary and a lazily rebuilt path → row index."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PhotoRow] = []
        self._by_path: dict[str, PhotoRow] = {}
        self._row_index: dict[str, int] | None = {}  # None after a removal, until asked for
        self._background, self._text = QColor("white"), QColor("black")
        self._brushes: dict[str, QBrush] = {}  # by shown state, for the current background

    # ----- Qt's side ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """What the view asks for; None (a plain Python return) for anything the rows do not set."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.DecorationRole:
            return row.icon
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == Qt.ItemDataRole.SizeHintRole:
            return ROW_SIZE
        return None

    # ----- rows -----------------------------------------------------------------------
    def row(self, index: int) -> PhotoRow:
        return self._rows[index]

    def rows(self) -> list[PhotoRow]:
        return list(self._rows)

    def find(self, path) -> PhotoRow | None:
        return self._by_path.get(str(path))

    def row_of(self, record: PhotoRow) -> int:
        """The record's row (-1 if not listed); rebuilds the index once after removals."""
        if self._row_index is None:
            self._row_index = {row.key: number for number, row in enumerate(self._rows)}
        number = self._row_index.get(record.key, -1)
        return number if number >= 0 and self._rows[number] is record else -1

    def index_of(self, record: PhotoRow) -> QModelIndex:
        number = self.row_of(record)
        return self.index(number) if number >= 0 else QModelIndex()

    def append(self, records: list[PhotoRow]) -> None:
        if not records:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
        for number, record in enumerate(records, first):
            self._rows.append(record)
            self._by_path[record.key] = record
            if self._row_index is not None:
                self._row_index[record.key] = number
        self.endInsertRows()

    def update(self, record: PhotoRow, **fields) -> None:
        """Change some of a record's fields and repaint its row only."""
        for name, value in fields.items():
            setattr(record, name, value)
        index = self.index_of(record)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def remove(self, records) -> None:
        """Take these records off, each run of neighbouring rows in one step, the last run first."""
        numbers = sorted({number for number in map(self.row_of, records) if number >= 0}, reverse=True)
        while numbers:
            last = first = numbers.pop(0)
            while numbers and numbers[0] == first - 1:
                first = numbers.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            for record in self._rows[first : last + 1]:
                del self._by_path[record.key]
            del self._rows[first : last + 1]
            self._row_index = None  # views may ask for rows while the removal is announced
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._by_path, self._row_index = [], {}, {}
        self.endResetModel()

    # ----- colours --------------------------------------------------------------------
    def foreground(self, record: PhotoRow) -> QBrush:
        shown = record.shown_state
        if shown not in self._brushes:
            self._brushes[shown] = QBrush(state_colour(shown, self._background, self._text))
        return self._brushes[shown]

    def set_colours(self, background: QColor, text: QColor) -> None:
        """A new theme: state colours are picked for the list's background, so pick them again."""
        if (background, text) == (self._background, self._text):
            return
        self._background, self._text, self._brushes = QColor(background), QColor(text), {}
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
