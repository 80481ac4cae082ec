import pytest
import torch

from colorizer_app.core.devices import DeviceUnavailableError, describe_device, fast_dtype, pick_device


def test_auto_picks_the_best_present_device(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device("auto").type == "cpu"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert pick_device("auto").type == "mps"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device("auto").type == "cuda"


def test_asking_for_a_missing_device_is_refused_clearly(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    with pytest.raises(DeviceUnavailableError, match="no CUDA GPU"):
        pick_device("cuda")
    with pytest.raises(DeviceUnavailableError, match="MPS"):
        pick_device("mps")
    assert pick_device("cpu").type == "cpu"


def test_cpu_precision_follows_the_cpu(monkeypatch):
    monkeypatch.setattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", lambda: False)
    assert fast_dtype(torch.device("cpu")) is None
    monkeypatch.setattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", lambda: True)
    assert fast_dtype(torch.device("cpu")) == torch.bfloat16
    assert describe_device(torch.device("cpu")).startswith("CPU")
