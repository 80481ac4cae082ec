"""Many photos in, a mirrored tree of colour photos out.

Files and folders (recursively) become a plan of (input, output) pairs; the output
folder mirrors each input folder under its own name. Existing outputs are skipped
unless asked to overwrite, so an interrupted batch resumes where it stopped. One bad
photo is reported and the batch goes on; a full disk stops it, since every later
photo would fail the same way. Inputs are never written to.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from colorizer_app.core.colorize import Cancelled, ColorizeSettings, StageTimer, colorize_pixels, timed
from colorizer_app.core.hints import ColorHint, save_hints, sidecar_path
from colorizer_app.core.images import (
    DEFAULT_MAX_PIXELS,
    FORMAT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    ImageReadError,
    ImageWriteError,
    output_format_for,
    read_photo,
    write_photo,
)
from colorizer_app.core.model_files import LoadedModel


@dataclass
class BatchItem:
    source: Path
    output: Path


@dataclass
class ItemResult:
    item: BatchItem
    status: str  # "done", "skipped" or "failed"
    message: str = ""


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


def expand_inputs(inputs: Iterable[str | os.PathLike], skip_folder: str | os.PathLike | None = None) -> tuple[list[InputPhoto], list[str]]:
    """Files and folders -> photos: a file goes to ``name``, a folder ``F`` to ``F/...``.

    ``skip_folder`` (the output folder) is never walked into. Returns the photos and
    messages for inputs that do not exist.
    """
    skip = Path(skip_folder).resolve() if skip_folder else None
    photos: list[InputPhoto] = []
    problems: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            photos += [InputPhoto(source, Path(path.resolve().name) / source.relative_to(path)) for source in walk_images(path, skip)]
        elif path.is_file():
            photos.append(InputPhoto(path, Path(path.name)))
        else:
            problems.append(f"{path}: no such file or folder")
    return photos, problems


def plan_photos(photos: Iterable[InputPhoto], output_dir: str | os.PathLike, file_format: str | None = None) -> BatchPlan:
    """Pair photos with output paths; a photo listed twice is planned once."""
    output_dir = Path(output_dir).resolve()
    plan = BatchPlan()
    seen_sources: set[Path] = set()
    taken_outputs: set[Path] = set()
    for photo in photos:
        resolved = photo.source.resolve()
        if resolved in seen_sources:
            continue
        seen_sources.add(resolved)
        output = _output_path(output_dir / photo.relative_output, photo.source, file_format)
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
    photos, problems = expand_inputs(inputs, output_dir)
    plan = plan_photos(photos, output_dir, file_format)
    plan.problems[:0] = problems
    return plan


def walk_images(folder: Path, skip: Path | None = None) -> list[Path]:
    """Photo files under ``folder`` (recursive, sorted, hidden names left out), not entering ``skip``."""
    found = []
    for root, folders, files in os.walk(folder):
        root_path = Path(root)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and (root_path / name).resolve() != skip)
        found += [root_path / name for name in sorted(files) if is_image_name(Path(name))]
    return found


def _output_path(mirrored: Path, source: Path, file_format: str | None) -> Path:
    if file_format:
        return mirrored.with_suffix(FORMAT_EXTENSIONS[file_format.upper()])
    input_format = IMAGE_EXTENSIONS.get(source.suffix.lower())
    if input_format and output_format_for(input_format) == input_format:
        return mirrored
    return mirrored.with_suffix(FORMAT_EXTENSIONS[output_format_for(input_format or "PNG")])


ProgressCallback = Callable[[int, int, ItemResult], None]


@dataclass
class OutputOptions:
    """How results are written."""

    overwrite: bool = False
    file_format: str | None = None
    jpeg_quality: int = 95
    max_pixels: int = DEFAULT_MAX_PIXELS


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
    should_stop: Callable[[], bool] | None = None,
    timer: StageTimer | None = None,
    hints_for: Callable[[Path], list[ColorHint] | None] | None = None,
) -> BatchSummary:
    """Colorize every planned item; ``on_result(index, total, result)`` after each one.

    ``hints_for(source)`` gives a photo's colour hints (or None); hints used are saved
    beside the result (``NAME.hints.json``) so the photo reopens with them.
    """
    options = OutputOptions(overwrite, file_format, jpeg_quality, max_pixels)
    summary = BatchSummary()
    sources = [item.source for item in plan.items]
    total = len(plan.items)
    for index, item in enumerate(plan.items):
        if should_stop and should_stop():
            summary.cancelled = True
            break
        try:
            hints = hints_for(item.source) if hints_for else None
            result = _run_item(item, model, settings, options, sources, timer, should_stop, hints)
        except Cancelled:
            summary.cancelled = True
            break
        summary.results.append(result)
        if on_result:
            on_result(index, total, result)
        if result.status == "failed" and result.message.endswith("the disk is full"):
            summary.stopped_reason = "the disk is full; the batch stopped (finished photos are kept)"
            break
    return summary


def _run_item(item: BatchItem, model, settings, options: OutputOptions, sources, timer, should_stop, hints) -> ItemResult:
    if item.output.exists() and not options.overwrite:
        return ItemResult(item, "skipped", "output exists")
    try:
        with timed(timer, "decode"):
            photo = read_photo(item.source, max_pixels=options.max_pixels)
        colour = colorize_pixels(photo.pixels, model, settings, timer, should_stop, hints)
        with timed(timer, "encode"):
            write_photo(item.output, colour, photo, options.file_format, options.jpeg_quality, protect=sources)
        if hints:
            save_hints(sidecar_path(item.output), hints)
    except (ImageReadError, ImageWriteError) as error:
        return ItemResult(item, "failed", _without_path(str(error), item))
    except MemoryError:
        return ItemResult(item, "failed", "not enough memory for this photo (try a smaller render size)")
    except OSError as error:
        if error.errno == errno.ENOSPC:
            return ItemResult(item, "failed", "the disk is full")
        return ItemResult(item, "failed", str(error))
    return ItemResult(item, "done", "; ".join(photo.warnings))


def _without_path(message: str, item: BatchItem) -> str:
    for path in (item.source, item.output):
        prefix = f"{path}: "
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
