"""`colorizer eval`: score a model on a folder of colour photos, beside two baselines.

Each photo is squashed to 256x256 (the field's convention), reduced to L, colorized
through the same pipeline the app uses, and compared with the original. The grey
baseline (a = b = 0) and the mean-chroma baseline (every pixel gets the mean a, b of
these photos) are scored on the same images, so a number never stands alone.
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.images import ImageReadError, as_8_bit, read_photo
from colorizer_app.core.model_files import LoadedModel
from trainer.data import list_photo_files
from trainer.film_look import film_lightness
from trainer.metrics import MetricTotals

EVAL_SIZE = 256


def load_eval_photos(folder, limit: int | None = None, long_side: int | None = EVAL_SIZE) -> tuple[list[np.ndarray], list[str]]:
    """Every readable photo in the folder as uint8 RGB, and the skipped ones.

    ``long_side`` EVAL_SIZE (the default) squashes each photo to 256x256, the field's
    convention; another number resizes it so that its long side has that many pixels,
    keeping its shape; None keeps the photo's own size, as a user's photo comes.
    """
    photos, skipped = [], []
    for path in list_photo_files(folder):
        try:
            photo = read_photo(path)
        except ImageReadError as error:
            skipped.append(str(error))
            continue
        pixels = as_8_bit(photo.pixels)
        image = Image.fromarray(pixels)
        if long_side == EVAL_SIZE:
            image = image.resize((EVAL_SIZE, EVAL_SIZE), Image.Resampling.BICUBIC)
        elif long_side:
            scale = long_side / max(image.size)
            image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS)
        photos.append(np.asarray(image))
        if limit and len(photos) >= limit:
            break
    return photos, skipped


def _same_size_blocks(photos: list[np.ndarray], most: int = 32):
    """(start, stop) of runs of consecutive photos of one size, at most ``most`` long."""
    start = 0
    while start < len(photos):
        stop = start + 1
        while stop < len(photos) and stop - start < most and photos[stop].shape == photos[start].shape:
            stop += 1
        yield start, stop
        start = stop


def sample_hints(truth: np.ndarray, count: int, rng: np.random.Generator, patch: int = 3) -> list[ColorHint]:
    """``count`` hints taken from the ground truth, as a user who knows the colours would give.

    Uniformly placed points; each carries the true mean colour of a small patch there.
    """
    height, width = truth.shape[:2]
    hints = []
    for _ in range(count):
        top, left = int(rng.integers(0, height - patch + 1)), int(rng.integers(0, width - patch + 1))
        colour = truth[top : top + patch, left : left + patch].reshape(-1, 3).mean(axis=0).round().astype(int)
        hints.append(
            ColorHint(
                (left + patch / 2) / width,
                (top + patch / 2) / height,
                "#" + "".join(f"{c:02x}" for c in colour),
                patch / max(height, width),
            )
        )
    return hints


def evaluate(
    model: LoadedModel,
    photos: list[np.ndarray],
    render_size: int = EVAL_SIZE,
    hint_points: int = 0,
    seed: int = 0,
    film_look: bool = False,
) -> dict[str, dict]:
    """Metrics for the model, the grey baseline and the mean-chroma baseline.

    ``hint_points`` > 0 gives the model that many hints per photo from the ground truth.
    ``film_look`` shows the model each photo as an old print (trainer/film_look.py, the same
    look for the same photo every time) and scores its colours on the truth's L, so that only
    the chosen colours count, as on clean photos.
    """
    rng = np.random.default_rng(seed)
    mean_ab = torch.stack([rgb_to_lab(_as_tensor(photo[None]))[0, 1:].mean(dim=(1, 2)) for photo in photos]).mean(dim=0).view(1, 2, 1, 1)
    settings = ColorizeSettings(render_size=render_size)
    totals = {"model": MetricTotals(), "grey": MetricTotals(), "mean_chroma": MetricTotals()}
    for start, stop in _same_size_blocks(photos):
        truth = _as_tensor(np.stack(photos[start:stop]))
        lab = rgb_to_lab(truth)
        lightness, no_colour = lab[:, :1], torch.zeros_like(lab[:, 1:])
        grey_input = lab_to_rgb_in_gamut(lightness, no_colour)
        seen = film_lightness(truth, torch.Generator().manual_seed(seed * 7 + start), clean=lightness) if film_look else lightness
        seen_rgb = lab_to_rgb_in_gamut(seen, no_colour)
        grey_pixels = (seen_rgb.permute(0, 2, 3, 1).numpy() * 255).round().astype(np.uint8)
        hints = [sample_hints(photo, hint_points, rng) if hint_points else None for photo in photos[start:stop]]
        predicted = np.stack(
            [colorize_pixels(pixels, model, settings, hints=photo_hints) for pixels, photo_hints in zip(grey_pixels, hints, strict=True)]
        )
        predicted = _as_tensor(predicted)
        if film_look:  # the truth's L back under the chosen colours
            predicted = lab_to_rgb_in_gamut(lightness, rgb_to_lab(predicted)[:, 1:])
        totals["model"].add(predicted, truth)
        totals["grey"].add(grey_input, truth)
        totals["mean_chroma"].add(lab_to_rgb_in_gamut(lightness, mean_ab.expand_as(no_colour)), truth)
    return {name: total.result() for name, total in totals.items()}


def _as_tensor(pixels: np.ndarray) -> torch.Tensor:
    """(N, H, W, 3) uint8 -> (N, 3, H, W) float in [0, 1]."""
    return torch.from_numpy(np.array(pixels, dtype=np.uint8)).permute(0, 3, 1, 2).float() / 255


METRIC_LABELS = [
    ("psnr", "PSNR dB", "{:.2f}"),
    ("ssim", "SSIM", "{:.4f}"),
    ("colorfulness", "CF", "{:.1f}"),
    ("delta_colorfulness", "ΔCF", "{:.1f}"),
    ("a_l2", "L2 a", "{:.1f}"),
    ("b_l2", "L2 b", "{:.1f}"),
    ("ciede2000", "CIEDE2000", "{:.2f}"),
]


def format_table(results: dict[str, dict], model_name: str, size_words: str = f"at {EVAL_SIZE}x{EVAL_SIZE}") -> str:
    header = f"{'':<14}" + "".join(f"{label:>11}" for _, label, _ in METRIC_LABELS)
    lines = [header]
    for key, title in (("model", model_name), ("grey", "grey baseline"), ("mean_chroma", "mean chroma")):
        row = results[key]
        lines.append(f"{title[:14]:<14}" + "".join(f"{fmt.format(row[name]):>11}" for name, _, fmt in METRIC_LABELS))
    truth_cf = results["model"]["colorfulness_truth"]
    signed = results["model"]["colorfulness"] - truth_cf
    lines.append(f"(ground-truth CF {truth_cf:.1f}, the model's {signed:+.1f}; {results['model']['images']} photos, {size_words})")
    return "\n".join(lines)


def format_hint_table(table: dict[int, dict], model_name: str) -> str:
    lines = [
        f"{model_name}: metrics by number of ground-truth hints per photo",
        f"{'hints':>6}{'PSNR dB':>10}{'SSIM':>8}{'ΔCF':>7}{'CIEDE2000':>11}",
    ]
    for count, row in table.items():
        lines.append(f"{count:>6}{row['psnr']:>10.2f}{row['ssim']:>8.4f}{row['delta_colorfulness']:>7.1f}{row['ciede2000']:>11.2f}")
    return "\n".join(lines)
