"""The `colorizer train` and `colorizer eval` commands (also `python -m trainer` for torchrun)."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path

from colorizer_app.core.devices import DEVICE_CHOICES
from colorizer_app.core.model_cards import ModelFileError
from colorizer_app.core.model_config import CHROMA_GAIN_RANGE, check_config
from trainer.config import TrainConfig, add_train_arguments  # noqa: F401 (add_train_arguments: re-exported for the CLI)

# Only names here: torch is imported when a command runs, so `colorizer --help` is quick.


def run_train(args: argparse.Namespace) -> int:
    from trainer.losses import MissingPretrainedWeightsError

    try:
        config = TrainConfig.from_args(args)
        _check_run_folder(Path(args.out), args.resume)
        _training(config, args.resume).run()
    except (ValueError, FileNotFoundError, MissingPretrainedWeightsError, ModelFileError) as error:
        print(f"colorizer train: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        problem = _run_folder_problem(error, args.out)
        if problem is None:
            raise  # not the run folder's: the command line's handler logs it
        print(f"colorizer train: {problem}", file=sys.stderr)
        return 1
    return 0


def _check_run_folder(out: Path, resume: bool) -> None:
    """Before the photos are read: a run folder holding a run is carried on only when asked (a
    second command without --resume started afresh over it, its checkpoint lost)."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file; --out is the folder the run is kept in")
    if not resume and (out / "checkpoint.pt").is_file():
        raise ValueError(
            f"{out} holds a run that can be carried on: add --resume to go on with it, or give another --out (nothing was changed)"
        )


def _training(config: TrainConfig, resume: bool):
    """The run; with --max-steps alone (no --minutes or --epochs) the run is that many steps
    long from where this invocation starts, so its learning-rate schedule has an end."""
    from trainer.run import Training

    if config.minutes is not None or config.epochs is not None:
        return Training(config, resume=resume)

    class StepsRun(Training):
        def prepare(self) -> None:
            super().prepare()
            self.total_steps = self.step + config.max_steps

    return StepsRun(config, resume=resume)


def _run_folder_problem(error: OSError, out: str) -> str | None:
    """A sentence naming the run folder when the disk under it is full or read-only."""
    while error is not None and not (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)):
        error = error.__cause__ or error.__context__
    if error is None:
        return None
    what = "is on a read-only disk" if error.errno == errno.EROFS else "is on a full disk"
    where = Path(error.filename).parent if getattr(error, "filename", None) else None
    if where is not None and Path(out).resolve() not in (where.resolve(), *where.resolve().parents):
        return f"the folder {where} {what}: the trained model could not be added there. It is kept in the run folder {Path(out).resolve()}"
    return (
        f"the run folder {Path(out).resolve()} {what}: training stopped. Its last checkpoint is kept; "
        "make room (or move the folder), then continue with --resume"
    )


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DATA_DIR", help="folder of colour photos to score against")
    parser.add_argument("--model", metavar="NAME|PATH", help="model to score (default: the default model)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--limit", type=int, help="score at most this many photos")
    parser.add_argument("--render-size", type=int, default=256)
    parser.add_argument("--device", choices=DEVICE_CHOICES, default="auto")
    parser.add_argument(
        "--hint-points",
        default="0",
        metavar="N[,N...]",
        help="give the model N colour hints per photo taken from the ground truth; several values make a table (e.g. 0,1,2,5,10,20,50)",
    )
    parser.add_argument(
        "--size",
        default="256",
        metavar="256|N|own",
        help="256: squash each photo to 256x256 (the field's convention); N: resize it to N px on the long side, keeping its shape; own: score it at its own size, as a user's photo comes",
    )
    parser.add_argument(
        "--film-look",
        action="store_true",
        help="show the model each photo as an old print (film response, fading, grain, blur, dust, scan JPEG; the same look every run) and score its colours on the photo's own lightness",
    )
    parser.add_argument(
        "--chroma-gain",
        type=float,
        metavar="G",
        help=f"score the model read out at this colour gain instead of its card's ({CHROMA_GAIN_RANGE[0]:g} to {CHROMA_GAIN_RANGE[1]:g}), to compare models at equal colour strength",
    )


def run_eval(args: argparse.Namespace) -> int:
    from colorizer_app.core.devices import DeviceUnavailableError, pick_device
    from colorizer_app.core.model_files import ModelFileError, find_model, load_model
    from trainer.evaluate import evaluate, format_hint_table, format_table, load_eval_photos

    long_side = None if args.size == "own" else (int(args.size) if args.size.isdigit() else 0)
    if long_side is not None and long_side < 16:
        print(f"colorizer eval: --size takes 256, a number of pixels of 16 or more, or own; not {args.size!r}", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:  # 0 scored every photo, -1 one
        print(f"colorizer eval: --limit must be at least 1, not {args.limit}", file=sys.stderr)
        return 2
    try:
        counts = [int(value) for value in args.hint_points.split(",")]
        if min(counts) < 0:
            raise ValueError
    except ValueError:
        print(f"colorizer eval: --hint-points takes whole numbers of 0 or more like 0,1,5, not {args.hint_points!r}", file=sys.stderr)
        return 2
    try:
        model = load_model(find_model(args.model), pick_device(args.device))
        photos, skipped = load_eval_photos(args.data, args.limit, long_side)
    except (ModelFileError, DeviceUnavailableError, FileNotFoundError) as error:
        print(f"colorizer eval: {error}", file=sys.stderr)
        return 2
    for problem in skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    name = model.card.name
    if args.chroma_gain is not None:
        try:  # the range a card may hold, checked as a card's is
            check_config(model.card.architecture, {**model.card.config, "chroma_gain": args.chroma_gain})
        except ValueError as error:
            print(f"colorizer eval: --chroma-gain: {error}", file=sys.stderr)
            return 2
        model.net.chroma_gain = args.chroma_gain
        name = f"{name} at colour gain {args.chroma_gain:g}"
    facts = {"model_name": model.card.name, "chroma_gain": model.net.chroma_gain, "data": str(args.data)}
    if not photos:
        print(f"colorizer eval: no readable photos in {args.data}", file=sys.stderr)
        return 2
    if len(counts) > 1:
        table = {count: evaluate(model, photos, args.render_size, hint_points=count, film_look=args.film_look)["model"] for count in counts}
        if args.json:
            print(json.dumps({**facts, "by_hint_points": table}, indent=2))
        else:
            print(format_hint_table(table, name))
        return 0
    results = evaluate(model, photos, args.render_size, hint_points=counts[0], film_look=args.film_look)
    if args.json:
        print(json.dumps({**facts, "hint_points": counts[0], **results}, indent=2))
    else:
        size_words = {None: "each at its own size", 256: "at 256x256"}.get(long_side, f"at {long_side} px on the long side")
        if args.chroma_gain is not None:
            size_words += f", read out at colour gain {args.chroma_gain:g}"
        print(format_table(results, model.card.name, size_words))
    return 0
