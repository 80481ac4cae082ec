"""Hints files are capped: too many hints, too big or too deep a file gives one clear message (issue 13, finding 8)."""

import json

import pytest

from colorizer_app.cli import main
from colorizer_app.core.hints import MAX_HINTS, HintsFileError, load_hints

HINT = {"x": 0.5, "y": 0.5, "color": "#c83232"}


def _document(hints) -> dict:
    return {"format": "colorizer-hints", "version": 1, "hints": hints}


@pytest.mark.parametrize(
    "text, message",
    [
        (json.dumps(_document([HINT] * (MAX_HINTS + 1))), f"more than the {MAX_HINTS}"),
        (json.dumps(_document([HINT] * 200_000)), "too large for a hints file"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (json.dumps(_document([{**HINT, "x": 0}])).replace('"x": 0', '"x": ' + "7" * 5000), "not a valid JSON hints file"),
        (json.dumps(_document([{**HINT, "x": 1e308 * 10}])), "hint 1"),
    ],
)
def test_oversized_and_hostile_hints_files_are_refused_clearly(tmp_path, text, message):
    path = tmp_path / "hints.json"
    path.write_text(text)
    with pytest.raises(HintsFileError, match=message):
        load_hints(path)


def test_the_command_refuses_a_hostile_hints_file_without_a_traceback(photo_folder, tmp_path, tiny_model_path, capsys):
    (tmp_path / "deep.json").write_text("[" * 50_000)
    args = [
        "colorize",
        str(photo_folder),
        "-o",
        str(tmp_path / "out"),
        "--model",
        str(tiny_model_path),
        "--hints",
        str(tmp_path / "deep.json"),
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_full_allowance_of_hints_loads(tmp_path):
    path = tmp_path / "hints.json"
    path.write_text(json.dumps(_document([HINT] * MAX_HINTS), indent=2))
    assert len(load_hints(path)) == MAX_HINTS
