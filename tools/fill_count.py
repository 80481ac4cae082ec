"""How much of each old photo a model paints with one large, strong red, orange or blue patch:
a number beside the contact sheet (old_photo_sheet.py) for issue 23's complaint, so two models
can be compared on the same photos without a judge's eye.

    .venv/bin/python tools/fill_count.py ../shared/data/bw_old --models default RUNS/x/x.safetensors

Each photo is coloured as `colorizer colorize` does it with its defaults, shrunk to 160 px, and
its pixels of strong colour (chroma above ``--chroma``) are split by hue into warm (red, orange,
yellow-orange: -30 to 75 degrees) and blue (200 to 290 degrees). The largest connected patch of
each is the photo's "fill", as a share of its area. A red dress or a blue sky counts too: the
figure is for comparing models on the same photos, and the photos it names are to be looked at.
"""

from __future__ import annotations

import argparse

import cv2
import numpy as np
import torch
from old_photo_sheet import eight_bit, old_photos

from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.model_files import find_model, load_model

SIDE = 160
HUES = {"warm": (-30.0, 75.0), "blue": (200.0, 290.0)}


def largest_patches(rgb: np.ndarray, chroma: float) -> dict[str, float]:
    """Share of the photo covered by the largest connected patch of strong colour of each hue group."""
    scale = SIDE / max(rgb.shape[:2])
    small = cv2.resize(rgb, (max(1, round(rgb.shape[1] * scale)), max(1, round(rgb.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    lab = rgb_to_lab(torch.from_numpy(small).permute(2, 0, 1).float() / 255).numpy()
    a, b = lab[1], lab[2]
    strong = np.hypot(a, b) > chroma
    hue = np.degrees(np.arctan2(b, a))
    shares = {}
    for name, (low, high) in HUES.items():
        in_range = (hue - low) % 360 <= high - low
        mask = (strong & in_range).astype(np.uint8)
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        biggest = stats[1:, cv2.CC_STAT_AREA].max() if count > 1 else 0
        shares[name] = float(biggest) / mask.size
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="black-and-white photos (grey or sepia scans)")
    parser.add_argument("--models", nargs="+", default=["default"], metavar="NAME|PATH")
    parser.add_argument("--chroma", type=float, default=20.0, help="a/b distance from grey that counts as strong colour")
    parser.add_argument("--large", type=float, default=0.08, help="a patch at least this share of the photo is a fill")
    parser.add_argument("--limit", type=int, help="at most this many photos")
    args = parser.parse_args()
    models = [load_model(find_model(spec)) for spec in args.models]
    rows = []
    for name, pixels in old_photos(args.folder, args.limit):
        shares = [largest_patches(eight_bit(colorize_pixels(pixels, model, ColorizeSettings())), args.chroma) for model in models]
        rows.append((name, shares))
        cells = "  ".join(f"{share['warm']:5.1%} {share['blue']:5.1%}" for share in shares)
        print(f"{name[:40]:<40} {cells}", flush=True)
    if not rows:
        raise SystemExit(f"no photo could be read in {args.folder}")
    print(f"\n{len(rows)} photos; largest strong patch (warm / blue), chroma > {args.chroma:g}:")
    for index, spec in enumerate(args.models):
        warm = np.array([shares[index]["warm"] for _, shares in rows])
        blue = np.array([shares[index]["blue"] for _, shares in rows])
        named = [name for name, shares in rows if max(shares[index].values()) >= args.large]
        print(
            f"{spec}: mean {warm.mean():.1%} / {blue.mean():.1%}; photos with a fill of {args.large:.0%} or more: "
            f"{(warm >= args.large).sum()} warm, {(blue >= args.large).sum()} blue ({', '.join(named) or 'none'})"
        )


if __name__ == "__main__":
    main()
