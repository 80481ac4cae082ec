"""Benchmark: per-stage time and peak memory of colorizing 1, 12 and 24 megapixel photos.

Measures; asserts nothing. Each size runs in its own process so peak memory (max RSS)
belongs to that size alone. Uses the installed default model, or the default
architecture with random weights when none is installed (same cost).

    .venv/bin/python benchmarks/bench_colorize.py [--render-size 256] [--device cpu] [--model fast] [--batch 100] [--repeats 3]
        [--one-core] [--emulate-avx2]

``--batch N`` also colorizes N photos of 12 MP in one batch (reading the next and writing the
last on I/O threads, as the app and the command line do) and prints photos per minute, and the
"floor" of the same photo (decode + encode, no colour work) with the batch as a multiple of it;
``--repeats R`` runs that batch R times (each in a fresh process) and gives the median and the
range: on a shared machine single runs vary. The CPU's name, the kernels torch picked and the
load average before and after are printed too, so a figure says what it was measured on.
``--one-core`` also times each stage of a 12 MP photo alone on one core (where its CPU time goes).

``--emulate-avx2`` runs the children as on the common desktop CPU (AVX2, no AVX-512 or BF16):
torch's kernels (ATEN_CPU_CAPABILITY=avx2), oneDNN's (ONEDNN_MAX_CPU_ISA=AVX2), OpenCV's
dispatch (OPENCV_CPU_DISABLE) and NumPy's (NPY_DISABLE_CPU_FEATURES) held to AVX2, and float32
where the product would autocast to bfloat16, so an AVX-512 machine gives both figures in one
run. On a CPU without AVX-512 it changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from colorizer_app.core.colorize_settings import DEFAULT_RENDER_SIZE

SIZES_MP = (1, 12, 24)
STAGES = ("decode", "lab", "network", "upsample", "encode")
SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "astronaut-bw.jpg"


def make_photo(megapixels: int, folder: Path) -> Path:
    """A JPEG of the given size (a shipped sample, enlarged, 3:2 like a camera photo)."""
    from PIL import Image

    width = round((megapixels * 1e6 * 1.5) ** 0.5)
    height = round(width / 1.5)
    path = folder / f"photo-{megapixels}mp.jpg"
    with Image.open(SAMPLE) as sample:
        sample.convert("L").resize((width, height), Image.Resampling.BICUBIC).save(path, quality=92)
    return path


# OpenCV's dispatched instruction sets above AVX2 (names from cv2.getBuildInformation()).
_OPENCV_ABOVE_AVX2 = "AVX512_SKX,AVX512_COMMON,AVX512_KNL,AVX512_KNM,AVX512_CNL,AVX512_CLX,AVX512_ICL"


def avx2_environment() -> dict[str, str]:
    """The environment that holds torch, oneDNN, OpenCV and NumPy to AVX2 in a child process."""
    import numpy

    umath = numpy._core._multiarray_umath
    above = [name for name in umath.__cpu_dispatch__ if umath.__cpu_features__.get(name) and name.startswith(("AVX512", "X86_V4"))]
    environment = {**os.environ, "ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "OPENCV_CPU_DISABLE": _OPENCV_ABOVE_AVX2}
    if above:
        environment["NPY_DISABLE_CPU_FEATURES"] = " ".join(above)
    return environment


def use_float32() -> None:
    """No bfloat16 autocast (an AVX2 CPU has no fast bf16): as the product decides there."""
    from colorizer_app.core import colorize, devices

    colorize.fast_dtype = devices.fast_dtype = lambda device: None


def measure_floor(photo: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to decode the photo and encode it as a colour JPEG: the work no
    colorizer avoids. The least of three tries, each the same work."""
    import numpy as np

    from colorizer_app.core.images import read_photo, write_photo

    with tempfile.TemporaryDirectory() as out:
        times = []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            pixels = read_photo(photo)
            write_photo(Path(out) / "floor.jpg", np.ascontiguousarray(pixels.pixels), pixels)
            times.append((time.perf_counter() - start, time.process_time() - start_cpu))
    return min(times)


def measure_one(photo: Path, render_size: int, device_name: str, model_spec: str | None) -> dict:
    """Colorize one photo, return stage times and this process's peak RSS."""
    import torch

    from colorizer_app.core.batch import plan_batch, run_batch
    from colorizer_app.core.colorize import ColorizeSettings, StageTimer
    from colorizer_app.core.devices import pick_device
    from colorizer_app.core.model_files import LoadedModel, ModelCard, NoModelInstalledError, find_model, load_model
    from colorizer_app.core.models import build_model

    device = pick_device(device_name)
    try:
        model = load_model(find_model(model_spec), device)
        model_name = model.card.name
    except NoModelInstalledError:
        card = json.loads((SAMPLE.parents[1] / "models" / "default.json").read_text())  # the shipped default's network
        net = build_model(card["architecture"], card.get("config")).eval().to(device)
        model = LoadedModel(net, ModelCard(name="untrained", architecture=card["architecture"]), None)
        model_name = f"{card['architecture']} (random weights)"
    settings = ColorizeSettings(render_size=render_size)
    with tempfile.TemporaryDirectory() as out:
        warm = run_batch(plan_batch([SAMPLE], out), model, settings)  # first call pays one-off set-up
        assert warm.ok, warm.failed
        timer = StageTimer()
        start = time.perf_counter()
        summary = run_batch(plan_batch([photo], out), model, settings, timer=timer)
        total = time.perf_counter() - start
        assert summary.ok, summary.failed
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "model": model_name,
        "threads": torch.get_num_threads(),
        "total": total,
        "peak_mib": peak_mib,
        "forward_ms": forward_milliseconds(model, device),
        **timer.seconds,
    }


def measure_batch(photo: Path, count: int, render_size: int, device_name: str, model_spec: str | None) -> dict:
    """Colorize ``count`` copies of one photo as one batch: wall time, photos per minute, peak RSS."""
    import os

    from colorizer_app.core.batch import plan_batch, run_batch
    from colorizer_app.core.colorize import ColorizeSettings, StageTimer
    from colorizer_app.core.devices import pick_device
    from colorizer_app.core.model_files import find_model, load_model

    model = load_model(find_model(model_spec), pick_device(device_name))
    settings = ColorizeSettings(render_size=render_size)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "photos"
        folder.mkdir()
        for index in range(count):
            os.link(photo, folder / f"photo-{index:03d}.jpg")
        warm = run_batch(plan_batch([SAMPLE], Path(work) / "warm"), model, settings)
        assert warm.ok, warm.failed
        timer = StageTimer()
        start, start_cpu = time.perf_counter(), time.process_time()
        summary = run_batch(plan_batch([folder], Path(work) / "out"), model, settings, timer=timer)
        total, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        assert summary.ok and summary.count("done") == count, summary.failed
    floor, floor_cpu = measure_floor(photo)
    return {
        "capability": __import__("torch").backends.cpu.get_cpu_capability(),
        "total": total,
        "cpu": cpu,
        "floor": floor,
        "floor_cpu": floor_cpu,
        "per_minute": count * 60 / total,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **timer.seconds,
    }


def one_core_stages(photo: Path, render_size: int, model_spec: str | None) -> dict:
    """Each stage of one photo alone on one core (torch and OpenCV on one thread), the least of
    three tries: where a photo's CPU time goes, apart from how the threads share the cores."""
    import cv2
    import numpy as np
    import torch

    from colorizer_app.core import colorize, fast_colour
    from colorizer_app.core.color import AB_LIMIT
    from colorizer_app.core.images import read_photo, write_photo
    from colorizer_app.core.model_files import find_model, load_model

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    model = load_model(find_model(model_spec))
    photo_read = read_photo(photo)
    pixels = photo_read.pixels
    height, width = pixels.shape[:2]
    strips = [(top, min(height, top + colorize._STRIP_PIXELS // width)) for top in range(0, height, colorize._STRIP_PIXELS // width)]
    prepared = colorize.prepare_colours(pixels, model, colorize.ColorizeSettings(render_size=render_size))
    ab = prepared.ab.clamp(-AB_LIMIT, AB_LIMIT)
    ab_rows = [colorize._upsample_rows(ab, prepared.valid, (height, width), top, bottom) for top, bottom in strips]
    out = np.empty_like(pixels)

    def join() -> None:
        for (top, bottom), rows in zip(strips, ab_rows, strict=True):
            fast_colour.lab_to_8_bit(prepared.lightness[top:bottom], rows[0].numpy(), rows[1].numpy(), out[top:bottom])

    with tempfile.TemporaryDirectory() as folder:
        stages = {
            "read (floor)": lambda: read_photo(photo),
            "L": lambda: fast_colour.lightness(pixels),
            "network": lambda: colorize.predict_ab(torch.from_numpy(prepared.lightness)[None, None], model, render_size),
            "upsample": lambda: all(colorize._upsample_rows(ab, prepared.valid, (height, width), *strip) is not None for strip in strips),
            "join": join,
            "write (floor)": lambda: write_photo(Path(folder) / "one.jpg", out, photo_read),
        }
        seconds = {}
        for name, stage in stages.items():
            times = []
            for _ in range(3):
                start = time.perf_counter()
                stage()
                times.append(time.perf_counter() - start)
            seconds[name] = min(times)
    return seconds


def forward_milliseconds(model, device, repeats: int = 20) -> float:
    """Median time of the network alone (forward pass + readout) on a 512x352 input, as the
    pipeline runs it (reduced precision where fast, channels-last): the model's own cost."""
    import statistics

    import torch

    from colorizer_app.core.devices import fast_dtype
    from colorizer_app.core.models import make_model_input

    model_input = make_model_input(torch.rand(1, 1, 352, 512, device=device) * 100).contiguous(memory_format=torch.channels_last)
    dtype = fast_dtype(device)
    times = []
    with torch.inference_mode(), torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
        for index in range(repeats + 3):
            start = time.perf_counter()
            model.net.predict_ab(model_input)
            if index >= 3:  # the first calls prepare kernels for this shape
                times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render-size", type=int, default=DEFAULT_RENDER_SIZE)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--model", help="model name or file (default: the default model)")
    parser.add_argument("--batch", type=int, default=0, metavar="N", help="also time a batch of N photos of 12 MP")
    parser.add_argument("--emulate-avx2", action="store_true", help="hold torch, oneDNN, OpenCV and NumPy to AVX2, in float32")
    parser.add_argument("--repeats", type=int, default=1, metavar="R", help="run the batch R times (median and range)")
    parser.add_argument("--one-core", action="store_true", help="also time each stage of a 12 MP photo on one core")
    parser.add_argument("--one", metavar="PHOTO", help=argparse.SUPPRESS)  # child-process mode
    args = parser.parse_args()
    if args.one and args.emulate_avx2:
        use_float32()
    if args.one and args.one_core:
        print(json.dumps(one_core_stages(Path(args.one), args.render_size, args.model)))
        return
    if args.one:
        measure = measure_batch if args.batch else measure_one
        extra = (args.batch,) if args.batch else ()
        print(json.dumps(measure(Path(args.one), *extra, args.render_size, args.device, args.model)))
        return

    load_before = os.getloadavg()
    batches = []
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for megapixels in SIZES_MP:
            photo = make_photo(megapixels, Path(folder))
            command = [sys.executable, __file__, "--one", str(photo), "--render-size", str(args.render_size), "--device", args.device]
            command += ["--model", args.model] if args.model else []
            command += ["--emulate-avx2"] if args.emulate_avx2 else []
            environment = avx2_environment() if args.emulate_avx2 else None
            result = subprocess.run(command, capture_output=True, text=True, check=True, env=environment)
            rows.append((megapixels, json.loads(result.stdout.strip().splitlines()[-1])))
            if args.batch and megapixels == 12:
                for _ in range(args.repeats):
                    result = subprocess.run(
                        [*command, "--batch", str(args.batch)], capture_output=True, text=True, check=True, env=environment
                    )
                    batches.append(json.loads(result.stdout.strip().splitlines()[-1]))
            if args.one_core and megapixels == 12:
                result = subprocess.run([*command, "--one-core"], capture_output=True, text=True, check=True, env=environment)
                one_core = json.loads(result.stdout.strip().splitlines()[-1])
    first = rows[0][1]
    mode = ", emulating an AVX2 CPU (float32)" if args.emulate_avx2 else ""
    print(f"CPU: {cpu_name()}; load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    print(f"model: {first['model']}, device: {args.device}, threads: {first['threads']}, render size: {args.render_size}{mode}")
    print(f"network alone (forward + readout, 512x352, median of 20): {first['forward_ms']:.1f} ms")
    header = f"{'photo':>6} | " + " | ".join(f"{stage:>8}" for stage in STAGES) + f" | {'total':>7} | {'peak RSS':>9}"
    print(header)
    print("-" * len(header))
    for megapixels, row in rows:
        cells = " | ".join(f"{row.get(stage, 0.0):7.2f}s" for stage in STAGES)
        print(f"{megapixels:>4}MP | {cells} | {row['total']:6.2f}s | {row['peak_mib']:6.0f} MiB")
    if args.one_core:
        cells = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in one_core.items())
        print(f"12 MP on one core (least of 3): {cells}; all {sum(one_core.values()):.2f} s")
    if batches:
        report_batches(batches, args.batch)


def report_batches(batches: list[dict], count: int) -> None:
    """The batch figures: the median run's, and the range over the runs."""
    import statistics

    each = [batch["total"] / count for batch in batches]
    ratios = [batch["total"] / count / batch["floor"] for batch in batches]
    batch = sorted(batches, key=lambda run: run["total"])[len(batches) // 2]
    stages = ", ".join(f"{stage} {batch.get(stage, 0.0):.1f} s" for stage in STAGES)
    print(f"torch kernels in the batch: {batch['capability']}")
    print(
        f"batch of {count} photos of 12 MP: {batch['total']:.1f} s, {batch['per_minute']:.0f} photos per minute, "
        f"peak {batch['peak_mib']:.0f} MiB (stage sums, overlapping: {stages})"
    )
    spread = (
        f" (median of {len(batches)} runs; {min(each):.2f}-{max(each):.2f} s, {min(ratios):.1f}-{max(ratios):.1f}x)"
        if len(batches) > 1
        else ""
    )
    print(
        f"per photo {statistics.median(each):.2f} s; floor (decode + JPEG encode of the same photo) "
        f"{statistics.median(batch['floor'] for batch in batches):.3f} s: {statistics.median(ratios):.1f}x the floor{spread}"
    )
    # CPU time hardly depends on what else runs: the work itself, whatever the machine's load
    cpu = statistics.median(batch["cpu"] / count for batch in batches)
    floor_cpu = statistics.median(batch["floor_cpu"] for batch in batches)
    print(f"CPU time per photo (all threads) {cpu:.2f} s, the floor's {floor_cpu:.3f} s: {cpu / floor_cpu:.1f}x the floor's work")


def cpu_name() -> str:
    """The CPU's model name and its widest vector instructions (from /proc/cpuinfo where there is one)."""
    import platform

    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    name = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), platform.machine())
    flags = next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), [])
    widest = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    bf16 = " with BF16" if "avx512_bf16" in flags or "amx_bf16" in flags else ""
    return f"{name} ({widest}{bf16})"


if __name__ == "__main__":
    main()
