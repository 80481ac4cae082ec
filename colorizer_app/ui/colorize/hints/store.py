"""Every photo's colour hints for the Colorize tab: made on first use, reloaded from the sidecar
beside an earlier result or from the last session, copied between photos, and handed to a
batch as a snapshot. They are kept on each photo's record in the photo session
(photos/session.py: ``Photo.hints``), so a photo removed from the list takes its hints along.
A film's are FilmPins (film_pins.py): pins by frame; a FilmFrame names one frame's."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import BatchItem
from colorizer_app.core.film import FilmFrame, is_video_name
from colorizer_app.core.hints import ColorHint, HintsFileError, load_hints, sidecar_path
from colorizer_app.core.path_lookup import FileListing
from colorizer_app.ui.colorize.hints.film_pins import FilmPins
from colorizer_app.ui.colorize.hints.panel import PhotoHints
from colorizer_app.ui.colorize.photos.session import PhotoSession


class HintsStore:
    def __init__(self, session: PhotoSession) -> None:
        self.session = session

    def of(self, source) -> PhotoHints:
        """The hints of one photo, or of one frame of a film (a FilmFrame; a film's path alone
        names its first frame): an empty, undoable list the first time."""
        if isinstance(source, FilmFrame):
            return self._film_pins(source.source).at(source.index)
        photo = self.session.record(source)
        if photo.is_film:
            return self._film_pins(source).at(0)
        if photo.hints is None:
            photo.hints = PhotoHints()
        return photo.hints

    def _film_pins(self, source) -> FilmPins:
        photo = self.session.record(source)
        if not isinstance(photo.hints, FilmPins):
            photo.hints = FilmPins()
        return photo.hints

    def pinned_frames(self, source) -> list[int]:
        """The frames of a film that have pins (none for a photo)."""
        photo = self.session.find(source)
        return photo.hints.pinned_frames() if photo is not None and isinstance(photo.hints, FilmPins) else []

    def reload_saved(self, items: list[BatchItem], files: FileListing) -> tuple[int, list[tuple[Path, str]]]:
        """Photos colorized before with hints get them back from the sidecars beside their
        results (``items``: the photos planned to their outputs). Returns how many got hints
        back, and (photo, reason) for each sidecar that could not be read."""
        reloaded, unreadable = 0, []
        for item in items:
            sidecar = sidecar_path(item.output)
            if not files.exists(sidecar):
                continue
            try:
                hints = load_film_or_photo_hints(sidecar, item.source)
            except HintsFileError as error:
                unreadable.append((item.source, str(error)))
                continue
            # a fresh start, as a restored session's: no undo step ("Undo Use hints" wiped them)
            if isinstance(hints, dict):  # a film's, by frame
                self.restore(item.source, [], hints)
            else:
                self.restore(item.source, hints)
            reloaded += 1
        return reloaded, unreadable

    def hints_of(self, source: Path) -> list[ColorHint]:
        """The photo's hints; [] for one never given any (without making it a hint list)."""
        photo = self.session.find(source)
        return photo.hints.hints if photo is not None and photo.hints is not None else []

    def restore(self, source: str | Path, hints: list[ColorHint], film_frames: dict[int, list[ColorHint]] | None = None) -> None:
        """Hints from the last session, as a fresh start (nothing to undo); a film's by frame."""
        record = self.session.record(source)
        record.hints = FilmPins(film_frames or ({0: hints} if hints else {})) if record.is_film else PhotoHints(hints)

    def copy_to(self, hints: list[ColorHint], targets: list[Path]) -> None:
        for target in targets:
            self.of(target).replace_all(hints)

    def snapshot(self) -> dict[Path, object]:
        """The photos that have hints, as plain lists (a film's as FilmHints, by frame): edits
        during a batch do not change it."""
        from colorizer_app.core.film.film_hints import FilmHints

        return {
            photo.source: FilmHints(photo.hints.by_frame()) if isinstance(photo.hints, FilmPins) else list(photo.hints.hints)
            for photo in self.session.photos()
            if photo.hints is not None and photo.hints.hints
        }


def load_film_or_photo_hints(sidecar: Path, source: Path):
    """A saved hints file: a photo's list, or for a film its pins by frame (a dict)."""
    if not is_video_name(source):
        return load_hints(sidecar)
    from colorizer_app.core.film.film_hints import load_film_hints

    return load_film_hints(sidecar).frames
