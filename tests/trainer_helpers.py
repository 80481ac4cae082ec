"""Generated training photos whose colour is learnable from their light: fast, real training."""

from trainer.practice import make_practice_photos


def make_colour_folder(folder, count=40, size=64, seed=0):
    return make_practice_photos(folder, count, size, seed)
