"""Every photo's colour hints for the Colorize tab: made on first use, reloaded from the sidecar
beside an earlier result or from the last session, copied between photos, and handed to a
batch as a snapshot. They are kept on each photo's record in the photo session
(photos/session.py: ``Photo.hints``), so a photo removed from the list takes its hints along."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import BatchItem
from colorizer_app.core.hints import ColorHint, HintsFileError, load_hints, sidecar_path
from colorizer_app.core.path_lookup import FileListing
from colorizer_app.ui.colorize.hints.panel import PhotoHints
from colorizer_app.ui.colorize.photos.session import PhotoSession


class HintsStore:
    def __init__(self, session: PhotoSession) -> None:
        self.session = session

    def of(self, source: str | Path) -> PhotoHints:
        """The hints of one photo (an empty, undoable list the first time)."""
        photo = self.session.record(source)
        if photo.hints is None:
            photo.hints = PhotoHints()
        return photo.hints

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
                hints = load_hints(sidecar)
            except HintsFileError as error:
                unreadable.append((item.source, str(error)))
                continue
            self.of(item.source).replace_all(hints)
            reloaded += 1
        return reloaded, unreadable

    def hints_of(self, source: Path) -> list[ColorHint]:
        """The photo's hints; [] for one never given any (without making it a hint list)."""
        photo = self.session.find(source)
        return photo.hints.hints if photo is not None and photo.hints is not None else []

    def restore(self, source: str | Path, hints: list[ColorHint]) -> None:
        """Hints from the last session, as a fresh start (nothing to undo)."""
        self.session.record(source).hints = PhotoHints(hints)

    def copy_to(self, hints: list[ColorHint], targets: list[Path]) -> None:
        for target in targets:
            self.of(target).replace_all(hints)

    def snapshot(self) -> dict[Path, list[ColorHint]]:
        """The photos that have hints, as plain lists: edits during a batch do not change it."""
        return {photo.source: photo.hints.hints for photo in self.session.photos() if photo.hints is not None and photo.hints.hints}
