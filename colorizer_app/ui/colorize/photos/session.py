"""The Colorize tab's photo session: the one owner of each listed photo's state.

Why one owner: a photo's file, its check result, its own model and saturation, its hints, its
saved result and whether that result is "changed, not saved" used to live in four places keyed
by path (the list's rows, the edits, the hints store, the session file's snapshot). Here each
photo is one ``Photo`` record in list order, found by path through a dictionary. The list view
is a Qt model over this (list_model.py); the edits rule (edits/photo_edits.py) and the hints
store (hints/store.py) read and write these records; the session file is a snapshot of them.
No widgets here: signals say what changed, with the row numbers a Qt model needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from colorizer_app.core.batch import InputPhoto
from colorizer_app.core.film import clock, is_video_name
from colorizer_app.core.path_lookup import Resolver
from colorizer_app.ui.colorize.photos.recipe import SavedResult

STATE_LABELS = {
    "waiting": "Waiting",
    "checking": "Checking…",
    "working": "Colorizing…",
    "done": "Done",
    "skipped": "Already colorized",
    "failed": "Failed",
}
STATES = tuple(STATE_LABELS)
CHANGED_LABEL = "Changed, not saved"


@dataclass(eq=False)
class Photo:
    """One listed photo and all the tab knows of it (compared by identity: one record per photo)."""

    source: Path
    relative_output: Path
    state: str = "waiting"  # one of STATES: the file check's and the batch's word for it
    message: str = ""  # the whole reason of a failure, or a note on a result
    own: tuple[str, float] | None = None  # the model and saturation it keeps (edits/photo_edits.py)
    result: SavedResult | None = None  # its saved result and what made it
    hints: object = None  # its PhotoHints (hints/panel.py) once it has any, with their undo history
    changed: bool = False  # its saved result differs from what it would be made with now
    note: str = ""  # how its result was made, for the tooltip
    film: object = None  # a film's FilmFacts (length, size, sound) once its check has read them
    frame: int = 0  # the frame of a film the compare view shows (the scrubber's place)

    @property
    def key(self) -> str:
        return str(self.source)

    @property
    def is_film(self) -> bool:
        return is_video_name(self.source)

    @property
    def photo(self) -> InputPhoto:
        return InputPhoto(self.source, self.relative_output)

    @property
    def shown_state(self) -> str:
        """The state the row is coloured by: "changed" outranks a calm state, never a failure."""
        return "changed" if self.changed and self.state in ("waiting", "done", "skipped") else self.state

    @property
    def label(self) -> str:
        return CHANGED_LABEL if self.shown_state == "changed" else STATE_LABELS[self.state]

    @property
    def text(self) -> str:
        """The row's two lines: the file's name, and its state (a film's length after it)."""
        length = f" · {clock(self.film.duration)}" if self.film is not None else ""  # the thumbnail says it is a film
        return f"{self.source.name}\n{self.label}{length}"

    @property
    def tooltip(self) -> str:
        message = f": {self.message}" if self.message else ""
        facts = f"\n{self.film.words()}" if self.film is not None else ""
        return f"{self.source}{facts}\n{self.label}{message}" + (f"\n{self.note}" if self.note else "")


class PhotoSession(QObject):
    """The listed photos in order. A photo is never listed twice (its resolved path decides)."""

    about_to_add = Signal(int, int)  # first and last row of the photos about to be added
    added = Signal(list)  # the Photos added
    about_to_remove = Signal(int, int)  # a run of neighbouring rows about to go (the last run first)
    rows_removed = Signal()  # that run is gone
    removed = Signal(list)  # the Photos removed, once all runs are gone
    about_to_clear = Signal()
    cleared = Signal()
    changed = Signal(object)  # a Photo whose state, message, changed mark or note changed
    count_changed = Signal(int)
    failed_changed = Signal(int)  # how many photos are marked failed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: list[Photo] = []
        self._by_key: dict[str, Photo] = {}
        self._row_index: dict[str, int] | None = {}  # None after a removal, until asked for
        self._resolved: dict[Path, str] = {}  # resolved path -> key, to refuse duplicates
        self._resolved_of: dict[str, Path] = {}
        self._failed: set[str] = set()

    # ----- reading ------------------------------------------------------------------
    def photos(self) -> list[Photo]:
        return list(self._photos)

    def count(self) -> int:
        return len(self._photos)

    def at(self, row: int) -> Photo:
        return self._photos[row]

    def find(self, path) -> Photo | None:
        """The listed photo at ``path`` (a dictionary look-up), or None."""
        return self._by_key.get(str(path))

    def record(self, path) -> Photo:
        """The listed photo at ``path``; for one not listed (removed during a batch), a record of
        its own that nothing keeps, so an edit to a photo no longer listed goes nowhere."""
        found = self.find(path)
        if found is not None:
            return found
        path = Path(path)
        return Photo(path, Path(path.name))

    def row_of(self, photo: Photo) -> int:
        """The photo's row (-1 if not listed); rebuilds the index once after removals."""
        if self._row_index is None:
            self._row_index = {item.key: number for number, item in enumerate(self._photos)}
        number = self._row_index.get(photo.key, -1)
        return number if number >= 0 and self._photos[number] is photo else -1

    def failed_count(self) -> int:
        return len(self._failed)

    def failed(self) -> list[Photo]:
        return [photo for photo in self._photos if photo.key in self._failed]

    # ----- adding and removing ------------------------------------------------------
    def add(self, photos: list[InputPhoto]) -> list[Photo]:
        """Add planned photos as they are (a restored session keeps each one's place in the output
        tree); returns those that were not listed yet."""
        resolve = Resolver()
        new = []
        for photo in photos:
            resolved = photo.resolved or resolve(photo.source) or photo.source  # a link loop: its own name
            if resolved not in self._resolved:
                record = Photo(photo.source, photo.relative_output)
                self._resolved[resolved], self._resolved_of[record.key] = record.key, resolved
                new.append(record)
        if new:
            first = len(self._photos)
            self.about_to_add.emit(first, first + len(new) - 1)
            for number, record in enumerate(new, first):
                self._photos.append(record)
                self._by_key[record.key] = record
                if self._row_index is not None:
                    self._row_index[record.key] = number
            self.added.emit(new)
            self.count_changed.emit(self.count())
        return new

    def remove(self, photos: list[Photo]) -> None:
        """Take these photos off, each run of neighbouring rows in one step, the last run first."""
        numbers = sorted({number for number in map(self.row_of, photos) if number >= 0}, reverse=True)
        gone = [self._photos[number] for number in sorted(numbers)]
        failed_before = len(self._failed)
        while numbers:
            last = first = numbers.pop(0)
            while numbers and numbers[0] == first - 1:
                first = numbers.pop(0)
            self.about_to_remove.emit(first, last)
            for record in self._photos[first : last + 1]:
                del self._by_key[record.key]
                self._failed.discard(record.key)
                self._resolved.pop(self._resolved_of.pop(record.key), None)
            del self._photos[first : last + 1]
            self._row_index = None  # views may ask for rows while the removal is announced
            self.rows_removed.emit()
        if gone:
            self.removed.emit(gone)
            if len(self._failed) != failed_before:
                self.failed_changed.emit(len(self._failed))
            self.count_changed.emit(self.count())

    def clear(self) -> None:
        self.about_to_clear.emit()
        had_failed = bool(self._failed)
        self._photos, self._by_key, self._row_index, self._failed = [], {}, {}, set()
        self._resolved, self._resolved_of = {}, {}
        self.cleared.emit()
        if had_failed:
            self.failed_changed.emit(0)
        self.count_changed.emit(0)

    # ----- changing -----------------------------------------------------------------
    def set_state(self, photo: Photo, state: str, message: str = "") -> None:
        """``state`` with the whole ``message`` (the tooltip and the details under the preview)."""
        if state not in STATES:
            raise ValueError(f"unknown photo state {state!r}")
        photo.state, photo.message = state, message
        failed_before = len(self._failed)
        (self._failed.add if state == "failed" else self._failed.discard)(photo.key)
        if len(self._failed) != failed_before:
            self.failed_changed.emit(len(self._failed))
        self.changed.emit(photo)

    def set_film(self, photo: Photo, facts) -> None:
        """A film's length, size and sound, read by its check (the row shows its length)."""
        photo.film = facts
        self.changed.emit(photo)

    def set_note(self, photo: Photo, changed: bool, note: str) -> None:
        """Whether the photo is changed since its result was saved, and how that result was made."""
        if (photo.changed, photo.note) != (changed, note):
            photo.changed, photo.note = changed, note
            self.changed.emit(photo)
