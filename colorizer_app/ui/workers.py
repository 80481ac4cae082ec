"""Work that must not block the window: batches and previews run on worker threads.

Workers follow superqt's pattern: they report through signals, check a stop flag
between steps (cooperative, prompt cancellation), and never touch widgets.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from colorizer_app.core.batch import InputPhoto, ItemResult, plan_photos, run_batch
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.devices import pick_device
from colorizer_app.core.model_files import LoadedModel, ModelEntry, load_model


class ModelCache:
    """Loaded models by weights path, shared by the workers (loading takes a moment)."""

    def __init__(self) -> None:
        self._models: dict[Path, LoadedModel] = {}
        self._lock = threading.Lock()

    def get(self, entry: ModelEntry) -> LoadedModel:
        with self._lock:
            if entry.weights_path not in self._models:
                self._models[entry.weights_path] = load_model(entry, pick_device("auto"))
            return self._models[entry.weights_path]


class BatchWorker(QObject):
    """Colorizes a list of photos into an output folder; lives on its own QThread."""

    item_started = Signal(object)  # Path of the photo being worked on
    item_finished = Signal(int, int, object, float)  # index, total, ItemResult, ETA seconds
    finished = Signal(object)  # BatchSummary
    failed = Signal(str)

    def __init__(
        self,
        photos: list[InputPhoto],
        output_folder: str,
        entry: ModelEntry,
        models: ModelCache,
        settings: ColorizeSettings,
        file_format: str | None,
        overwrite: bool = False,
    ) -> None:
        super().__init__()
        self.photos, self.output_folder, self.entry, self.models = photos, output_folder, entry, models
        self.settings, self.file_format, self.overwrite = settings, file_format, overwrite
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        try:
            model = self.models.get(self.entry)
            plan = plan_photos(self.photos, self.output_folder, self.file_format)
            started = time.monotonic()
            announce = iter([item.source for item in plan.items])
            first = next(announce, None)
            if first is not None:
                self.item_started.emit(first)

            def on_result(index: int, total: int, result: ItemResult) -> None:
                elapsed = time.monotonic() - started
                eta = elapsed / (index + 1) * (total - index - 1)
                self.item_finished.emit(index, total, result, eta)
                following = next(announce, None)
                if following is not None and not self._stop.is_set():
                    self.item_started.emit(following)

            summary = run_batch(
                plan,
                model,
                self.settings,
                overwrite=self.overwrite,
                file_format=self.file_format,
                on_result=on_result,
                should_stop=self._stop.is_set,
            )
        except Exception as error:  # a worker must report, never die silently
            self.failed.emit(str(error))
            return
        self.finished.emit(summary)


def start_on_thread(worker: QObject, parent: QObject) -> QThread:
    """Move ``worker`` to a new QThread, start its ``run``, clean both up when it ends."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for signal in (worker.finished, worker.failed):
        signal.connect(thread.quit)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


class _PreviewSignals(QObject):
    ready = Signal(int, object, object)  # request id, before QImage, after QImage
    failed = Signal(int, str)


class PreviewTask(QRunnable):
    """Colorizes one photo at screen size for the compare view."""

    def __init__(self, request: int, path: Path, entry: ModelEntry, models: ModelCache, settings: ColorizeSettings) -> None:
        super().__init__()
        self.request, self.path, self.entry, self.models, self.settings = request, path, entry, models, settings
        self.signals = _PreviewSignals()

    def run(self) -> None:
        from colorizer_app.ui.imaging import before_and_after

        try:
            before, after = before_and_after(self.path, self.models.get(self.entry), self.settings)
        except Exception as error:
            emit_if_alive(self.signals.failed, self.request, str(error))
            return
        emit_if_alive(self.signals.ready, self.request, before, after)


def emit_if_alive(signal, *args) -> None:
    """Emit unless the receiver side is gone (the window closed while we worked)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


def preview_pool() -> QThreadPool:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)  # one preview at a time; stale ones are ignored by request id
    return pool
