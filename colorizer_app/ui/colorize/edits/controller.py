"""Per-photo edits in the Colorize tab: the glue between the controls, the photo list, the
batch worker and PhotoEdits (whose rules are in colorize/edits/photo_edits.py).

Why apart from the page: the page lays out and starts things; this decides which photo a
settings change belongs to, shows what made each saved file, marks photos whose edits are
not saved yet, and turns "Save this photo" / "Export…" into batch jobs. It is given what it
works on (the controls, the photo list, the photo session, the hints store, the model cache)
and tells the page what to do through its signals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from colorizer_app.core.batch import BatchItem, InputPhoto, plan_photos
from colorizer_app.core.colorize_settings import ColorizeSettings, saturation_value
from colorizer_app.core.path_lookup import FileListing, resolved_or_none
from colorizer_app.ui.colorize.batch.jobs import BatchJob, group_jobs
from colorizer_app.ui.colorize.batch.worker import BatchWorker
from colorizer_app.ui.colorize.controls import ColorizeControls
from colorizer_app.ui.colorize.edits.actions import ResultLine, SaveButtons, SettingsScope
from colorizer_app.ui.colorize.edits.photo_edits import PhotoEdits, earlier_words
from colorizer_app.ui.colorize.hints.store import HintsStore
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.colorize.photos.list_view import PhotoQueue
from colorizer_app.ui.colorize.photos.recipe import Recipe, SavedResult
from colorizer_app.ui.colorize.photos.session import PhotoSession
from colorizer_app.ui.look.model_words import item_text

SAVE_HINT = "Press Save this {kind} to write it to the file."


class EditsController(QObject):
    save_requested = Signal(list)  # InputPhotos to colorize now, replacing their results (Save this photo, Export…)
    edits_changed = Signal()  # a photo's edits or saved result changed: the session file is out of date
    photo_settings_restored = Signal()  # the selected photo follows the batch again: its preview is out of date

    def __init__(
        self,
        controls: ColorizeControls,
        queue: PhotoQueue,
        photos: PhotoSession,
        hints: HintsStore,
        models: ModelCache,
        is_busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controls, self.queue, self.hints, self.models, self.is_busy = controls, queue, hints, models, is_busy
        self.edits = PhotoEdits(hints.hints_of, controls.models.current_name() or "", controls.saturation.value(), records=photos)
        self.syncing = False  # the controls are being set to show a photo: not an edit
        self.scope, self.buttons, self.result_line = SettingsScope(), SaveButtons(), ResultLine()
        self._made: dict[Path, Recipe] = {}  # what the running batch makes of each photo
        self._refresh = QTimer(self)  # many rows can change at once: count the changed ones once
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self._refresh_buttons_now)
        self._shown_folder = (controls.output_folder.text(), controls.file_format())  # what the rows speak of
        self._resolved_folder: tuple[str | None, Path] = (None, Path())
        self._folder_check = QTimer(self)  # a folder chosen while a batch runs is looked at once it ends
        self._folder_check.setSingleShot(True)
        self._folder_check.timeout.connect(self.output_folder_changed)
        # typed: once the field is left (not at each pause: every row is planned again); chosen: at once
        controls.output_folder.editingFinished.connect(self.output_folder_changed)
        controls.output_folder.textChanged.connect(lambda _text: controls.output_folder.hasFocus() or self._folder_check.start(0))
        controls.output_format.currentIndexChanged.connect(lambda _index: self._folder_check.start(0))
        self.controls.models.currentIndexChanged.connect(self._control_changed)
        self.controls.saturation.valueChanged.connect(self._control_changed)
        self.edits.updated.connect(self._photo_updated)
        self.scope.only_this.connect(self._only_this)
        self.buttons.save_current.connect(lambda: self.save_requested.emit(self.current_photos()))
        self.buttons.export_selected.connect(lambda: self.save_requested.emit(self.selected_photos()))
        self.buttons.export_changed.connect(lambda: self.save_requested.emit(self.changed_photos()))
        self.queue.selection_changed.connect(self.refresh_buttons)
        self.queue.state_changed.connect(lambda _path: self.refresh_buttons())

    # ----- words --------------------------------------------------------------------
    def model_words(self, name: str) -> str:
        """A model in the selector's plain words ("Default — best quality"), never its architecture."""
        entry = next((entry for entry in self.controls.models.entries if entry.name == name), None)
        return item_text(entry) if entry else name

    def made_with(self, path: Path) -> str:
        """The sentence under the preview (and in the row's tooltip); "" without a saved result."""
        result = self.edits.result(path)
        if result is None:
            return ""
        if result.known:
            text = f"Colorized with {result.recipe.words(self.model_words)}."
        else:
            text = earlier_words(result.output, self.model_words)
        if result.output.suffix.lower() != Path(path).suffix.lower():  # a film as .mkv, a TIFF as .png: say where
            text += f" Saved as {result.output.name}."
        if self._output_folder() not in result.output.parents:
            text += f" Saved in {result.output.parent}, not in the output folder chosen now."
        if self.edits.is_changed(path):
            saved = text.replace("Colorized with", "The saved file: colorized with", 1) if result.known else text
            record = self.queue.item_for(path)
            hint = SAVE_HINT.format(kind="film" if record is not None and record.is_film else "photo")
            return f"Preview: {self.edits.recipe(path).words(self.model_words)}. Changed, not saved.\n{saved} {hint}"
        return text

    def _output_folder(self) -> Path:
        """The output folder chosen now, resolved as results' paths are (a link to it is it);
        once for each text, not for each of 20,000 rows."""
        text = self.controls.output_folder.text()
        if self._resolved_folder[0] != text:
            folder = Path(text).expanduser()
            self._resolved_folder = (text, resolved_or_none(folder) or folder.absolute())
        return self._resolved_folder[1]

    # ----- the selected photo -------------------------------------------------------
    def current_path(self) -> Path | None:
        record = self.queue.current_photo()
        return record.source if record is not None else None

    def _usable(self, path: Path | None) -> bool:
        record = self.queue.item_for(path) if path is not None else None
        return record is not None and record.state != "failed"

    def show_photo(self, path: Path | None) -> None:
        """Set the controls to what this photo is made with (not an edit), and say whose settings they are."""
        recipe = self.edits.recipe(path) if self._usable(path) else Recipe(self.edits.default_model, self.edits.default_saturation)
        self.syncing = True
        try:
            index = self.controls.models.findData(recipe.model)
            if index >= 0:
                self.controls.models.setCurrentIndex(index)
            self.controls.saturation.setValue(recipe.saturation)
        finally:
            self.syncing = False
        self._show_current()

    def _show_current(self) -> None:
        path = self.current_path()
        usable = self._usable(path)
        record = self.queue.current_photo()
        self.buttons.name_shown("film" if record is not None and record.is_film else "photo")
        self.scope.show_scope(None if not usable else self.edits.own(path) is not None)
        self.result_line.show_text(self.made_with(path) if usable else "")
        self.refresh_buttons()

    def _control_changed(self) -> None:
        if self.syncing:
            return
        model = self.controls.models.current_name() or self.edits.default_model  # none installed: keep the name
        saturation = self.controls.saturation.value()
        path = self.current_path()
        if not self._usable(path) or not self.controls.models.current_name():
            self.edits.set_default(model, saturation)
            return
        shown = self.edits.recipe(path)
        if (shown.model, shown.saturation) != (model, saturation_value(saturation)):  # a list reload is not an edit
            self.edits.choose(path, model, saturation)  # the batch's, unless the photo has its own

    def use_for_batch(self, model: str) -> None:
        """A model the user chose to colorize with (Use it after training, an import): the batch's,
        whichever photo is selected. Photos with settings of their own keep them."""
        self.controls.models.reload()
        self.edits.set_default(model, self.edits.default_saturation)
        self.show_photo(self.current_path())  # the selector shows what the selected photo is made with

    def hints_edited(self, paths: list[Path]) -> None:
        """The user changed these photos' hints: they keep the model and saturation they show."""
        for path in paths:
            self.edits.pin(path)
            self.edits.hints_changed(path)

    def _only_this(self, only: bool) -> None:
        """*Only this photo* ticked: the photo keeps what it shows; cleared: it follows the batch again."""
        path = self.current_path()
        if not self._usable(path):
            return
        if only:
            self.edits.pin(path)
            return
        self.edits.use_batch_settings(path)
        self.show_photo(path)
        self.photo_settings_restored.emit()

    def _photo_updated(self, path: Path) -> None:
        self._photos_updated([path])

    def _photos_updated(self, paths: list[Path]) -> None:
        for path in paths:
            self.queue.set_edit_note(path, self.edits.is_changed(path), self.made_with(path))
        if self.current_path() in paths:
            self._show_current()
        self.refresh_buttons()
        self.edits_changed.emit()

    # ----- photos in and results out ------------------------------------------------
    def photos_added(self, planned: list[BatchItem], files: FileListing) -> None:
        """Results already on disk are noted (so edits to those photos show as changed) and their
        rows say "Already colorized", as a restored session's do (they said "Waiting")."""
        self._show_results(planned, files)

    def restore(self, source: Path, own: tuple[str, float] | None, result: SavedResult | None) -> SavedResult | None:
        """A saved session's settings and result for a photo. A result found on disk as the photo
        was listed (finished after the session was saved, as the window closed) is taken as made
        with what the photo shows once its own settings and hints are back."""
        found = self.edits.result(source)
        self.edits.restore(source, own, result)
        if result is None and found is not None:
            self.edits.found_result(source, found.output)
        return result or self.edits.result(source)

    def output_folder_changed(self) -> None:
        """Rows say what is in the output folder (and file type) chosen now: a new folder left
        every row "Done" beside an empty folder. What made each result stays recorded: back in
        its folder, a photo edited since is still "Changed, not saved"."""
        chosen = (self.controls.output_folder.text(), self.controls.file_format())
        if chosen == self._shown_folder or not chosen[0].strip():
            return
        if self.queue.batch_running:  # the batch writes where it started; looked at again when it ends
            self._folder_check.start(1000)
            return
        self._shown_folder = chosen
        photos = self.queue.photos(leave_out=("failed",))
        self._show_results(plan_photos(photos, *chosen).items, FileListing())

    def _show_results(self, planned: list[BatchItem], files: FileListing) -> None:
        for item in planned:
            found = files.exists(item.output)
            if found:
                self.edits.found_result(item.source, item.output)
            record = self.queue.item_for(item.source)
            if record is None:
                continue
            if found and record.state == "waiting":
                self.queue.set_state_for(item.source, "skipped", record.message)  # a note on its hints stays
                self.queue.show_result(item.source, item.output)
            elif not found and record.state in ("done", "skipped"):
                self.queue.set_state_for(item.source, "waiting", record.message)
                self.queue.show_original(item.source)
        self._photos_updated([item.source for item in planned])

    def current_photos(self) -> list[InputPhoto]:
        """The selected photo, if it can be colorized ("Save this photo")."""
        path = self.current_path()
        record = self.queue.item_for(path) if self._usable(path) else None
        return [record.photo] if record is not None else []

    def selected_photos(self) -> list[InputPhoto]:
        return [record.photo for record in self.queue.selected_photos() if record.state != "failed"]

    def changed_photos(self) -> list[InputPhoto]:
        return [photo for photo in self.queue.photos(leave_out=("failed",)) if self.edits.is_changed(photo.source)]

    def jobs_for(self, photos: list[InputPhoto], replace_all: bool) -> list[BatchJob]:
        """Each photo with its own recipe; changed photos (or all, if asked) replace their results."""
        entries = {entry.name: entry for entry in self.controls.models.entries}
        fallback = entries.get(self.edits.default_model) or self.controls.models.current_entry()
        render_size = self.controls.render_size.value()
        self._made = {}

        def job_for(photo: InputPhoto):
            recipe = self.edits.recipe(photo.source)
            entry = entries.get(recipe.model) or fallback  # a photo's model that was deleted: the batch's
            self._made[photo.source] = Recipe(entry.name, recipe.saturation, recipe.hints)
            return entry, ColorizeSettings(render_size, recipe.saturation), replace_all or self.edits.is_changed(photo.source)

        return group_jobs(photos, job_for) if fallback is not None else []

    def worker_for(self, photos: list[InputPhoto], replace: bool) -> BatchWorker | None:
        """A batch worker for ``photos`` (None: nothing to do), watched to record what made each result."""
        jobs = self.jobs_for(photos, replace)
        if not jobs:
            return None
        originals = [photo.source for photo in self.queue.photos()]  # no result may replace one
        folder, file_format = self.controls.output_folder.text(), self.controls.file_format()
        mark = self.controls.mark.isChecked()
        worker = BatchWorker(jobs, folder, self.models, file_format, self.hints.snapshot(), originals, mark)
        worker.planned.connect(self._planned)
        worker.item_finished.connect(self._item_finished)
        return worker

    def _planned(self, _todo: list, already: list) -> None:
        for result in already:
            if result.status == "skipped":
                self.edits.found_result(result.item.source, result.item.output)

    def _item_finished(self, _index: int, _total: int, result, _eta: float) -> None:
        made = self._made.get(result.item.source)
        if result.status == "done" and made is not None:
            self.edits.record_result(result.item.source, result.item.output, made)

    def store_settings(self, settings) -> None:
        """Remember the batch's settings (not the selected photo's own)."""
        self.controls.store(settings)
        settings.model = self.edits.default_model or settings.model
        settings.saturation = self.edits.default_saturation

    # ----- buttons ------------------------------------------------------------------
    def refresh_buttons(self) -> None:
        self._refresh.start()

    def _refresh_buttons_now(self) -> None:
        has_model = self.controls.models.current_entry() is not None
        self.buttons.update_state(
            self.is_busy() or not has_model,
            self._usable(self.current_path()),
            len(self.selected_photos()),
            len(self.changed_photos()),
        )
