"""Benchmark: time from a hint change to the new picture, as the app's hint editor does it.

Measures; asserts nothing. A photo at the app's preview size (long side 1280 px) and the
default render size (512); each measurement adds one hint and re-renders.

    .venv/bin/python benchmarks/bench_hints.py [--render-size 512] [--repeats 10]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from bench_colour_join import default_model  # this folder is the script's, first on the path
from PIL import Image

from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.interactive import InteractiveColorizer

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "astronaut-bw.jpg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render-size", type=int, default=512)
    parser.add_argument("--preview", type=int, default=1280, help="long side of the displayed picture (the app uses 1280)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--model", help="model name or file (default: the default model)")
    args = parser.parse_args()
    model = default_model(args.model)
    width, height = args.preview, round(args.preview / 1.5)
    pixels = np.asarray(Image.open(SAMPLE).convert("RGB").resize((width, height), Image.Resampling.BICUBIC))
    editor = InteractiveColorizer(pixels, model, ColorizeSettings(render_size=args.render_size))
    editor.render()  # warm-up
    rng = np.random.default_rng(0)
    hints: list[ColorHint] = []
    times = []
    for _ in range(args.repeats):
        hints.append(ColorHint(float(rng.random()), float(rng.random()), f"#{int(rng.integers(0, 0xFFFFFF)):06x}"))
        start = time.perf_counter()
        editor.render(hints)
        times.append((time.perf_counter() - start) * 1000)
    print(f"model {model.card.name}, {torch.get_num_threads()} threads, picture {width}x{height}, render size {args.render_size}")
    print(f"hint change -> new picture: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over {len(times)} changes")


if __name__ == "__main__":
    main()
