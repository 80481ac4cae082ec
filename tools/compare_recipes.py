"""Train every recipe and seed architecture for the same short time budget and score them.

Each run goes to RUNS/<name>; a run that already has a model is not trained again, and
each score is cached beside it, so the command can be stopped and re-run (across sessions).
Prints the comparison table of docs/MODELS.md (markdown).

    .venv/bin/python tools/compare_recipes.py ../shared/data/train ../shared/data/val/mixed \
        ../shared/data/val/bsds500_val100 --runs /work/runs/compare --minutes 4
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ADVERSARIAL_WEIGHT_FOR_CLASSIFICATION = 0.1
LITE0 = ["--pretrained", "--folder-weight", "people-faces=0.6"]
LITE0_UPPER = [*LITE0, "--encoder", "upper", "--encoder-lr-scale", "0.3"]


@dataclass
class Recipe:
    name: str
    about: str
    arch: str
    loss: str
    crop: int = 128
    extra: list[str] = field(default_factory=list)
    starts_from: str | None = None  # another recipe's name: fine-tune its model
    budget_share: float = 1.0  # of --minutes (fine-tuning arms get a share on top of their base)


RECIPES = [
    Recipe("reg-128", "regression (Huber), 128 px crops", "unet_resnet18", "huber"),
    Recipe("cls-128", "classification + rebalancing, 128 px", "unet_resnet18", "classification"),
    Recipe("reg-176", "regression (Huber), 176 px crops", "unet_resnet18", "huber", crop=176),
    Recipe("cls-176", "classification + rebalancing, 176 px", "unet_resnet18", "classification", crop=176),
    Recipe(
        "cls-128+ft",
        "cls-128, then fine-tuned without the adversarial term",
        "unet_resnet18",
        "classification",
        extra=["--lr", "5e-4"],
        starts_from="cls-128",
        budget_share=0.75,
    ),
    Recipe(
        "cls-128+ft-adv",
        "cls-128, then fine-tuned with the adversarial term",
        "unet_resnet18",
        "classification",
        extra=["--lr", "5e-4", "--adversarial-weight", str(ADVERSARIAL_WEIGHT_FOR_CLASSIFICATION)],
        starts_from="cls-128",
        budget_share=0.75,
    ),
    Recipe("fast-cls-128", "the fast model's architecture, classification, 128 px", "fast_unet", "classification"),
    Recipe("seed-plain-cnn", "seed: plain CNN, L2 (MSE)", "plain_cnn", "mse"),
    Recipe("seed-resnet18-ed", "seed: ResNet18 encoder-decoder, Huber", "resnet18_encoder_decoder", "huber"),
    Recipe("seed-constant-res", "seed: constant-resolution net, MSE", "constant_resolution", "mse"),
    Recipe("seed-gan", "seed: GAN (autoencoder generator + PatchGAN critic, L1 + adversarial)", "gan_generator", "adversarial"),
    # ImageNet-trained EfficientNet-Lite0 encoder (issue 12); faces drawn at 0.6 so they are ~1 sample in 6
    Recipe(
        "lite0-frozen",
        "Lite0 encoder frozen, decoder 64",
        "unet_efficientnet_lite0",
        "classification",
        extra=[*LITE0, "--encoder", "frozen"],
    ),
    Recipe(
        "lite0-upper",
        "Lite0, 1/32 stages trained at 0.3x lr",
        "unet_efficientnet_lite0",
        "classification",
        extra=LITE0_UPPER,
    ),
    Recipe(
        "lite0-all",
        "Lite0, whole encoder trained at 0.1x lr",
        "unet_efficientnet_lite0",
        "classification",
        extra=[*LITE0, "--encoder", "all", "--encoder-lr-scale", "0.1"],
    ),
    Recipe(
        "lite0-upper-reg",
        "lite0-upper + regression term (weight 1) on the mean colour",
        "unet_efficientnet_lite0",
        "classification",
        extra=[*LITE0_UPPER, "--regression-weight", "1"],
    ),
    Recipe(
        "lite0-upper-w32",
        "lite0-upper with a decoder half as wide (32)",
        "unet_efficientnet_lite0",
        "classification",
        extra=[*LITE0_UPPER, "--arch-config", '{"decoder_width": 32}'],
    ),
    Recipe("lite0-upper-176", "lite0-upper on 176 px crops", "unet_efficientnet_lite0", "classification", crop=176, extra=LITE0_UPPER),
]


def colorizer(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "colorizer_app.cli", *arguments]


def train(recipe: Recipe, args: argparse.Namespace) -> Path:
    run_dir = args.runs / recipe.name
    model = run_dir / "best.safetensors"
    if (run_dir / "done").is_file():
        return model
    command = colorizer(
        "train", str(args.train), "--val", str(args.val[0]), "--out", str(run_dir), "--arch", recipe.arch, "--loss", recipe.loss,
        "--crop", str(recipe.crop), *budget(recipe, args), "--name", recipe.name, "--no-register",
        *recipe.extra,
    )  # fmt: skip
    if recipe.starts_from:
        command += ["--init", str(args.runs / recipe.starts_from / "best.safetensors")]
    if (run_dir / "checkpoint.pt").is_file():
        command.append("--resume")
    print("$", " ".join(command), flush=True)
    with open(args.runs / f"{recipe.name}.log", "a") as log:
        subprocess.run(command, check=True, stdout=log, stderr=subprocess.STDOUT)
    (run_dir / "done").touch()
    return model


def budget(recipe: Recipe, args: argparse.Namespace) -> list[str]:
    """Equal time (--minutes) or, fairer on a shared machine, equal samples (--epochs)."""
    if args.epochs:
        return ["--epochs", str(args.epochs * recipe.budget_share)]
    return ["--minutes", str(args.minutes * recipe.budget_share)]


def score(model: Path | str, folder: Path, cache: Path) -> dict:
    if cache.is_file():
        return json.loads(cache.read_text())
    output = subprocess.run(colorizer("eval", str(folder), "--model", str(model), "--json"), check=True, capture_output=True, text=True)
    cache.write_text(output.stdout)
    return json.loads(output.stdout)


def training_facts(run_dir: Path) -> dict:
    card = json.loads((run_dir / "best.json").read_text())
    rates = [json.loads(line).get("images_per_second") for line in (run_dir / "events.jsonl").read_text().splitlines() if '"step"' in line]
    rates = [rate for rate in rates if rate]
    return {"samples": card["training"]["samples_seen"], "rate": rates[-1] if rates else None}


def table(rows: list[tuple[str, str, dict, dict | None]], folders: list[Path]) -> str:
    header = "| run | recipe | samples | img/s |" + "".join(f" {f.name} PSNR | ΔCF | CIEDE2000 |" for f in folders)
    lines = [header, "|" + "---|" * (4 + 3 * len(folders))]
    for name, about, scores, facts in rows:
        cells = [name, about, f"{facts['samples']:,}" if facts else "", f"{facts['rate']:.0f}" if facts and facts["rate"] else ""]
        for result in scores:
            cells += [f"{result['psnr']:.2f}", f"{result['delta_colorfulness']:.1f}", f"{result['ciede2000']:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("val", type=Path, nargs="+", help="validation folders (the first also picks each run's best checkpoint)")
    parser.add_argument("--runs", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=4.0, help="training budget per run")
    parser.add_argument("--epochs", type=float, help="train each run for this many epochs instead (equal samples, not time)")
    parser.add_argument("--only", nargs="*", help="run only these recipes")
    parser.add_argument("--extra-model", action="append", default=[], metavar="NAME=MODEL", help="also score a finished model")
    args = parser.parse_args()
    args.runs.mkdir(parents=True, exist_ok=True)
    rows, full_results = [], []
    for recipe in RECIPES:
        if args.only and recipe.name not in args.only:
            continue
        model = train(recipe, args)
        results = [score(model, folder, args.runs / recipe.name / f"eval-{folder.name}.json") for folder in args.val]
        full_results.append(results)
        rows.append((recipe.name, recipe.about, [result["model"] for result in results], training_facts(args.runs / recipe.name)))
    for item in args.extra_model:
        name, model = item.split("=", 1)
        results = [score(model, folder, args.runs / f"eval-{name}-{folder.name}.json") for folder in args.val]
        full_results.append(results)
        rows.append((name, "shipped model", [result["model"] for result in results], None))
    if full_results:
        rows.append(("grey", "baseline: a = b = 0", [result["grey"] for result in full_results[0]], None))
    print(table(rows, args.val))
    return 0


if __name__ == "__main__":
    sys.exit(main())
