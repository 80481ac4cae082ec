"""Before/after pictures of the shipped sample photos: greyscale | one column per model.

    .venv/bin/python tools/before_after.py docs/images/before-after.jpg             # README: the default model
    .venv/bin/python tools/before_after.py docs/images/models.jpg --models default fast RUN/best.safetensors \
        --labels default fast "plain CNN" --height 200

Uses only scikit-image's sample photos (resources/samples), which we may ship.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from colorizer_app.core.colorize import colorize_pixels
from colorizer_app.core.images import read_photo
from colorizer_app.core.model_files import find_model, load_model, resources_dir

SAMPLES = ("astronaut-bw.jpg", "chelsea-bw.jpg", "coffee-bw.jpg")
GAP = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--models", nargs="+", default=[None], metavar="NAME|PATH", help="default: the default model")
    parser.add_argument("--labels", nargs="+", help="column titles (default: none, as in the README picture)")
    parser.add_argument("--height", type=int, default=300)
    args = parser.parse_args()
    models = [load_model(find_model(spec)) for spec in args.models]
    titles = ["greyscale", *args.labels] if args.labels else None
    rows = []
    for sample_index, name in enumerate(SAMPLES):
        photo = read_photo(resources_dir() / "samples" / name)
        columns = [photo.pixels] + [colorize_pixels(photo.pixels, model) for model in models]
        width = round(photo.pixels.shape[1] * args.height / photo.pixels.shape[0])
        row = Image.new("RGB", (len(columns) * (width + GAP) - GAP, args.height), "white")
        for index, pixels in enumerate(columns):
            row.paste(Image.fromarray(pixels).resize((width, args.height), Image.Resampling.LANCZOS), (index * (width + GAP), 0))
            if titles and sample_index == 0:
                _label(row, titles[index], index * (width + GAP))
        rows.append(row)
    sheet_width = max(row.width for row in rows)
    sheet = Image.new("RGB", (sheet_width, sum(row.height + GAP for row in rows) - GAP), "white")
    top = 0
    for row in rows:
        sheet.paste(row, ((sheet_width - row.width) // 2, top))
        top += row.height + GAP
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, quality=88, optimize=True)
    print("wrote", args.out, np.asarray(sheet).shape)


def _label(row: Image.Image, title: str, left: int) -> None:
    """The column's title in a white box at the top-left of its first picture."""
    draw = ImageDraw.Draw(row)
    box = draw.textbbox((left + 4, 4), title)
    draw.rectangle((box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3), fill="white")
    draw.text((left + 4, 4), title, fill="black")


if __name__ == "__main__":
    main()
