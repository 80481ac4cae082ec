"""Every photo's colour hints for the Colorize tab: made on first use, reloaded from the sidecar
beside an earlier result or from the last session, copied between photos, and handed to a
batch as a snapshot."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import InputPhoto, plan_photos
from colorizer_app.core.hints import ColorHint, HintsFileError, load_hints, sidecar_path
from colorizer_app.ui.hints_panel import PhotoHints


class HintsStore:
    def __init__(self) -> None:
        self._by_photo: dict[Path, PhotoHints] = {}

    def of(self, source: str | Path) -> PhotoHints:
        """The hints of one photo (an empty, undoable list the first time)."""
        key = Path(source)
        if key not in self._by_photo:
            self._by_photo[key] = PhotoHints()
        return self._by_photo[key]

    def reload_saved(self, photo: InputPhoto, output_folder: str, file_format: str | None) -> str | None:
        """A photo colorized before with hints gets them back from the sidecar beside its result.

        Returns None when there was nothing to reload, "" when hints came back, else the reason
        the sidecar could not be read.
        """
        plan = plan_photos([photo], output_folder, file_format)
        sidecar = sidecar_path(plan.items[0].output) if plan.items else None
        if sidecar is None or not sidecar.is_file():
            return None
        try:
            hints = load_hints(sidecar)
        except HintsFileError as error:
            return str(error)
        self.of(photo.source).replace_all(hints)
        return ""

    def reload_all(self, photos: list[InputPhoto], output_folder: str, file_format: str | None) -> tuple[int, list[str]]:
        """``reload_saved`` for each photo: how many got hints back, and the sidecars that could not be read."""
        outcomes = [self.reload_saved(photo, output_folder, file_format) for photo in photos]
        return outcomes.count(""), [outcome for outcome in outcomes if outcome]

    def restore(self, source: str | Path, hints: list[ColorHint]) -> None:
        """Hints from the last session, as a fresh start (nothing to undo)."""
        self._by_photo[Path(source)] = PhotoHints(hints)

    def copy_to(self, hints: list[ColorHint], targets: list[Path]) -> None:
        for target in targets:
            self.of(target).replace_all(hints)

    def snapshot(self) -> dict[Path, list[ColorHint]]:
        """The photos that have hints, as plain lists: edits during a batch do not change it."""
        return {path: hints.hints for path, hints in self._by_photo.items() if hints.hints}
