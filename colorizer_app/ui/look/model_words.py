"""Models in plain words for the window; the card's technical facts only on request."""

from __future__ import annotations

import math
from pathlib import Path

from colorizer_app.core.model_cards import DEFAULT_MODEL_NAME, ModelEntry
from colorizer_app.ui.look.words import duration_words

FAST_MODEL_NAME = "fast"
# what each built-in model is for, in the user's words: (title, purpose, what it costs or gives)
BUILT_IN_TITLES = {
    DEFAULT_MODEL_NAME: ("Default", "best quality", "Best quality"),
    FAST_MODEL_NAME: (
        "Fast",
        "quicker, rougher colour",  # short: the selector is narrow at 150% (it clipped "…colou")
        "About 3 times quicker than Default, with less accurate colour (now and then a colour cast over a background): for slow computers and huge batches",
    ),
}


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def item_text(entry: ModelEntry) -> str:
    """The model selector's line: the model's name and what it is for."""
    if entry.origin == "built-in" and entry.name in BUILT_IN_TITLES:
        title, purpose, _ = BUILT_IN_TITLES[entry.name]
        return f"{title} — {purpose}"
    if entry.origin == "user":
        return f"{entry.name} — your model"
    return entry.name


def plain_description(entry: ModelEntry) -> str:
    """One line without jargon: what it is for, what it learned from, how long, when."""
    training = entry.card.training
    parts = []
    if entry.origin == "built-in" and entry.name in BUILT_IN_TITLES:
        parts.append(BUILT_IN_TITLES[entry.name][2])
    elif entry.origin == "user":
        parts.append("Your model")
    learned = []
    images = _number(training.get("images"))
    if images is not None:
        folder = Path(str(training.get("data", ""))).name if entry.origin == "user" and training.get("data") else ""
        learned.append(f"trained on {int(images):,} photos" + (f" from “{folder}”" if folder else ""))
    seconds = _number(training.get("time_seconds"))
    if seconds is not None:
        learned.append(f"for {duration_words(seconds)}")
    if learned:
        parts.append(" ".join(learned))
    if training.get("started_from") == DEFAULT_MODEL_NAME:
        parts.append("starting from the default model")
    if entry.card.created:
        parts.append(entry.card.created[:10])
    return " · ".join(parts) or entry.name


def hardware_words(hardware: object) -> str:
    """ "CPU (2 threads) then CPU (2 threads)" (a run resumed on the same machine) -> "CPU (2 threads)"."""
    stages = []
    for stage in str(hardware).split(" then "):
        if not stages or stages[-1] != stage:
            stages.append(stage)
    return ", then ".join(stages)


def technical_details(entry: ModelEntry) -> str:
    """The card's facts for people who want them (the Details section): plain text."""
    card = entry.card
    lines = [f"Name: {card.name} ({entry.origin})", f"Architecture: {card.architecture}"]
    scores = [
        f"{label} {value:{form}}"
        for key, label, form in (("psnr", "PSNR", ".2f"), ("delta_colorfulness", "ΔCF", ".1f"), ("ciede2000", "CIEDE2000", ".2f"))
        if (value := _number(card.metrics.get(key))) is not None
    ]
    if scores:
        lines.append("Validation: " + ", ".join(scores))
    training = card.training
    facts = (
        ("images", "Training photos"),
        ("loss", "Loss"),
        ("steps", "Steps"),
        ("samples_seen", "Samples seen"),
        ("hardware", "Hardware"),
    )
    for key, label in facts:
        if key in training:
            value = hardware_words(training[key]) if key == "hardware" else training[key]
            lines.append(f"{label}: {value}")
    if training.get("started_from"):
        lines.append(f"Started from: {training['started_from']}")
    if card.description:
        lines.append(card.description)
    lines.append(f"File: {entry.weights_path}")
    return "\n".join(lines)
