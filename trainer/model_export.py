"""A run's model: its card, the model file in the run folder, registration as a user model,
and the validation previews."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
from PIL import Image

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.devices import describe_device
from colorizer_app.core.model_files import ModelCard, load_model, read_entry, safe_file_stem, save_model
from trainer import calibration, run_setup
from trainer.data import VALIDATION_SIZE, centre_batches
from trainer.events import say
from trainer.registry import register_model
from trainer.run_setup import encoder_credit

if TYPE_CHECKING:
    from trainer.run import Training


def model_card(training: Training, metrics: dict) -> ModelCard:
    """The card of the run's model: what it is, what it learned from, how well it scored."""
    config = training.config
    scan = training.train_cache.report
    return ModelCard(
        name=training.model_name,
        architecture=config.arch,
        config=training.arch_config,
        description=f"{config.arch} trained with the {config.loss} loss"
        + (" and an adversarial term" if config.adversarial and config.loss != "adversarial" else ""),
        training={
            "data": str(scan.root),
            "images": len(training.train_indices),
            "val_images": len(training.val_indices),
            "val_data": config.val or "held-out split of the training folder",
            "steps": training.step,
            "samples_seen": training.step * config.batch_size * training.world,
            "time_seconds": round(training.trained_seconds, 1),
            "hardware": describe_device(training.device) + (f" x{training.world}" if training.world > 1 else ""),
            "loss": config.loss,
            "crop": config.crop,
            "batch_size": config.batch_size,
            "hints": config.hints,
            "imagenet_encoder": encoder_credit(config),
            "folder_weights": config.folder_weights,
            "regression_weight": config.regression_weight,
            "started_from": config.init,
            "trained_only": None if config.train_only == "all" else config.train_only,
            "self_distilled": config.self_distill,
            "distilled_from": config.teacher,
        },
        metrics={key: round(value, 4) for key, value in metrics.items()},
    )


def export_model(training: Training, complete: bool = True) -> Path | None:
    """The best validated weights as a model file in RUN_DIR; a complete run's is also
    registered as a user model (never replacing one unless ``--replace``; else "NAME-2"...).

    A stopped run is not registered: it can be resumed, or its file imported by hand.
    """
    if not training.is_writer:
        return None
    best = training.out / "best.safetensors"
    if not best.is_file():
        save_model(training.net, model_card(training, training.best["metrics"]), best)
    target = training.out / f"{safe_file_stem(training.model_name)}.safetensors"
    if not (complete and calibrated_copy(training, best, target)):
        for source, copy in ((best, target), (best.with_suffix(".json"), target.with_suffix(".json"))):
            with atomic_writer(copy) as stream:
                stream.write(source.read_bytes())
    registered = None
    fields = {}
    if training.config.register and complete:
        entry = register_model(target, training.model_name, replace=training.config.replace)
        registered = entry.weights_path
        fields["name"] = entry.name
        if entry.name != training.model_name:
            fields["renamed_from"] = training.model_name
            say(f"a model named {training.model_name!r} exists already: this one was added as {entry.name!r}")
    training.events.emit("exported", path=str(target), registered=str(registered) if registered else None, **fields)
    return target


def calibrated_copy(training: Training, best: Path, target: Path) -> bool:
    """Write the best weights to ``target`` with their readout calibrated on the validation
    photos (trainer/calibration.py), the card's figures those of the calibrated readout.
    False, writing nothing, where there is no readout to calibrate (a regression head), no
    validation photo, or a run that keeps its starting model's readout (--train-only, --self-distill)."""
    config = training.config
    if training.bin_weights is None or config.train_only != "all" or config.self_distill or not len(training.val_indices):
        return False
    training.events.emit("calibrating")
    net = load_model(read_entry(best), training.device).net
    readouts = calibration.candidate_readouts(net, training.bin_weights)
    scores = calibration.score_readouts(net, readouts, validation_batches(training))
    readout, score = calibration.choose(readouts, scores)
    readout.apply_to(net)
    metrics = training.validate(net)["metrics"]
    card = model_card(training, metrics)
    card.config = {**card.config, **readout.config()}
    as_trained = scores[0]
    card.training["readout_calibration"] = {
        "share_of_rebalancing_taken_out": readout.strength,
        "temperature": readout.temperature,
        "gain": readout.gain,
        "psnr_as_trained": round(as_trained.psnr, 4),
        "delta_colorfulness_as_trained": round(as_trained.delta_colourfulness, 4),
    }
    save_model(net, card, target)
    training.events.emit("calibrated", **card.training["readout_calibration"], psnr=metrics["psnr"])
    say(
        f"colour readout calibrated on the validation photos: PSNR {as_trained.psnr:.2f} -> {score.psnr:.2f} dB, "
        f"colourfulness {as_trained.delta_colourfulness:+.1f} -> {score.delta_colourfulness:+.1f} from the photos'"
    )
    return True


def validation_batches(training: Training):
    """The validation photos at the validation size, as (the L the network sees, true RGB) batches
    on the run's device: the same view as validation (old prints for about half of them in a
    --film-look run), so the readout is chosen on photos like the users'."""
    for start, rgb in centre_batches(training.val_cache.pixels, training.val_indices, VALIDATION_SIZE, training.device):
        yield run_setup.validation_lightness(rgb, rgb_to_lab(rgb)[:, :1], training.config, start), rgb


def save_preview(rows: list[tuple[torch.Tensor, ...]], path: Path) -> None:
    grid = torch.cat([torch.cat(row, dim=2) for row in rows], dim=1)
    pixels = (grid.float().clamp(0, 1).permute(1, 2, 0).cpu().numpy() * 255).round().astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as stream:
        Image.fromarray(pixels).save(stream, format="PNG")
