"""Benchmark: the network alone (forward pass + readout) of each shipped model, and its
multiply-adds, at two input sizes, in the precision the product uses on this CPU (float32, or
bfloat16 where the CPU has fast bf16: it says which). Measures; asserts nothing.

Figures in docs/MODELS.md (the default's and fast's network time, and the previous default's
from its file in git history: `git show 9c86675:resources/models/default.safetensors`).

    .venv/bin/python benchmarks/bench_network.py [MODEL ...]   # default: default fast
"""

from __future__ import annotations

import statistics
import sys
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


def median_ms(net: torch.nn.Module, shape: tuple[int, int], dtype: torch.dtype | None, repeats: int = 15) -> float:
    model_input = make_model_input(torch.rand(1, 1, *shape) * 100).contiguous(memory_format=torch.channels_last)
    times = []
    for index in range(repeats + 3):
        start = time.perf_counter()
        with torch.autocast("cpu", dtype=dtype or torch.bfloat16, enabled=dtype is not None):
            net.ab_from_output(net(model_input))
        if index >= 3:  # the first calls prepare kernels for this shape
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    torch.set_grad_enabled(False)
    dtype = fast_dtype(torch.device("cpu"))  # what the product runs here: bfloat16 only where the CPU has it
    precision = "bfloat16" if dtype == torch.bfloat16 else "float32"
    print(f"CPU: {torch.backends.cpu.get_cpu_capability()} kernels, {torch.get_num_threads()} threads, {precision} (as the app runs)")
    for spec in sys.argv[1:] or ["default", "fast"]:
        net = load_model(find_model(spec)).net
        timings = ", ".join(f"{w}x{h}: {median_ms(net, (h, w), dtype):.1f} ms" for h, w in SHAPES)
        print(f"{spec}: {multiply_adds(net) / 1e9:.2f} GMAC at 256x256; network alone ({precision}, median of 15) {timings}", flush=True)


if __name__ == "__main__":
    main()
