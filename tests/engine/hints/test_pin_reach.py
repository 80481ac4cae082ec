"""A colour pin acts on its region (issue 26, finding 7): the region it is on takes its colour,
a region past an edge keeps the colour it had without the pin."""

import heapq

import numpy as np
import pytest
import torch

from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.interactive import InteractiveColorizer
from colorizer_app.core.model_cards import builtin_models_dir
from colorizer_app.core.model_files import load_model, read_entry
from colorizer_app.core.pin_region import NOISE, geodesic_distance, region_weight

DEFAULT_MODEL = builtin_models_dir() / "default.safetensors"


def _dijkstra(grey, sources, step_cost):
    """The reference: least cost over 4-neighbour paths, as geodesic_distance defines a step."""
    height, width = grey.shape
    distance = np.full(grey.shape, np.inf)
    queue = [(0.0, row, column) for row, column in zip(*np.nonzero(sources), strict=True)]
    for _, row, column in queue:
        distance[row, column] = 0.0
    heapq.heapify(queue)
    while queue:
        cost, row, column = heapq.heappop(queue)
        if cost > distance[row, column]:
            continue
        for next_row, next_column in ((row + 1, column), (row - 1, column), (row, column + 1), (row, column - 1)):
            if 0 <= next_row < height and 0 <= next_column < width:
                step = step_cost + max(abs(grey[next_row, next_column] - grey[row, column]) - NOISE, 0)
                if cost + step < distance[next_row, next_column]:
                    distance[next_row, next_column] = cost + step
                    heapq.heappush(queue, (cost + step, next_row, next_column))
    return distance


def test_the_geodesic_distance_finds_the_way_round_a_wall():
    grey = np.full((20, 30), 40.0)
    grey[2:, 14:16] = 90.0  # a bright wall with a gap at the top
    grey[8:12, 3:9] = 45.0  # a slightly different patch: a little costlier to cross
    sources = np.zeros(grey.shape, bool)
    sources[17, 3] = True
    distance = geodesic_distance(grey, np.where(sources, 0.0, np.inf), 0.5)
    assert np.allclose(distance, _dijkstra(grey, sources, 0.5))
    assert distance[17, 26] < 50  # behind the wall, reached through the gap rather than over it (2 x 50)


def test_the_geodesic_distance_matches_the_reference_on_a_smooth_photo():
    rng = np.random.default_rng(3)
    rows, columns = np.mgrid[0:24, 0:32]
    grey = 50 + 20 * np.sin(rows / 4 + rng.uniform(0, 6)) * np.cos(columns / 5) + rng.normal(0, 2, rows.shape)
    sources = np.zeros(grey.shape, bool)
    sources[5, 7] = sources[20, 28] = True
    assert np.allclose(geodesic_distance(grey, np.where(sources, 0.0, np.inf), 0.4), _dijkstra(grey, sources, 0.4))


def _two_regions(height=192, width=256):
    """L of a photo: a dark region on the left, a light one on the right, a sharp edge between."""
    lightness = torch.full((1, 1, height, width), 30.0)
    lightness[..., width // 2 :] = 75.0
    return lightness


def test_a_pin_weighs_fully_over_its_region_and_nothing_past_its_edge():
    weight = region_weight(_two_regions(), [ColorHint(0.2, 0.5, "#c83232")], (48, 64))[0, 0]
    assert weight[16:32, 4:22].min() > 0.99  # round the pin, fully
    assert weight[:, :28].min() > 0.6  # the whole left region, its far corners too
    assert weight[:, 36:].max() < 0.01  # none of the right one


def test_without_pins_there_is_no_weight():
    assert region_weight(_two_regions(), [], (48, 64)).max() == 0


def _photo():
    """Two separate regions of different grey with a little texture: a dark field left, a light sky right."""
    rng = np.random.default_rng(0)
    grey = np.full((192, 256), 60.0)
    grey[:, 128:] = 185.0
    grey += rng.normal(0, 3, grey.shape)
    return np.repeat(np.clip(grey, 0, 255).astype(np.uint8)[..., None], 3, axis=2)


def _ab(picture):
    return rgb_to_lab(torch.from_numpy(picture.astype(np.float32) / 255).permute(2, 0, 1))[1:]


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_MODEL.is_file(), reason="no default model shipped")
def test_a_pin_colours_its_region_and_leaves_the_other_as_it_was():
    editor = InteractiveColorizer(_photo(), load_model(read_entry(DEFAULT_MODEL)), ColorizeSettings())
    plain = _ab(editor.render())
    pin = ColorHint(0.75, 0.5, "#3050c8")  # blue on the right (light) region
    hinted = _ab(editor.render([pin]))
    change = (hinted - plain).norm(dim=0)
    assert change[:, :112].mean() < 0.5 and change[:, :112].max() < 3  # the left region: no visible change
    pin_ab = rgb_to_lab(torch.tensor([0.188, 0.314, 0.784]).view(3, 1, 1))[1:, 0, 0]
    right_before = (plain[:, :, 144:] - pin_ab.view(2, 1, 1)).norm(dim=0).mean()
    right_after = (hinted[:, :, 144:] - pin_ab.view(2, 1, 1)).norm(dim=0).mean()
    assert right_after < 0.6 * right_before  # the pinned region, far from the pin too, went toward blue
    assert hinted[1, :, 144:].mean() < plain[1, :, 144:].mean() - 10  # b: clearly bluer


@pytest.mark.skipif(not DEFAULT_MODEL.is_file(), reason="no default model shipped")
def test_the_saved_photo_has_the_same_pinned_colours_as_the_preview():
    model = load_model(read_entry(DEFAULT_MODEL))
    pin = [ColorHint(0.75, 0.5, "#3050c8")]
    preview = InteractiveColorizer(_photo(), model, ColorizeSettings())
    preview.render()  # the preview renders without pins first and keeps that
    shown = preview.render(pin).astype(int)
    saved = colorize_pixels(_photo(), model, ColorizeSettings(), hints=pin).astype(int)
    assert np.abs(shown - saved).max() <= 1


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_MODEL.is_file(), reason="no default model shipped")
def test_a_pin_of_the_colour_already_shown_changes_nothing():
    """A new pin starts at the colour the picture shows there (the window's click); the network
    alone recoloured the whole picture by 12-16 dE for it."""
    editor = InteractiveColorizer(_photo(), load_model(read_entry(DEFAULT_MODEL)), ColorizeSettings())
    picture = editor.render()
    plain = _ab(picture)
    for x, y in ((0.75, 0.5), (0.25, 0.5)):
        shown = "#" + "".join(f"{value:02x}" for value in picture[int(y * 192), int(x * 256)])
        change = (_ab(editor.render([ColorHint(x, y, shown)])) - plain).norm(dim=0)
        assert change.mean() < 0.5 and change.max() < 3


@pytest.mark.skipif(not DEFAULT_MODEL.is_file(), reason="no default model shipped")
def test_a_second_pin_of_the_colour_shown_leaves_the_first_pins_region_as_it_was():
    """The second whole-story trial: a new pin (at the colour shown there) above a greyed strip
    turned the strip back to orange, because the network still saw the new pin."""
    editor = InteractiveColorizer(_photo(), load_model(read_entry(DEFAULT_MODEL)), ColorizeSettings())
    plain = editor.render()
    first = ColorHint(0.75, 0.5, "#3050c8")  # a clearly different colour: its region changes
    one_pin = _ab(editor.render([first]))
    shown = "#" + "".join(f"{value:02x}" for value in plain[int(0.5 * 192), int(0.25 * 256)])
    two_pins = _ab(editor.render([first, ColorHint(0.25, 0.5, shown)]))
    assert (two_pins - one_pin).norm(dim=0).max() < 0.5
