"""A run's checkpoint: the network's own description, weights, optimiser, step, RNG state,
schedule length and best score, written atomically, so ``--resume`` continues exactly where
a run stopped or was killed.

A resumed run rebuilds its network from the checkpoint's description, never from today's
defaults or the form: a fine-tune of the default carries that default's decoder width and
hint-spreading part, which a fresh build of the architecture does not have.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.models import ColorizationNet, build_model

if TYPE_CHECKING:
    from trainer.run import Training

CHECKPOINT = "checkpoint.pt"
# what must match for --resume to continue the same run
RESUME_MUST_MATCH = ("arch", "loss", "batch_size", "crop", "seed", "data", "arch_config", "folder_weights", "encoder_training", "teacher")
DIFFERENT_SET_UP = "This run was saved by a different set-up and cannot be resumed; start a new run from its best weights."


class CheckpointError(ValueError):
    """A checkpoint that cannot be resumed: one plain sentence, the technical reason in ``details``."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


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
        "network": {"architecture": training.config.arch, "config": training.arch_config},
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


def read_checkpoint(out: Path) -> dict:
    """The checkpoint in run folder ``out``, read without running any code (``weights_only``).

    A file that is not a checkpoint, or a damaged one, is said so plainly: the unsafe way of
    loading it that PyTorch's own message suggests is never offered.
    """
    path = Path(out) / CHECKPOINT
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no checkpoint to resume from")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # truncated, hostile (a pickle that wants to run code), or not a checkpoint
        raise CheckpointError(
            f"The checkpoint {path} is damaged or is not a training checkpoint, so this run cannot be resumed; start a new run.",
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}",
        ) from None
    if not isinstance(state, dict) or not {"step", "model", "optimizer", "config"} <= state.keys():
        raise CheckpointError(
            f"The checkpoint {path} is damaged or is not a training checkpoint, so this run cannot be resumed; start a new run."
        )
    return state


def check_same_run(state: dict, training: Training) -> None:
    """Refuse a checkpoint saved by a different run (another data folder, crop, seed...)."""
    saved = state["config"]
    for key in RESUME_MUST_MATCH:
        if saved.get(key) != getattr(training.config, key):
            raise CheckpointError(
                f"--resume: {key} differs from the checkpoint's ({saved.get(key)!r}); start a new run folder instead",
                f"checkpoint {key}={saved.get(key)!r}, this run {key}={getattr(training.config, key)!r}",
            )


def saved_network(state: dict) -> tuple[ColorizationNet, dict] | None:
    """The network the checkpoint was saved from, built from its own description (untrained
    until ``restore_checkpoint``); None for a checkpoint from before descriptions were kept."""
    network = state.get("network")
    if not isinstance(network, dict):
        return None
    try:
        return build_model(network["architecture"], dict(network["config"])), dict(network["config"])
    except (KeyError, TypeError, ValueError) as error:
        raise CheckpointError(DIFFERENT_SET_UP, f"the checkpoint's network cannot be built: {error}") from None


def restore_checkpoint(training: Training, state: dict) -> None:
    """Continue where the checkpoint stopped, in a network built as the checkpoint's."""
    try:
        training.net.load_state_dict(state["model"])
        training.optimizer.load_state_dict(state["optimizer"])
    except (RuntimeError, ValueError, KeyError) as error:
        raise CheckpointError(DIFFERENT_SET_UP, str(error).strip()) from None
    if training.critic is not None and "critic" in state:
        training.critic.load_state_dict(state["critic"])
        training.critic_optimizer.load_state_dict(state["critic_optimizer"])
    training.generator.set_state(state["generator"])
    training.step = training.resumed_from = state["step"]
    training.total_steps = state["total_steps"] or training.total_steps
    training.trained_seconds = state["trained_seconds"]
    training.best = state["best"]
