"""Steady colour and pins on films: less flicker than frame by frame, a fresh start at each cut,
a state that resumes exactly, and pins that follow a known motion within their shot."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from conftest import make_model_file

from colorizer_app.core import fast_colour
from colorizer_app.core.film import film_hints
from colorizer_app.core.film.film_hints import FilmHints, to_stored, track_pins
from colorizer_app.core.film.flow import MotionEstimator
from colorizer_app.core.film.sample_clip import make_pan_clip, pan_frames
from colorizer_app.core.film.steady import SteadyColour, SteadySettings
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.model_files import load_model, read_entry

CLASSIFICATION = {
    "decoder_width": 16,
    "context_dilations": [2],
    "head": "classification",
    "bins": [[a, b] for a in range(-60, 61, 20) for b in range(-60, 61, 20)],
}


def run(model, frames, **settings):
    steady = SteadyColour(model, 256, SteadySettings(**settings))
    return [steady.push(fast_colour.lightness(rgb)) for rgb in frames]


def frame_change(colours):
    return float(np.mean([(b.ab - a.ab).abs().mean() for a, b in zip(colours, colours[1:], strict=False)]))


@pytest.mark.slow
def test_steady_colour_changes_less_from_frame_to_frame(tiny_model, monkeypatch):
    """A network that guesses afresh each frame (noise on its output) flickers; the steady colour does not."""
    generator = torch.Generator().manual_seed(0)
    real_run = SteadyColour._run
    monkeypatch.setattr(
        SteadyColour, "_run", lambda self, x: real_run(self, x) + 0.2 * torch.randn(real_run(self, x).shape, generator=generator)
    )
    frames = pan_frames(96, 64, 16)
    per_frame = frame_change(run(tiny_model, frames, method="frame", mirror="none"))
    steady = frame_change(run(tiny_model, frames))
    assert steady < 0.6 * per_frame, (steady, per_frame)


def test_each_cut_starts_afresh(tiny_model):
    colours = run(tiny_model, pan_frames(96, 64, 24, cut_every=8))
    assert [index for index, colour in enumerate(colours) if colour.cut] == [0, 8, 16]
    fresh = run(tiny_model, pan_frames(96, 64, 24, cut_every=8)[8:9])[0]
    assert colours[8].ab.allclose(fresh.ab, atol=1e-5)  # nothing of the shot before leaks in


def test_a_film_is_seen_at_the_model_s_view_scale_as_a_photo_is(tiny_model, monkeypatch):
    """A frame goes through the network at the same size as the same picture saved as a photo
    (the default's card shows the network everything 1.25x larger)."""
    from colorizer_app.core.colorize import NetworkInput

    monkeypatch.setattr(tiny_model.net, "view_scale", 1.25)
    frame = pan_frames(96, 64, 1)[0]
    colour = run(tiny_model, [frame])[0]
    photo = NetworkInput(torch.from_numpy(fast_colour.lightness(frame))[None, None], tiny_model, 256)
    assert colour.valid == photo.valid == (64 * 1.25 / tiny_model.net.output_stride, 96 * 1.25 / tiny_model.net.output_stride)


def test_hidden_pixels_are_inconsistent():
    frames = [cv_frame for cv_frame in pan_frames(96, 64, 2)]
    old = (fast_colour.lightness(frames[0]) * 2.55).astype(np.uint8)
    new = old.copy()
    new[20:44, 30:60] = 255 - new[20:44, 30:60]  # something appears in the middle
    motion = MotionEstimator().between(old, new)
    assert not motion.cut
    assert motion.consistent[2:10, 2:20].mean() > 0.9
    assert motion.consistent[26:38, 38:52].mean() < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("method", ["ab", "chroma", "probs", "logits"])
def test_the_state_resumes_exactly(tmp_path, method):
    model = load_model(read_entry(make_model_file(tmp_path, "classes", config=CLASSIFICATION)))
    frames = pan_frames(96, 64, 8)
    first = SteadyColour(model, 256, SteadySettings(method=method))
    for rgb in frames[:6]:
        first.push(fast_colour.lightness(rgb))
    second = SteadyColour(model, 256, SteadySettings(method=method))
    second.load_state({name: np.array(value) for name, value in first.state().items()})
    for rgb in frames[6:]:
        one, two = first.push(fast_colour.lightness(rgb)), second.push(fast_colour.lightness(rgb))
        assert one.ab.equal(two.ab)
        assert bool(one.ab.isfinite().all())


def expected_x(frame: int, placed_at: int, x: float, width: int = 96) -> float:
    """Where a point of the picture is in frame ``frame`` of pan_frames (its known motion)."""

    def scale_and_left(step):
        return 1.5 / (1 + 0.004 * step), width * 0.2 + 1.3 * step

    scale, left = scale_and_left(placed_at)
    picture_x = scale * x + left
    scale, left = scale_and_left(frame)
    return (picture_x - left) / scale


def test_pins_follow_the_motion_within_their_shot(tmp_path):
    clip = make_pan_clip(tmp_path / "pan.mp4", 96, 64, 30, cut_every=15, sound=None)
    pin = ColorHint(0.5, 0.5, "#c83232", 0.05)
    tracked = track_pins(clip, FilmHints({20: [pin]}), 256)
    assert set(tracked) == set(range(15, 30))  # the pinned frame's shot, both ways, and no further
    for index, pins in tracked.items():
        (moved,) = pins
        assert moved.x * 95 == pytest.approx(expected_x(index - 15, 5, 0.5 * 95), abs=1.5)
        assert moved.color == pin.color and moved.size == pin.size


def test_a_preview_tracks_pins_only_as_far_as_its_frames_need(tmp_path):
    """A pin far on in the film (after a cut) cannot reach the preview's frames: decoding stops at
    that cut, where it used to go on to the last pin, and the preview's pins are unchanged."""
    clip = make_pan_clip(tmp_path / "pan.mp4", 96, 64, 60, cut_every=15, sound=None)
    hints = FilmHints({20: [ColorHint(0.5, 0.5, "#c83232", 0.05)], 50: [ColorHint(0.3, 0.6, "#3264c8", 0.05)]})
    decoded = {"whole": 0, "preview": 0}

    def counting(name):
        def should_stop():
            decoded[name] += 1
            return False

        return should_stop

    whole = track_pins(clip, hints, 256, counting("whole"))
    preview = track_pins(clip, hints, 256, counting("preview"), last_needed=25)
    assert {i: pins for i, pins in preview.items() if i <= 25} == {i: pins for i, pins in whole.items() if i <= 25}
    assert set(whole) == set(range(15, 30)) | set(range(45, 60))
    assert decoded["preview"] <= 31 < decoded["whole"]  # up to the cut at frame 30, not on to frame 50's shot


@pytest.mark.parametrize(("first", "last", "decoded"), [(33, 38, 27), (45, 50, 20)], ids=["pin-after", "pin-before"])
def test_a_preview_tracks_pins_from_its_own_first_frame_or_the_pin_before_it(tmp_path, monkeypatch, first, last, decoded):
    """A preview late in a film decodes from its first frame (a seek), or from an earlier pin that
    is carried forward into it, not from the film's start; its frames' pins are the whole film's."""
    clip = make_pan_clip(tmp_path / "pan.mp4", 96, 64, 60, cut_every=30, sound=None)
    hints = FilmHints({40: [ColorHint(0.5, 0.5, "#c83232", 0.05)]})
    looked_at = []
    real_grey_of = film_hints.grey_of
    monkeypatch.setattr(film_hints, "grey_of", lambda picture: looked_at.append(1) or real_grey_of(picture))
    whole = track_pins(clip, hints, 256)
    whole_frames, looked_at[:] = len(looked_at), []
    preview = track_pins(clip, hints, 256, last_needed=last, first_needed=first)
    assert set(whole) == set(range(30, 60))  # the pinned frame's shot
    assert {i: pins for i, pins in preview.items() if first <= i <= last} == {i: whole[i] for i in range(first, last + 1)}
    assert (whole_frames, len(looked_at)) == (60, decoded)  # to the shot's end (the film's), not from frame 0


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_pin_on_the_shown_frame_lands_on_the_same_spot_of_the_stored_one(rotation):
    stored = np.zeros((5, 9), np.uint8)
    stored[1, 6] = 1
    shown = np.rot90(stored, k=rotation // 90)  # what a player shows
    y, x = np.argwhere(shown)[0]
    pin = to_stored(ColorHint(x / (shown.shape[1] - 1), y / (shown.shape[0] - 1), "#000000"), rotation)
    assert (round(pin.y * 4), round(pin.x * 8)) == (1, 6)


def test_a_pin_colours_its_own_region_not_the_whole_frame(tiny_model, monkeypatch):
    """The network sees a pin in features that span the frame; as on a photo (core/pin_region.py),
    only the pin's region takes the pinned colour, and past an edge the frame keeps its own."""
    real_run = SteadyColour._run

    def reaching_everywhere(self, model_input):  # a pin shifts the colour of every cell
        return real_run(self, model_input) + 0.3 * float(model_input[:, 3:].abs().sum() > 0)

    monkeypatch.setattr(SteadyColour, "_run", reaching_everywhere)
    lightness = np.full((64, 96), 25.0, np.float32)
    lightness[:, 48:] = 80.0  # a dark left half, a bright right half
    pin = ColorHint(0.2, 0.5, "#d02020", 0.05)
    plain = SteadyColour(tiny_model, 256).push(lightness)
    pinned = SteadyColour(tiny_model, 256).push(lightness, [pin])
    change = (pinned.ab - plain.ab).abs().amax(dim=1)[0]
    width = change.shape[1]
    assert float(change[:, : width // 4].mean()) > 10  # the pin's region took the pin
    assert float(change[:, width * 5 // 8 :].max()) < 0.5  # across the edge, nothing moved
