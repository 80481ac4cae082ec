"""Keep a colour pin's effect inside its region; the rest of the photo keeps its automatic colour.

Why: the network takes the pins as input channels from its very first layer, so a pin
changes its deepest, photo-wide features, and a red pin on a river's right bank reddened
the left bank too (issue 26, finding 7: on 8 photos, over half of the picture more than 25%
of the diagonal away from a pin changed visibly, ΔE > 3; tools/pin_reach.py). Here the pinned colours are
blended into the unpinned ones by a weight that is 1 in the pin's region and falls to 0
outside it: ``plain + weight * (pinned - plain)``.

A pin's region is what is reachable from it without crossing much change of grey level: the
weight falls with the geodesic distance from the nearest pin, where a step costs the
lightness difference it crosses (less a little noise) plus a little for its length; the
weight is 1 up to FULL and 0 past NONE. So a pin fills the object it is on, however far
that reaches, and stops at its edges. Nearby places of the pin's very grey count too, though
an edge parts them (a flag's other stripes, where the hint-spreading part carries the colour:
tests/engine/models/test_shipped_models.py). Within the region the network still decides the colour.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import torch
from torch.nn import functional

from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.hints import ColorHint, hint_square

GRID = 64  # cells along the long side where the region is worked out: the default render's ab grid
SMOOTHING = 1.0  # cells: a texture or a pattern evens out, an edge between greys stays as costly to cross
NOISE = 1.5  # L units of change per cell step ignored (grain and texture), after the smoothing
LENGTH_COST = 20.0  # L units that crossing the whole photo costs on top of its edges
FULL, NONE = 6.0, 24.0  # L units of crossing up to which a pin weighs fully, and past which not at all
LOOKALIKE = 8.0  # L units: cells this close to a pin's grey (fully within half of it), and
NEARBY_FULL, NEARBY_NONE = 0.2, 0.4  # this near it (fractions of the long side), are in its region too
SAME, CHANGED = 4.0, 14.0  # a/b distance from the colour shown under a pin: no pull up to SAME, full from CHANGED
MAX_SWEEPS = 100  # rounds of the four scans, until nothing changes (a few on photos; each has more turns)


def region_weight(
    lightness: torch.Tensor, hints: list[ColorHint], cells: tuple[int, int], plain_ab: torch.Tensor | None = None
) -> torch.Tensor:
    """(1, 1, h, w) weight in [0, 1] on the network's ab grid of ``cells`` = (h, w): 1 at the pins
    and in the regions they are on, falling to 0 past the edges round them.

    ``lightness`` (1, 1, H, W) is the photo's L at the network's input size (unpadded). Given
    ``plain_ab`` (1, 2, h, w), the colour without pins, a pin weighs by how far its colour is
    from that colour under it: a pin of the colour already shown there weighs nothing.
    """
    height, width = lightness.shape[-2:]
    scale = GRID / max(height, width)
    grid = (max(1, round(height * scale)), max(1, round(width * scale)))
    sharp = functional.interpolate(lightness.float(), size=grid, mode="area")[0, 0].numpy().astype(np.float64)
    grey = cv2.GaussianBlur(sharp, (0, 0), SMOOTHING, borderType=cv2.BORDER_REPLICATE) if SMOOTHING > 0 else sharp
    strengths = [1.0] * len(hints) if plain_ab is None else [_strength(hint, plain_ab, (height, width)) for hint in hints]
    start = np.full(grid, math.inf)  # a weaker pin starts farther along the fall, so reaches less far
    for hint, strength in zip(hints, strengths, strict=True):
        cells_of_pin = _pin_cells(hint, (height, width), grid)
        start[cells_of_pin] = np.minimum(start[cells_of_pin], (1 - strength) * NONE)
    weight = _falling(geodesic_distance(grey, start, LENGTH_COST / max(grid)), FULL, NONE)
    if LOOKALIKE > 0:
        weight = np.maximum(weight, _lookalikes_nearby(sharp, hints, strengths))
    weight = torch.from_numpy(weight).float()[None, None]
    return functional.interpolate(weight, size=cells, mode="bilinear", align_corners=False).clamp_(0, 1)


def pins_that_change(hints: list[ColorHint], plain_ab: torch.Tensor, size: tuple[int, int]) -> list[ColorHint]:
    """The pins whose colour differs from the colour shown under them without pins.

    Why: the network sees every pin it is given, so a pin of the colour already shown still
    moved the colour inside another pin's region (the second whole-story trial: a new pin above
    a greyed strip turned the strip back to orange). Such a pin changes nothing, so the network
    is not given it. ``size``: (height, width) of the network's input."""
    return [hint for hint in hints if _strength(hint, plain_ab, size) > 0]


def _strength(hint: ColorHint, plain_ab: torch.Tensor, size: tuple[int, int]) -> float:
    """0 for a pin of the colour shown under it without pins, rising to 1 at a clearly different one."""
    under = plain_ab[0][:, torch.from_numpy(_pin_cells(hint, size, tuple(plain_ab.shape[-2:])))].float().mean(dim=1)
    asked = rgb_to_lab(torch.tensor(hint.rgb()).view(3, 1, 1))[1:, 0, 0]
    return float(1 - _falling(np.array(float((asked - under).norm())), SAME, CHANGED))


def _pin_cells(hint: ColorHint, size: tuple[int, int], grid: tuple[int, int]) -> np.ndarray:
    """(h, w) bool on the grid: the cells that the hint's square (as the network gets it) touches."""
    cells = np.zeros(grid, bool)
    top, left, side = hint_square(hint, *size)
    rows = (top * grid[0] // size[0], -(-(top + side) * grid[0] // size[0]))
    columns = (left * grid[1] // size[1], -(-(left + side) * grid[1] // size[1]))
    cells[rows[0] : max(rows[1], rows[0] + 1), columns[0] : max(columns[1], columns[0] + 1)] = True
    return cells


def _falling(values: np.ndarray, full: float, none: float) -> np.ndarray:
    """1 up to ``full``, 0 from ``none``, a smooth step between."""
    fall = np.clip((values - full) / (none - full), 0, 1)
    return 1 - fall * fall * (3 - 2 * fall)


def _lookalikes_nearby(grey: np.ndarray, hints: list[ColorHint], strengths: list[float]) -> np.ndarray:
    """Cells near a pin whose grey is the pin's, though an edge parts them (a flag's stripes)."""
    height, width = grey.shape
    rows, columns = np.mgrid[0:height, 0:width]
    weight = np.zeros(grey.shape)
    for hint, strength in zip(hints, strengths, strict=True):
        row, column = min(height - 1, int(hint.y * height)), min(width - 1, int(hint.x * width))
        near = _falling(np.hypot(rows - row, columns - column) / max(grey.shape), NEARBY_FULL, NEARBY_NONE)
        alike = _falling(np.abs(grey - grey[row, column]), LOOKALIKE / 2, LOOKALIKE)
        weight = np.maximum(weight, near * alike * strength)
    return weight


def confine(
    pinned: torch.Tensor, plain: torch.Tensor, lightness: torch.Tensor, hints: list[ColorHint], plain_ab: torch.Tensor | None = None
) -> torch.Tensor:
    """The network's output with pins (1, C, h, w) in the pins' regions, its output without them
    elsewhere, blended between; ``lightness`` as for ``region_weight``. The outputs are ab unless
    ``plain_ab`` gives the colour without pins (a film blends its per-cell evidence instead)."""
    weight = region_weight(lightness, hints, tuple(pinned.shape[-2:]), plain if plain_ab is None else plain_ab)
    return plain + weight.to(pinned) * (pinned - plain)


def geodesic_distance(grey: np.ndarray, start: np.ndarray, step_cost: float) -> np.ndarray:
    """Least cost to each cell of ``grey`` (h, w) from any cell, starting at ``start`` there (inf
    where nothing starts), moving to the 4 neighbours; a step costs ``step_cost`` plus the
    grey difference it crosses beyond NOISE.

    Alternating row and column scans until nothing changes, each solved exactly in one pass:
    along a line, the distance is the running minimum of (d - C) plus C, C being the
    cumulative step cost.
    """
    rows = step_cost + np.maximum(np.abs(np.diff(grey, axis=1)) - NOISE, 0)  # (h, w - 1): cost between columns
    columns = step_cost + np.maximum(np.abs(np.diff(grey, axis=0)) - NOISE, 0)  # (h - 1, w)
    distance = start.astype(np.float64)
    if not np.isfinite(distance).any():
        return distance
    for _ in range(MAX_SWEEPS):
        before = distance
        distance = _scan(_scan(distance, rows).T, columns.T).T
        if np.array_equal(distance, before):
            break
    return distance


def _scan(distance: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """One left-to-right and one right-to-left pass along each row; ``steps`` (h, w - 1)."""
    cumulative = np.concatenate((np.zeros((distance.shape[0], 1)), np.cumsum(steps, axis=1)), axis=1)
    distance = np.minimum(distance, np.minimum.accumulate(distance - cumulative, axis=1) + cumulative)
    backward = cumulative[:, -1:] - cumulative  # cost from each cell to the row's end
    flipped = np.minimum.accumulate((distance - backward)[:, ::-1], axis=1)[:, ::-1]
    return np.minimum(distance, flipped + backward)
