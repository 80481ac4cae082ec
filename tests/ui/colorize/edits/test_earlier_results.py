"""A result found on disk says which model made it and when: its file's note says so."""

from __future__ import annotations

import datetime
import re

import numpy as np
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core.film.sample_clip import make_pan_clip
from colorizer_app.ui.colorize.edits.photo_edits import earlier_words


def test_a_result_from_the_command_line_says_its_model_and_day(tmp_path, tiny_model_path):
    Image.fromarray(np.full((24, 32, 3), 90, np.uint8)).save(tmp_path / "photo.png")
    make_pan_clip(tmp_path / "film.mp4", 48, 32, 4)
    out = tmp_path / "out"
    for source in ("photo.png", "film.mp4"):
        assert main(["colorize", str(tmp_path / source), "-o", str(out), "--model", str(tiny_model_path), "--render-size", "64"]) == 0
    today = datetime.date.today().isoformat()
    for result in (out / "photo.png", out / "film.mp4"):
        said = earlier_words(result, lambda name: f"«{name}»")
        assert re.fullmatch(rf"Colorized earlier with «.+» on {today}; its other settings were not recorded\.", said), said
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)  # not a result: nothing to say about it
    assert earlier_words(plain, str) == "Colorized earlier; which model and settings made the saved file was not recorded."
