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
from colorizer_app.ui.workers import STALE, ModelCache, RenderTask, preview_pool


class PreviewController(QObject):
    ready = Signal(object, object)  # before QImage (None: keep the one on screen), after QImage
    suggestions_ready = Signal(list)  # the model's likely colours at the asked point
    failed = Signal(str)
    busy_changed = Signal(bool)  # True from a request until the picture asked for last is shown

    def __init__(self, models: ModelCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self.pool = preview_pool()
        self.editor = None  # InteractiveColorizer of the latest photo (lives in the render thread)
        self._generation = 0  # forget_editor() starts a new one: a render from before it is not kept
        self.last_render_seconds = 0.0
        self.photo_size: tuple[int, int] | None = None  # (width, height) of the photo on screen, real pixels
        self._request = 0
        self._latest_path: Path | None = None
        self._wanted_path: Path | None = None  # the photo of the newest request, waiting or not
        self.busy = False
        self.shown_path: Path | None = None  # the photo and model of the picture on screen
        self.shown_model = ""
        self._rendering = False
        self._waiting: tuple | None = None
        self._started = 0.0
        self._tasks: dict[int, RenderTask] = {}  # keeps each task's signals alive until it reports

    def forget_editor(self) -> None:
        """Another photo, model, render size or saturation: the next render starts from the photo."""
        self.editor = None
        self._generation += 1

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
        for task in self._tasks.values():  # a photo being opened that is no longer wanted skips its network pass
            if task.path != path:
                task.stale.set()
        if self._rendering:
            self._waiting = (path, entry, settings, hints, suggest_at)
            return
        self._request += 1
        self._latest_path = path
        task = RenderTask(self._request, path, entry, self.models, settings, hints, self.editor, suggest_at)
        task.generation = self._generation
        task.signals.ready.connect(self._on_ready)
        task.signals.failed.connect(self._on_failed)
        self._tasks[task.request] = task
        self._rendering = True
        self._started = time.monotonic()
        self.pool.start(task)

    def drop_requests(self) -> None:
        """Nothing of the earlier requests is wanted on screen any more (no photo, or one that cannot be shown)."""
        self._waiting, self._wanted_path = None, None
        self._request += 1
        for task in self._tasks.values():
            task.stale.set()
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _finished(self, request: int) -> bool:
        """Bookkeeping after any render; True when this result is still wanted."""
        self._tasks.pop(request, None)
        self._rendering = False
        self.last_render_seconds = time.monotonic() - self._started
        wanted = request == self._request and self._waiting is None
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self.request(*waiting)
        return wanted

    def _on_ready(self, request: int, editor, before, after, suggestions) -> None:
        task = self._tasks.get(request)
        current = task is not None and task.path == self._latest_path and task.generation == self._generation
        if current:  # never the editor of a photo left while it rendered: the next photo would show it
            self.editor = editor
        if task is not None and before is not None:
            self.photo_size = task.photo_size
        if suggestions is not None and current:
            self.suggestions_ready.emit(suggestions)  # never another photo's
        wanted = self._finished(request)
        if wanted:
            self._set_busy(False)
        elif before is None or task is None or task.path != self._wanted_path:
            return  # out of date: a newer picture of this photo, or another photo, is on its way
        if task is not None:
            self.shown_path, self.shown_model = task.path, task.entry.name
        self.ready.emit(before, after)

    def _on_failed(self, request: int, message: str) -> None:
        if message == STALE:  # given up for a newer photo: the waiting request starts now
            self._finished(request)
            return
        if self._finished(request):
            self._set_busy(False)
            self.failed.emit(message)
