"""A contact sheet of real old black-and-white photos as users bring them, coloured by one or
more models, to judge by eye what no metric sees: red or blue fills, skin, muted colour.

    .venv/bin/python tools/old_photo_sheet.py ../shared/data/bw_old /tmp/old.jpg [--models default RUNS/x/best.safetensors]

Each photo is read and coloured exactly as `colorizer colorize` does it with its defaults (at
its own size, sepia scans as they are), then shown fitted into a cell: the photo, then one
column per model. Writes outside the repository: sheets of the shared photos must not be
committed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.images import ImageReadError, read_photo
from colorizer_app.core.model_files import find_model, load_model
from trainer.data import list_photo_files

CELL = 220
GAP = 6


def fitted(pixels: np.ndarray, cell: int = CELL) -> Image.Image:
    """The picture shrunk to fit a cell x cell square, centred on white."""
    image = Image.fromarray(pixels)
    image.thumbnail((cell, cell), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (cell, cell), "white")
    canvas.paste(image, ((cell - image.width) // 2, (cell - image.height) // 2))
    return canvas


def old_photos(folder: str, limit: int | None) -> list[tuple[str, np.ndarray]]:
    """(name, pixels as read) of each photo in ``folder``; one that cannot be read is said and passed over."""
    photos = []
    for path in list_photo_files(folder)[:limit]:
        try:
            photos.append((path.name, read_photo(path).pixels))
        except ImageReadError as error:
            print(f"skipped: {error}")
    return photos


def eight_bit(rgb: np.ndarray) -> np.ndarray:
    return rgb if rgb.dtype == np.uint8 else (rgb / 257).round().astype(np.uint8)  # a 16-bit scan's


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="black-and-white photos (grey or sepia scans)")
    parser.add_argument("out", help="the sheet, a JPEG outside the repository")
    parser.add_argument("--models", nargs="+", default=["default"], metavar="NAME|PATH")
    parser.add_argument("--limit", type=int, help="at most this many photos")
    parser.add_argument("--per-row", type=int, default=2, help="photos side by side in a row of the sheet")
    args = parser.parse_args()
    models = [load_model(find_model(spec)) for spec in args.models]
    photos = [(name, eight_bit(pixels)) for name, pixels in old_photos(args.folder, args.limit)]
    group = 1 + len(models)
    group_width = group * CELL + (group - 1) * GAP
    rows = -(-len(photos) // args.per_row)
    sheet = Image.new("RGB", (args.per_row * group_width + (args.per_row - 1) * 3 * GAP, 18 + rows * (CELL + GAP)), "white")
    draw = ImageDraw.Draw(sheet)
    labels = " | ".join(Path(spec).name for spec in args.models)  # as named: two model files may share a card's name
    draw.text((4, 3), "photo | " + labels, fill="black")
    for index, (name, pixels) in enumerate(photos):
        x = (index % args.per_row) * (group_width + 3 * GAP)
        y = 18 + (index // args.per_row) * (CELL + GAP)
        cells = [pixels] + [colorize_pixels(pixels, model, ColorizeSettings()) for model in models]
        for column, picture in enumerate(cells):
            sheet.paste(fitted(picture), (x + column * (CELL + GAP), y))
        draw.text((x + 3, y + CELL - 12), name[:28], fill="black")
        print(f"{index + 1}/{len(photos)} {name}", flush=True)
    sheet.save(args.out, quality=88)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
