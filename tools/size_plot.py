"""Colourfulness against photo size as a chart (SVG): the same photos resized to several long
sides and coloured as `colorizer colorize` does, one line per model or setting.

    .venv/bin/python tools/size_plot.py docs/images/cf-vs-size.svg \\
        --curves "before:default:no-softness" "now:default" [--sizes 256,384,512,768,1024,2048,3000]

A curve is LABEL:MODEL[:no-softness] (MODEL a name or a file; ``no-softness`` feeds photos at or
under the render size as they are, the behaviour before core/input_softness.py). The photos are
scikit-image's samples (tools/size_table.py). The measured means are printed too. The chart is
plain SVG so that it needs nothing beyond the standard library to write and any browser to read.
"""

from __future__ import annotations

import argparse
import math
from contextlib import nullcontext
from pathlib import Path
from xml.sax.saxutils import escape

from size_table import mean_cells, measure, sample_photos, softness_off

from colorizer_app.core.model_files import find_model, load_model

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 24, 48
COLOURS = ("#888888", "#d0481f", "#1f6fd0", "#2a9d4b", "#8e44ad")


def measured_curve(model_spec: str, softness: bool, sizes: list[int]) -> list[float]:
    """Mean ΔCF of the sample photos at each size."""
    with nullcontext() if softness else softness_off():
        rows = measure(load_model(find_model(model_spec)), sample_photos(), sizes)
    return [delta for _, delta in mean_cells(rows, len(sizes))]


def svg_chart(sizes: list[int], curves: dict[str, list[float]]) -> str:
    """A line chart: long side (log scale) across, ΔCF up, a grey band for the truth ±2."""
    values = [value for curve in curves.values() for value in curve] + [-2.0, 2.0]
    low, high = math.floor(min(values) / 5) * 5, math.ceil(max(values) / 5) * 5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    log_lo, log_hi = math.log(sizes[0]), math.log(sizes[-1])

    def x(size: float) -> float:
        return LEFT + plot_w * (math.log(size) - log_lo) / max(log_hi - log_lo, 1e-9)

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / max(high - low, 1e-9)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<rect x="{LEFT}" y="{y(2):.1f}" width="{plot_w}" height="{y(-2) - y(2):.1f}" fill="#eeeeee"/>',
        f'<text x="{LEFT + 6}" y="{y(-2) - 4:.1f}" fill="#777777">the truth ±2</text>',
    ]
    for value in range(int(low), int(high) + 1, 5):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#dddddd"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value:+d}</text>')
    for size in sizes:
        parts.append(f'<text x="{x(size):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{size}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">long side of the photo (px)</text>')
    parts.append(
        f'<text x="14" y="{TOP + plot_h / 2:.1f}" transform="rotate(-90 14 {TOP + plot_h / 2:.1f})" '
        'text-anchor="middle">colourfulness minus the truth\'s (ΔCF)</text>'
    )
    for index, (label, curve) in enumerate(curves.items()):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x(size):.1f},{y(value):.1f}" for size, value in zip(sizes, curve, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for s, v in zip(sizes, curve, strict=True))
        parts.append(f'<text x="{LEFT + plot_w + 10}" y="{y(curve[-1]) + 4:.1f}" fill="{colour}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the chart, an .svg file")
    parser.add_argument("--curves", nargs="+", required=True, help="LABEL:MODEL[:no-softness] each")
    parser.add_argument("--sizes", default="256,384,512,768,1024,2048,3000", help="long sides in pixels, comma-separated")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    curves = {}
    for spec in args.curves:
        label, model_spec, *options = spec.split(":")
        curves[label] = measured_curve(model_spec, "no-softness" not in options, sizes)
        print(f"{label:<24}" + "".join(f"{size:>7}:{value:+5.1f}" for size, value in zip(sizes, curves[label], strict=True)))
    Path(args.out).write_text(svg_chart(sizes, curves), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
