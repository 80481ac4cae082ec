"""Benchmark: the network alone (forward pass + readout) of each shipped model, and its
multiply-adds, at two input sizes, in the precision the product uses on this CPU (float32, or
bfloat16 where the CPU has fast bf16: it says which), and how many times faster each is than
the first model named. Measures; asserts nothing.

Figures in docs/MODELS.md (the default's and fast's network time, and the previous default's
from its file in git history: `git show 9c86675:resources/models/default.safetensors`).

    .venv/bin/python benchmarks/bench_network.py [MODEL ...] [--runs 5]   # default: default fast

``--runs N`` times everything N times over and prints the median of each figure and of each
ratio: on a shared machine one run's ratio can move by 10-20 %.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from colorizer_app.core.devices import fast_dtype
from colorizer_app.core.model_files import find_model, load_model
from colorizer_app.core.models import make_model_input

SHAPES = ((192, 256), (352, 512))  # a 3:2 photo at render size 256 and 512, padded for the network


def multiply_adds(net: torch.nn.Module, side: int = 256) -> int:
    counts = []
    hooks = [
        module.register_forward_hook(lambda module, inputs, output: counts.append(output.numel() * module.weight[0].numel()))
        for module in net.modules()
        if isinstance(module, torch.nn.Conv2d)
    ]
    net(torch.zeros(1, 4, side, side))
    for hook in hooks:
        hook.remove()
    return sum(counts)


def one_pass_ms(net: torch.nn.Module, model_input: torch.Tensor, dtype: torch.dtype | None) -> float:
    start = time.perf_counter()
    with torch.autocast("cpu", dtype=dtype or torch.bfloat16, enabled=dtype is not None):
        net.ab_from_output(net(model_input))
    return (time.perf_counter() - start) * 1000


def median_ms(nets: dict[str, torch.nn.Module], shape: tuple[int, int], dtype: torch.dtype | None, repeats: int = 15) -> dict[str, float]:
    """Each network's median time at ``shape``, the networks timed in turn, round after round:
    a change of the machine's load (another program, a training beside) falls on all alike,
    so their ratio holds even when the times themselves move."""
    model_input = make_model_input(torch.rand(1, 1, *shape) * 100).contiguous(memory_format=torch.channels_last)
    for net in nets.values():
        for _ in range(3):  # the first calls prepare kernels for this shape
            one_pass_ms(net, model_input, dtype)
    times: dict[str, list[float]] = {name: [] for name in nets}
    for _ in range(repeats):
        for name, net in nets.items():
            times[name].append(one_pass_ms(net, model_input, dtype))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=["default", "fast"])
    parser.add_argument("--runs", type=int, default=1, help="time everything this many times; print the medians")
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    dtype = fast_dtype(torch.device("cpu"))  # what the product runs here: bfloat16 only where the CPU has it
    precision = "bfloat16" if dtype == torch.bfloat16 else "float32"
    print(f"CPU: {torch.backends.cpu.get_cpu_capability()} kernels, {torch.get_num_threads()} threads, {precision} (as the app runs)")
    nets = {spec: load_model(find_model(spec)).net for spec in args.models}
    runs = []
    for run in range(max(1, args.runs)):
        runs.append({(w, h): median_ms(nets, (h, w), dtype) for h, w in SHAPES})
        if args.runs > 1:
            print(
                f"run {run + 1}: "
                + "; ".join(f"{w}x{h}: " + ", ".join(f"{spec} {ms[spec]:.1f} ms" for spec in nets) for (w, h), ms in runs[-1].items())
            )
    first = next(iter(nets))
    for spec, net in nets.items():
        described = []
        for w, h in ((w, h) for h, w in SHAPES):
            ms = statistics.median(timing[(w, h)][spec] for timing in runs)
            ratio = statistics.median(timing[(w, h)][first] / timing[(w, h)][spec] for timing in runs)
            described.append(f"{w}x{h}: {ms:.1f} ms" + (f" ({ratio:.2f}x faster than {first})" if spec != first else ""))
        label = f"median of 15{f' in each of {len(runs)} runs' if len(runs) > 1 else ''}"
        print(
            f"{spec}: {multiply_adds(net) / 1e9:.2f} GMAC at 256x256; network alone ({precision}, {label}) {', '.join(described)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
