"""tools/narrow_fast_model.py: a narrowed fast network that starts close to the original."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from colorizer_app.core.model_files import ModelCard, save_model
from colorizer_app.core.models import build_model

TOOL = Path(__file__).resolve().parents[2] / "tools" / "narrow_fast_model.py"
BINS = [[a, b] for a in (-40.0, 0.0, 40.0) for b in (-40.0, 0.0, 40.0)]


def narrow_tool():
    spec = importlib.util.spec_from_file_location("narrow_fast_model", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trained_looking_net(seed: int) -> torch.nn.Module:
    """A random fast network whose batch norms have seen data (so channels have means to lose)."""
    torch.manual_seed(seed)
    net = build_model("fast_unet", {"width": 8, "head": "classification", "bins": BINS})
    with torch.no_grad():
        for norm in (module for module in net.modules() if isinstance(module, torch.nn.BatchNorm2d)):
            norm.weight.uniform_(0.2, 2.0)
            norm.bias.uniform_(-0.2, 0.6)
        net.train()
        for _ in range(5):
            net(torch.randn(4, 4, 64, 64))
    return net.eval()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_narrowing_keeps_the_channels_and_averages_that_matter(seed):
    tool = narrow_tool()
    net = trained_looking_net(seed)
    inputs = torch.randn(12, 4, 64, 64)
    stats = tool.channel_statistics(net, inputs)
    config = {"head": "classification", "bins": BINS}
    with torch.no_grad():
        narrowed = tool.narrow(net, config, 6, stats)
        before = net.ab_from_output(net(inputs))
        after = narrowed.ab_from_output(narrowed(inputs))
        # the same narrowing without taking the dropped channels' averages out of the readers
        no_means = {name: (torch.zeros_like(mean), rms) for name, (mean, rms) in stats.items()}
        uncompensated = tool.narrow(net, config, 6, no_means)
        after_uncompensated = uncompensated.ab_from_output(uncompensated(inputs))
    assert narrowed.to_half[0].out_channels == 6 and narrowed.up_quarter[0].out_channels == 12
    assert after.shape == before.shape
    assert (after - before).abs().mean() < (after_uncompensated - before).abs().mean()


def test_the_tool_refuses_a_width_it_cannot_narrow_to(tmp_path, monkeypatch):
    card = ModelCard(
        name="small",
        architecture="fast_unet",
        config={"width": 8, "head": "classification", "bins": BINS},
        description="",
        training={},
        metrics={},
    )
    model = save_model(trained_looking_net(0), card, tmp_path / "small.safetensors")
    out = tmp_path / "out" / "narrow"
    monkeypatch.setattr("sys.argv", ["narrow_fast_model.py", str(model.weights_path), str(out), "--width", "8", "--photos", str(tmp_path)])
    with pytest.raises(SystemExit, match="below the model's 8"):
        narrow_tool().main()
    assert not out.parent.exists()
    assert torch.is_grad_enabled()  # the tool runs in the tests' process: it must leave training possible
