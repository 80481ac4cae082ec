"""Generated training photos whose colour is learnable from their light: fast, real training."""

from trainer.config import TrainConfig
from trainer.practice import make_practice_photos


def make_colour_folder(folder, count=40, size=64, seed=0):
    return make_practice_photos(folder, count, size, seed)


def tiny_config(data, out, **overrides) -> TrainConfig:
    """A training of a few seconds on such photos: a small network on 32 px crops, 2 epochs."""
    options = dict(
        data=str(data), out=str(out), arch="constant_resolution", loss="l1", epochs=2, batch_size=8, crop=32,
        cache_size=40, precision="fp32", arch_config={}, checkpoint_minutes=100,
    )  # fmt: skip
    options.update(overrides)
    return TrainConfig(**options)
