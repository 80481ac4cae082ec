"""Benchmark: the colour join alone on a 12 MP photo (upsampling the network's a/b, joining it
with the photo's own L, Lab -> sRGB and 8 bits), the per-pixel stage that a batch photo
spends most of its CPU time in (issue 27).

Measures; asserts nothing. The network runs once; the join then runs ``--repeats`` times as a
batch photo's does (``colorize_pixels`` given the prepared colours, in strips, into the photo's
own buffer). Prints the median, the least and the range of wall and CPU time, the thread
count, the CPU and the load average before and after: on a shared machine single runs vary,
and CPU time varies least. ``--float-path`` also times the float join that the film and the
preview use (``colour_rows`` then ``fast_colour.to_8_bit`` per strip), on the same machine.

    .venv/bin/python benchmarks/bench_colour_join.py [--threads 1] [--repeats 9] [--megapixels 12] [--photo PATH] [--float-path]

``--threads`` sets torch's and OpenCV's threads (default: OMP_NUM_THREADS, else all cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import cv2
import numpy as np
import torch
from bench_colorize import cpu_name  # this folder is the script's, first on the path
from PIL import Image

from colorizer_app.core import colorize, fast_colour
from colorizer_app.core.model_files import LoadedModel, ModelCard, NoModelInstalledError, find_model, load_model
from colorizer_app.core.models import build_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "astronaut-bw.jpg"


def photo_pixels(path: Path, megapixels: float) -> np.ndarray:
    """(H, W, 3) uint8: the photo (default: the shipped sample) enlarged to ``megapixels``, 3:2."""
    width = round((megapixels * 1e6 * 1.5) ** 0.5)
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB").resize((width, round(width / 1.5)), Image.Resampling.BICUBIC))


def default_model(spec: str | None = None) -> LoadedModel:
    """The model ``spec`` names (the installed default when None), or the default's architecture with
    random weights when no model is installed (colours differ, cost hardly)."""
    try:
        return load_model(find_model(spec))
    except NoModelInstalledError:
        card = json.loads((ROOT / "resources" / "models" / "default.json").read_text())
        net = build_model(card["architecture"], card.get("config")).eval()
        return LoadedModel(net, ModelCard(name="untrained", architecture=card["architecture"]), None)


def float_join(pixels: np.ndarray, prepared: colorize.PreparedColours, out: np.ndarray) -> None:
    """The float path in strips: colour_rows, then to_8_bit."""
    height, width = pixels.shape[:2]
    strip_rows = max(1, colorize._STRIP_PIXELS // width)
    for top in range(0, height, strip_rows):
        bottom = min(height, top + strip_rows)
        rgb = colorize.colour_rows(prepared.lightness[top:bottom], prepared.ab, prepared.valid, (height, width), top, 1.0)
        fast_colour.to_8_bit(rgb, out[top:bottom])


def timed_runs(job, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run, after one unmeasured run (first-use tables, memory)."""
    job()
    walls, cpus = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        job()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return walls, cpus


def describe(name: str, walls: list[float], cpus: list[float]) -> str:
    def figures(values: list[float]) -> str:
        return f"median {statistics.median(values) * 1000:.0f} ms, least {min(values) * 1000:.0f}, range {min(values) * 1000:.0f}-{max(values) * 1000:.0f}"

    return f"{name}: wall {figures(walls)}; CPU {figures(cpus)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", 0)) or os.cpu_count())
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--photo", type=Path, default=SAMPLE, help="the photo to enlarge (default: the shipped sample)")
    parser.add_argument("--float-path", action="store_true", help="also time the float join (film, preview)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    pixels = photo_pixels(args.photo, args.megapixels)
    prepared = colorize.prepare_colours(pixels, default_model())
    out = np.empty_like(pixels)
    load_before = os.getloadavg()[0]
    results = [describe("join", *timed_runs(lambda: colorize.colorize_pixels(pixels, None, prepared=prepared, out=out), args.repeats))]
    if args.float_path:
        results.append(describe("float path", *timed_runs(lambda: float_join(pixels, prepared, out), args.repeats)))
    height, width = pixels.shape[:2]
    print(f"{width}x{height} ({width * height / 1e6:.1f} MP) from {args.photo.name}; {args.threads} thread(s), {args.repeats} runs")
    print(f"CPU: {cpu_name()}; load average before {load_before:.1f}, after {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    print("\n".join(results))


if __name__ == "__main__":
    main()
