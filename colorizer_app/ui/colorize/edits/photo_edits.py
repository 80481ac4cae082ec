"""Each photo's own edits (model, saturation, hints) and what made its saved result.

Why: a user tunes one photo after a batch; that must not change the other photos, and
the window must say when a saved file no longer shows what the user made. The rule for
the model and saturation controls (documented in the README):

* The controls set the batch setting, which every photo without a choice of its own
  follows, whichever photo is selected: switching the model is a batch decision.
* *Only this photo* (the scope line under the settings) gives the selected photo its own
  choice, starting from what it shows; from then on the controls change only that photo,
  until the box is cleared ("follow the batch" again).
* A hint edit also makes the photo keep the model and saturation it shows: its hints were
  placed on that picture.

Why not "a change with a photo selected is that photo's own", the rule before: in the
whole-story trial (issue 26) a user switched the model once with a photo selected and the
next launch spoke of photos "with edits of their own" the user never meant to make.

A photo is *changed* when its saved result was made differently from what it would be
made with now (its own choice or the batch's, and its hints): switching the batch's model
after a run makes every photo that follows it changed, and Colorize all redoes them. A result found on disk without a record (an earlier run, the command
line) is taken as made with what the photo showed when it was found, as "Already
colorized" already assumes; the window says that how it was made is not recorded.
This module holds no widgets: the page and the edits controller show it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from colorizer_app.core.colorize_settings import saturation_value
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.result_origin import model_and_date, result_note
from colorizer_app.ui.colorize.photos.recipe import Recipe, SavedResult


@dataclass
class _Photo:
    source: Path
    own: tuple[str, float] | None = None  # (model, saturation) the photo keeps
    result: SavedResult | None = None


class _OwnRecords:
    """Where the edits are kept when PhotoEdits is used on its own (no photo session): made on first use."""

    def __init__(self) -> None:
        self._photos: dict[Path, _Photo] = {}

    def find(self, path) -> _Photo | None:
        return self._photos.get(_key(path))

    def record(self, path) -> _Photo:
        return self._photos.setdefault(_key(path), _Photo(_key(path)))

    def photos(self) -> list[_Photo]:
        return list(self._photos.values())


class PhotoEdits(QObject):
    """The rule over each photo's own choice and saved-result record; ``updated(path)`` after any change.

    The records are the photo session's (photos/session.py: ``own`` and ``result`` of each
    Photo) in the window; ``records`` is anything with ``find(path)``, ``record(path)`` and
    ``photos()``. ``hints_of(path)`` reads a photo's hints where they live.
    """

    updated = Signal(object)  # Path whose recipe, result or changed state may differ

    def __init__(self, hints_of: Callable[[Path], list[ColorHint]], model: str = "", saturation: float = 1.0, records=None) -> None:
        super().__init__()
        self.hints_of = hints_of
        self.default_model, self.default_saturation = model, saturation_value(saturation)
        self.records = records if records is not None else _OwnRecords()

    def _photo(self, path: Path):
        return self.records.record(path)

    # ----- the recipe of a photo --------------------------------------------------
    def own(self, path: Path) -> tuple[str, float] | None:
        photo = self.records.find(path)
        return photo.own if photo else None

    def recipe(self, path: Path) -> Recipe:
        """What the photo would be made from now: its own choice (or the batch's) and its hints."""
        model, saturation = self.own(path) or (self.default_model, self.default_saturation)
        return Recipe(model, saturation, tuple(self.hints_of(_key(path))))

    def set_default(self, model: str, saturation: float) -> None:
        saturation = saturation_value(saturation)
        if (model, saturation) == (self.default_model, self.default_saturation):
            return
        self.default_model, self.default_saturation = model, saturation
        for photo in self.records.photos():
            if photo.own is None:
                self.updated.emit(photo.source)

    def choose(self, path: Path, model: str, saturation: float) -> None:
        """The user changed the model or saturation while ``path`` was selected (see the rule above):
        the photo's own choice if it has one, else the batch's."""
        if self.own(path) is None:
            self.set_default(model, saturation)
        else:
            self.keep_own(path, model, saturation)

    def keep_own(self, path: Path, model: str, saturation: float) -> None:
        photo = self._photo(path)
        own = (model, saturation_value(saturation))
        if photo.own != own:
            photo.own = own
            self.updated.emit(_key(path))

    def pin(self, path: Path) -> None:
        """A hint edit or *Only this photo*: the photo keeps the model and saturation it shows now."""
        if self.own(path) is None:
            self.keep_own(path, self.default_model, self.default_saturation)

    def use_batch_settings(self, path: Path) -> None:
        photo = self._photo(path)
        if photo.own is not None:
            photo.own = None
            self.updated.emit(_key(path))

    def hints_changed(self, path: Path) -> None:
        self.updated.emit(_key(path))

    # ----- saved results ------------------------------------------------------------
    def result(self, path: Path) -> SavedResult | None:
        photo = self.records.find(path)
        return photo.result if photo else None

    def record_result(self, path: Path, output: Path, recipe: Recipe, known: bool = True) -> None:
        self._photo(path).result = SavedResult(Path(output), recipe, known)
        self.updated.emit(_key(path))

    def found_result(self, path: Path, output: Path) -> None:
        """A result already on disk: keep a record we have for it, else assume what the photo shows now."""
        record = self.result(path)
        if record is None or record.output != Path(output):
            self.record_result(path, output, self.recipe(path), known=False)

    def is_changed(self, path: Path) -> bool:
        """The saved result was made differently from what the photo would be made with now."""
        photo = self.records.find(path)
        if photo is None or photo.result is None:
            return False
        return photo.result.recipe != self.recipe(path)

    # ----- for the session file -----------------------------------------------------
    def restore(self, path: Path, own: tuple[str, float] | None, result: SavedResult | None) -> None:
        photo = self._photo(path)
        photo.own = (own[0], saturation_value(own[1])) if own else None
        photo.result = result
        self.updated.emit(_key(path))


def _key(path) -> Path:
    """A photo's key: its Path (constructing a Path from a Path parses it again; 20,000 of those
    per session save cost a second)."""
    return path if isinstance(path, Path) else Path(path)


def earlier_words(output: Path, model_words: Callable[[str], str]) -> str:
    """The sentence for a result found on disk: which model and when, from the note the file
    carries (a result of an earlier session, or of the command line); its settings are not in it."""
    try:
        modified = output.stat().st_mtime_ns
    except OSError:
        modified = 0
    found = _model_and_date(str(output), modified)
    if found is None:
        return "Colorized earlier; which model and settings made the saved file was not recorded."
    model, date = found
    return f"Colorized earlier with {model_words(model)} on {date}; its other settings were not recorded."


@functools.lru_cache(maxsize=256)
def _model_and_date(output: str, _modified_ns: int) -> tuple[str, str] | None:
    """Read once a file version: the sentence is asked for whenever the photo is shown."""
    note = result_note(Path(output))
    return model_and_date(note) if note else None
