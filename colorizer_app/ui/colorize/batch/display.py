"""A running batch on screen: row states, result thumbnails, the bar and the line under it.

Kept apart from the Colorize tab so the tab only starts and stops batches. The worker
sets aside photos already colorized first (``planned``), so the bar and the time left
count only the photos still to do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QLabel, QProgressBar

from colorizer_app.core.batch import BatchSummary, ItemResult, photo_fraction
from colorizer_app.ui.colorize.batch import progress as batch_progress
from colorizer_app.ui.colorize.photos.list_view import PhotoQueue

PROGRESS_STEPS = 100  # the bar counts hundredths of photos, so a big photo moves it


class BatchDisplay(QObject):
    """Receives a BatchWorker's signals on the GUI thread and shows them."""

    def __init__(self, queue: PhotoQueue, progress: QProgressBar, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue, self.progress, self.label = queue, progress, label
        self.running = False
        self.todo = self.already = self.left_out = 0

    def start(self, worker, left_out: int) -> None:
        """``left_out``: photos not in the batch because they cannot be used."""
        self.running, self.left_out = True, left_out
        self.progress.setRange(0, 0)  # busy until the worker says how many are still to do
        self.progress.show()
        self.label.show()
        self.label.setText("Starting…")
        worker.planned.connect(self.planned)
        worker.item_started.connect(self.item_started)
        worker.item_finished.connect(self.item_finished)
        worker.item_progress.connect(self.item_progress)

    def planned(self, todo: int, already: list[ItemResult]) -> None:
        """``already``: photos set aside before the batch (skipped, or refused with a reason)."""
        self.todo, self.already = todo, sum(result.status == "skipped" for result in already)
        for result in already:
            self.show_result(result)
        self.progress.setRange(0, max(1, todo) * PROGRESS_STEPS)
        self.progress.setValue(0 if todo else PROGRESS_STEPS)
        self.label.setText(batch_progress.start_text(todo, self.already))

    def item_started(self, path: Path) -> None:
        self.queue.set_state_for(path, "working")
        self.queue.follow(path)

    def show_result(self, result: ItemResult) -> None:
        message = "" if result.status == "skipped" else result.message
        self.queue.set_state_for(result.item.source, result.status, message)
        if result.status in ("done", "skipped"):
            self.queue.show_result(result.item.source, result.item.output)

    def item_finished(self, index: int, total: int, result: ItemResult, eta: float) -> None:
        self.show_result(result)
        self.progress.setValue((index + 1) * PROGRESS_STEPS)
        self.label.setText(batch_progress.finished_photo_text(index + 1, total, eta, self.already))

    def item_progress(self, index: int, stage: str, fraction: float) -> None:
        """Progress within one photo: a big scan takes a while, and the bar should show it moving."""
        if self.running:
            self.progress.setValue(round((index + photo_fraction(stage, fraction)) * PROGRESS_STEPS))
            self.label.setText(batch_progress.stage_text(index, self.todo, stage, fraction))

    def finished(self, summary: BatchSummary) -> str:
        """Show the batch's outcome; returns the sentence for the status line too."""
        self.running = False
        for photo in self.queue.photos(only_states=("working",)):
            self.queue.set_state_for(photo.source, "waiting")
        text = batch_progress.summary_text(summary, self.left_out)
        self.label.setText(text)
        self.back_to_selected()
        return text

    def failed(self, message: str) -> str:
        self.running = False
        text = f"The batch could not run: {message}"
        self.label.setText(text)
        self.back_to_selected()
        return text

    def back_to_selected(self) -> None:
        """The list followed the photo being colorized; it ends on the photo the user has selected
        (issue 26: after a batch the list was left at its end, the selected photo out of view)."""
        current = self.queue.currentIndex()
        if current.isValid():
            self.queue.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)
