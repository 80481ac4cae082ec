"""A running batch on screen: row states, result thumbnails, the bar and the line under it.

Kept apart from the Colorize tab so the tab only starts and stops batches. The worker
sets aside photos already colorized first (``planned``), so the bar and the time left
count only the photos still to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QLabel, QProgressBar

from colorizer_app.core.batch import BatchSummary, ItemResult, photo_fraction
from colorizer_app.ui.colorize.batch import progress as batch_progress
from colorizer_app.ui.colorize.photos.list_view import PhotoQueue
from colorizer_app.ui.look.words import files_words, photos_words

PROGRESS_STEPS = 100  # the bar counts hundredths of photos, so a big photo moves it


class BatchDisplay(QObject):
    """Receives a BatchWorker's signals on the GUI thread and shows them."""

    def __init__(self, queue: PhotoQueue, progress: QProgressBar, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue, self.progress, self.label = queue, progress, label
        self.running = False
        self.saving = False  # Save this photo / Export: the outcome says what was saved where
        self.todo = self.already = self.left_out = 0
        self.noun = "Photo"  # "Film" or "Item" in the progress line when the batch has films

    def start(self, worker, left_out: int, saving: bool = False) -> None:
        """``left_out``: photos not in the batch because they cannot be used; ``saving``: the batch
        writes chosen photos (Save this photo, Export), not Colorize all."""
        self.running, self.left_out, self.saving = True, left_out, saving
        self.progress.setRange(0, 0)  # busy until the worker says how many are still to do
        self.progress.show()
        self.label.show()
        self.label.setText("Starting…")
        worker.planned.connect(self.planned)
        worker.item_started.connect(self.item_started)
        worker.item_finished.connect(self.item_finished)
        worker.item_progress.connect(self.item_progress)

    def planned(self, todo: list[Path], already: list[ItemResult]) -> None:
        """``todo``: the photos and films still to do; ``already``: those set aside before the batch
        (skipped, or refused with a reason)."""
        done_before = [result.item.source for result in already if result.status == "skipped"]
        self.todo, self.already, self.noun = len(todo), len(done_before), batch_progress.item_noun(todo)
        for result in already:
            self.show_result(result)
        self.progress.setRange(0, max(1, self.todo) * PROGRESS_STEPS)
        self.progress.setValue(0 if todo else PROGRESS_STEPS)
        self.label.setText(batch_progress.start_text(todo, done_before))

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
            self.label.setText(batch_progress.stage_text(index, self.todo, stage, fraction, self.noun))

    def finished(self, summary: BatchSummary) -> str:
        """Show the batch's outcome; returns the sentence for the status line too."""
        self.running = False
        for photo in self.queue.photos(only_states=("working",)):
            self.queue.set_state_for(photo.source, "waiting")
        if self.saving and not summary.cancelled and not summary.folder_fault:
            self.label.setText(saved_text(summary, full_paths=False))  # a long path would widen the column
            text = saved_text(summary, full_paths=True)
        else:
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


def saved_text(summary: BatchSummary, full_paths: bool) -> str:
    """What Save this photo or an export wrote: "Saved portrait.jpg to /…/results/portrait.jpg."
    (issue 26: it said "Finished. 1 colorized.", not that the photo was saved, nor where).
    Without ``full_paths`` only the last folder is named ("results/portrait.jpg")."""

    def where(path: Path) -> str:
        return str(path) if full_paths else str(Path(path.parent.name) / path.name)

    done = [result for result in summary.results if result.status == "done"]
    failed = summary.failed
    parts = []
    if len(done) == 1:
        parts.append(f"Saved {done[0].item.source.name} to {where(done[0].item.output)}.")
    elif done:
        common = Path(os.path.commonpath([str(result.item.output.parent) for result in done]))
        parts.append(f"Saved {files_words(result.item.source for result in done)} to {common if full_paths else common.name}.")
    if len(failed) == 1:
        parts.append(f"Could not save {failed[0].item.source.name}: {failed[0].message}")
    elif failed:
        parts.append(f"{photos_words(len(failed))} could not be saved (see the list).")
    return " ".join(parts) or "Nothing was saved."
