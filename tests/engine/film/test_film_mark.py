"""A coloured film says its colours are simulated: always in the file's comment, and with
--mark (or the window's "Small corner mark") on every frame, in the corner a player shows
bottom right, a phone film's rotation included."""

from __future__ import annotations

import av
import numpy as np

from colorizer_app.core.batch import plan_photos, run_batch
from colorizer_app.core.batch_plan import InputPhoto
from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.film.frames import read_frame
from colorizer_app.core.film.sample_clip import make_pan_clip


def colour_folder(tmp_path, tiny_model, mark: bool, name: str):
    source = make_pan_clip(tmp_path / f"{name}.mp4", 128, 96, 6, rotation=90)
    plan = plan_photos([InputPhoto(source, source.relative_to(tmp_path))], tmp_path / f"out-{name}", None)
    summary = run_batch(plan, tiny_model, ColorizeSettings(64), mark=mark)
    assert summary.count("done") == 1, summary.results
    return plan.items[0].output


def test_the_comment_always_says_so_and_the_mark_sits_where_a_player_shows_the_corner(tmp_path, tiny_model):
    plain = colour_folder(tmp_path, tiny_model, False, "plain")
    marked = colour_folder(tmp_path, tiny_model, True, "marked")
    with av.open(str(plain)) as container:
        assert container.metadata.get("comment", "").startswith("Colours simulated by Colorizer, model tiny")
    shown_plain, shown_marked = read_frame(plain, 3).astype(int), read_frame(marked, 3).astype(int)
    assert shown_plain.shape == (128, 96, 3)  # upright: the phone film stands
    difference = np.abs(shown_plain - shown_marked).sum(axis=2)
    height, width = difference.shape
    corner, elsewhere = difference[height * 3 // 4 :, width // 2 :].mean(), difference[: height // 2].mean()
    assert corner > 8 and corner > 4 * elsewhere  # the mark: bottom right as shown; elsewhere the codec's noise
