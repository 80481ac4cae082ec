import pytest
import torch

from colorizer_app.core.models import ARCHITECTURES, DEFAULT_TRAIN_ARCHITECTURE, build_model, make_model_input


@pytest.mark.slow
@pytest.mark.parametrize("architecture", sorted(ARCHITECTURES))
def test_every_architecture_predicts_ab_with_and_without_hints(architecture):
    net = build_model(architecture).eval()
    lightness = torch.rand(2, 1, 64, 96) * 100
    hint_ab = torch.zeros(2, 2, 64, 96)
    hint_mask = torch.zeros(2, 1, 64, 96)
    hint_ab[:, :, 30:34, 40:44] = 60.0
    hint_mask[:, :, 30:34, 40:44] = 1.0
    with torch.no_grad():
        plain = net.predict_ab(make_model_input(lightness))
        hinted = net.predict_ab(make_model_input(lightness, hint_ab, hint_mask))
    stride = net.output_stride
    assert plain.shape == (2, 2, 64 // stride, 96 // stride)
    assert plain.abs().max() <= 110
    assert not torch.allclose(plain, hinted)  # the hint channels reach the network


def test_default_model_fits_the_20_mib_fp16_limit():
    net = build_model(DEFAULT_TRAIN_ARCHITECTURE)
    size = sum(t.numel() * 2 for t in net.state_dict().values() if t.is_floating_point())
    assert size < 20 * 2**20


def test_classification_head_reads_out_the_annealed_mean():
    bins = [[-50.0, 0.0], [0.0, 0.0], [50.0, 20.0]]
    net = build_model("constant_resolution", {"head": "classification", "bins": bins, "temperature": 1.0})
    logits = torch.tensor([0.0, 0.0, 10.0]).view(1, 3, 1, 1)
    ab = net.ab_from_output(logits)
    assert torch.allclose(ab.flatten(), torch.tensor([50.0, 20.0]), atol=0.1)
    close_call = torch.tensor([1.0, 0.0, 1.2]).view(1, 3, 1, 1)
    mean = net.ab_from_output(close_call, temperature=1.0)[0, 0].item()
    annealed = net.ab_from_output(close_call, temperature=0.1)[0, 0].item()
    assert mean < 10 < 30 < annealed  # a low temperature moves from the mean toward the mode


def test_unknown_architecture_and_options_are_named():
    with pytest.raises(ValueError, match="unknown architecture 'nope'"):
        build_model("nope")
    with pytest.raises(ValueError, match="no option.*colour_boost"):
        build_model("plain_cnn", {"colour_boost": 3})
    with pytest.raises(ValueError, match="bins"):
        build_model("plain_cnn", {"head": "classification"})
