"""What each part of the old-print look costs a model: `colorizer eval --film-look` with one part
of the look at a time (trainer/film_look.py, LOOK_PARTS), beside the clean photos and the whole look.

    .venv/bin/python tools/film_look_parts.py ../shared/data/val/mixed [--model default] [--limit 150]

Each row: PSNR and ΔCF (+ is more colourful than the photos), at 256x256, scored on the photos'
own L as `colorizer eval` does; "cost" is the clean PSNR minus the row's. A part that costs
PSNR while adding colour is one that makes the model paint more on such an input.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from functools import partial

from colorizer_app.core.model_files import find_model, load_model
from trainer import film_look
from trainer.evaluate import EVAL_SIZE, evaluate, load_eval_photos


@contextmanager
def only_parts(parts: tuple[str, ...]):
    """The old-print look made of ``parts`` alone while inside."""
    whole = film_look.old_print_lightness
    film_look.old_print_lightness = partial(whole, parts=parts)
    try:
        yield
    finally:
        film_look.old_print_lightness = whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--model", default="default")
    parser.add_argument("--limit", type=int, default=150)
    args = parser.parse_args()
    model = load_model(find_model(args.model))
    photos, _ = load_eval_photos(args.folder, args.limit, EVAL_SIZE)
    clean = evaluate(model, photos)["model"]
    rows = [("clean", clean)]
    for parts in [film_look.LOOK_PARTS, *((part,) for part in film_look.LOOK_PARTS)]:
        with only_parts(parts):
            rows.append(("whole look" if len(parts) > 1 else parts[0], evaluate(model, photos, film_look=True)["model"]))
    print(f"{model.card.name} on {len(photos)} photos of {args.folder}, 256x256")
    print(f"{'look':<12}{'PSNR':>8}{'ΔCF':>8}{'cost dB':>9}")
    for name, metrics in rows:
        print(
            f"{name:<12}{metrics['psnr']:>8.2f}{metrics['colorfulness'] - metrics['colorfulness_truth']:>+8.1f}{clean['psnr'] - metrics['psnr']:>9.2f}"
        )


if __name__ == "__main__":
    main()
