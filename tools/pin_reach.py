"""How far a colour pin reaches: the colour change a pin makes near it and far from it (issue 26, finding 7).

    .venv/bin/python tools/pin_reach.py                      # a handful of photos from /work/shared/data
    .venv/bin/python tools/pin_reach.py FOLDER [FOLDER...] --photos 6 --model fast

Each photo is colorized through the app's own hint path (core/interactive.py) without pins,
then once per pin position with one pin of a clearly different colour, and once with a pin
of the model's own colour there (which should change next to nothing). The change is ΔE
(CIE76; L is the photo's own in both, so it is the a/b difference) per pixel of the picture:

    near      mean ΔE within NEAR of the pin (fraction of the picture's diagonal)
    far       mean and 95th percentile ΔE farther than FAR, and the share of those pixels
              with ΔE > THRESHOLD (a visible change)
    to pin    mean a/b distance to the pin's colour within NEAR, without / with the pin
    ms        time of one re-render with the pin (the preview's cost per pin change)

Figures print; nothing is asserted or written. Default model, the default 8 photos x 3 pins
(issue 26, finding 7), before and after core/pin_region.py:

    contrasting  near 46.4 -> 41.3  far mean 12.8 -> 2.4  p95 39.7 -> 13.2  >3: 55.5% -> 10.7%
    own colour   near  2.9 ->  0.1  far mean  2.0 -> 0.0  p95  7.4 ->  0.0  >3: 17.6% ->  0.0%

(what still changes far away is mostly the pin's own region: a pinned sky reaches its far side).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.images import ImageReadError, as_8_bit, read_photo
from colorizer_app.core.interactive import InteractiveColorizer
from colorizer_app.core.model_files import find_model, load_model
from colorizer_app.core.shrink import shrink

DEFAULT_FOLDERS = (Path("/work/shared/data/val/mixed"), Path("/work/shared/data/bw_old"))
PINS = ((0.3, 0.3), (0.72, 0.42), (0.5, 0.78))
PALETTE = ("#c83232", "#2f9e3a", "#3050c8", "#e0c020")  # the pin takes the one farthest from the model's colour
SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS))
    parser.add_argument("--photos", type=int, default=4, help="photos per folder, spread over its sorted list (default 4)")
    parser.add_argument("--model", default=None, help="model name or file (default: the default model)")
    parser.add_argument("--long-side", type=int, default=640, help="the preview picture's long side in pixels (default 640)")
    parser.add_argument("--size", type=float, default=0.01, help="pin size as a fraction of the long side (the app's default 0.01)")
    parser.add_argument("--near", type=float, default=0.05)
    parser.add_argument("--far", type=float, default=0.25)
    parser.add_argument("--threshold", type=float, default=3.0)
    args = parser.parse_args()
    model = load_model(find_model(args.model))
    rows = {"contrasting": [], "own colour": []}
    for path in _photos(args.folders, args.photos):
        try:
            pixels = shrink(as_8_bit(read_photo(path).pixels), args.long_side)
        except ImageReadError as error:
            print(f"skipped {path.name}: {error}")
            continue
        editor = InteractiveColorizer(pixels, model, ColorizeSettings())
        plain = _lab(editor.render())
        for x, y in PINS:
            distance = _distance_map(plain.shape[1:], x, y)
            near = distance < args.near
            own = _hex_of(plain[:, near].mean(dim=1))
            contrasting = max(PALETTE, key=lambda colour: float((_lab_of_hex(colour)[1:] - plain[1:, near].mean(dim=1)).norm()))
            for kind, colour in (("contrasting", contrasting), ("own colour", own)):
                hint = ColorHint(x, y, colour, args.size)
                started = time.perf_counter()
                hinted = _lab(editor.render([hint]))
                milliseconds = (time.perf_counter() - started) * 1000
                row = _figures(plain, hinted, distance, near, _lab_of_hex(colour), args)
                rows[kind].append((*row, milliseconds))
                print(f"{path.name[:34]:34} pin ({x:.2f}, {y:.2f}) {kind:11} {colour}: " + _line(*row, milliseconds))
    for kind, table in rows.items():
        if table:
            columns = list(zip(*table, strict=True))
            means = [statistics.fmean(column) for column in columns[:-1]]
            print(f"\n{kind} pins, mean of {len(table)}: " + _line(*means, statistics.median(columns[-1])) + " (ms: median)")


def _figures(plain, hinted, distance, near, pin_lab, args) -> tuple[float, ...]:
    change = (hinted[1:] - plain[1:]).norm(dim=0)
    far = distance > args.far
    far_change = change[far] if bool(far.any()) else torch.zeros(1)
    pin_ab = pin_lab[1:].view(2, 1)
    before = (plain[1:, near] - pin_ab).norm(dim=0).mean()
    after = (hinted[1:, near] - pin_ab).norm(dim=0).mean()
    return (
        float(change[near].mean()),
        float(far_change.mean()),
        float(torch.quantile(far_change, 0.95)),
        float((far_change > args.threshold).float().mean() * 100),
        float(before),
        float(after),
    )


def _line(near, far_mean, far_p95, far_share, before, after, milliseconds) -> str:
    return (
        f"near {near:5.1f}  far mean {far_mean:4.2f} p95 {far_p95:5.2f} >3: {far_share:5.1f}%  "
        f"to pin {before:5.1f} -> {after:5.1f}  {milliseconds:4.0f} ms"
    )


def _photos(folders: list[Path], count: int) -> list[Path]:
    chosen = []
    for folder in folders:
        if not folder.is_dir():
            raise SystemExit(f"pin_reach: {folder} is not a folder")
        files = sorted(path for path in folder.iterdir() if path.suffix.lower() in SUFFIXES)
        step = max(1, len(files) // max(1, count))
        chosen += files[::step][:count]
    if not chosen:
        raise SystemExit("pin_reach: no photos (.jpg, .png, .tif, .webp) in " + ", ".join(map(str, folders)))
    return chosen


def _lab(picture: np.ndarray) -> torch.Tensor:
    return rgb_to_lab(torch.from_numpy(picture.astype(np.float32) / 255).permute(2, 0, 1))


def _lab_of_hex(colour: str) -> torch.Tensor:
    rgb = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    return rgb_to_lab(torch.tensor(rgb).view(3, 1, 1))[:, 0, 0]


def _hex_of(lab: torch.Tensor) -> str:
    from colorizer_app.core.color import lab_to_rgb

    rgb = lab_to_rgb(lab.view(3, 1, 1)).clamp(0, 1)[:, 0, 0]
    return "#" + "".join(f"{round(float(value) * 255):02x}" for value in rgb)


def _distance_map(shape: tuple[int, int], x: float, y: float) -> torch.Tensor:
    """Each pixel's distance from the pin as a fraction of the picture's diagonal."""
    height, width = shape
    rows = (torch.arange(height, dtype=torch.float32) + 0.5)[:, None]
    columns = (torch.arange(width, dtype=torch.float32) + 0.5)[None, :]
    return torch.hypot(rows - y * height, columns - x * width) / float(np.hypot(height, width))


if __name__ == "__main__":
    main()
