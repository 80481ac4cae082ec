"""PSNR / ΔCF against render size, on photos kept at their own size (nothing squashed).

`colorizer eval` squashes every photo to 256x256 (the field's convention); choosing the
default render size needs the photos as a user has them, so here each photo is reduced
to L at its own size, colorized at each render size (never upscaled for the network:
a render size above the photo's long side gives the photo's own size) and scored.
Prints a markdown table, one row per render size, grey baseline alongside.

    .venv/bin/python tools/render_size_table.py FOLDER... --model default --sizes 128,192,256,384,512
"""

from __future__ import annotations

import argparse

import numpy as np
import torch

from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.images import ImageReadError, read_photo
from colorizer_app.core.model_files import find_model, load_model
from trainer.data import list_photo_files
from trainer.metrics import MetricTotals


def load_photos(folders: list[str], limit: int | None) -> list[np.ndarray]:
    photos = []
    for folder in folders:
        for path in list_photo_files(folder)[:limit]:
            try:
                pixels = read_photo(path).pixels
            except ImageReadError:
                continue
            photos.append(pixels if pixels.dtype == np.uint8 else (pixels / 257).round().astype(np.uint8))
    return photos


def as_tensor(pixels: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(pixels)).permute(2, 0, 1)[None].float() / 255


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--model", default=None)
    parser.add_argument("--sizes", default="128,192,256,384,512")
    parser.add_argument("--limit", type=int, help="at most this many photos per folder")
    args = parser.parse_args()
    model = load_model(find_model(args.model))
    photos = load_photos(args.folders, args.limit)
    sides = sorted(max(p.shape[:2]) for p in photos)
    print(f"{len(photos)} photos, long side {sides[0]}-{sides[-1]} px (median {sides[len(sides) // 2]})\n")
    print("| render size | PSNR | ΔCF | CIEDE2000 | grey PSNR |")
    print("|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        model_totals, grey_totals = MetricTotals(), MetricTotals()
        for pixels in photos:
            truth = as_tensor(pixels)
            lightness = rgb_to_lab(truth)[:, :1]
            grey = lab_to_rgb_in_gamut(lightness, torch.zeros(1, 2, *lightness.shape[-2:]))
            grey_pixels = (grey[0].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
            predicted = colorize_pixels(grey_pixels, model, ColorizeSettings(render_size=size))
            model_totals.add(as_tensor(predicted), truth)
            grey_totals.add(grey, truth)
        m, g = model_totals.result(), grey_totals.result()
        signed = m["colorfulness"] - m["colorfulness_truth"]  # + more colourful than the photos, - less
        print(f"| {size} | {m['psnr']:.2f} | {signed:+.1f} | {m['ciede2000']:.2f} | {g['psnr']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
