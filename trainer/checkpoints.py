"""A run's checkpoint: weights, optimiser, step, RNG state, schedule length and best score,
written atomically, so ``--resume`` continues exactly where a run stopped or was killed."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from colorizer_app.core.atomic import atomic_writer

if TYPE_CHECKING:
    from trainer.run import Training

CHECKPOINT = "checkpoint.pt"
# what must match for --resume to continue the same run
RESUME_MUST_MATCH = ("arch", "loss", "batch_size", "crop", "seed", "data", "arch_config", "folder_weights", "encoder_training")


def checkpoint_state(training: Training) -> dict:
    """Everything the run needs to continue exactly."""
    state = {
        "step": training.step,
        "total_steps": training.total_steps,
        "trained_seconds": training.trained_seconds,
        "best": training.best,
        "model": training.net.state_dict(),
        "optimizer": training.optimizer.state_dict(),
        "generator": training.generator.get_state(),
        "config": asdict(training.config),
    }
    if training.critic is not None:
        state["critic"] = training.critic.state_dict()
        state["critic_optimizer"] = training.critic_optimizer.state_dict()
    return state


def save_checkpoint(training: Training) -> Path | None:
    """Write the checkpoint atomically (rank 0 only); a kill mid-write leaves the previous one."""
    if not training.is_writer:
        return None
    path = training.out / CHECKPOINT
    with atomic_writer(path) as stream:
        torch.save(checkpoint_state(training), stream)
    training.events.emit("checkpoint", step=training.step, path=str(path))
    return path


def restore_checkpoint(training: Training) -> None:
    """Continue where the checkpoint stopped; refuse a checkpoint of a different run."""
    path = training.out / CHECKPOINT
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no checkpoint to resume from")
    state = torch.load(path, map_location="cpu", weights_only=True)
    saved = state["config"]
    for key in RESUME_MUST_MATCH:
        if saved.get(key) != getattr(training.config, key):
            raise ValueError(f"--resume: {key} differs from the checkpoint's ({saved.get(key)!r}); start a new run folder instead")
    training.net.load_state_dict(state["model"])
    training.optimizer.load_state_dict(state["optimizer"])
    if training.critic is not None and "critic" in state:
        training.critic.load_state_dict(state["critic"])
        training.critic_optimizer.load_state_dict(state["critic_optimizer"])
    training.generator.set_state(state["generator"])
    training.step = training.resumed_from = state["step"]
    training.total_steps = state["total_steps"] or training.total_steps
    training.trained_seconds = state["trained_seconds"]
    training.best = state["best"]
