"""The README's before/after picture: shipped sample photos, greyscale | colorized by the default model.

.venv/bin/python tools/before_after.py docs/images/before-after.jpg
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

from colorizer_app.core.colorize import colorize_pixels
from colorizer_app.core.images import read_photo
from colorizer_app.core.model_files import find_model, load_model, resources_dir

SAMPLES = ("astronaut-bw.jpg", "chelsea-bw.jpg", "coffee-bw.jpg")
HEIGHT = 300


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/before-after.jpg")
    model = load_model(find_model())
    rows = []
    for name in SAMPLES:
        photo = read_photo(resources_dir() / "samples" / name)
        colour = colorize_pixels(photo.pixels, model)
        pair = [Image.fromarray(pixels) for pixels in (photo.pixels, colour)]
        width = round(pair[0].width * HEIGHT / pair[0].height)
        row = Image.new("RGB", (2 * width + 6, HEIGHT), "white")
        for index, image in enumerate(pair):
            row.paste(image.resize((width, HEIGHT), Image.Resampling.LANCZOS), (index * (width + 6), 0))
        rows.append(row)
    sheet = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows) + 6 * (len(rows) - 1)), "white")
    top = 0
    for row in rows:
        sheet.paste(row, ((sheet.width - row.width) // 2, top))
        top += row.height + 6
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, quality=88, optimize=True)
    print("wrote", out, np.asarray(sheet).shape)


if __name__ == "__main__":
    main()
