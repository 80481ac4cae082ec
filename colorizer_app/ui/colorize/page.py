"""The Colorize tab: queue on the left, compare view in the middle, settings and Run on the right."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from colorizer_app.core.batch import BatchSummary, InputPhoto, expand_inputs, plan_photos
from colorizer_app.core.film import FilmFrame
from colorizer_app.core.path_lookup import FileListing
from colorizer_app.ui.colorize.batch.display import BatchDisplay
from colorizer_app.ui.colorize.batch.worker import BatchWorker
from colorizer_app.ui.colorize.controls import ColorizeControls
from colorizer_app.ui.colorize.edits.controller import EditsController
from colorizer_app.ui.colorize.hints.controller import HintsController
from colorizer_app.ui.colorize.hints.panel import HintsPanel
from colorizer_app.ui.colorize.hints.store import HintsStore
from colorizer_app.ui.colorize.layout import EMPTY_LIST, RunControls, photo_column, picture_column, side_column, three_columns
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.colorize.output_folder import ask_for_another_folder, open_output_folder
from colorizer_app.ui.colorize.photos.adding import added_words, file_kinds, list_words
from colorizer_app.ui.colorize.photos.details import FailedPhotosBar, PhotoDetails
from colorizer_app.ui.colorize.photos.list_view import PhotoQueue
from colorizer_app.ui.colorize.photos.session import PhotoSession
from colorizer_app.ui.colorize.photos.session_keeper import SessionKeeper
from colorizer_app.ui.colorize.viewing.compare_view import CompareView
from colorizer_app.ui.colorize.viewing.film_view import FilmView
from colorizer_app.ui.colorize.viewing.full_photo import forget as forget_full_photo
from colorizer_app.ui.colorize.viewing.preview import PreviewController
from colorizer_app.ui.colorize.viewing.view_bar import ViewBar
from colorizer_app.ui.colorize.viewing.zoom import ZoomRenderer
from colorizer_app.ui.look.model_words import item_text
from colorizer_app.ui.look.words import photos_words
from colorizer_app.ui.settings import AppSettings
from colorizer_app.ui.tasks.lane import Lane

CANNOT_COLORIZE = "This file cannot be colorized: the reason is below."


class ColorizePage(QWidget):
    status = Signal(str)
    batch_done = Signal(object)  # BatchSummary
    preview_updated = Signal()  # a new "after" picture is on screen

    def __init__(self, settings: AppSettings, models: ModelCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.model_cache = models
        self.photos = PhotoSession(self)  # the one owner of each photo's state
        self.queue = PhotoQueue(self.photos)
        self.failed_bar = FailedPhotosBar()
        self.details = PhotoDetails()
        self.compare = CompareView()
        self.controls = ColorizeControls(settings)
        self.worker: BatchWorker | None = None
        self.batch_lane = Lane(1, self)  # Colorize all, off the window's thread
        self.previews = PreviewController(models, self)
        self.hints = HintsStore(self.photos)
        self.film_view = FilmView(self.compare, self.hints.pinned_frames, self)  # a film's frame on screen, its scrubber and preview
        self.hints_panel = HintsPanel()
        self.hints_panel.palette.restore_recent(settings.recent_colours)
        selected_paths = lambda: [record.source for record in self.queue.selected_photos()]  # noqa: E731
        self.hints_ui = HintsController(self.compare, self.hints_panel, self.hints, selected_paths, self)  # pins, brush and palette
        self.zoom = ZoomRenderer(self.compare, self.previews, self)  # the photo's real pixels when zoomed in
        self.view_bar = ViewBar(self.compare)
        self.view_bar.compare_models_action.triggered.connect(self.compare_models)
        self._compare_window = None
        self.session = SessionKeeper(self.photos, self.is_busy, self.current_path, self)  # the last session, offered back
        self.session.restoring.connect(self.restore_photos)
        self.session.status.connect(self.status)
        self.edits_ui = EditsController(  # per-photo model, saturation and hints; what made each result
            self.controls, self.queue, self.photos, self.hints, models, self.is_busy, self
        )
        self.edits_ui.save_requested.connect(lambda photos: self.start_photos(photos, True, saving=True))
        self.edits_ui.edits_changed.connect(self.session.schedule)
        self.edits_ui.photo_settings_restored.connect(self.settings_changed)

        photos_column = photo_column(self.queue, self.failed_bar)
        self.queue_label = photos_column.label
        photos_column.add_photos.clicked.connect(self.choose_photos)
        photos_column.add_folder.clicked.connect(self.choose_folder)
        photos_column.remove.clicked.connect(self.queue.remove_selected)
        photos_column.clear.clicked.connect(self.queue.clear_all)
        self.queue.list_changers = (photos_column.remove, photos_column.clear, self.failed_bar.remove_button)
        middle = picture_column(self.compare, self.film_view.bar, self.edits_ui.result_line, self.details, self.view_bar)
        self.run = run = RunControls.make()
        self.addActions([run.run_action, run.cancel_action])
        self.overwrite, self.run_button, self.cancel_button = run.overwrite, run.run_button, run.cancel_button
        self.open_output, self.progress, self.progress_label = run.open_output, run.progress, run.progress_label
        self.batch_display = BatchDisplay(self.queue, self.progress, self.progress_label, self)
        self.run_button.clicked.connect(self.start_batch)
        self.cancel_button.clicked.connect(self.cancel_batch)
        self.open_output.clicked.connect(self.open_output_folder)
        side = side_column([self.controls, self.edits_ui.scope], run, self.edits_ui.buttons, self.hints_panel)
        self.side_column = side.column
        self.hints_panel.mode_changed.connect(lambda editing: self._hint_tools_first(side.hints_box, editing))
        three_columns(self, self.session.bar, photos_column.widget, middle, side.widget)

        self.hints_ui.edited.connect(self.edits_ui.hints_edited)
        self.hints_ui.edited.connect(lambda _paths: self.film_view.pins_changed())
        self.hints_ui.preview_wanted.connect(self.request_preview)
        self.hints_ui.status.connect(self.status)
        self.queue.current_changed.connect(self._photo_changed)
        self.queue.count_changed.connect(self._update_buttons)
        self.queue.count_changed.connect(self.session.schedule)
        self.queue.failed_changed.connect(self.failed_bar.set_count)
        self.queue.state_changed.connect(lambda path: path == str(self.current_path()) and self._current_state_changed())
        self.failed_bar.retry.connect(self.retry_failed)
        self.failed_bar.remove.connect(self.queue.remove_failed)
        self.controls.changed.connect(self.settings_changed)
        self.controls.models.currentIndexChanged.connect(self._update_buttons)
        self.previews.ready.connect(self._preview_ready)
        self.previews.failed.connect(self._preview_failed)
        self.previews.suggestions_ready.connect(self.hints_panel.show_suggestions)
        self.previews.busy_changed.connect(self.compare.set_busy)
        self.film_view.frame_changed.connect(self._frame_changed)
        self.film_view.playing_changed.connect(self._film_playing)
        self.film_view.bar.play_clicked.connect(self.play_film_preview)
        self.film_view.bar.stop_clicked.connect(self.film_view.stop)
        self.film_view.status.connect(self.status)
        self._update_buttons()

    def _hint_tools_first(self, hints_box: QWidget, editing: bool) -> None:
        """While hints are edited their tools come first, with Save this photo right under them:
        it was below the fold at 1366×768 (issue 26). Back in their own places afterwards."""
        for widget in (self.edits_ui.buttons, hints_box) if editing else (hints_box, self.edits_ui.buttons):
            self.side_column.put_first(widget, editing)

    # ----- adding photos ------------------------------------------------------------
    def add_paths(self, paths) -> int:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a folder of 20,000 photos takes a few seconds
        try:
            photos, problems = expand_inputs(paths, self.controls.output_folder.text(), films=True)
            return self.add_photos(photos, problems)
        finally:
            QApplication.restoreOverrideCursor()

    def add_photos(self, photos: list[InputPhoto], problems: list[str] = (), reload_hints: bool = True, show_first: bool = True) -> int:
        """Add planned photos; ``reload_hints``: bring back hints saved beside earlier results; ``show_first``:
        select the first photo when none is (a restored session first puts its edits back)."""
        added = self.queue.add_photos(photos)
        planned = plan_photos(added, self.controls.output_folder.text(), self.controls.file_format()).items
        files = FileListing()  # one listing per output folder, not a check per photo
        reloaded, unreadable = self.hints.reload_saved(planned if reload_hints else [], files)
        for source, reason in unreadable:  # on the photo's row, where it stays (issue 27)
            self.queue.set_state_for(source, "waiting", f"its saved colour hints were not used: {reason}")
        self.edits_ui.photos_added(planned, files)
        sources = [photo.source for photo in added]
        self.status.emit(added_words(sources, len(photos) - len(added), problems, reloaded, len(unreadable)))
        if show_first:
            self.show_first_photo()
        return len(added)

    def restore_photos(self, saved: list) -> None:
        """The last session's photos (SessionPhotos), listed first, then their edits and states put back."""
        self.add_photos([photo.photo for photo in saved], reload_hints=False, show_first=False)
        for photo in saved:  # the edits live on each photo's record
            self.hints.restore(photo.photo.source, photo.hints, photo.film_frames)
            result = self.edits_ui.restore(photo.photo.source, photo.own, photo.result)
            if photo.failed:  # a photo that could not be colorized says so again, with why
                self.queue.set_state_for(photo.photo.source, "failed", photo.failed)
            elif result is not None and result.output.is_file():  # a result on disk, not a photo waiting
                self.queue.set_state_for(photo.photo.source, "skipped")
                self.queue.show_result(photo.photo.source, result.output)
        shown = next((photo.photo.source for photo in saved if photo.selected), None)
        if shown is not None and self.queue.current_photo() is None:
            self.queue.go_to(self.photos.row_of(self.photos.find(shown)))  # the photo that was on screen
        self.show_first_photo()

    def show_first_photo(self) -> None:
        if self.queue.current_photo() is None and self.queue.count():
            self.queue.setCurrentRow(0)

    def choose_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add photos or films", self.settings.last_input_folder, file_kinds())
        if files:
            self.settings.last_input_folder = str(Path(files[0]).parent)
            self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of photos and films", self.settings.last_input_folder)
        if folder:
            self.settings.last_input_folder = folder
            self.add_paths([folder])

    # ----- preview and hints --------------------------------------------------------
    def current_path(self) -> Path | None:
        record = self.queue.current_photo()
        return record.source if record is not None else None

    def current_picture(self) -> Path | FilmFrame | None:
        """What the compare view shows: the selected photo's file, or the chosen frame of a film."""
        return self.film_view.picture(self.queue.current_photo())

    def _photo_changed(self) -> None:
        path = self.current_path()
        self.film_view.show(self.queue.current_photo())
        self.edits_ui.show_photo(path)  # the controls show this photo's model and saturation
        self.hints_ui.show_photo(self.current_picture())
        self.previews.forget_editor()
        self.zoom.photo_changed(self.current_picture())
        if path is not None:  # never the previous photo's picture while this one renders
            self.compare.clear(f"Opening {path.name}…")
        else:
            forget_full_photo()  # no photo on screen: its real-size pixels can go
        self._show_details()
        self.request_preview()

    def _show_details(self) -> None:
        record = self.queue.current_photo()
        if record is None:
            self.details.show_photo(None, None, "")
        else:
            self.details.show_photo(record.key, record.state, record.message)

    def _frame_changed(self) -> None:
        """Another frame of the film on screen: its pins, then its picture (the last one stays meanwhile)."""
        self.hints_ui.show_photo(self.current_picture())
        self.previews.forget_editor()
        self.zoom.photo_changed(self.current_picture())
        self.request_preview()

    def play_film_preview(self) -> None:
        """A few seconds of the film on screen coloured as the whole film will be, then played."""
        entry = self.controls.models.current_entry()
        record = self.queue.current_photo()
        if entry is None or record is None or not record.is_film:
            return
        self.previews.drop_requests()
        self.previews.forget_editor()  # afterwards the still frame is drawn whole again, its grey side too
        self.zoom.photo_changed(None)  # no sharp still frame over the moving pictures
        self.film_view.play(self.model_cache.get, entry, self.controls.colorize_settings(), self.hints.snapshot().get(record.source))

    def _film_playing(self, playing: bool) -> None:
        if not playing:  # back to the still frame, sharp when zoomed in
            self.zoom.photo_changed(self.current_picture())
            self.request_preview()

    def _current_state_changed(self) -> None:
        """The photo on screen failed (or was fixed): its reason, or its picture again."""
        was_failed = self.details.isVisible() and self.compare.before is None
        self.film_view.facts_known()  # a film's check read its length: the scrubber shows
        self._show_details()
        if was_failed != self._current_failed():
            self.request_preview()

    def _current_failed(self) -> bool:
        record = self.queue.current_photo()
        return record is not None and record.state == "failed"

    def retry_failed(self) -> None:
        self.status.emit(f"Checking {photos_words(self.queue.retry_failed())} again…")

    def settings_changed(self) -> None:
        if self.edits_ui.syncing:
            return  # the controls are being set to the selected photo's own: its preview follows
        self.previews.forget_editor()
        self.request_preview()

    def request_preview(self) -> None:
        """Re-colorize the selected photo (the controller keeps only the latest request waiting),
        with the model's suggestions at the selected pin."""
        if self.film_view.playing:
            self.film_view.stop()  # an edit: the still frame shows it (the preview's colours are out of date)
            return  # stopping asks for the still frame
        path = self.current_picture()
        entry = self.controls.models.current_entry()
        if path is None or self._current_failed() or entry is None:
            self.previews.drop_requests()  # a render still running is not for this photo
        if path is None:
            self.compare.clear()
            return
        if self._current_failed():
            self.compare.clear(CANNOT_COLORIZE)
            return
        if entry is None:
            self.compare.set_message("No trained model installed: train or import one to see colour.")
            self._show_grey_only(path)
            return
        if self.previews.editor is None:
            self.compare.set_message(f"Colorizing with {item_text(entry)}…")  # the selector's words, not the file's name
        self.previews.request(path, entry, self.controls.colorize_settings(), self.hints_ui.current_hints(), self.hints_ui.selected_point())

    def _show_grey_only(self, path: Path) -> None:
        from colorizer_app.ui.colorize.viewing.full_photo import preview_pixels
        from colorizer_app.ui.colorize.viewing.imaging import greyscale, to_qimage

        try:
            self.compare.set_images(to_qimage(greyscale(preview_pixels(path))), None)
        except Exception as error:
            self.compare.clear(f"Cannot show this photo: {error}")

    def _preview_ready(self, before, after) -> None:
        size = self.previews.photo_size
        self.compare.set_message("")
        self.compare.set_images(before if before is not None else self.compare.before, after, size)
        self.hints_ui.photo_shown(size)
        self.zoom.picture_changed()
        self.preview_updated.emit()

    def compare_models(self) -> None:
        """The selected photo coloured by two or more models side by side (a window of its own)."""
        from colorizer_app.ui.colorize.viewing.compare_models import CompareModelsWindow, PhotoSource

        if self._compare_window is None:
            controls = self.controls
            source = PhotoSource(
                self.current_picture,
                self._recipe_of,
                controls.render_size.value,
                controls.models.current_name,
                controls.models.entries,
                self.model_cache,
            )
            window = self._compare_window = CompareModelsWindow(source, self)
            self.queue.current_changed.connect(lambda *_: window.isVisible() and window.show_photo())
            self.preview_updated.connect(window.photo_edited)
        self._compare_window.show_photo()

    def _recipe_of(self, picture):
        """The recipe of the photo shown; for a film's frame, with that frame's pins only."""
        if not isinstance(picture, FilmFrame):
            return self.edits_ui.edits.recipe(picture)
        recipe = self.edits_ui.edits.recipe(picture.source)
        return replace(recipe, hints=tuple(self.hints.of(picture).hints))

    def _preview_failed(self, message: str) -> None:
        self.compare.clear(CANNOT_COLORIZE if self._current_failed() else f"Cannot show this photo: {message}")

    # ----- batch --------------------------------------------------------------------
    def _update_buttons(self) -> None:
        running = self.worker is not None
        has_model = self.controls.models.current_entry() is not None
        self.run.set_running(running, has_model and self.queue.count() > 0)
        self.run_button.setToolTip("" if has_model else "No trained model installed: train or import one first.")
        self.queue.set_batch_running(running)
        self.edits_ui.refresh_buttons()
        self.queue_label.setText(list_words([photo.source for photo in self.photos.photos()]) if self.queue.count() else EMPTY_LIST)

    def start_batch(self) -> None:
        """Colorize all: photos already colorized are left as they are, unless changed since or replacing is asked."""
        self.start_photos(self.queue.photos(leave_out=("failed",)), self.overwrite.isChecked(), self.queue.failed_count())

    def start_photos(self, photos: list[InputPhoto], replace: bool, left_out: int = 0, saving: bool = False) -> None:
        """Colorize ``photos``, each with its own edits; ``replace``: write over their earlier results.

        ``left_out``: photos not in this batch because they cannot be used (Retry puts them back);
        ``saving``: Save this photo or an export, whose outcome names what was saved.
        """
        if self.worker is not None or not (worker := self.edits_ui.worker_for(photos, replace)):
            return
        focus_before = QApplication.focusWidget()
        self.worker = worker
        for photo in photos:
            self.queue.set_state_for(photo.source, "waiting")
        self.batch_display.start(self.worker, left_out=left_out, saving=saving)
        self.worker.finished.connect(self._batch_finished)
        self.worker.failed.connect(self._batch_failed)
        self.batch_lane.start(lambda task: worker.run())
        self._update_buttons()
        self.run.batch_started(focus_before)

    def cancel_batch(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.progress_label.setText("Cancelling…")

    def _batch_finished(self, summary: BatchSummary) -> None:
        self.status.emit(self.batch_display.finished(summary))
        if summary.folder_fault:  # said once, with a way to pick another folder (issue 26 finding 4)
            ask_for_another_folder(self, summary.stopped_reason, self.controls.output_folder)
        self._finish()
        self.batch_done.emit(summary)

    def _batch_failed(self, message: str) -> None:
        self.status.emit(self.batch_display.failed(message))
        self._finish()

    def _finish(self) -> None:
        self.worker = None
        was_on_cancel = self.cancel_button.hasFocus()
        self._update_buttons()
        self.run.batch_ended(was_on_cancel)
        self.session.schedule()

    def open_output_folder(self) -> None:
        message = open_output_folder(self, Path(self.controls.output_folder.text()))
        if message:
            self.status.emit(message)

    def use_model(self, name: str) -> None:
        """Colorize with this model from now on: the batch's model (Use it, Import model)."""
        self.edits_ui.use_for_batch(name)
        self.settings_changed()  # the selected photo's picture, if it follows the batch

    def store_settings(self, settings: AppSettings) -> None:
        """Remember the batch's settings, the recent hint colours and this session's photos (the window closes)."""
        self.film_view.stop()  # a film's preview being coloured stops at its next frame, not after three seconds of film
        self.edits_ui.store_settings(settings)
        settings.recent_colours = list(self.hints_panel.palette.recent)
        self.session.save(wait=True)

    def is_busy(self) -> bool:
        return self.worker is not None
