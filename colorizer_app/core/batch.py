"""Many photos in, a mirrored tree of colour photos out (the plan: core/batch_plan.py).

Existing outputs are skipped unless asked to overwrite, so an interrupted batch resumes
where it stopped; a result counts as done only when all its files are written (the photo
and its hints sidecar). Any failure while handling one photo fails that photo with a
one-line reason (details of unexpected ones go to the log file) and the batch goes on.
Only the output folder's own faults (read-only, full, gone: every later photo would fail
the same way) or a cancel stop it: the folder is checked before the first photo, and a
write that fails because of it stops the batch with one sentence naming the folder and
counting the photos done and not started; no photo is blamed. Inputs are never written to.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from colorizer_app.core.atomic import remove_leftovers
from colorizer_app.core.batch_io import PhotoIO, check_output_folder, describe_failure, folder_problem, folder_sentence
from colorizer_app.core.batch_plan import (  # noqa: F401 (re-exported: the batch's one import place)
    BatchItem,
    BatchPlan,
    InputPhoto,
    expand_inputs,
    is_image_name,
    plan_batch,
    plan_photos,
    walk_images,
)
from colorizer_app.core.colorize import (
    Cancelled,
    ColorizeSettings,
    StageTimer,
    colorize_pixels,
    prepare_colours,
    thin_photo_note,
    timed,
)
from colorizer_app.core.film import is_video_name
from colorizer_app.core.hints import ColorHint, save_hints, sidecar_path
from colorizer_app.core.images import DEFAULT_MAX_PIXELS, ImageWriteError, write_photo
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.photo_metadata import ResultNote


@dataclass
class ItemResult:
    item: BatchItem
    status: str  # "done", "skipped" or "failed"
    message: str = ""
    # (the output folder, what is wrong with it) when the failure is the folder's, not the
    # photo's: such a result is not recorded; it stops the batch (see folder_problem)
    folder_fault: tuple[Path, str] | None = None


@dataclass
class BatchSummary:
    results: list[ItemResult] = field(default_factory=list)
    cancelled: bool = False
    stopped_reason: str = ""
    folder_fault: tuple[Path, str] | None = None  # what stopped the batch, if its output folder did
    not_started: int = 0  # photos never attempted (or dropped unwritten) because the batch stopped
    film_stopped_partway: bool = False  # cancelled inside a film: it carries on from there next time

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def failed(self) -> list[ItemResult]:
        return [result for result in self.results if result.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped_reason and not self.cancelled


ProgressCallback = Callable[[int, int, ItemResult], None]
# (index of the photo, stage, fraction of that stage done): for progress within a big photo.
StageCallback = Callable[[int, str, float], None]

# The stages of one photo and the share of its time each takes (measured on a 40 MP
# scan: reading ~15%, colorizing ~60%, saving ~25%), to turn them into one fraction.
PHOTO_STAGES = {"reading": (0.0, 0.15), "colorizing": (0.15, 0.75), "saving": (0.75, 1.0)}


def photo_fraction(stage: str, fraction: float) -> float:
    """How far along one photo is, 0..1, from its stage and that stage's own fraction."""
    start, end = PHOTO_STAGES.get(stage, (0.0, 1.0))  # a film's stage is its frame count
    return start + (end - start) * min(1.0, max(0.0, fraction))


@dataclass
class OutputOptions:
    """How results are written."""

    overwrite: bool = False
    file_format: str | None = None
    jpeg_quality: int = 95
    max_pixels: int = DEFAULT_MAX_PIXELS
    mark: bool = False  # a small "Colours simulated" mark in each result's corner
    video_crf: int = 18  # films: H.264 quality, 0 (best) to 51 (issue 24)


@dataclass
class _Batch:
    """What every photo of one batch shares."""

    model: LoadedModel
    settings: ColorizeSettings | None
    options: OutputOptions
    sources: list[Path]
    timer: StageTimer | None
    should_stop: Callable[[], bool] | None
    hints_for: Callable[[Path], list[ColorHint] | None] | None
    on_stage: StageCallback | None
    output_dir: Path | None = None
    folder_checked: bool = False  # before the first photo that is not skipped


def run_batch(
    plan: BatchPlan,
    model: LoadedModel,
    settings: ColorizeSettings | None = None,
    *,
    overwrite: bool = False,
    file_format: str | None = None,
    jpeg_quality: int = 95,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    on_result: ProgressCallback | None = None,
    on_stage: StageCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    timer: StageTimer | None = None,
    hints_for: Callable[[Path], list[ColorHint] | None] | None = None,
    mark: bool = False,
    video_crf: int = 18,
) -> BatchSummary:
    """Colorize every planned item; ``on_result(index, total, result)`` after each one, and
    ``on_stage(index, stage, fraction)`` while one is read, colorized (per strip) and saved.

    ``hints_for(source)`` gives a photo's colour hints (or None); hints used are saved
    beside the result (``NAME.hints.json``) so the photo reopens with them.
    """
    options = OutputOptions(overwrite, file_format, jpeg_quality, max_pixels, mark, video_crf)
    sources = [item.source for item in plan.items]
    batch = _Batch(model, settings, options, sources, timer, should_stop, hints_for, on_stage, plan.output_dir)
    summary = BatchSummary()
    total = len(plan.items)

    def report(index: int, result: ItemResult) -> bool:
        """Record one result; False when the batch must stop (its output folder's fault:
        the photo is not blamed, it counts as not started)."""
        if result.folder_fault:
            summary.folder_fault = summary.folder_fault or result.folder_fault
            return False
        summary.results.append(result)
        if on_result:
            on_result(index, total, result)
        return True

    with PhotoIO(options.max_pixels) as io:
        writing: tuple[int, Future] | None = None  # the previous photo, being written
        for index, item in enumerate(plan.items):
            if should_stop and should_stop():
                summary.cancelled = True
                break
            try:
                outcome = _run_item(index, item, batch, io, next(iter(plan.items[index + 1 :]), None))
            except Cancelled:
                summary.cancelled = True
                summary.film_stopped_partway = is_video_name(item.source)
                break
            if writing:
                finished, writing = writing, None
                if not report(finished[0], finished[1].result()):
                    break  # this photo's colours are dropped unwritten: the folder cannot take them
            if isinstance(outcome, ItemResult):
                if not report(index, outcome):
                    break
            else:
                writing = (index, io.write(outcome))
        if writing:  # finishes even after a cancel: a started write is never left partial
            report(writing[0], writing[1].result())
    if summary.folder_fault:
        summary.not_started = total - len(summary.results)
        summary.stopped_reason = folder_stop_sentence(summary, plan.items)
    return summary


def folder_stop_sentence(summary: BatchSummary, items: list[BatchItem]) -> str:
    """What a batch the output folder stopped says; whether it stopped inside a film (the first
    item without a result, with segments saved: one that had not started, or a folder found
    unwritable before the first, leaves nothing to carry on from)."""
    from colorizer_app.core.film.parts import parts_folder

    finished = {result.item.source for result in summary.results}
    stopped_in = next((item for item in items if item.source not in finished), None)
    film_left = stopped_in is not None and is_video_name(stopped_in.source) and parts_folder(stopped_in.output).is_dir()
    return folder_sentence(*summary.folder_fault, summary.count("done"), summary.not_started, film_left)


def is_done(item: BatchItem, hints: list[ColorHint] | None) -> bool:
    """A result counts as done only when all its files are there (the photo, and the hints sidecar if any)."""
    return item.output.exists() and (not hints or sidecar_path(item.output).exists())


def _run_item(index: int, item: BatchItem, batch: _Batch, io: PhotoIO, next_item: BatchItem | None) -> ItemResult | WriteJob:
    """One photo up to its write (returned as a job for the writer thread); any failure
    fails this photo only (Cancelled ends the batch)."""
    try:
        return _colorize_item(index, item, batch, io, next_item)
    except Cancelled:
        raise
    except Exception as error:  # noqa: BLE001 (classified: one photo must never end the batch)
        message, _ = describe_failure(error, (item.source, item.output))
        return ItemResult(item, "failed", message, folder_fault=folder_problem(error, item.output, batch.output_dir, probe=False))


WriteJob = Callable[[], ItemResult]


def _colorize_item(index: int, item: BatchItem, batch: _Batch, io: PhotoIO, next_item: BatchItem | None) -> ItemResult | WriteJob:
    options, timer = batch.options, batch.timer
    hints = batch.hints_for(item.source) if batch.hints_for else None
    for path in (item.output, sidecar_path(item.output)):
        remove_leftovers(path)  # of a run killed while writing
    if _skips(item, hints, batch):
        return ItemResult(item, "skipped", "output exists")
    if not batch.folder_checked:  # before the first photo's work, not after it
        batch.folder_checked = True
        folder = batch.output_dir or item.output.parent
        problem = check_output_folder(folder)
        if problem:
            return ItemResult(item, "failed", problem, folder_fault=(folder, problem))

    def stage(name: str, fraction: float = 0.0) -> None:
        if batch.on_stage:
            batch.on_stage(index, name, fraction)

    if is_video_name(item.source):  # a film (issue 24): core/film colours it, progress in frames
        return ItemResult(item, "done", _colorize_film(item, batch, hints, stage))
    stage("reading")
    with timed(timer, "decode"):
        photo, prepared = io.read(item.source)  # prepared: the network's part, when it was read ahead
    if next_item is not None:
        _read_ahead(next_item, batch, io)
    thin = thin_photo_note(*photo.pixels.shape[:2], (batch.settings or ColorizeSettings()).render_size)
    photo.warnings += [thin] if thin else []
    stage("colorizing")
    # the result replaces the grey pixels in place: a 190 MP scan needs one photo-sized array, not two
    colour = colorize_pixels(
        photo.pixels,
        batch.model,
        batch.settings,
        timer,
        batch.should_stop,
        hints,
        lambda done: stage("colorizing", done),
        out=photo.pixels,
        prepared=prepared,
    )
    stage("saving")

    def write() -> ItemResult:
        try:
            with timed(timer, "encode"):
                note = ResultNote(batch.model.card.name, options.mark)  # the file says its colours are simulated
                write_photo(item.output, colour, photo, options.file_format, options.jpeg_quality, protect=batch.sources, note=note)
            if hints:
                _save_sidecar(item.output, hints)
        except Exception as error:  # noqa: BLE001 (classified like any other failure of this photo)
            message, _ = describe_failure(error, (item.source, item.output))
            return ItemResult(item, "failed", message, folder_fault=folder_problem(error, item.output, batch.output_dir))
        return ItemResult(item, "done", "; ".join(photo.warnings))

    return write


def _skips(item: BatchItem, hints: list[ColorHint] | None, batch: _Batch) -> bool:
    return not batch.options.overwrite and is_done(item, hints)


def _read_ahead(item: BatchItem, batch: _Batch, io: PhotoIO) -> None:
    """Start decoding the next photo unless it will be skipped. Its problems (a broken hints
    file, an unreadable header) are its own: they come when its turn comes, never here."""
    try:
        hints = batch.hints_for(item.source) if batch.hints_for else None
        if not _skips(item, hints, batch):
            io.read_ahead(item.source, lambda photo: prepare_colours(photo.pixels, batch.model, batch.settings, hints, batch.timer))
    except Exception:  # noqa: BLE001, S110 (reported with that photo, by the same code as ever)
        pass


def _save_sidecar(output: Path, hints: list[ColorHint]) -> None:
    try:
        save_hints(sidecar_path(output), hints)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise
        raise ImageWriteError(f"the colour hints beside the result could not be saved ({error.strerror or error})") from error


# -- films (issue 24): the film package does the work; these only route to it -----------------


def _colorize_film(item: BatchItem, batch: _Batch, hints, stage: Callable[[str, float], None]) -> str:
    from colorizer_app.core.film.item import colorize_film_item

    return colorize_film_item(
        item.source, item.output, batch.model, batch.settings, hints, batch.should_stop, stage, batch.options.video_crf, batch.options.mark
    )
