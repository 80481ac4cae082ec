"""Colorize all: the batch's jobs colorized on a task (ui/tasks), reporting each photo through signals."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from colorizer_app.core.batch import BatchPlan, BatchSummary, ItemResult, folder_stop_sentence, run_batch
from colorizer_app.core.batch_jobs import plan_jobs
from colorizer_app.core.hints import sidecar_path
from colorizer_app.ui.colorize.batch.jobs import BatchJob
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.look.words import seconds_left


class BatchWorker(QObject):
    """Colorizes photos into an output folder, job by job (jobs.py); ``run`` is a task on the batch's lane.

    The plan is the engine's (core/batch_jobs.py): all jobs at once, photos already done set
    aside first (``planned``), no result over an original in ``protect`` (every photo in the
    list). A result written without hints loses a hints file left beside it by an earlier
    save, so the photo does not reopen with hints the user removed.
    """

    planned = Signal(list, list)  # the sources still to do (photos and films), ItemResults of those already colorized
    item_started = Signal(object)  # Path of the photo being worked on
    item_finished = Signal(int, int, object, float)  # index, total, ItemResult, ETA seconds
    item_progress = Signal(int, str, float)  # index, stage ("reading", "colorizing", "saving"), its fraction
    finished = Signal(object)  # BatchSummary
    failed = Signal(str)

    def __init__(
        self,
        jobs: list[BatchJob],
        output_folder: str,
        models: ModelCache,
        file_format: str | None,
        hints: dict[Path, list] | None = None,
        protect: list[Path] = (),
        mark: bool = False,
    ) -> None:
        super().__init__()
        self.jobs, self.output_folder, self.models, self.file_format = jobs, output_folder, models, file_format
        self.protect = list(protect)
        self.hints = dict(hints or {})  # a snapshot: edits during the batch do not change it
        self.mark = mark  # a "Colours simulated" mark in each result's corner
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _plan(self) -> tuple[list[tuple[BatchJob, BatchPlan]], list[ItemResult]]:
        """The engine's plan of all jobs at once (core/batch_jobs.py: names, originals, results already there)."""
        jobs = [(job.photos, job.overwrite) for job in self.jobs]
        parts, already = plan_jobs(jobs, self.output_folder, self.file_format, self.hints, self.protect)
        return [(self.jobs[index], plan) for index, plan in parts], already

    def run(self, task=None) -> None:
        """The batch, start to end (``task``: the lane's handle; Cancel works through ``cancel``)."""
        try:
            parts, already_done = self._plan()
            total = sum(len(plan.items) for _, plan in parts)
            self.planned.emit([item.source for _, plan in parts for item in plan.items], already_done)
            summary = BatchSummary()
            started = time.monotonic()
            announce = iter([item.source for _, plan in parts for item in plan.items])
            first = next(announce, None)
            if first is not None:
                self.item_started.emit(first)
            offset = [0]

            def on_result(index: int, _total: int, result: ItemResult) -> None:
                if result.status == "done" and not self.hints.get(Path(result.item.source)):
                    sidecar_path(result.item.output).unlink(missing_ok=True)
                finished = offset[0] + index
                self.item_finished.emit(finished, total, result, seconds_left(time.monotonic() - started, finished + 1, total))
                following = next(announce, None)
                if following is not None and not self._stop.is_set():
                    self.item_started.emit(following)

            last_stage = [0.0]

            def on_stage(index: int, stage: str, fraction: float) -> None:
                now = time.monotonic()
                if now - last_stage[0] >= 0.2:  # a few updates a second, however small the photos
                    last_stage[0] = now
                    self.item_progress.emit(offset[0] + index, stage, fraction)

            for job, plan in parts:
                if self._stop.is_set():
                    summary.cancelled = True
                    break
                part = run_batch(
                    plan,
                    self.models.get(job.entry),
                    job.settings,
                    overwrite=job.overwrite,
                    file_format=self.file_format,
                    on_result=on_result,
                    on_stage=on_stage,
                    should_stop=self._stop.is_set,
                    hints_for=lambda source: self.hints.get(Path(source)),
                    mark=self.mark,
                )
                summary.results += part.results
                summary.cancelled, summary.stopped_reason = part.cancelled, part.stopped_reason
                summary.film_stopped_partway = part.film_stopped_partway
                if part.folder_fault:  # counted over the whole batch, not this job's part of it
                    summary.folder_fault, summary.not_started = part.folder_fault, total - len(summary.results)
                    summary.stopped_reason = folder_stop_sentence(summary, [item for _, plan in parts for item in plan.items])
                if part.cancelled or part.stopped_reason:
                    break
                offset[0] += len(plan.items)
        except Exception as error:  # a worker must report, never die silently
            self.failed.emit(str(error))
            return
        summary.results[:0] = already_done
        self.finished.emit(summary)
