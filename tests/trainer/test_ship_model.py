"""tools/ship_model.py's card wording: what a shipped model's card says about its readout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "ship_model.py"


def ship_model():
    spec = importlib.util.spec_from_file_location("ship_model", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_inherited_readout_note_carries_the_gain_set_at_shipping():
    # A model fine-tuned from a shipped one inherits its readout note. Shipped again at
    # another gain, the card must name the new gain once, not the old one, whether the
    # note is a sentence (hand-written) or the trainer's calibration record.
    readout_note_with_gain = ship_model().readout_note_with_gain
    sentence = "offsets from the training photos at strength 0.6, chroma gain 1.2"
    once = readout_note_with_gain(sentence, 1.4)
    assert once.endswith("chroma gain 1.4") and "1.2" not in once
    twice = readout_note_with_gain(once, 1.5)
    assert twice.count("kept from") == 1 and twice.count("chroma gain") == 1 and twice.endswith("chroma gain 1.5")
    record = {"temperature": 0.6, "gain": 1.2, "chosen_on": ["val/mixed"]}
    shipped = readout_note_with_gain(record, 1.4)
    assert shipped["gain"] == 1.4 and shipped["temperature"] == 0.6 and "kept_from" in shipped
    assert record["gain"] == 1.2  # the starting model's record is not changed
