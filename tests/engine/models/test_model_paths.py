"""Fault drills on models (issue 27): a model path that is a folder, a pipe or a device is
called what it is, card text is shown without control characters, and a user model whose
weights are cut short, pickled or replaced is listed as unusable with its reason."""

from __future__ import annotations

import json
import os
import pickle

import pytest
from conftest import make_model_file

from colorizer_app.cli import main
from colorizer_app.core.model_cards import ModelFileError, broken_models, list_models, read_entry, unusable_models, user_models_dir


def model_pair(folder, name="odd"):
    weights = make_model_file(folder, name=name)
    return weights, weights.with_suffix(".json")


@pytest.mark.parametrize(
    "kind, words",
    [
        ("folder", "a folder, not a file"),
        ("fifo", "a pipe (FIFO), not a file"),
        ("device", "a device (such as /dev/zero), not a file"),
        ("dangling", "a symbolic link to a missing file"),
        ("loop", "a symbolic link that loops"),
    ],
)
def test_a_model_path_that_is_not_a_file_is_called_what_it_is(tmp_path, kind, words, capsys):
    weights, _ = model_pair(tmp_path)
    weights.unlink()
    if kind == "folder":
        weights.mkdir()
    elif kind == "fifo":
        os.mkfifo(weights)
    elif kind == "device":
        weights.symlink_to("/dev/zero")
    elif kind == "dangling":
        weights.symlink_to(tmp_path / "gone.safetensors")
    else:
        weights.symlink_to(weights)
    with pytest.raises(ModelFileError) as caught:
        read_entry(weights)
    assert words in str(caught.value) and "missing (" not in str(caught.value)
    (tmp_path / "in").mkdir()
    code = main(["colorize", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--model", str(weights)])
    err = capsys.readouterr().err
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_control_characters_in_a_card_are_dropped_when_it_is_read(capsys):
    weights, card_path = model_pair(user_models_dir(), "evil")
    card = json.loads(card_path.read_text())
    card["name"] = "evil\x1b[2J\x1b]0;owned\x07\nname\u202e"
    card["description"] = "line one\nline two\r\x1b[31mred\x1b[0m"
    card["training"] = {"note": "tab\there\x00"}
    card_path.write_text(json.dumps(card))
    entry = next(entry for entry in list_models() if entry.weights_path == weights)
    for text in (entry.name, entry.card.description, entry.card.training["note"]):
        assert not any(ord(character) < 32 or character == "\u202e" for character in text), repr(text)
    assert entry.name == "evil[2J]0;owned name" and entry.card.description == "line one line two [31mred[0m"
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "evil[2J]0;owned name  [user]" in out


def test_a_card_whose_name_is_only_control_characters_is_refused(tmp_path):
    weights, card_path = model_pair(tmp_path)
    card = json.loads(card_path.read_text())
    card["name"] = "\x1b\n\x07"
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelFileError, match="name is empty"):
        read_entry(weights)


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda data: data[: len(data) * 2 // 3], "cut short"),
        (lambda data: data[:5], "header is missing or cut short"),
        (lambda data: pickle.dumps({"head.weight": [0.0] * 10}), "pickled PyTorch file"),
        (lambda data: b"PK\x03\x04" + data[4:], "pickled PyTorch file"),
        (lambda data: data[:-4] + bytes(4), "do not match the card's checksum"),
    ],
)
def test_a_user_model_with_broken_weights_is_listed_as_unusable_with_its_reason(damage, reason):
    weights, _ = model_pair(user_models_dir(), "fast")
    weights.write_bytes(damage(weights.read_bytes()))
    assert "fast" not in [entry.name for entry in list_models()], "never offered as usable"
    ((name, why),) = unusable_models()
    assert name == "fast" and reason in why
    assert broken_models() == [f"{weights}: {why}"]


def test_the_window_lists_an_unusable_model_it_cannot_pick(qtbot, tmp_path):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import Qt

    from colorizer_app.ui.colorize.controls import ModelSelector

    make_model_file(user_models_dir(), name="tiny")
    weights, _ = model_pair(user_models_dir(), "fast")
    weights.write_bytes(weights.read_bytes()[:100])
    selector = ModelSelector()
    qtbot.addWidget(selector)
    selector.reload()
    texts = [selector.itemText(index) for index in range(selector.count())]
    assert len(texts) == 2 and texts[0].startswith("tiny") and texts[1] == "fast (cannot be used)"
    item = selector.model().item(1)
    assert not item.isEnabled() and "cut short" in selector.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert selector.current_entry().name == "tiny"
