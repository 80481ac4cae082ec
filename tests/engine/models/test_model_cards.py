"""Hostile and broken model cards: refused by name at import and load, never a black photo or a dead app (issue 13, 3, 4, 7)."""

import json

import pytest
import torch
from conftest import make_model_file

from colorizer_app.cli import main
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.model_files import (
    ModelFileError,
    broken_models,
    builtin_models_dir,
    list_models,
    load_model,
    read_entry,
    user_models_dir,
)
from colorizer_app.core.models import ARCHITECTURES, allowed_options, build_model, check_config

BINS = [[-40.0, 10.0], [0.0, 0.0], [30.0, 60.0]]
CLASSIFY = {"decoder_width": 16, "context_dilations": [2], "head": "classification", "bins": BINS, "temperature": 0.5}


def _edit_card(weights, change) -> None:
    card_path = weights.with_suffix(".json")
    card = json.loads(card_path.read_text())
    change(card)
    card_path.write_text(json.dumps(card))  # writes NaN and Infinity as JSON's non-standard literals


@pytest.mark.parametrize(
    "config, message",
    [
        ({"temperature": 0}, "temperature must be a number from"),
        ({"temperature": float("nan")}, "temperature must be"),
        ({"temperature": float("inf")}, "temperature must be"),
        ({"bins": [[1e9, -1e9], [0, 0]]}, "each bin must be"),
        ({"bins": [[0, 0]]}, "bins must be a list of 2 to"),
        ({"decoder_width": 20000}, "decoder_width must be a whole number from 4 to 512"),
        ({"decoder_width": True}, "decoder_width must be a whole number"),
        ({"context_dilations": [0]}, "each of context_dilations"),
        ({"head": "mystery"}, "head must be one of"),
        ({"readout_offsets": [0.0, 1.0]}, "one value per bin"),
        ({"readout_offsets": [0.0, 1.0, 99.0]}, "readout_offsets must be a list of numbers"),
        ({"chroma_gain": 5}, "chroma_gain must be a number from"),
        ({"view_scale": 0.1}, "view_scale must be a number from 0.5 to 2.0"),
        ({"view_scale": "big"}, "view_scale must be a number"),
    ],
)
def test_config_out_of_range_is_refused_at_import_and_at_load(tmp_path, capsys, config, message):
    weights = make_model_file(tmp_path, config=CLASSIFY)
    _edit_card(weights, lambda card: card["config"].update(config))
    assert main(["import", str(weights)]) == 2
    assert message in capsys.readouterr().err
    with pytest.raises(ModelFileError, match=message):
        read_entry(weights)
    good = read_entry(make_model_file(tmp_path, name="good", config=CLASSIFY))
    good.card.config.update(config)  # a card changed after it was read is checked again when loaded
    with pytest.raises(ModelFileError, match=message):
        load_model(good)


@pytest.mark.parametrize("architecture", sorted(ARCHITECTURES))
def test_every_option_of_every_architecture_has_a_checked_range(architecture):
    for option in allowed_options(architecture) - {"head", "bins", "temperature"}:
        with pytest.raises(ValueError, match=option):
            check_config(architecture, {option: 10**6})


def test_lite0_decoder_width_is_capped():
    with pytest.raises(ValueError, match="decoder_width must be a whole number from 4 to 512"):
        build_model("unet_efficientnet_lite0", {"decoder_width": 20000})


def test_non_finite_network_output_fails_the_photo_instead_of_writing_black(photo_folder, tmp_path, tiny_model):
    tiny_model.net.ab_from_output = lambda output, temperature=None: torch.full((1, 2, *output.shape[-2:]), float("nan"))
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, ColorizeSettings(render_size=64))
    assert summary.count("failed") == 3 and summary.count("done") == 0
    assert "invalid colours (NaN or infinite values)" in summary.failed[0].message
    assert not any(path.is_file() for path in (tmp_path / "out").rglob("*"))


def test_text_metrics_pass_neither_import_nor_listing(tmp_path, capsys):
    weights = make_model_file(tmp_path)
    _edit_card(weights, lambda card: card.update(metrics={"psnr": "very good"}))
    assert main(["import", str(weights)]) == 2
    assert "metrics.psnr in the model card must be a number" in capsys.readouterr().err
    user_models_dir().mkdir(parents=True)
    for path in (weights, weights.with_suffix(".json")):
        (user_models_dir() / path.name).write_bytes(path.read_bytes())
    assert main(["models"]) == 0
    assert "unusable:" in capsys.readouterr().out
    assert list_models() == []


def _write_user_card(name: str, text: str) -> None:
    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.safetensors").write_bytes(b"\0" * 16)
    (folder / f"{name}.json").write_text(text)


def test_hostile_user_cards_do_not_stop_colorizing_with_the_built_in_model(photo_folder, tmp_path, capsys):
    make_model_file(builtin_models_dir(), name="default")
    _write_user_card("nested", "[" * 200_000 + "]" * 200_000)
    _write_user_card("digits", '{"format_version": ' + "9" * 5000 + "}")
    _write_user_card("huge", '{"pad": "' + "x" * (2 << 20) + '"}')
    problems = broken_models()
    assert len(problems) == 3
    assert any("nested too deeply" in problem for problem in problems)
    assert any("too large for a model card" in problem for problem in problems)
    code = main(["colorize", str(photo_folder / "portrait.jpg"), "-o", str(tmp_path / "out"), "--render-size", "64"])
    assert code == 0 and (tmp_path / "out" / "portrait.jpg").is_file()


def test_any_error_while_reading_a_model_is_reported_by_listing(monkeypatch):
    make_model_file(user_models_dir(), name="odd")
    from colorizer_app.core import model_cards

    def explode(*args, **kwargs):
        raise TypeError("something nobody expected")

    monkeypatch.setattr(model_cards, "read_entry", explode)
    assert list_models() == []
    assert "TypeError" in broken_models()[0]


def test_import_refuses_to_replace_a_model_unless_asked(tmp_path, capsys):
    first = make_model_file(tmp_path / "a", seed=1)
    second = make_model_file(tmp_path / "b", seed=2)
    assert main(["import", str(first), "--name", "family"]) == 0
    kept = (user_models_dir() / "family.safetensors").read_bytes()
    assert main(["import", str(second), "--name", "family"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--replace" in err
    assert (user_models_dir() / "family.safetensors").read_bytes() == kept
    assert main(["import", str(second), "--name", "family", "--replace"]) == 0
    assert (user_models_dir() / "family.safetensors").read_bytes() == second.read_bytes()


def test_the_torch_free_option_table_matches_the_architectures():
    """Cards are checked without importing the networks; the table must say what their constructors take."""
    import inspect

    from colorizer_app.core.color import AB_LIMIT
    from colorizer_app.core.model_config import ARCHITECTURE_OPTIONS, BIN_LIMIT, HEAD_KINDS
    from colorizer_app.core.models.base import HEADS

    assert set(ARCHITECTURE_OPTIONS) == set(ARCHITECTURES)
    for name, network in ARCHITECTURES.items():
        parameters = inspect.signature(network.__init__).parameters
        own = {key for key, parameter in parameters.items() if parameter.kind is parameter.POSITIONAL_OR_KEYWORD} - {"self"}
        assert ARCHITECTURE_OPTIONS[name] == own - {"head", "bins", "temperature"}, name
    assert BIN_LIMIT == AB_LIMIT and HEAD_KINDS == HEADS


def test_readout_calibration_shifts_the_distribution_and_scales_the_mean():
    """readout_offsets are added to the logits before the annealed mean; chroma_gain scales its result."""
    plain = build_model("unet_resnet18", CLASSIFY)
    calibrated = build_model("unet_resnet18", {**CLASSIFY, "readout_offsets": [0.0, 2.0, -1.0], "chroma_gain": 1.2})
    logits = torch.randn(1, 3, 4, 5)
    expected = plain.ab_from_output(logits + torch.tensor([0.0, 2.0, -1.0]).view(1, 3, 1, 1)) * 1.2
    assert torch.allclose(calibrated.ab_from_output(logits), expected, atol=1e-5)
    assert not torch.allclose(plain.ab_from_output(logits), expected, atol=1e-3)
    probabilities = calibrated.bin_probabilities(logits[0, :, 0, 0])
    assert probabilities.argmax() == (logits[0, :, 0, 0] + torch.tensor([0.0, 2.0, -1.0])).argmax()


def test_a_regression_model_takes_its_colour_gain_too():
    plain = build_model("plain_cnn", {"width": 8})
    brighter = build_model("plain_cnn", {"width": 8, "chroma_gain": 1.5})
    output = torch.rand(1, 2, 4, 4) * 2 - 1
    assert torch.allclose(brighter.ab_from_output(output), plain.ab_from_output(output) * 1.5)
