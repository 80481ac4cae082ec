"""Many photos in, a mirrored tree of colour photos out.

Files and folders (recursively) become a plan of (input, output) pairs; the output
folder mirrors each input folder under its own name. Existing outputs are skipped
unless asked to overwrite, so an interrupted batch resumes where it stopped; a result
counts as done only when all its files are written (the photo and its hints sidecar).
Any failure while handling one photo fails that photo with a one-line reason (details
of unexpected ones go to the log file) and the batch goes on; only a full disk (every
later photo would fail the same way) or a cancel stops it. Inputs are never written to.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from colorizer_app.core.atomic import remove_leftovers
from colorizer_app.core.batch_io import PhotoIO, describe_failure
from colorizer_app.core.colorize import Cancelled, ColorizeSettings, StageTimer, colorize_pixels, timed
from colorizer_app.core.film import is_video_name
from colorizer_app.core.hints import ColorHint, save_hints, sidecar_path
from colorizer_app.core.images import DEFAULT_MAX_PIXELS, IMAGE_EXTENSIONS, ImageWriteError, result_name, write_photo
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.path_lookup import Resolver, resolved_or_none
from colorizer_app.core.photo_metadata import ResultNote


@dataclass
class BatchItem:
    source: Path
    output: Path


@dataclass
class ItemResult:
    item: BatchItem
    status: str  # "done", "skipped" or "failed"
    message: str = ""
    disk_full: bool = False  # the failure was a full disk: every later photo would fail the same way


@dataclass
class BatchPlan:
    items: list[BatchItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # inputs that could not be planned


@dataclass
class BatchSummary:
    results: list[ItemResult] = field(default_factory=list)
    cancelled: bool = False
    stopped_reason: str = ""

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def failed(self) -> list[ItemResult]:
        return [result for result in self.results if result.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped_reason and not self.cancelled


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_EXTENSIONS and not path.name.startswith(".")


@dataclass(frozen=True)
class InputPhoto:
    """A photo to colorize and where it goes, relative to the output folder."""

    source: Path
    relative_output: Path
    resolved: Path | None = field(default=None, compare=False, repr=False)  # source resolved, where already known


def expand_inputs(inputs: Iterable[str | os.PathLike], skip_folder: str | os.PathLike | None = None) -> tuple[list[InputPhoto], list[str]]:
    """Files and folders -> photos: a file goes to ``name``, a folder ``F`` to ``F/...``.

    Nothing the program writes is taken as input: the output folder (``skip_folder``)
    and the folders it mirrors the inputs into are never walked, so ``colorize F -o F``
    run twice does not colorize its own results. Returns the photos and one message per
    input that cannot be used (missing, a symlink loop, an unreadable or too deep folder).
    """
    output = resolved_or_none(Path(skip_folder)) if skip_folder else None
    skips = _output_folders(inputs, output)
    photos: list[InputPhoto] = []
    problems: list[str] = []
    resolve = Resolver()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            mirror = Path(resolved_or_none(path).name)
            for source in walk_images(path, skips, problems):
                resolved = resolve(source)
                if resolved is None:
                    problems.append(f"{source}: a symbolic link that leads nowhere (a loop or a missing target); skipped")
                else:
                    photos.append(InputPhoto(source, mirror / source.relative_to(path), resolved))
        elif path.is_file():
            photos.append(InputPhoto(path, Path(path.name)))
        elif resolved_or_none(path) is None:
            problems.append(f"{path}: a symbolic link that leads nowhere (a loop or a missing target)")
        else:
            problems.append(f"{path}: no such file or folder")
    return photos, problems


def _output_folders(inputs: Iterable[str | os.PathLike], output: Path | None) -> set[Path]:
    """The output folder and, inside it, the mirror of each input folder (``OUT/F`` for ``F``)."""
    if output is None:
        return set()
    folders = {output}
    for raw in inputs:
        resolved = resolved_or_none(Path(raw))
        if resolved is not None and resolved.is_dir():
            folders.add(output / resolved.name)
    return folders


def plan_photos(photos: Iterable[InputPhoto], output_dir: str | os.PathLike, file_format: str | None = None) -> BatchPlan:
    """Pair photos with output paths; a photo listed twice is planned once."""
    output_dir = Path(output_dir).resolve()
    plan = BatchPlan()
    seen_sources: set[Path] = set()
    taken_outputs: set[Path] = set()
    resolve = Resolver()
    for photo in photos:
        resolved = photo.resolved or resolve(photo.source)
        if resolved is None:
            plan.problems.append(f"{photo.source}: a symbolic link that leads nowhere (a loop or a missing target); skipped")
            continue
        if resolved in seen_sources:
            continue
        seen_sources.add(resolved)
        output = (
            result_name(output_dir / photo.relative_output, file_format)
            if not is_video_name(photo.source)
            else _film_output(output_dir / photo.relative_output, photo.source)
        )
        if output in taken_outputs:
            plan.problems.append(f"{photo.source}: another input already writes {output}; skipped")
            continue
        taken_outputs.add(output)
        plan.items.append(BatchItem(photo.source, output))
    return plan


def plan_batch(inputs: Iterable[str | os.PathLike], output_dir: str | os.PathLike, file_format: str | None = None) -> BatchPlan:
    """Pair every photo in the inputs with its output path, mirroring folder trees.

    The output folder itself is never scanned as input.
    """
    inputs = list(inputs)
    photos, problems = expand_inputs(inputs, output_dir)
    plan = plan_photos(photos, output_dir, file_format)
    plan.problems[:0] = problems
    return plan


def walk_images(folder: Path, skip: Path | Iterable[Path] | None = None, problems: list[str] | None = None) -> list[Path]:
    """Photo files under ``folder`` (recursive, sorted, hidden names left out), not entering ``skip``.

    Folders that cannot be listed (no permission, deeper than the system's path
    limit) are reported in ``problems`` instead of being passed over silently.
    """
    skips = {skip} if isinstance(skip, Path) else set(skip or ())

    def report(error: OSError) -> None:
        if problems is not None:
            problems.append(f"{error.filename}: cannot be read ({error.strerror or error}); skipped")

    found = []
    for root, folders, files in os.walk(folder, onerror=report):
        root_path = Path(root)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and resolved_or_none(root_path / name) not in skips)
        found += [root_path / name for name in sorted(files) if is_image_name(Path(name)) or is_video_name(name)]
    return found


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
) -> BatchSummary:
    """Colorize every planned item; ``on_result(index, total, result)`` after each one, and
    ``on_stage(index, stage, fraction)`` while one is read, colorized (per strip) and saved.

    ``hints_for(source)`` gives a photo's colour hints (or None); hints used are saved
    beside the result (``NAME.hints.json``) so the photo reopens with them.
    """
    options = OutputOptions(overwrite, file_format, jpeg_quality, max_pixels, mark)
    batch = _Batch(model, settings, options, [item.source for item in plan.items], timer, should_stop, hints_for, on_stage)
    summary = BatchSummary()
    total = len(plan.items)

    def report(index: int, result: ItemResult) -> bool:
        """Record one result; False when the batch must stop (a full disk)."""
        summary.results.append(result)
        if on_result:
            on_result(index, total, result)
        if result.disk_full:
            summary.stopped_reason = "the disk is full; the batch stopped (finished photos are kept)"
        return not result.disk_full

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
                break
            if writing:
                finished, writing = writing, None
                if not report(finished[0], finished[1].result()):
                    break  # this photo's colours are dropped unwritten: the disk is full
            if isinstance(outcome, ItemResult):
                if not report(index, outcome):
                    break
            else:
                writing = (index, io.write(outcome))
        if writing:  # finishes even after a cancel: a started write is never left partial
            report(writing[0], writing[1].result())
    return summary


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
        return ItemResult(item, "failed", *describe_failure(error, (item.source, item.output)))


WriteJob = Callable[[], ItemResult]


def _colorize_item(index: int, item: BatchItem, batch: _Batch, io: PhotoIO, next_item: BatchItem | None) -> ItemResult | WriteJob:
    options, timer = batch.options, batch.timer
    hints = batch.hints_for(item.source) if batch.hints_for else None
    for path in (item.output, sidecar_path(item.output)):
        remove_leftovers(path)  # of a run killed while writing
    if _skips(item, hints, batch):
        return ItemResult(item, "skipped", "output exists")

    def stage(name: str, fraction: float = 0.0) -> None:
        if batch.on_stage:
            batch.on_stage(index, name, fraction)

    if is_video_name(item.source):  # a film (issue 24): core/film colours it, progress in frames
        return ItemResult(item, "done", _colorize_film(item, batch, hints, stage))
    stage("reading")
    with timed(timer, "decode"):
        photo = io.read(item.source)
    if next_item is not None:
        _read_ahead(next_item, batch, io)
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
            return ItemResult(item, "failed", *describe_failure(error, (item.source, item.output)))
        return ItemResult(item, "done", "; ".join(photo.warnings))

    return write


def _skips(item: BatchItem, hints: list[ColorHint] | None, batch: _Batch) -> bool:
    return not batch.options.overwrite and is_done(item, hints)


def _read_ahead(item: BatchItem, batch: _Batch, io: PhotoIO) -> None:
    """Start decoding the next photo unless it will be skipped. Its problems (a broken hints
    file, an unreadable header) are its own: they come when its turn comes, never here."""
    try:
        if not _skips(item, batch.hints_for(item.source) if batch.hints_for else None, batch):
            io.read_ahead(item.source)
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


def _film_output(mirrored: Path, source: Path) -> Path:
    from colorizer_app.core.film.item import output_for

    return output_for(mirrored, source)


def _colorize_film(item: BatchItem, batch: _Batch, hints, stage: Callable[[str, float], None]) -> str:
    from colorizer_app.core.film.item import colorize_film_item

    return colorize_film_item(item.source, item.output, batch.model, batch.settings, hints, batch.should_stop, stage)
