"""The live preview's renders: one at a time on a worker thread, only the latest request waiting.

Editing hints or settings, or arrowing down the list, can ask for a new picture many times
a second; rendering each would queue seconds of work. While one render runs, a newer request
replaces the waiting one, and a result that is already out of date is not shown: a photo
left while it rendered never comes on screen (it showed photos four rows behind the
selection), while an older picture of the photo still selected is (the screen never stays
empty). ``busy`` says at once that a picture is on its way (the view draws a marker). The
InteractiveColorizer of the photo on screen is kept between renders, so a hint change costs
only a network pass.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.model_files import ModelEntry
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.colorize.viewing.render import PreviewPicture, Stale, render_preview
from colorizer_app.ui.tasks.lane import Lane
from colorizer_app.ui.tasks.latest import Latest


class PreviewController(QObject):
    ready = Signal(object, object)  # before QImage (None: keep the one on screen), after QImage
    suggestions_ready = Signal(list)  # the model's likely colours at the asked point
    failed = Signal(str)
    busy_changed = Signal(bool)  # True from a request until the picture asked for last is shown

    def __init__(self, models: ModelCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self.lane = Lane(1, self)  # one picture at a time; the sharp zoom window shares it (the editor lives on it)
        self.latest = Latest(self.lane, self)
        self.editor = None  # InteractiveColorizer of the latest photo (used only on the lane's thread)
        self._generation = 0  # forget_editor() starts a new one: a render from before it is not kept
        self.last_render_seconds = 0.0
        self.photo_size: tuple[int, int] | None = None  # (width, height) of the photo on screen, real pixels
        self._wanted_path: Path | None = None  # the photo of the newest request, waiting or not
        self.busy = False
        self.shown_path: Path | None = None  # the photo and model of the picture on screen
        self.shown_model = ""

    def forget_editor(self) -> None:
        """Another photo, model, render size or saturation: the next render starts from the photo."""
        self.editor = None
        self._generation += 1

    def is_rendering(self) -> bool:
        return self.latest.running is not None

    def request(
        self,
        path: Path,
        entry: ModelEntry,
        settings: ColorizeSettings,
        hints: list[ColorHint],
        suggest_at: tuple[float, float] | None = None,
    ) -> None:
        self._wanted_path = path
        self._set_busy(True)
        self.latest.cancel_running(unless=lambda wanted: wanted == path)  # a photo no longer wanted skips its network pass
        generation = self._generation

        def picture(task) -> PreviewPicture:
            started = time.monotonic()
            editor = self.editor if generation == self._generation else None  # read when it starts: the newest one
            result = render_preview(task, path, entry, self.models, settings, hints, editor, suggest_at)
            self.last_render_seconds = time.monotonic() - started
            return result

        self.latest.request(
            picture,
            on_done=lambda number, result: self._on_ready(number, path, entry.name, generation, result),
            on_error=self._on_failed,
            tag=path,
        )

    def drop_requests(self) -> None:
        """Nothing of the earlier requests is wanted on screen any more (no photo, or one that cannot be shown)."""
        self._wanted_path = None
        self.latest.drop()
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _on_ready(self, number: int, path: Path, model_name: str, generation: int, picture: PreviewPicture) -> None:
        current = generation == self._generation
        if current:  # never the editor of a photo left while it rendered: the next photo would show it
            self.editor = picture.editor
        if picture.before is not None:
            self.photo_size = picture.photo_size
        if picture.suggestions is not None and current:
            self.suggestions_ready.emit(picture.suggestions)  # never another photo's
        if self.latest.is_newest(number):
            self._set_busy(False)
        elif picture.before is None or path != self._wanted_path:
            return  # out of date: a newer picture of this photo, or another photo, is on its way
        self.shown_path, self.shown_model = path, model_name
        self.ready.emit(picture.before, picture.after)

    def _on_failed(self, number: int, error: Exception) -> None:
        if isinstance(error, Stale):  # given up for a newer photo: the waiting request starts now
            return
        if self.latest.is_newest(number):
            self._set_busy(False)
            self.failed.emit(str(error))
