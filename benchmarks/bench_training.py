"""Benchmark: training throughput (images/s) of each architecture on this machine.

Measures; asserts nothing. Uses generated photos (no dataset needed), batch 16 at
128 px crops, with and without bfloat16 autocast + channels_last, hints simulated as
in real training. Each architecture uses the loss its preset trains with.

    .venv/bin/python benchmarks/bench_training.py [--steps 8] [--device cpu]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from colorizer_app.core.models import ARCHITECTURES
from trainer.run import TrainConfig, Training

PRESET_LOSS = {
    "unet_resnet18": "classification",
    "unet_efficientnet_lite0": "classification",
    "plain_cnn": "mse",
    "gan_generator": "adversarial",
}


def make_photos(folder: Path, count: int = 64, size: int = 192) -> None:
    rng = np.random.default_rng(0)
    for index in range(count):
        pixels = rng.integers(0, 256, (size // 16, size // 16, 3), dtype=np.uint8)
        Image.fromarray(pixels).resize((size, size), Image.Resampling.BICUBIC).save(folder / f"{index}.png")


# The ImageNet-encoder recipes of docs/MODELS.md: what freezing the encoder saves
LITE0_RECIPES = {
    "lite0-frozen": {"pretrained": True, "encoder_training": "frozen"},
    "lite0-upper": {"pretrained": True, "encoder_training": "upper", "encoder_lr_scale": 0.3},
    "lite0-all": {"pretrained": True, "encoder_training": "all", "encoder_lr_scale": 0.1},
    "lite0-all-w32": {"pretrained": True, "encoder_training": "all", "encoder_lr_scale": 0.1, "arch_config": {"decoder_width": 32}},
    "lite0-all-w128": {"pretrained": True, "encoder_training": "all", "encoder_lr_scale": 0.1, "arch_config": {"decoder_width": 128}},
}


def throughput(data: Path, out: Path, arch: str, precision: str, steps: int, device: str, **options) -> float:
    config = TrainConfig(
        data=str(data),
        out=str(out),
        arch=arch,
        loss=PRESET_LOSS.get(arch, "l1"),
        **options,
        epochs=100,
        batch_size=16,
        crop=128,
        precision=precision,
        device=device,
        register=False,
    )
    training = Training(config)
    training.prepare()
    for _ in range(2):  # warm-up: first steps pay for allocation and kernel selection
        training.train_step()
    start = time.perf_counter()
    for _ in range(steps):
        training.train_step()
    training.events.close()
    return steps * config.batch_size / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--recipes-only", action="store_true", help="only the ImageNet-encoder recipes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "photos"
        data.mkdir()
        make_photos(data)
        print(f"{'architecture':<26}{'loss':<16}{'fp32 img/s':>12}{'bf16+CL img/s':>15}")
        for arch in [] if args.recipes_only else sorted(ARCHITECTURES):
            rates = [throughput(data, Path(folder) / f"{arch}-{p}", arch, p, args.steps, args.device) for p in ("fp32", "auto")]
            print(f"{arch:<26}{PRESET_LOSS.get(arch, 'l1'):<16}{rates[0]:>12.1f}{rates[1]:>15.1f}", flush=True)
        print(f"\n{'ImageNet-encoder recipe':<26}{'loss':<16}{'fp32 img/s':>12}{'bf16+CL img/s':>15}")
        for name, options in LITE0_RECIPES.items():
            rates = [
                throughput(data, Path(folder) / f"{name}-{p}", "unet_efficientnet_lite0", p, args.steps, args.device, **options)
                for p in ("fp32", "auto")
            ]
            print(f"{name:<26}{'classification':<16}{rates[0]:>12.1f}{rates[1]:>15.1f}", flush=True)


if __name__ == "__main__":
    main()
