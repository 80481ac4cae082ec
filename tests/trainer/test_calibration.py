"""A trained classification model's readout is calibrated on its validation photos at export."""

import torch
from trainer_helpers import make_colour_folder

from colorizer_app.core.model_files import load_model, read_entry
from colorizer_app.core.models import build_model
from trainer import calibration
from trainer.bins import gamut_bin_centres
from trainer.calibration import Readout, Score
from trainer.events import read_events
from trainer.run import TrainConfig, Training


def test_the_best_psnr_within_the_colourfulness_bound_wins():
    readouts = [Readout(torch.zeros(2), 1.0, 1.0, strength) for strength in (None, 0.3, 0.6)]
    scores = [Score(22.0, 1.0), Score(23.0, -6.0), Score(22.5, 3.5)]  # the second is too grey
    assert calibration.choose(readouts, scores)[0].strength == 0.6
    none_eligible = [Score(22.0, 9.0), Score(23.0, -6.0), Score(22.5, 7.0)]
    assert calibration.choose(readouts, none_eligible)[0].strength == 0.3  # the closest colourfulness


def test_every_readout_is_scored_from_one_network_pass_per_batch():
    centres = gamut_bin_centres()
    net = build_model("fast_unet", {"head": "classification", "bins": centres.tolist(), "width": 8})
    calls = []
    net.register_forward_hook(lambda *_: calls.append(1))
    readouts = calibration.candidate_readouts(net, torch.rand(len(centres)) + 0.5)
    assert readouts[0].strength is None and torch.equal(readouts[0].offsets, net.readout_offsets)  # as trained comes first
    batches = [(torch.rand(2, 1, 32, 32) * 100, torch.rand(2, 3, 32, 32)) for _ in range(3)]
    scores = calibration.score_readouts(net, readouts, batches)
    assert len(calls) == 3 and len(scores) == len(readouts)
    assert len({round(score.psnr, 6) for score in scores}) > 1  # the readouts do differ


def test_readouts_are_scored_on_the_view_the_product_shows_the_model():
    """A model whose card says view_scale 1.25 (a fine-tune of the default) is calibrated on
    pictures 1.25x larger, as the product will show it photos."""
    centres = gamut_bin_centres()
    net = build_model("fast_unet", {"head": "classification", "bins": centres.tolist(), "width": 8, "view_scale": 1.25})
    seen = []
    net.register_forward_hook(lambda _module, inputs, _output: seen.append(tuple(inputs[0].shape[-2:])))
    batches = [(torch.rand(2, 1, 64, 96) * 100, torch.rand(2, 3, 64, 96))]
    scores = calibration.score_readouts(net, calibration.candidate_readouts(net, torch.rand(len(centres)) + 0.5), batches)
    assert seen == [(80, 128)] and all(score.psnr > 0 for score in scores)  # 1.25x, in multiples of 16
    net.view_scale = 1.0
    seen.clear()
    calibration.score_readouts(net, calibration.candidate_readouts(net, torch.rand(len(centres)) + 0.5), batches)
    assert seen == [(64, 96)]


def test_a_finished_run_exports_a_calibrated_readout(tmp_path):
    data = make_colour_folder(tmp_path / "photos", count=24, size=64)
    config = TrainConfig(
        data=str(data), out=str(tmp_path / "run"), arch="fast_unet", loss="classification", epochs=1, batch_size=4, crop=48,
        cache_size=64, precision="fp32", register=False, checkpoint_minutes=100, arch_config={"width": 8},
    )  # fmt: skip
    model_path = Training(config).run()
    card = load_model(read_entry(model_path)).card
    calibrated = card.training["readout_calibration"]
    assert set(card.config) >= {"readout_offsets", "temperature", "chroma_gain"}
    assert card.config["temperature"] == calibrated["temperature"] and card.config["chroma_gain"] == calibrated["gain"]
    best = read_entry(tmp_path / "run" / "best.safetensors").card
    assert "readout_offsets" not in best.config  # the trained weights' own file stays as trained
    kinds = [event["type"] for event in read_events(tmp_path / "run" / "events.jsonl")]
    assert kinds.index("calibrating") < kinds.index("calibrated") < kinds.index("exported")


def test_a_film_look_run_calibrates_on_the_view_it_validates_on(tmp_path):
    """Old prints for about half the photos, the same each time; colours joined with the truth's L."""
    from colorizer_app.core.color import rgb_to_lab
    from trainer.model_export import validation_batches

    data = make_colour_folder(tmp_path / "photos", count=24, size=64)
    config = TrainConfig(
        data=str(data), out=str(tmp_path / "run"), arch="fast_unet", loss="classification", epochs=1, batch_size=4, crop=48,
        cache_size=64, precision="fp32", register=False, arch_config={"width": 8}, val_fraction=0.5, film_look=0.6,
    )  # fmt: skip
    training = Training(config)
    training.prepare()
    first, again = list(validation_batches(training)), list(validation_batches(training))
    seen = torch.cat([lightness for lightness, _ in first])
    clean = torch.cat([rgb_to_lab(rgb)[:, :1] for _, rgb in first])
    changed = (seen - clean).abs().flatten(1).amax(dim=1) > 1
    assert 0 < int(changed.sum()) < len(changed)
    assert all(torch.equal(a[0], b[0]) for a, b in zip(first, again, strict=True))
