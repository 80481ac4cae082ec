"""Fault drills on `colorizer train` (issue 27): --max-steps alone is a run of that many steps,
and a full or read-only disk under the run folder is said in one line that names it."""

from __future__ import annotations

import errno
import json

import pytest
from trainer_helpers import make_colour_folder

from colorizer_app.cli import build_parser, main
from trainer import run as run_module
from trainer.config import TrainConfig


@pytest.fixture(autouse=True)
def small_validation(quick_validation):
    """Validation at 64×64 (conftest.quick_validation): these runs are not about its size."""


@pytest.fixture(scope="module")
def colour_folder(tmp_path_factory):
    return make_colour_folder(tmp_path_factory.mktemp("colour"), count=24)


def train_args(data, out, *more):
    common = ["--arch", "constant_resolution", "--loss", "l1", "--batch-size", "8", "--crop", "32", "--precision", "fp32", "--no-register"]
    return ["train", str(data), "--out", str(out), *common, *more]


def test_max_steps_alone_is_accepted_and_is_the_runs_length(colour_folder, tmp_path):
    config = TrainConfig.from_args(build_parser().parse_args(train_args(colour_folder, tmp_path / "run", "--max-steps", "3")))
    config.validate()  # was: "give a time budget (--minutes) or a number of epochs (--epochs)"
    assert main(train_args(colour_folder, tmp_path / "run", "--max-steps", "3")) == 0
    events = [json.loads(line) for line in (tmp_path / "run" / "events.jsonl").read_text().splitlines()]
    assert [event["step"] for event in events if event["type"] == "step"][-1] == 3
    assert any(event["type"] == "finished" for event in events)


@pytest.mark.parametrize("value", ["0", "-5"])
def test_max_steps_must_be_positive(colour_folder, tmp_path, value, capsys):
    assert main(train_args(colour_folder, tmp_path / "run", "--max-steps", value)) == 2
    assert "--max-steps must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("number, words", [(errno.ENOSPC, "is on a full disk"), (errno.EROFS, "is on a read-only disk")])
def test_a_full_disk_during_training_names_the_run_folder(colour_folder, tmp_path, monkeypatch, capsys, number, words):
    def disk_fails(training):
        raise OSError(number, "No space left on device" if number == errno.ENOSPC else "Read-only file system")

    monkeypatch.setattr(run_module, "save_checkpoint", disk_fails)
    code = main(train_args(colour_folder, tmp_path / "run", "--max-steps", "2"))
    err = capsys.readouterr().err
    assert code == 1 and f"the run folder {(tmp_path / 'run').resolve()} {words}" in err
    assert "--resume" in err and "unexpected error" not in err and "Traceback" not in err


def test_a_second_training_in_a_busy_run_folder_is_refused_and_touches_nothing(colour_folder, tmp_path, capsys):
    """Another process still training (or exporting after a stop) in the folder: the second
    says so in one line, and the first's files stay as they were."""
    import subprocess
    import sys

    out = tmp_path / "run"
    out.mkdir()
    (out / "events.jsonl").write_text('{"type": "start"}\n')
    holder = subprocess.Popen(  # holds the folder's lock as a running training does
        [sys.executable, "-c", f"from pathlib import Path; from trainer.run_lock import hold_run_folder; import time; h = hold_run_folder(Path({str(out)!r})); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        code = main(train_args(colour_folder, out, "--max-steps", "2", "--resume"))
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert code == 2 and f"another training (process {holder.pid}) is using {out}; wait for it to finish" in err, err
    assert "Traceback" not in err
    assert (out / "events.jsonl").read_text() == '{"type": "start"}\n'
    assert main(train_args(colour_folder, out, "--max-steps", "2")) == 0  # free again once that process is gone


def test_a_run_folder_holding_a_run_is_carried_on_only_when_asked(colour_folder, tmp_path, capsys):
    # a second command without --resume started afresh over the run, its checkpoint lost
    out = tmp_path / "run"
    out.mkdir()
    (out / "checkpoint.pt").write_bytes(b"a stopped run's checkpoint")
    assert main(train_args(colour_folder, out, "--max-steps", "2")) == 2
    assert "holds a run that can be carried on: add --resume" in capsys.readouterr().err
    assert (out / "checkpoint.pt").read_bytes() == b"a stopped run's checkpoint"
    (tmp_path / "a-file").write_text("not a folder")
    assert main(train_args(colour_folder, tmp_path / "a-file", "--max-steps", "2")) == 2
    assert "is a file; --out is the folder the run is kept in" in capsys.readouterr().err


def test_a_read_only_models_folder_is_named_not_the_run_folder(tmp_path):
    from trainer import commands

    models = tmp_path / "models"
    error = OSError(errno.EROFS, "Read-only file system", str(models / "tmpabc.safetensors"))
    said = commands._run_folder_problem(error, str(tmp_path / "run"))
    assert said.startswith(f"the folder {models} is on a read-only disk: the trained model could not be added there")
    inside = OSError(errno.EROFS, "Read-only file system", str(tmp_path / "run" / "checkpoint.pt.tmp"))
    assert commands._run_folder_problem(inside, str(tmp_path / "run")).startswith("the run folder")
