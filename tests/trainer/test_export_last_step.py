"""tools/export_last_step.py: a run's last weights as a model file that loads and colours as the run ended."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch
from trainer_helpers import make_colour_folder, tiny_config

from colorizer_app.core.model_files import load_model, read_entry, save_model
from trainer.run import Training

TOOL = Path(__file__).resolve().parents[2] / "tools" / "export_last_step.py"


def test_the_last_step_is_written_with_the_runs_card(tmp_path, monkeypatch):
    out = tmp_path / "run"
    training = Training(tiny_config(make_colour_folder(tmp_path / "photos", count=16), out, epochs=3))
    training.run()
    last = {key: tensor.clone() for key, tensor in training.net.state_dict().items()}
    best = read_entry(out / "best.safetensors", "file")
    with torch.no_grad():  # a best file whose weights are not the last ones, whatever the run chose
        for parameter in training.net.parameters():
            parameter.zero_()
    save_model(training.net, best.card, best.weights_path)
    target = tmp_path / "last.safetensors"
    monkeypatch.setattr("sys.argv", ["export_last_step.py", str(out), str(target)])
    spec = importlib.util.spec_from_file_location("export_last_step", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
    exported = load_model(read_entry(target, "file"))
    assert exported.card.training["steps"] == training.step
    assert exported.card.architecture == "constant_resolution"
    for key, tensor in exported.net.state_dict().items():  # fp16 on disk: equal to that precision
        assert torch.allclose(tensor.float(), last[key].float().half().float(), atol=1e-3), key
