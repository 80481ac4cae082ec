"""Every photo's colour hints for the Colorize tab: made on first use, reloaded from the sidecar
beside an earlier result or from the last session, copied between photos, and handed to a
batch as a snapshot."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import BatchItem
from colorizer_app.core.hints import ColorHint, HintsFileError, load_hints, sidecar_path
from colorizer_app.core.path_lookup import FileListing
from colorizer_app.ui.colorize.hints.panel import PhotoHints


class HintsStore:
    def __init__(self) -> None:
        self._by_photo: dict[Path, PhotoHints] = {}

    def of(self, source: str | Path) -> PhotoHints:
        """The hints of one photo (an empty, undoable list the first time)."""
        key = source if isinstance(source, Path) else Path(source)
        if key not in self._by_photo:
            self._by_photo[key] = PhotoHints()
        return self._by_photo[key]

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
        hints = self._by_photo.get(source)
        return hints.hints if hints is not None else []

    def restore(self, source: str | Path, hints: list[ColorHint]) -> None:
        """Hints from the last session, as a fresh start (nothing to undo)."""
        self._by_photo[Path(source)] = PhotoHints(hints)

    def copy_to(self, hints: list[ColorHint], targets: list[Path]) -> None:
        for target in targets:
            self.of(target).replace_all(hints)

    def snapshot(self) -> dict[Path, list[ColorHint]]:
        """The photos that have hints, as plain lists: edits during a batch do not change it."""
        return {path: hints.hints for path, hints in self._by_photo.items() if hints.hints}
