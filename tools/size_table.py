"""Colour strength against photo size: the same photos resized to several long sides, coloured
as `colorizer colorize` does with its defaults, and their colourfulness against the truth's.

    .venv/bin/python tools/size_table.py [--folder DIR] [--sizes 256,768,2048|own] [--model NAME] [--no-softness]
        [--softness SIGMA | --fixed-blur SIGMA]

Without --folder it uses scikit-image's colour sample photos (astronaut, coffee, chelsea,
rocket, motorcycle: public domain / CC0), the only large photos with ground truth on the
development machine. ``--no-softness`` feeds the network as before core/input_softness.py (a
photo at or under the render size as it is), for the "before" rows of docs/MODELS.md.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager, nullcontext

import numpy as np
import torch
from PIL import Image

from colorizer_app.core import colorize, input_softness
from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lab
from colorizer_app.core.model_files import find_model, load_model
from trainer.data import list_photo_files
from trainer.metrics import colorfulness, psnr


def sample_photos() -> dict[str, np.ndarray]:
    from skimage import data

    return {
        "astronaut": data.astronaut(),
        "coffee": data.coffee(),
        "chelsea": data.chelsea(),
        "rocket": data.rocket(),
        "motorcycle": data.stereo_motorcycle()[0],
    }


def folder_photos(folder: str, limit: int) -> dict[str, np.ndarray]:
    return {path.name: np.asarray(Image.open(path).convert("RGB")) for path in list_photo_files(folder)[:limit]}


def as_tensor(pixels: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.array(pixels, dtype=np.uint8)).permute(2, 0, 1)[None].float() / 255


def grey_of(pixels: np.ndarray) -> np.ndarray:
    lab = rgb_to_lab(as_tensor(pixels))
    grey = lab_to_rgb_in_gamut(lab[:, :1], torch.zeros_like(lab[:, 1:]))
    return (grey[0].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)


def resized(pixels: np.ndarray, long_side: int | None) -> np.ndarray:
    if long_side is None:
        return pixels
    image = Image.fromarray(pixels)
    scale = long_side / max(image.size)
    return np.asarray(image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS))


@contextmanager
def softness_rule(rule):
    """Every network input softened by ``rule`` instead of core/input_softness.py's measured blur."""
    match_softness = colorize.match_training_softness
    colorize.match_training_softness = rule
    try:
        yield
    finally:
        colorize.match_training_softness = match_softness


def softness_off():
    """Photos at or under the render size fed as they are, as before core/input_softness.py."""
    return softness_rule(lambda small: small)


def fixed_blur(sigma: float):
    """Every network input blurred by ``sigma``, whatever its own softness (the first version's rule)."""
    return softness_rule(lambda small: input_softness.gaussian_blur(small, torch.full((small.shape[0],), sigma)))


def measure(model, photos: dict[str, np.ndarray], sizes: list[int | None]) -> dict[str, list[tuple[float, float]]]:
    """Each photo at each long side (None: its own size), coloured as `colorizer colorize` does:
    its PSNR over the grey photo and its colourfulness against the truth's."""
    rows: dict[str, list[tuple[float, float]]] = {}
    for name, photo in photos.items():
        for size in sizes:
            truth = resized(photo, size)
            result = colorize.colorize_pixels(grey_of(truth), model, colorize.ColorizeSettings())
            over_grey = float(psnr(as_tensor(result), as_tensor(truth)) - psnr(as_tensor(grey_of(truth)), as_tensor(truth)))
            delta = float(colorfulness(as_tensor(result)) - colorfulness(as_tensor(truth)))
            rows.setdefault(name, []).append((over_grey, delta))
    return rows


def mean_cells(rows: dict[str, list[tuple[float, float]]], count: int) -> list[tuple[float, float]]:
    """The mean (over grey, ΔCF) of every photo at each of ``count`` sizes."""
    return [
        (float(np.mean([cells[i][0] for cells in rows.values()])), float(np.mean([cells[i][1] for cells in rows.values()])))
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", help="colour photos (default: scikit-image's samples)")
    parser.add_argument("--limit", type=int, default=100, help="at most this many photos of --folder")
    parser.add_argument("--sizes", default="256,768,2048", help="long sides in pixels, comma-separated, or own")
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-softness", action="store_true", help="feed small photos as they are (the behaviour before)")
    parser.add_argument("--softness", type=float, help="try another target softness (network pixels) than the shipped one")
    parser.add_argument("--fixed-blur", type=float, help="blur every network input by this many network pixels, unmeasured")
    args = parser.parse_args()
    if args.softness is not None:
        input_softness.TARGET_SIGMA = args.softness
    model = load_model(find_model(args.model))
    photos = folder_photos(args.folder, args.limit) if args.folder else sample_photos()
    sizes = [None if size == "own" else int(size) for size in args.sizes.split(",")]
    with softness_off() if args.no_softness else (fixed_blur(args.fixed_blur) if args.fixed_blur else nullcontext()):
        rows = measure(model, photos, sizes)
    labels = ["own" if size is None else str(size) for size in sizes]
    if len(photos) <= 12:
        print(f"{'photo':<24}" + "".join(f"{label + ' dB/ΔCF':>18}" for label in labels))
        for name, cells in rows.items():
            print(f"{name[:24]:<24}" + "".join(f"{over:+11.2f} /{delta:+5.1f}" for over, delta in cells))
    means = mean_cells(rows, len(sizes))
    print(f"{'mean (' + str(len(photos)) + ' photos)':<24}" + "".join(f"{over:+11.2f} /{delta:+5.1f}" for over, delta in means))


if __name__ == "__main__":
    main()
