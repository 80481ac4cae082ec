"""Hint values are checked in one place (core/hints.py ColorHint.from_json), by type and range,
with a readable reason: a hints file, a sidecar, the last session and a film's pins alike (issue 27)."""

from __future__ import annotations

import json

import pytest

from colorizer_app.core.hints import ColorHint, HintsFileError, load_hints

GOOD = {"x": 0.25, "y": 0.5, "color": "#c83232"}


@pytest.mark.parametrize(
    "hint, reason",
    [
        ({"x": 0.5, "y": 0.5}, "no 'color' (each hint needs x, y and color)"),
        ({**GOOD, "color": 123456}, 'colour must be text like "#c83232", not 123456'),
        ({**GOOD, "x": True}, "x must be a number, not true"),
        ({**GOOD, "x": "0.5"}, 'x must be a number, not "0.5"'),
        ({**GOOD, "size": None}, "size must be a number, not null"),
        ({**GOOD, "y": 1.5}, "outside the photo"),
        ({**GOOD, "size": 0.9}, "at most 0.5"),
        ({**GOOD, "color": "red"}, "not an sRGB hex colour"),
        ({**GOOD, "shade": 1}, "unknown field 'shade'"),
        ([0.5, 0.5, "#c83232"], "each hint is an object"),
    ],
)
def test_a_bad_hint_is_refused_with_a_readable_reason(tmp_path, hint, reason):
    path = tmp_path / "hints.json"
    path.write_text(json.dumps({"format": "colorizer-hints", "version": 1, "hints": [GOOD, hint]}))
    with pytest.raises(HintsFileError) as caught:
        load_hints(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: hint 2: ") and reason in message and "\n" not in message


def test_good_hints_still_load_and_whole_numbers_are_numbers(tmp_path):
    path = tmp_path / "hints.json"
    path.write_text(
        json.dumps({"format": "colorizer-hints", "version": 1, "hints": [GOOD, {"x": 0, "y": 1, "color": "c83232", "size": 0.1}]})
    )
    assert load_hints(path) == [ColorHint(0.25, 0.5, "#c83232"), ColorHint(0, 1, "c83232", 0.1)]


def test_the_last_session_checks_hints_the_same_way():
    from colorizer_app.ui.colorize.photos.session_file import _hints

    assert _hints([GOOD]) == [ColorHint(0.25, 0.5, "#c83232")]
    with pytest.raises(ValueError, match="x must be a number"):
        _hints([{**GOOD, "x": "0.5"}])


def test_a_films_pins_are_checked_the_same_way(tmp_path):
    from colorizer_app.core.film.film_hints import load_any_hints

    path = tmp_path / "film.hints.json"
    document = {"format": "colorizer-film-hints", "version": 1, "frames": [{"frame": 0, "hints": [{**GOOD, "color": 123456}]}]}
    path.write_text(json.dumps(document))
    with pytest.raises(HintsFileError, match="not 123456"):
        load_any_hints(path)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_hints_path_that_is_a_pipe_or_a_folder_is_refused_at_once(tmp_path, kind):
    import os

    path = tmp_path / "hints.json"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    with pytest.raises(HintsFileError, match="not a file"):
        load_hints(path)  # a pipe is never opened: that would wait for a writer forever
