"""Resume works for every recipe the Train tab offers: the checkpoint rebuilds its own network.

The bug this pins down: "Improve the default model" resumed into a network built from today's
defaults (another decoder width, no hint-spreading part) and failed with PyTorch's raw
state-dict error. A damaged or hostile checkpoint is refused in one plain sentence.
"""

import dataclasses
import pickle

import pytest
import torch
from trainer_helpers import make_colour_folder

from colorizer_app.cli import main
from trainer.checkpoints import DIFFERENT_SET_UP, CheckpointError
from trainer.events import read_events
from trainer.run import Training

pytest.importorskip("PySide6")  # the recipes are the window's (colorizer_app.ui)

from colorizer_app.ui.train.choices import IMPROVE_DEFAULT, NEW_MODEL, TrainingRecipe  # noqa: E402
from colorizer_app.ui.train.setup import IMAGENET_START, PRESETS  # noqa: E402

SMALL = {"batch_size": 4, "crop": 64, "precision": "fp32", "register": False}  # options the command line has too
RECIPES = {
    "improve the default": IMPROVE_DEFAULT,
    "a new model": NEW_MODEL,
    **{f"advanced {arch} {loss}": TrainingRecipe("Research set-up", arch, loss, dict(IMAGENET_START.get(arch, {}))) for _, arch, loss in PRESETS},
}


@pytest.fixture(autouse=True)
def with_the_default(shipped_default):
    """The recipe "Improve the default model" fine-tunes the real default."""


@pytest.fixture(autouse=True)
def small_validation(quick_validation):
    """Validation at 64×64 (conftest.quick_validation): these runs are not about its size."""


@pytest.fixture(scope="module")
def colour_folder(tmp_path_factory):
    return make_colour_folder(tmp_path_factory.mktemp("data") / "photos", count=24)


def recipe_config(recipe: TrainingRecipe, data, out, **overrides):
    config = recipe.config(str(data), "album", "cpu", minutes=None, epochs=50, replace=False)
    return dataclasses.replace(config, out=str(out), **{**SMALL, **overrides})


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RECIPES))
def test_every_recipe_stops_and_resumes(name, colour_folder, tmp_path):
    out = tmp_path / "run"
    Training(recipe_config(RECIPES[name], colour_folder, out, max_steps=1)).run()
    assert [event["type"] for event in read_events(out / "events.jsonl")][-1] == "stopped"
    first = torch.load(out / "checkpoint.pt", weights_only=True)
    resumed = Training(recipe_config(RECIPES[name], colour_folder, out, max_steps=1), resume=True)
    resumed.run()
    assert resumed.resumed_from == 1 and resumed.step == 2
    assert set(resumed.net.state_dict()) == set(first["model"])  # the very network the checkpoint held


@pytest.mark.slow
def test_improve_the_default_resumes_from_the_command_line(colour_folder, tmp_path, capsys):
    """The finding itself, as a user types it: the fine-tune of the default, stopped, then --resume."""
    out = tmp_path / "run"
    arguments = recipe_config(IMPROVE_DEFAULT, colour_folder, out).to_argv()
    assert main(["train", *arguments, "--max-steps", "1"]) == 0
    saved = torch.load(out / "checkpoint.pt", weights_only=True)
    assert saved["network"]["config"]["decoder_width"] == 32 and saved["network"]["config"]["hint_spread"]
    assert main(["train", *arguments, "--max-steps", "1", "--resume"]) == 0
    assert "stopped at step 2" in capsys.readouterr().err


def test_a_checkpoint_from_before_networks_were_described_still_resumes(colour_folder, tmp_path):
    """Runs saved by the previous version (no network in the checkpoint) rebuild from --init."""
    out = tmp_path / "run"
    config = recipe_config(IMPROVE_DEFAULT, colour_folder, out, max_steps=1)
    Training(config).run()
    state = torch.load(out / "checkpoint.pt", weights_only=True)
    del state["network"]
    torch.save(state, out / "checkpoint.pt")
    resumed = Training(config, resume=True)
    resumed.run()
    assert resumed.step == 2


def test_a_different_network_is_refused_in_one_plain_sentence(colour_folder, tmp_path):
    out = tmp_path / "run"
    config = recipe_config(IMPROVE_DEFAULT, colour_folder, out, max_steps=1)
    Training(config).run()
    state = torch.load(out / "checkpoint.pt", weights_only=True)
    state["network"]["config"]["decoder_width"] = 64  # as if saved by another set-up
    torch.save(state, out / "checkpoint.pt")
    with pytest.raises(CheckpointError) as caught:
        Training(config, resume=True).run()
    assert str(caught.value) == DIFFERENT_SET_UP and "size mismatch" in caught.value.details
    failed = [event for event in read_events(out / "events.jsonl") if event["type"] == "failed"][-1]
    assert failed["message"] == DIFFERENT_SET_UP and "size mismatch" in failed["details"]


class Hostile:
    def __reduce__(self):
        return (print, ("this must never run",))


@pytest.mark.parametrize("content", ["truncated", "pickle"])
def test_a_damaged_or_hostile_checkpoint_is_said_plainly(content, colour_folder, tmp_path, capsys):
    out = tmp_path / "run"
    config = recipe_config(NEW_MODEL, colour_folder, out, max_steps=1)
    Training(config).run()
    path = out / "checkpoint.pt"
    if content == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    else:
        path.write_bytes(pickle.dumps({"step": Hostile()}))
    capsys.readouterr()
    assert main(["train", *config.to_argv(), "--resume"]) == 2
    captured = capsys.readouterr()
    error = captured.err
    assert "damaged" in error and "weights_only" not in error and "this must never run" not in captured.out + error
    assert [line for line in error.splitlines() if line.startswith("colorizer train:")] == [error.strip().splitlines()[-1]]


def test_the_learning_rate_warms_up_then_falls_to_zero_at_the_last_step():
    """A function of the step alone (what lets a resumed run follow the same schedule)."""
    from trainer.run_setup import learning_rate

    rates = [learning_rate(step, 1e-3, 1000, 100) for step in range(1001)]
    assert rates[0] == pytest.approx(1e-5) and rates[99] == pytest.approx(1e-3)
    assert all(a <= b for a, b in zip(rates[:100], rates[1:101], strict=True))  # warming up
    assert all(a >= b for a, b in zip(rates[100:-1], rates[101:], strict=True))  # then falling
    assert rates[550] == pytest.approx(5e-4, rel=1e-3) and rates[1000] == pytest.approx(0.0, abs=1e-12)
    assert learning_rate(500, 1e-3, None, 100) == learning_rate(500, 1e-3, 1000, 100)  # length unknown: ten warm-ups
