"""Make a trained run's model a built-in one: set its readout temperature, score it on the
validation folders, and write it to resources/models/NAME.{safetensors,json} with a card that
carries those figures.

    .venv/bin/python tools/ship_model.py RUN/best.safetensors default --temperature 0.8 \
        --val ../shared/data/val/mixed ../shared/data/val/bsds500_val100 --description "..."

The first --val folder gives the card's headline metrics; the others are nested under their
folder names. Prints the `colorizer eval` tables used in docs/MODELS.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

import torch

from colorizer_app.core.model_files import ModelFileError, find_model, load_model, read_entry, resources_dir, save_model
from trainer.bins import rebalancing_offsets
from trainer.evaluate import EVAL_SIZE, evaluate, format_table, load_eval_photos


def _describe_start(start: str | None, stages: list[dict]) -> str | None:
    """Where the chain started, in words that stay true after this file replaces that model."""
    if not start or len(stages) < 2:
        return start
    first = stages[1]
    return f"{start} as it was then ({first.get('samples_seen', '?')} samples, {first.get('hardware', '?')})"


def with_earlier_stages(training: dict) -> dict:
    """Training facts summed over a fine-tuning chain (``--init`` runs record where they
    started), so the card tells the whole cost, not just the last stage's."""
    stages, seen = [training], set()
    while start := stages[-1].get("started_from"):
        try:  # a path, or a model's name (e.g. the built-in default a fine-tune started from)
            entry = read_entry(start) if Path(start).is_file() else find_model(start)
        except ModelFileError:
            break
        if entry.card.weights_sha256 in seen:  # a card that names itself: no further stages
            break
        seen.add(entry.card.weights_sha256)
        stages.append(dict(entry.card.training))
    training["started_from"] = _describe_start(training.get("started_from"), stages)
    credits = [stage["imagenet_encoder"] for stage in stages if stage.get("imagenet_encoder")]
    if credits and not training.get("imagenet_encoder"):  # a stage that did not say: the first one's encoder
        training["imagenet_encoder"] = credits[-1]
    if len(stages) > 1:
        training["samples_seen"] = sum(stage.get("samples_seen", 0) for stage in stages)
        training["time_seconds"] = round(sum(stage.get("time_seconds", 0) for stage in stages), 1)
        training["hardware"] = " then ".join(stage.get("hardware", "?") for stage in reversed(stages))
        training["stages"] = len(stages)
    return training


def earlier_readout_note(training: dict) -> str | None:
    """The readout calibration of the model a fine-tune started from: a --train-only run keeps
    that model's readout (its config carries the offsets), so its card should say where they came
    from; a run taught by another model (--teacher) took that model's readout instead."""
    start = training.get("distilled_from") or training.get("started_from")
    try:
        entry = read_entry(start) if start and Path(start).is_file() else find_model(start) if start else None
    except ModelFileError:
        return None
    return entry.card.training.get("readout_calibration") if entry else None


def readout_note_with_gain(note: str | dict, gain: float, kept: str = "the model this one started from") -> str | dict:
    """The starting model's (or teacher's) readout note (a sentence, or the trainer's calibration
    record) as this model's: the offsets kept from there, the gain the one set now."""
    if isinstance(note, dict):
        return {**note, "gain": gain, "kept_from": kept}
    offsets = re.sub(r",? ?chroma gain [0-9.]+|\s*\(kept from the model this one (started|learnt its colours) from\)", "", note)
    return f"{offsets} (kept from {kept}), chroma gain {gain}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="the run's model file (or a model name)")
    parser.add_argument("name", help="built-in name, e.g. default or fast")
    parser.add_argument("--val", nargs="+", required=True, type=Path)
    parser.add_argument("--temperature", type=float, help="annealed-mean readout temperature (classification models)")
    parser.add_argument(
        "--prior-strength",
        type=float,
        default=0.0,
        help="take this much of the class rebalancing back out of the readout (0-1; needs --train)",
    )
    parser.add_argument("--chroma-gain", type=float, help="scale the read-out colour by this (after --prior-strength)")
    parser.add_argument("--train", type=Path, help="the training photos, to recount the rebalancing weights")
    parser.add_argument("--description", required=True)
    parser.add_argument("--note", help="added to the card's training facts, e.g. which checkpoint and why")
    args = parser.parse_args()

    model = load_model(find_model(args.model))
    config = dict(model.card.config)
    if args.temperature is not None:
        model.net.temperature = config["temperature"] = args.temperature
    if args.prior_strength:
        if args.train is None:
            parser.error("--prior-strength needs --train (the photos the model was trained on)")
        offsets = rebalancing_offsets(args.train, model.net.bin_centres, args.prior_strength)
        config["readout_offsets"] = [round(value, 4) for value in offsets.tolist()]
        model.net.readout_offsets.copy_(torch.tensor(config["readout_offsets"]))
    if args.chroma_gain is not None:
        model.net.chroma_gain = config["chroma_gain"] = args.chroma_gain
    metrics = {}
    for index, folder in enumerate(args.val):
        photos, _ = load_eval_photos(folder)
        results = evaluate(model, photos)
        print(f"{folder}\n{format_table(results, args.name)}\n", flush=True)
        rounded = {key: round(value, 4) for key, value in results["model"].items()}
        if index == 0:
            grey = results["grey"]
            rounded["protocol"] = (
                f"colorizer eval {folder} ({EVAL_SIZE}x{EVAL_SIZE}); grey baseline PSNR {grey['psnr']:.2f}, ΔCF {grey['delta_colorfulness']:.1f}"
            )
            metrics.update(rounded)
        else:
            metrics[folder.name] = rounded
    inherited_readout = None if args.prior_strength else earlier_readout_note(model.card.training)
    training = with_earlier_stages(dict(model.card.training))
    if args.note:
        training["checkpoint"] = args.note
    if inherited_readout and "readout_offsets" in config:
        kept = (
            "the model this one learnt its colours from" if model.card.training.get("distilled_from") else "the model this one started from"
        )
        training["readout_calibration"] = readout_note_with_gain(inherited_readout, config.get("chroma_gain", 1.0), kept)
    if args.prior_strength:
        training["readout_calibration"] = (
            f"{args.prior_strength} of the class rebalancing taken out (offsets from the colours of {args.train}), chroma gain {config.get('chroma_gain', 1.0)}"
        )
    card = dataclasses.replace(
        model.card, name=args.name, config=config, description=args.description, training=training, metrics=metrics, created=""
    )
    entry = save_model(model.net, card, resources_dir() / "models" / f"{args.name}.safetensors")
    print("wrote", entry.weights_path, entry.card_path)


if __name__ == "__main__":
    main()
