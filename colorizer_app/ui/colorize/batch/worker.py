"""Colorize all: the batch's jobs colorized on a task (ui/tasks), reporting each photo through signals."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from colorizer_app.core.batch import BatchItem, BatchPlan, BatchSummary, ItemResult, is_done, plan_photos, run_batch
from colorizer_app.core.batch_io import folder_sentence
from colorizer_app.core.hints import sidecar_path
from colorizer_app.ui.colorize.batch.jobs import BatchJob
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.look.words import seconds_left


class BatchWorker(QObject):
    """Colorizes photos into an output folder, job by job (jobs.py); ``run`` is a task on the batch's lane.

    All photos are planned together (two photos never write one file). Photos whose results
    exist are set aside first (``planned``) unless their job replaces results, so indexes,
    totals and the time left count only the photos still to do. ``protect`` lists every photo
    in the list: a job runs with only its own photos, and no result may replace any original
    (such a photo fails with the reason, like one whose result exists is skipped). A result written without
    hints loses a hints file left beside it by an earlier save, so the photo does not reopen
    with hints the user removed.
    """

    planned = Signal(int, list)  # how many photos are to do, ItemResults of those already colorized
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
        self.protect = [*protect, *(photo.source for job in jobs for photo in job.photos)]
        self.hints = dict(hints or {})  # a snapshot: edits during the batch do not change it
        self.mark = mark  # a "Colours simulated" mark in each result's corner
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _plan(self) -> tuple[list[tuple[BatchJob, BatchPlan]], list[ItemResult]]:
        plan = plan_photos([photo for job in self.jobs for photo in job.photos], self.output_folder, self.file_format)
        by_source = {item.source: item for item in plan.items}
        originals = {_real(path) for path in self.protect}
        parts, already = [], []
        for job in self.jobs:
            items = [by_source[photo.source] for photo in job.photos if photo.source in by_source]
            already += [_unplanned(photo.source, plan.problems) for photo in job.photos if photo.source not in by_source]
            refused = [item for item in items if _is_original(item.output, originals)]
            already += [ItemResult(item, "failed", REPLACES_ORIGINAL) for item in refused]
            items = [item for item in items if item not in refused]
            done = [] if job.overwrite else [item for item in items if is_done(item, self.hints.get(Path(item.source)))]
            already += [ItemResult(item, "skipped", "output exists") for item in done]
            todo = [item for item in items if item not in done]
            if todo:
                parts.append((job, BatchPlan(items=todo, output_dir=plan.output_dir)))
        return parts, already

    def run(self, task=None) -> None:
        """The batch, start to end (``task``: the lane's handle; Cancel works through ``cancel``)."""
        try:
            parts, already_done = self._plan()
            total = sum(len(plan.items) for _, plan in parts)
            self.planned.emit(total, already_done)
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
                if part.folder_fault:  # counted over the whole batch, not this job's part of it
                    summary.folder_fault, summary.not_started = part.folder_fault, total - len(summary.results)
                    summary.stopped_reason = folder_sentence(*part.folder_fault, summary.count("done"), summary.not_started)
                if part.cancelled or part.stopped_reason:
                    break
                offset[0] += len(plan.items)
        except Exception as error:  # a worker must report, never die silently
            self.failed.emit(str(error))
            return
        summary.results[:0] = already_done
        self.finished.emit(summary)


REPLACES_ORIGINAL = "its result would replace an original photo in the list; choose another output folder"


def _unplanned(source: Path, problems: list[str]) -> ItemResult:
    """A photo the plan refused (its result would be itself, or another photo's): failed, with why."""
    prefix = f"{source}: "
    reason = next((problem[len(prefix) :] for problem in problems if problem.startswith(prefix)), REPLACES_ORIGINAL)
    return ItemResult(BatchItem(source, source), "failed", reason.removesuffix("; skipped"))


def _real(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path)


def _is_original(output: Path, originals: set[Path]) -> bool:
    return output.exists() and _real(output) in originals
