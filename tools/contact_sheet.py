"""A contact sheet (original | grey | ours) of validation photos, to judge a model by eye.

    .venv/bin/python tools/contact_sheet.py VAL_DIR OUT.jpg [--model NAME|PATH] [--count 24]

Writes outside the repository: sheets of the shared validation photos must not be committed.
"""

from __future__ import annotations

import argparse

import numpy as np
from PIL import Image, ImageDraw

from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.model_files import find_model, load_model
from trainer.evaluate import load_eval_photos

CELL = 192


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--model")
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--render-size", type=int, default=256)
    args = parser.parse_args()
    model = load_model(find_model(args.model))
    photos, _ = load_eval_photos(args.data)
    step = max(1, len(photos) // args.count)
    chosen = photos[::step][: args.count]
    columns = 2  # two triptychs per row
    rows = -(-len(chosen) // columns)
    sheet = Image.new("RGB", (columns * 3 * CELL + (columns - 1) * 12, rows * CELL), "white")
    for index, photo in enumerate(chosen):
        grey = np.repeat(np.asarray(Image.fromarray(photo).convert("L"))[:, :, None], 3, axis=2)
        ours = colorize_pixels(grey, model, ColorizeSettings(render_size=args.render_size))
        x = (index % columns) * (3 * CELL + 12)
        y = (index // columns) * CELL
        for offset, pixels in enumerate((photo, grey, ours)):
            sheet.paste(Image.fromarray(pixels).resize((CELL, CELL)), (x + offset * CELL, y))
    ImageDraw.Draw(sheet).text((4, 4), f"original | grey | {model.card.name}", fill="white")
    sheet.save(args.out, quality=88)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
