"""Practice data: generated colour photos whose colour follows their light (orange bright, blue
dark), and the arguments of a real training of seconds on them. The self-test and the tests
train on these anywhere, without any photo collection."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from trainer.config import TrainConfig


def make_practice_photos(folder: Path, count: int = 40, size: int = 64, seed: int = 0) -> Path:
    """Generated colour photos whose colour follows their light (orange bright, blue dark):
    enough for a real, quick training run anywhere."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for index in range(count):
        y, x = np.mgrid[0:size, 0:size] / size
        bright = (np.sin(x * rng.uniform(2, 8) + rng.uniform(0, 6)) + np.cos(y * rng.uniform(2, 8))) > 0
        pixels = np.where(bright[:, :, None], [235, 150, 40], [30, 50, 140]).astype(np.float64)
        pixels += rng.normal(0, 6, pixels.shape)
        Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(folder / f"photo-{index:03d}.png")
    return folder


def quick_training_arguments(data: Path, run_dir: Path, epochs: float = 1, *extra: str) -> list[str]:
    """`colorizer train` arguments for a real training of seconds on practice photos."""
    config = TrainConfig(
        data=str(data),
        out=str(run_dir),
        arch="constant_resolution",
        loss="l1",
        epochs=epochs,
        batch_size=8,
        crop=32,
        precision="fp32",
    )
    return [*config.to_argv(), *extra]
