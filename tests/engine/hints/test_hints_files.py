import json

import pytest
import torch
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core.color import AB_LIMIT
from colorizer_app.core.hints import ColorHint, HintsFileError, load_hints, rasterise_hints, save_hints, sidecar_path


def test_hints_round_trip_through_the_file_format(tmp_path):
    hints = [ColorHint(0.25, 0.5, "#c83232"), ColorHint(0.9, 0.1, "#00ff00", size=0.05)]
    path = save_hints(tmp_path / "h.json", hints)
    assert load_hints(path) == hints
    assert json.loads(path.read_text())["format"] == "colorizer-hints"


@pytest.mark.parametrize(
    "document, message",
    [
        ({"format": "other"}, "not a Colorizer hints file"),
        ({"format": "colorizer-hints", "version": 7, "hints": []}, "version 7"),
        ({"format": "colorizer-hints", "version": 1, "hints": [{"x": 2, "y": 0.5, "color": "#ffffff"}]}, "hint 1: .*outside"),
        ({"format": "colorizer-hints", "version": 1, "hints": [{"x": 0.2, "y": 0.5, "color": "red"}]}, "hex colour"),
        ({"format": "colorizer-hints", "version": 1, "hints": [{"x": 0.2, "y": 0.5}]}, "hint 1"),
    ],
)
def test_bad_hints_files_are_named(tmp_path, document, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(HintsFileError, match=message):
        load_hints(path)


def test_rasterised_hint_sits_at_its_point_with_its_chroma():
    hint_ab, mask = rasterise_hints([ColorHint(0.75, 0.25, "#ff0000", size=0.1)], 100, 200)
    rows, columns = torch.nonzero(mask[0, 0], as_tuple=True)
    assert mask.sum() == 20 * 20
    assert abs(columns.float().mean() - 150) <= 1 and abs(rows.float().mean() - 25) <= 1
    a, b = hint_ab[0, :, 25, 150]
    assert a > 60 and b > 40  # red: strongly positive a and b
    assert hint_ab.abs().max() <= AB_LIMIT


def test_colorize_with_hints_saves_a_sidecar(photo_folder, tmp_path, tiny_model_path):
    hints = save_hints(tmp_path / "hints.json", [ColorHint(0.5, 0.5, "#2040ff")])
    out = tmp_path / "out"
    code = main(
        [
            "colorize",
            str(photo_folder / "portrait.jpg"),
            "-o",
            str(out),
            "--model",
            str(tiny_model_path),
            "--render-size",
            "64",
            "--hints",
            str(hints),
        ]
    )
    assert code == 0
    result = out / "portrait.jpg"
    assert Image.open(result).size == Image.open(photo_folder / "portrait.jpg").size
    assert load_hints(sidecar_path(result)) == load_hints(hints)


@pytest.mark.slow
def test_hints_reach_the_network(tiny_model):
    from colorizer_app.core.colorize import predict_ab

    lightness = torch.full((1, 1, 64, 64), 50.0)
    plain, _ = predict_ab(lightness, tiny_model, 64)
    hinted, _ = predict_ab(lightness, tiny_model, 64, [ColorHint(0.5, 0.5, "#ff0000", size=0.2)])
    assert not torch.allclose(plain, hinted)


def test_bad_hints_file_stops_the_command_before_any_work(photo_folder, tmp_path, tiny_model_path, capsys):
    (tmp_path / "h.json").write_text("{")
    args = [
        "colorize",
        str(photo_folder),
        "-o",
        str(tmp_path / "out"),
        "--model",
        str(tiny_model_path),
        "--hints",
        str(tmp_path / "h.json"),
    ]
    assert main(args) == 2
    assert "not a valid JSON hints file" in capsys.readouterr().err
