"""Benchmark: carrying a film's pins to a preview's frames, against carrying them through the whole film.

A preview near the end of a long film needs only the pins of its own frames: ``track_pins``
decodes from the preview's first frame (or from the pin, if earlier) and stops once no later
pin can reach back to the preview. This times that, the whole film's tracking (what the full
colouring does) and the whole preview with and without the pin, and says whether the
preview's pins are exactly the whole film's on its frames. Measures; asserts nothing.

    .venv/bin/python benchmarks/make_long_film.py ../shared/data/video/bigbuckbunny.mp4 /tmp/long.mp4 23
    .venv/bin/python benchmarks/bench_pin_tracking.py /tmp/long.mp4 --pin-frame 2890 --preview-from 2900
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.film import PREVIEW_SECONDS
from colorizer_app.core.film.film_hints import FilmHints, track_pins
from colorizer_app.core.film.frames import colour_preview
from colorizer_app.core.film.video_in import FilmReader
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.model_files import find_model, load_model


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("film", type=Path)
    parser.add_argument("--pin-frame", type=int, required=True, help="the frame the pin is set on")
    parser.add_argument("--preview-from", type=int, required=True, help="the preview's first frame")
    parser.add_argument("--model", default="default")
    args = parser.parse_args()
    settings = ColorizeSettings()
    with FilmReader(args.film) as reader:
        rate, frames = float(reader.info.rate or 25), reader.info.frames
    last_needed = args.preview_from + max(1, round(PREVIEW_SECONDS * rate)) - 1
    if frames:
        last_needed = min(last_needed, frames - 1)
    hints = FilmHints({args.pin_frame: [ColorHint(0.5, 0.5, "#2a4fc8")]})
    print(f"{args.film}: a pin on frame {args.pin_frame}, a preview of frames {args.preview_from}-{last_needed}")

    whole, whole_seconds = timed(lambda: track_pins(args.film, hints, settings.render_size))
    print(f"pins carried through the whole film: {whole_seconds:.1f} s ({len(whole)} frames pinned)")
    preview, preview_seconds = timed(
        lambda: track_pins(args.film, hints, settings.render_size, last_needed=last_needed, first_needed=args.preview_from)
    )
    print(f"pins carried for the preview only: {preview_seconds:.1f} s")
    needed = range(args.preview_from, last_needed + 1)
    same = all(preview.get(index) == whole.get(index) for index in needed)
    print(f"the preview's pins are the whole film's on its frames: {'yes' if same else 'NO'}")

    model = load_model(find_model(args.model))
    for label, pins in (("without the pin", None), ("with the pin", hints)):
        _, seconds = timed(lambda pins=pins: colour_preview(args.film, model, settings, args.preview_from, pins))
        print(f"the whole preview {label}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
