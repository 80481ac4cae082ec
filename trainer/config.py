"""What a training run is asked to do: one typed configuration, and the command line both ways.

`colorizer train` parses its arguments into a TrainConfig (``from_args``); the Train tab and
the self-test describe a run as a TrainConfig and turn it into the child's command line
(``to_argv``). Option names therefore live here once. No torch: the window and `--help`
use this without loading the training code.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field, fields

from colorizer_app.core.devices import DEVICE_CHOICES
from colorizer_app.core.model_config import ARCHITECTURE_NAMES, DEFAULT_TRAIN_ARCHITECTURE
from trainer.loss_names import ADVERSARIAL_WEIGHT, DEFAULT_LOSS, LOSSES

ENCODER_TRAINING = ("frozen", "upper", "all")
TRAIN_ONLY = ("all", "hint-spread")


@dataclass
class TrainConfig:
    data: str
    out: str
    val: str | None = None
    arch: str = DEFAULT_TRAIN_ARCHITECTURE
    loss: str = DEFAULT_LOSS
    minutes: float | None = None
    epochs: float | None = None
    batch_size: int = 32
    crop: int = 128
    cache_size: int = 176
    lr: float = 2e-3
    weight_decay: float = 1e-4
    adversarial_weight: float | None = None
    hints: bool = True
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"  # auto (bf16 where it is fast), fp32
    val_fraction: float = 0.05
    val_max: int = 500
    checkpoint_minutes: float = 5.0
    max_steps: int | None = None  # stop this invocation after this many steps (resumable)
    name: str | None = None
    register: bool = True
    replace: bool = False  # registering may replace the user's model of the same name
    arch_config: dict = field(default_factory=dict)
    pretrained: bool = False  # start the encoder from ImageNet weights (ResNet18 or EfficientNet-Lite0)
    encoder_training: str = "all"  # of an ImageNet encoder: "frozen", "upper" (1/32 stages only) or "all"
    encoder_lr_scale: float = 1.0  # the trained encoder's learning rate, relative to --lr
    regression_weight: float = 0.0  # classification: add a Huber term on the predicted mean colour
    folder_weights: dict = field(default_factory=dict)  # {"people-faces": 0.6}: draw photos under these top folders less often
    init: str | None = None  # start from this model's weights (name or path): fine-tuning
    train_only: str = "all"  # "hint-spread": add the hint-spreading part to --init's model and train only it
    film_look: float = 0.0  # share of training photos given an old print's grey tone (trainer/film_look.py)
    film_look_blur: float = 1.0  # the old prints' blur, times the look's own (the product may show a print enlarged)
    self_distill: bool = False  # learn --init's own colours of the clean photo from its old print (trainer/self_distill.py)
    self_distill_truth: float = 0.0  # with self_distill: add the loss against the photos' own colours at this weight
    teacher: str | None = None  # with self_distill: learn this model's colours instead of --init's (a small model from a big one)

    def validate(self) -> None:
        if self.arch not in ARCHITECTURE_NAMES:
            raise ValueError(f"unknown architecture {self.arch!r}; choose one of {', '.join(sorted(ARCHITECTURE_NAMES))}")
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; choose one of {', '.join(LOSSES)}")
        if self.minutes is None and self.epochs is None and self.max_steps is None:
            raise ValueError("give a time budget (--minutes), a number of epochs (--epochs) or of steps (--max-steps)")
        if (self.minutes is not None and self.minutes <= 0) or (self.epochs is not None and self.epochs <= 0):
            raise ValueError("--minutes and --epochs must be positive")
        if self.max_steps is not None and self.max_steps < 1:
            raise ValueError(f"--max-steps must be at least 1, not {self.max_steps}")
        if self.batch_size < 1:
            raise ValueError(f"--batch-size must be at least 1, not {self.batch_size}")
        if not 16 <= self.crop <= 2 * self.cache_size:  # photos are kept at 176 px; a crop is cut from them enlarged at most 2x
            raise ValueError(f"--crop must be between 16 and {2 * self.cache_size} px, not {self.crop}")
        if self.encoder_training not in ENCODER_TRAINING:
            raise ValueError(f"encoder training must be one of {', '.join(ENCODER_TRAINING)}")
        if self.encoder_training != "all" and not (self.pretrained or self.init):
            raise ValueError("--encoder frozen/upper keeps a trained encoder: it needs --pretrained or --init")
        if not 0 < self.encoder_lr_scale <= 10 or not 0 <= self.regression_weight <= 100:
            raise ValueError("--encoder-lr-scale must be in (0, 10] and --regression-weight in [0, 100]")
        if self.train_only not in TRAIN_ONLY:
            raise ValueError(f"--train-only must be one of {', '.join(TRAIN_ONLY)}")
        if self.train_only == "hint-spread" and not (self.init and self.arch == "unet_efficientnet_lite0" and self.hints):
            raise ValueError(
                "--train-only hint-spread adds to a trained unet_efficientnet_lite0 model: it needs --init, that --arch and hints"
            )
        if not 0 <= self.film_look <= 1:
            raise ValueError("--film-look must be in [0, 1]: the share of training photos given an old print's look")
        if not 0.5 <= self.film_look_blur <= 3:
            raise ValueError("--film-look-blur must be in [0.5, 3]: the old prints' blur, times the look's own")
        if self.self_distill and not (self.init and self.film_look > 0 and self.train_only == "all" and self.loss == "classification"):
            raise ValueError(
                "--self-distill teaches --init's model its own colours on old prints: it needs --init, --film-look and the classification loss"
            )
        if self.self_distill_truth and not (self.self_distill and 0 < self.self_distill_truth <= 10):
            raise ValueError(
                "--self-distill-truth weighs the photos' own colours beside --self-distill's: it needs --self-distill and a weight in (0, 10]"
            )
        if self.teacher and not self.self_distill:
            raise ValueError("--teacher names the model whose colours --self-distill learns: it needs --self-distill")
        if any(not 0 < float(weight) <= 1 for weight in self.folder_weights.values()):
            raise ValueError("folder weights must be in (0, 1]: the share of that folder's photos drawn each epoch")
        if not 0 < self.lr <= 1:  # said before the photos are read, not after
            raise ValueError(f"--lr must be in (0, 1], not {self.lr:g}")

    # ----- the command line, both ways ---------------------------------------------
    @classmethod
    def from_args(cls, args: argparse.Namespace) -> TrainConfig:
        """The config of a parsed `colorizer train` command line (see add_train_arguments)."""
        values = {name: getattr(args, name) for name in _CLI_FIELDS if hasattr(args, name)}
        values["hints"] = not args.no_hints
        values["register"] = not args.no_register
        values["folder_weights"] = _folder_weights(args.folder_weight)
        return cls(**values)

    def to_argv(self) -> list[str]:
        """The `colorizer train` arguments that give this config back (from_args after parsing).

        The Train tab and the self-test build their child's command line with this, so the
        window and the command line cannot drift apart.
        """
        hidden = [name for name in _HIDDEN_FIELDS if getattr(self, name) != getattr(TrainConfig, name)]
        if hidden:
            raise ValueError(f"no command-line option for {', '.join(hidden)}")
        argv = [self.data, "--out", self.out]
        defaults = TrainConfig(data="", out="")
        for name in _CLI_FIELDS:
            value = getattr(self, name)
            if name in ("data", "out") or value == getattr(defaults, name):
                continue
            flag = "--" + _FLAG_NAMES.get(name, name).replace("_", "-")
            if isinstance(value, bool):
                argv.append(flag)
            elif isinstance(value, dict):
                argv += [flag, json.dumps(value)]
            else:
                argv += [flag, str(value)]
        argv += [] if self.hints else ["--no-hints"]
        argv += [] if self.register else ["--no-register"]
        for folder, weight in self.folder_weights.items():
            argv += ["--folder-weight", f"{folder}={weight}"]
        return argv

    @property
    def adversarial(self) -> float:
        if self.adversarial_weight is not None:
            return self.adversarial_weight
        return ADVERSARIAL_WEIGHT if self.loss == "adversarial" else 0.0


# Fields with no command-line option (to_argv refuses a config that changes them).
_HIDDEN_FIELDS = ("cache_size", "weight_decay", "val_fraction", "val_max", "checkpoint_minutes")
# Fields whose option is not simply --field-name, or that need their own handling.
_FLAG_NAMES = {"encoder_training": "encoder"}
_SPECIAL_FIELDS = ("hints", "register", "folder_weights")
_CLI_FIELDS = tuple(spec.name for spec in fields(TrainConfig) if spec.name not in _HIDDEN_FIELDS and spec.name not in _SPECIAL_FIELDS)


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DATA_DIR", help="folder of colour photos (recursive)")
    parser.add_argument("--out", required=True, metavar="RUN_DIR", help="folder for checkpoints, events.jsonl, previews and the model")
    parser.add_argument("--val", metavar="DIR", help="validation photos (default: a deterministic 5%% split of DATA_DIR, at most 500)")
    parser.add_argument("--arch", choices=sorted(ARCHITECTURE_NAMES), default=DEFAULT_TRAIN_ARCHITECTURE)
    parser.add_argument("--loss", choices=LOSSES, default=DEFAULT_LOSS)
    budget = parser.add_argument_group("how long (at least one)")
    budget.add_argument("--minutes", type=float, help="time budget for this invocation")
    budget.add_argument("--epochs", type=float, help="length of the whole run in epochs")
    budget.add_argument(
        "--max-steps",
        type=int,
        help="stop this invocation after N steps (checkpointed; --resume continues); alone, the run is N steps long",
    )
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
    parser.add_argument(
        "--train-only",
        choices=TRAIN_ONLY,
        default="all",
        help="hint-spread: give --init's model the part that carries a hint over its region and train only that (automatic colour stays exactly as it was)",
    )
    parser.add_argument(
        "--film-look",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="give this share of training photos (and half the validation photos) an old print's grey tone: film response, fading, grain, blur, dust, scan JPEG",
    )
    parser.add_argument(
        "--film-look-blur",
        type=float,
        default=1.0,
        metavar="X",
        help="with --film-look: blur the old prints X times as much as the look's own range (a small print that the app enlarges is that much softer to the network)",
    )
    parser.add_argument(
        "--self-distill",
        action="store_true",
        help="with --init and --film-look: learn, from each photo's old-print version, the colours --init's model gives the clean photo (keeps its colour and readout on clean photos)",
    )
    parser.add_argument(
        "--self-distill-truth",
        type=float,
        default=0.0,
        metavar="W",
        help="with --self-distill: also learn the photos' own colours, this loss at weight W (keeps the colour from muting)",
    )
    parser.add_argument(
        "--teacher",
        metavar="NAME|PATH",
        help="with --self-distill: learn this model's colours of the clean photo instead of --init's (teach a small model a bigger one's colours; the result takes its readout)",
    )
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


def _folder_weights(specs: list[str]) -> dict[str, float]:
    weights = {}
    for spec in specs:
        folder, _, weight = spec.partition("=")
        try:
            weights[folder] = float(weight)
        except ValueError:
            raise ValueError(f"--folder-weight {spec!r}: expected FOLDER=W, e.g. people-faces=0.6") from None
    return weights
