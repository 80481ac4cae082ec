"""Benchmark: how steady, how true and how fast a film's colour is, per method.

Takes a colour clip, colorizes its grey (the network sees only L, so the clip's own frames
serve: their colour never reaches the network) and compares with the true colour:

- flicker ratio: the frame-to-frame a/b change along DIS optical flow (computed on the grey
  frames, forward-backward-consistent pixels only), the output's over the truth's own;
- PSNR against the truth, minus that of colouring each frame alone as a photo (``photo``);
- colourfulness (Hasler-Suesstrunk) minus the per-frame photo colouring's;
- speed and peak memory of the whole film path (decode, network, colour, encode, join), in
  a child process per clip (``--speed``), with the shipped settings.

Measures; asserts nothing. Methods are written ``NAME[:k=K][:n=N][:mirror=M]`` (core/film/steady.py).

    .venv/bin/python benchmarks/bench_film.py CLIP.mp4 [--frames 60] [--methods photo frame logits:k=2 ...] [--speed]
    .venv/bin/python benchmarks/bench_film.py --synthetic   # a generated pan with cuts, no files needed
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

DEFAULT_METHODS = ["photo", "frame", "ab:k=1", "logits:k=1", "logits:k=2", "logits:k=3"]
SHIPPED = "shipped"  # the film path's default settings (core/film/steady.py SteadySettings)
ANALYSIS_WIDTH = 480  # flicker and colourfulness are measured on frames at most this wide


def read_frames(path: Path, limit: int):
    from colorizer_app.core.film.video_in import FilmReader

    with FilmReader(path) as reader:
        for frame in reader.frames():
            if frame.index >= limit:
                return
            yield frame.rgb


def analysis_size(rgb: np.ndarray) -> tuple[int, int]:
    height, width = rgb.shape[:2]
    scale = min(1.0, ANALYSIS_WIDTH / width)
    return max(1, round(width * scale)), max(1, round(height * scale))


def small_lab(rgb: np.ndarray) -> np.ndarray:
    small = cv2.resize(rgb, analysis_size(rgb), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(small.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)


class FlickerMeter:
    """Flow and consistent pixels between consecutive grey frames, made once per clip."""

    def __init__(self, frames: list[np.ndarray]) -> None:
        from colorizer_app.core.film.flow import consistency

        dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
        greys = [np.clip(lab[..., 0] * 2.55, 0, 255).astype(np.uint8) for lab in frames]
        self.links = []
        for old, new in zip(greys, greys[1:], strict=False):
            back = dis.calc(new, old, None)
            mask = consistency(back, dis.calc(old, new, None))
            height, width = old.shape
            grid_x, grid_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
            self.links.append((grid_x + back[..., 0], grid_y + back[..., 1], mask))

    def flicker(self, labs: list[np.ndarray]) -> float:
        changes = []
        for (map_x, map_y, mask), old, new in zip(self.links, labs, labs[1:], strict=False):
            moved = cv2.remap(np.ascontiguousarray(old[..., 1:]), map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            change = np.linalg.norm(new[..., 1:] - moved, axis=-1)
            if mask.any():
                changes.append(float(change[mask].mean()))
        return float(np.mean(changes)) if changes else 0.0


def psnr(output: np.ndarray, truth: np.ndarray) -> float:
    error = np.mean((output.astype(np.float32) - truth.astype(np.float32)) ** 2)
    return float(10 * np.log10(255**2 / max(error, 1e-10)))


def colourfulness(lab: np.ndarray) -> float:
    import torch

    from trainer.metrics import colorfulness

    rgb = cv2.cvtColor(lab, cv2.COLOR_Lab2RGB)
    return float(colorfulness(torch.from_numpy(rgb).permute(2, 0, 1)[None].clamp(0, 1))[0])


def parse_method(text: str):
    from colorizer_app.core.film.steady import SteadySettings

    if text == SHIPPED:
        return SteadySettings()
    name, *options = text.split(":")
    settings = SteadySettings(method=name if name != "photo" else "frame")
    for option in options:
        key, value = option.split("=")
        if key == "k":
            settings.keyframe_every = int(value)
        elif key == "n":
            settings.max_count = int(value)
        elif key == "mirror":
            settings.mirror = value
    if name == "frame" and "mirror" not in text:
        settings.mirror = "none"
    return settings


def run_method(text: str, frames: list[np.ndarray], model, render_size: int) -> tuple[list[np.ndarray], float]:
    """(output frames, seconds) for one method on the clip's frames."""
    from colorizer_app.core import fast_colour
    from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
    from colorizer_app.core.film.frame_colour import colour_frame
    from colorizer_app.core.film.steady import SteadyColour

    started = time.perf_counter()
    outputs = []
    if text == "photo":
        for rgb in frames:
            outputs.append(colorize_pixels(rgb, model, ColorizeSettings(render_size=render_size)))
        return outputs, time.perf_counter() - started
    steady = SteadyColour(model, render_size, parse_method(text))
    for rgb in frames:
        lightness = fast_colour.lightness(rgb)
        outputs.append(colour_frame(lightness, steady.push(lightness)))
    return outputs, time.perf_counter() - started


def quality_table(frames: list[np.ndarray], methods: list[str], model, render_size: int) -> list[dict]:
    truth_labs = [small_lab(rgb) for rgb in frames]
    meter = FlickerMeter(truth_labs)
    truth_flicker = meter.flicker(truth_labs)
    rows = []
    reference = None
    for text in ["photo"] + [method for method in methods if method != "photo"]:
        outputs, seconds = run_method(text, frames, model, render_size)
        labs = [small_lab(rgb) for rgb in outputs]
        row = {
            "method": text,
            "flicker_ratio": meter.flicker(labs) / max(truth_flicker, 1e-6),
            "psnr": float(np.mean([psnr(out, truth) for out, truth in zip(outputs, frames, strict=True)])),
            "cf": float(np.mean([colourfulness(lab) for lab in labs])),
            "colour_fps": len(frames) / seconds,
        }
        reference = reference or row
        row["d_psnr"] = row["psnr"] - reference["psnr"]
        row["d_cf"] = row["cf"] - reference["cf"]
        rows.append(row)
        print(
            f"  {text:28s} flicker x{row['flicker_ratio']:5.2f}  PSNR {row['psnr']:6.2f} ({row['d_psnr']:+.2f})  "
            f"CF {row['cf']:5.1f} ({row['d_cf']:+.1f})  {row['colour_fps']:5.1f} fps (network+colour, no codec)",
            flush=True,
        )
    truth_cf = float(np.mean([colourfulness(lab) for lab in truth_labs]))
    print(f"  truth: flicker {truth_flicker:.2f} a/b units per frame, CF {truth_cf:.1f}")
    return rows


def speed(clip: Path, frames: int, render_size: int, method: str, threads: int | None) -> dict:
    """The whole film path on the clip's first ``frames`` frames, in a child process (its own peak
    memory: VmHWM, which starts afresh at exec, where ru_maxrss keeps this parent's)."""
    code = (
        "import json,sys,time,resource;from pathlib import Path;"
        "from colorizer_app.core.film.pipeline import FilmJob, colorize_film;"
        "from colorizer_app.core.model_files import find_model, load_model;"
        "import torch;from colorizer_app.core.film.steady import SteadySettings;"
        + (f"torch.set_num_threads({threads});" if threads else "")
        + "from benchmarks.bench_film import parse_method;"
        "m=load_model(find_model());t=time.perf_counter();"
        f"r=colorize_film(FilmJob(Path(sys.argv[1]),Path(sys.argv[2]),render_size={render_size},max_frames={frames},steady=parse_method({method!r})),m);"
        "s=time.perf_counter()-t;"
        "hwm=[l for l in open('/proc/self/status') if l.startswith('VmHWM')];"
        "print(json.dumps({'frames':r.frames,'seconds':s,'peak_mb':int(hwm[0].split()[1])/1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))"
    )
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, "-c", code, str(clip), str(Path(folder) / "out.mp4")],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    numbers["fps"] = numbers["frames"] / numbers["seconds"]
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clips", nargs="*", type=Path)
    parser.add_argument("--frames", type=int, default=60, help="use the first N frames of each clip (default 60)")
    parser.add_argument("--methods", nargs="+", default=DEFAULT_METHODS)
    parser.add_argument("--render-size", type=int, default=256)
    parser.add_argument(
        "--speed",
        nargs="*",
        metavar="METHOD",
        help="also time the whole film path (decode to encode) with these methods (default: the shipped one)",
    )
    parser.add_argument("--no-quality", action="store_true", help="only the speed")
    parser.add_argument("--synthetic", action="store_true", help="a generated 640x360 pan with cuts")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    args = parser.parse_args()

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)

    from colorizer_app.core.film.sample_clip import make_pan_clip
    from colorizer_app.core.model_files import find_model, load_model

    model = load_model(find_model())
    print(f"model {model.card.name}, render size {args.render_size}, {torch.get_num_threads()} threads")
    with tempfile.TemporaryDirectory() as folder:
        clips = list(args.clips)
        if args.synthetic:
            clips.append(make_pan_clip(Path(folder) / "synthetic-pan.mp4", 640, 360, args.frames, cut_every=30))
        for clip in clips:
            frames = list(read_frames(clip, args.frames))
            print(f"{clip.name}: {frames[0].shape[1]}x{frames[0].shape[0]}, first {len(frames)} frames")
            if not args.no_quality:
                quality_table(frames, args.methods, model, args.render_size)
            for method in args.speed if args.speed else ([SHIPPED] if args.speed is not None else []):
                numbers = speed(clip, args.frames, args.render_size, method, args.threads)
                print(
                    f"  whole path, {method}: {numbers['frames']} frames in {numbers['seconds']:.1f} s = {numbers['fps']:.1f} fps, "
                    f"peak memory {numbers['peak_mb']:.0f} MB",
                    flush=True,
                )
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
