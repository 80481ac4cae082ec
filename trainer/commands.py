"""The `colorizer train` and `colorizer eval` commands (also `python -m trainer` for torchrun)."""

from __future__ import annotations

import argparse
import json
import sys

from colorizer_app.core.devices import DEVICE_CHOICES
from colorizer_app.core.model_cards import ModelFileError
from colorizer_app.core.model_config import ARCHITECTURE_NAMES, DEFAULT_ARCHITECTURE
from trainer.loss_names import DEFAULT_LOSS, LOSSES

# Only names here: torch is imported when a command runs, so `colorizer --help` is quick.


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DATA_DIR", help="folder of colour photos (recursive)")
    parser.add_argument("--out", required=True, metavar="RUN_DIR", help="folder for checkpoints, events.jsonl, previews and the model")
    parser.add_argument("--val", metavar="DIR", help="validation photos (default: a deterministic 5%% split of DATA_DIR, at most 500)")
    parser.add_argument("--arch", choices=sorted(ARCHITECTURE_NAMES), default=DEFAULT_ARCHITECTURE)
    parser.add_argument("--loss", choices=LOSSES, default=DEFAULT_LOSS)
    budget = parser.add_argument_group("how long (at least one)")
    budget.add_argument("--minutes", type=float, help="time budget for this invocation")
    budget.add_argument("--epochs", type=float, help="length of the whole run in epochs")
    budget.add_argument("--max-steps", type=int, help="stop this invocation after N steps (checkpointed; --resume continues)")
    parser.add_argument("--device", choices=DEVICE_CHOICES, default="auto")
    parser.add_argument("--resume", action="store_true", help="continue the run in RUN_DIR exactly where it stopped")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--crop", type=int, default=128, help="training crop size in pixels")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--adversarial-weight", type=float, help="add the adversarial term with this weight to any loss")
    parser.add_argument(
        "--pretrained",
        action="store_true",
        help="start the encoder from ImageNet weights: EfficientNet-Lite0 from its pip package, ResNet18 from the local torch hub cache",
    )
    parser.add_argument(
        "--encoder",
        dest="encoder_training",
        choices=("frozen", "upper", "all"),
        default="all",
        help="with --pretrained: keep the ImageNet encoder frozen, train only its upper (1/32) stages, or all of it",
    )
    parser.add_argument("--encoder-lr-scale", type=float, default=1.0, help="the trained encoder's learning rate relative to --lr")
    parser.add_argument(
        "--regression-weight", type=float, default=0.0, help="classification loss: add a Huber term on the mean colour with this weight"
    )
    parser.add_argument(
        "--folder-weight",
        action="append",
        default=[],
        metavar="FOLDER=W",
        help="draw the photos under top folders whose name starts with FOLDER with chance W per epoch (e.g. people-faces=0.6); repeatable",
    )
    parser.add_argument("--init", metavar="NAME|PATH", help="start from this model's weights (fine-tune it) instead of random ones")
    parser.add_argument("--no-hints", action="store_true", help="do not simulate user colour hints during training")
    parser.add_argument("--precision", choices=("auto", "fp32"), default="auto", help="auto: bfloat16 autocast where it is fast")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--name", help="model name (default: ARCH-LOSS-RUN_DIR)")
    parser.add_argument("--no-register", action="store_true", help="do not add the model to the user models folder")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace your model of the same name (default: a taken name is added as NAME-2, NAME-3...)",
    )
    parser.add_argument(
        "--arch-config", type=json.loads, default={}, metavar="JSON", help="architecture options, e.g. '{\"decoder_width\": 96}'"
    )


def run_train(args: argparse.Namespace) -> int:
    from trainer.losses import MissingPretrainedWeightsError
    from trainer.run import TrainConfig, Training

    config = TrainConfig(
        data=args.data,
        out=args.out,
        val=args.val,
        arch=args.arch,
        loss=args.loss,
        minutes=args.minutes,
        epochs=args.epochs,
        batch_size=args.batch_size,
        crop=args.crop,
        lr=args.lr,
        adversarial_weight=args.adversarial_weight,
        hints=not args.no_hints,
        seed=args.seed,
        device=args.device,
        precision=args.precision,
        name=args.name,
        register=not args.no_register,
        replace=args.replace,
        arch_config=args.arch_config,
        max_steps=args.max_steps,
        pretrained=args.pretrained,
        init=args.init,
        encoder_training=args.encoder_training,
        encoder_lr_scale=args.encoder_lr_scale,
        regression_weight=args.regression_weight,
        folder_weights=_folder_weights(args.folder_weight),
    )
    try:
        Training(config, resume=args.resume).run()
    except (ValueError, FileNotFoundError, MissingPretrainedWeightsError, ModelFileError) as error:
        print(f"colorizer train: {error}", file=sys.stderr)
        return 2
    return 0


def _folder_weights(specs: list[str]) -> dict[str, float]:
    weights = {}
    for spec in specs:
        folder, _, weight = spec.partition("=")
        try:
            weights[folder] = float(weight)
        except ValueError:
            raise SystemExit(f"colorizer train: --folder-weight {spec!r}: expected FOLDER=W, e.g. people-faces=0.6") from None
    return weights


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


def run_eval(args: argparse.Namespace) -> int:
    from colorizer_app.core.devices import DeviceUnavailableError, pick_device
    from colorizer_app.core.model_files import ModelFileError, find_model, load_model
    from trainer.evaluate import evaluate, format_hint_table, format_table, load_eval_photos

    try:
        model = load_model(find_model(args.model), pick_device(args.device))
        photos, skipped = load_eval_photos(args.data, args.limit)
    except (ModelFileError, DeviceUnavailableError, FileNotFoundError) as error:
        print(f"colorizer eval: {error}", file=sys.stderr)
        return 2
    for problem in skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    if not photos:
        print(f"colorizer eval: no readable photos in {args.data}", file=sys.stderr)
        return 2
    try:
        counts = [int(value) for value in args.hint_points.split(",")]
    except ValueError:
        print(f"colorizer eval: --hint-points takes whole numbers like 0,1,5, not {args.hint_points!r}", file=sys.stderr)
        return 2
    if len(counts) > 1:
        table = {count: evaluate(model, photos, args.render_size, hint_points=count)["model"] for count in counts}
        if args.json:
            print(json.dumps({"model": model.card.name, "data": str(args.data), "by_hint_points": table}, indent=2))
        else:
            print(format_hint_table(table, model.card.name))
        return 0
    results = evaluate(model, photos, args.render_size, hint_points=counts[0])
    if args.json:
        print(json.dumps({"model": model.card.name, "data": str(args.data), "hint_points": counts[0], **results}, indent=2))
    else:
        print(format_table(results, model.card.name))
    return 0
