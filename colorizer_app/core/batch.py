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


def plan_batch(inputs: Iterable[str | os.PathLike], output_dir: str | os.PathLike, file_format: str | None = None) -> BatchPlan:
    """Pair every input photo with its output path.

    A file goes to ``OUTDIR/name``; a folder ``F`` goes to ``OUTDIR/F/...`` with its
    tree mirrored. The output folder itself is never scanned as input.
    """
    output_dir = Path(output_dir).resolve()
    plan = BatchPlan()
    seen_sources: set[Path] = set()
    taken_outputs: set[Path] = set()

    def add(source: Path, relative: Path) -> None:
        resolved = source.resolve()
        if resolved in seen_sources:
            return
        seen_sources.add(resolved)
        output = _output_path(output_dir / relative, source, file_format)
        if output in taken_outputs:
            plan.problems.append(f"{source}: another input already writes {output}; skipped")
            return
        taken_outputs.add(output)
        plan.items.append(BatchItem(source, output))

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for source in _walk_images(path, output_dir):
                add(source, Path(path.resolve().name) / source.relative_to(path))
        elif path.is_file():
            add(path, Path(path.name))
        else:
            plan.problems.append(f"{path}: no such file or folder")
    return plan


def _walk_images(folder: Path, output_dir: Path) -> list[Path]:
    found = []
    for root, folders, files in os.walk(folder):
        root_path = Path(root)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and (root_path / name).resolve() != output_dir)
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
) -> BatchSummary:
    """Colorize every planned item; ``on_result(index, total, result)`` after each one."""
    summary = BatchSummary()
    sources = [item.source for item in plan.items]
    total = len(plan.items)
    for index, item in enumerate(plan.items):
        if should_stop and should_stop():
            summary.cancelled = True
            break
        try:
            result = _run_item(item, model, settings, overwrite, file_format, jpeg_quality, max_pixels, sources, timer, should_stop)
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


def _run_item(item, model, settings, overwrite, file_format, jpeg_quality, max_pixels, sources, timer, should_stop) -> ItemResult:
    if item.output.exists() and not overwrite:
        return ItemResult(item, "skipped", "output exists")
    try:
        with timed(timer, "decode"):
            photo = read_photo(item.source, max_pixels=max_pixels)
        colour = colorize_pixels(photo.pixels, model, settings, timer, should_stop)
        with timed(timer, "encode"):
            write_photo(item.output, colour, photo, file_format, jpeg_quality, protect=sources)
    except (ImageReadError, ImageWriteError) as error:
        return ItemResult(item, "failed", _without_path(str(error), item))
    except MemoryError:
        return ItemResult(item, "failed", "not enough memory for this photo (try a smaller render size)")
    except OSError as error:
        if error.errno == errno.ENOSPC:
            return ItemResult(item, "failed", "the disk is full")
        return ItemResult(item, "failed", str(error))
    message = "; ".join(photo.warnings)
    return ItemResult(item, "done", message)


def _without_path(message: str, item: BatchItem) -> str:
    for path in (item.source, item.output):
        prefix = f"{path}: "
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
