"""The `colorizer` command line: colorize photos and folders, list models."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from colorizer_app import __version__
from colorizer_app.core.colorize_settings import DEFAULT_RENDER_SIZE, MAX_RENDER_SIZE, MIN_RENDER_SIZE, ColorizeSettings
from colorizer_app.core.devices import DEVICE_CHOICES, DeviceUnavailableError, describe_device, pick_device
from colorizer_app.core.errorlog import describe_unexpected, log_failure
from colorizer_app.core.film import is_video_name
from colorizer_app.core.images import DEFAULT_MAX_PIXELS, FORMAT_EXTENSIONS
from colorizer_app.core.model_cards import (
    ModelExistsError,
    ModelFileError,
    broken_models,
    builtin_models_dir,
    find_model,
    list_models,
    user_models_dir,
)

if TYPE_CHECKING:
    from colorizer_app.core.batch import BatchSummary, ItemResult

# torch (seconds to import) is imported only by the commands that run a network, so
# `colorizer --help` and `colorizer models` answer at once.

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="colorizer", description="Turn black-and-white photos into colour ones.")
    parser.add_argument("--version", action="version", version=f"Colorizer {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    colorize = commands.add_parser("colorize", help="colorize photos and folders (recursively)")
    colorize.add_argument("inputs", nargs="+", metavar="INPUT", help="photo and film files, and folders of them")
    colorize.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for the results (mirrors the input tree)")
    colorize.add_argument(
        "--model",
        metavar="NAME|PATH",
        help="model name (see `colorizer models`) or a .safetensors file; default: the built-in default model",
    )
    colorize.add_argument(
        "--render-size",
        type=int,
        default=DEFAULT_RENDER_SIZE,
        metavar="N",
        help=f"long side, in pixels, of the picture the network sees ({MIN_RENDER_SIZE}-{MAX_RENDER_SIZE}; default {DEFAULT_RENDER_SIZE}); the output keeps the photo's full size",
    )
    colorize.add_argument(
        "--saturation", type=float, default=1.0, metavar="S", help="scale the colours: 0 grey, 1 as predicted (default), up to 2"
    )
    colorize.add_argument(
        "--format",
        choices=sorted(name.lower() for name in FORMAT_EXTENSIONS),
        help="output format (default: same as each input; GIF becomes PNG)",
    )
    colorize.add_argument("--quality", type=int, default=95, metavar="Q", help="JPEG/WebP quality 1-100 (default 95)")
    colorize.add_argument("--crf", type=int, default=18, metavar="N", help="film quality: H.264 CRF, 0 best to 51 (default 18)")
    colorize.add_argument(
        "--hints",
        metavar="HINTS.json",
        help="colour hints for every photo (format in colorizer_app/core/hints.py); saved beside each result",
    )
    colorize.add_argument(
        "--overwrite", action="store_true", help="replace existing outputs (default: skip them, so a stopped batch resumes)"
    )
    colorize.add_argument(
        "--mark", action="store_true", help='add a small "Colours simulated" mark in each result\'s corner (the metadata always says so)'
    )
    colorize.add_argument("--device", choices=DEVICE_CHOICES, default="auto", help="where the network runs (default: auto)")
    colorize.add_argument(
        "--max-megapixels",
        type=float,
        default=DEFAULT_MAX_PIXELS / 1e6,
        metavar="MP",
        help="refuse larger images (a guard against decompression bombs; default %(default).0f)",
    )
    colorize.set_defaults(handler=run_colorize)

    models = commands.add_parser("models", help="list the built-in and user models")
    models.set_defaults(handler=run_models)

    importer = commands.add_parser("import", help="check a model file and add it to your models")
    importer.add_argument("path", metavar="MODEL.safetensors", help="the weights file (its .json card must lie beside it)")
    importer.add_argument("--name", help="name to give it (default: the name on its card)")
    importer.add_argument("--replace", action="store_true", help="replace a model of the same name (default: refuse)")
    importer.set_defaults(handler=run_import)

    from trainer.commands import add_eval_arguments, add_train_arguments, run_eval, run_train

    train = commands.add_parser("train", help="train a model on a folder of colour photos")
    add_train_arguments(train)
    train.set_defaults(handler=run_train)
    evaluate = commands.add_parser("eval", help="score a model on a folder of colour photos, beside baselines")
    add_eval_arguments(evaluate)
    evaluate.set_defaults(handler=run_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        again = (
            " Run the same command again to carry on: results already written are skipped, and a film carries on from where it got to."
            if args.command == "colorize"
            else ""
        )
        print(f"\nInterrupted.{again}", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 (users get one line; the traceback goes to the log)
        log_failure(f"colorizer {args.command}", error)
        print(f"colorizer: {describe_unexpected(error)}", file=sys.stderr)
        return EXIT_FAILURES


def run_colorize(args: argparse.Namespace) -> int:
    from colorizer_app.core.batch import plan_batch, run_batch
    from colorizer_app.core.film.film_hints import hints_for_file, load_any_hints
    from colorizer_app.core.hints import HintsFileError
    from colorizer_app.core.model_files import load_model

    settings = ColorizeSettings(render_size=args.render_size, saturation=args.saturation)
    try:
        settings.validate()
        if not 1 <= args.quality <= 100:
            raise ValueError(f"quality must be between 1 and 100, not {args.quality}")
        max_pixels = _max_pixels(args.max_megapixels)
        _check_output_argument(Path(args.output))
        device = pick_device(args.device)
        model = load_model(find_model(args.model), device)
        hints = load_any_hints(args.hints) if args.hints else None  # a film hints file: pins for films (issue 24)
        if not 0 <= args.crf <= 51:
            raise ValueError(f"--crf must be between 0 and 51, not {args.crf}")
    except (ValueError, ModelFileError, DeviceUnavailableError, HintsFileError) as error:
        print(f"colorizer: {error}", file=sys.stderr)
        return EXIT_USAGE

    output_dir = Path(args.output)
    plan = plan_batch(args.inputs, output_dir, args.format)
    for problem in plan.problems:
        print(f"colorizer: {problem}", file=sys.stderr)
    if not plan.items:
        if plan.problems:  # said above: nothing left to do
            return EXIT_USAGE
        print("colorizer: no photos or films found in the inputs", file=sys.stderr)
        return EXIT_USAGE

    films = sum(is_video_name(item.source) for item in plan.items)
    photos = len(plan.items) - films
    what = " and ".join(part for part in (f"{photos} photo(s)" if photos or not films else "", f"{films} film(s)" if films else "") if part)
    print(f"Colorizing {what} with {model.card.name} on {describe_device(device)} into {output_dir}", file=sys.stderr)
    if films and args.format:
        print(f"  note: --format {args.format} is for photos; films are written as MP4 (MKV where their sound needs it)", file=sys.stderr)
    progress = ProgressPrinter(len(plan.items), [item.source.name for item in plan.items])
    summary = run_batch(
        plan,
        model,
        settings,
        overwrite=args.overwrite,
        file_format=args.format,
        jpeg_quality=args.quality,
        max_pixels=max_pixels,
        on_result=progress.update,
        on_stage=progress.stage,
        hints_for=(lambda source: hints_for_file(hints, source)) if hints else None,
        mark=args.mark,
        video_crf=args.crf,
    )
    progress.finish()
    print_summary(summary)
    return EXIT_OK if summary.ok and not plan.problems else EXIT_FAILURES


# More than any scan a person makes (a 1200 dpi scan of an A3 print is ~280 MP); a bigger
# limit would only let a decompression bomb through, and inf or nan cannot be compared.
MAX_MEGAPIXELS_LIMIT = 10_000


def _max_pixels(megapixels: float) -> int:
    if not 0 < megapixels <= MAX_MEGAPIXELS_LIMIT:  # also refuses nan
        raise ValueError(f"--max-megapixels must be above 0 and at most {MAX_MEGAPIXELS_LIMIT}, not {megapixels:g}")
    return int(megapixels * 1e6)


def _check_output_argument(output_dir: Path) -> None:
    """-o must name a folder, or a place where one can be made (a usage error otherwise)."""
    from colorizer_app.core.path_lookup import resolved_or_none

    if resolved_or_none(output_dir) is None:
        raise ValueError(f"{output_dir}: a symbolic link that loops (or a path the system cannot follow), not a folder")
    if output_dir.exists() and not output_dir.is_dir():
        raise ValueError(f"{output_dir} exists and is not a folder")


class ProgressPrinter:
    """A one-line progress bar on a terminal; one line per problem elsewhere (logs, CI).

    Within a photo the line shows its stage ("colorizing 40%"), so a big scan that takes
    minutes visibly moves; it is redrawn at most a few times a second.
    """

    def __init__(self, total: int, names: list[str] | None = None) -> None:
        self.total = total
        self.names = names or []
        self.done = 0
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.interactive = sys.stderr.isatty()

    def update(self, index: int, total: int, result: ItemResult) -> None:
        self.done = index + 1
        if result.status == "failed" or (result.message and result.status == "done"):
            self._clear()
            label = "failed" if result.status == "failed" else "note"
            print(f"  {label}: {result.item.source}: {result.message}", file=sys.stderr)
        self._draw(result.item.source.name)

    def stage(self, index: int, stage: str, fraction: float) -> None:
        from colorizer_app.core.batch import photo_fraction

        now = time.monotonic()
        if now - self.last_drawn < 0.25:
            return
        name = self.names[index] if index < len(self.names) else ""
        self._draw(
            f"{name}: {stage}" + (f" {fraction:.0%}" if stage == "colorizing" else "" if stage.startswith("frame ") else "…"),
            photo_fraction(stage, fraction),
        )

    def _draw(self, text: str, within: float = 0.0) -> None:
        if not self.interactive:
            return
        self.last_drawn = time.monotonic()
        progress = self.done + within
        elapsed = self.last_drawn - self.started
        eta = f" ETA {_clock(elapsed / progress * (self.total - progress))}" if progress else ""
        columns = shutil.get_terminal_size((80, 20)).columns
        bar_width = 24
        filled = round(bar_width * progress / self.total)
        line = f"[{'#' * filled}{'.' * (bar_width - filled)}] {self.done}/{self.total}{eta} {text}"
        print("\r" + line[: columns - 1].ljust(columns - 1), end="", file=sys.stderr, flush=True)

    def _clear(self) -> None:
        if self.interactive:
            columns = shutil.get_terminal_size((80, 20)).columns
            print("\r" + " " * (columns - 1) + "\r", end="", file=sys.stderr)

    def finish(self) -> None:
        self._clear()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def print_summary(summary: BatchSummary) -> None:
    line = f"Done: {summary.count('done')}, skipped (output exists): {summary.count('skipped')}, failed: {summary.count('failed')}"
    print(line, file=sys.stderr)
    for result in summary.failed:
        print(f"  {result.item.source}: {result.message}", file=sys.stderr)
    if summary.stopped_reason:
        print(f"Stopped: {summary.stopped_reason}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    from colorizer_app.core.model_files import import_model

    try:
        entry = import_model(args.path, name=args.name, replace=args.replace)
    except ModelExistsError as error:
        print(f"colorizer import: {error} (use --replace to replace it)", file=sys.stderr)
        return EXIT_USAGE
    except ModelFileError as error:
        print(f"colorizer import: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Imported {entry.name} into {entry.weights_path.parent}")
    return EXIT_OK


def run_models(args: argparse.Namespace) -> int:
    entries = list_models()
    if not any(entry.origin == "built-in" for entry in entries):
        print("No trained built-in model is installed yet (colorize needs --model PATH or a trained user model).")
    for entry in entries:
        print(f"{entry.name}  [{entry.origin}]")
        print(f"    {entry.card.summary()}")
        if entry.card.description:
            print(f"    {entry.card.description}")
        print(f"    {entry.weights_path}")
    for problem in broken_models():
        print(f"unusable: {problem}")
    print(f"Built-in models: {builtin_models_dir()}")
    print(f"User models:     {user_models_dir()}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
