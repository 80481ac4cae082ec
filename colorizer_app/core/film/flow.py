"""Motion between two grey frames: where each pixel came from, which pixels are trustworthy,
and whether the picture changed shot.

OpenCV's DIS optical flow runs both ways on the small grey frames the network sees; a pixel
whose backward and forward motion do not cancel (it was hidden, or the flow is wrong there),
or which the old frame moved along the motion does not match, is marked inconsistent, and the colour kept for it starts afresh. A shot cut is a frame
that the previous one, moved along the flow, does not explain: its brightness histogram
jumps, or most pixels are inconsistent and moving the old frame leaves a large error.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import torch
from torch.nn import functional

# A pixel is consistent when forward and backward flow cancel to within this many pixels
# (plus a share of the motion, as flow is less exact on fast motion).
CONSISTENT_PIXELS = 0.75
CONSISTENT_SHARE = 0.05
# ... and when the old frame moved there matches the new one to within this many grey levels
# (something that changed where it stands, without moving, is new too).
CONSISTENT_GREY = 24
# Cut thresholds, set on the test clips and synthetic cuts (docs/FILM.md).
CUT_HISTOGRAM = 0.45  # half the L1 distance of 32-bin brightness histograms (0 same .. 1 disjoint)
CUT_INCONSISTENT = 0.6  # share of inconsistent pixels ...
CUT_RESIDUAL = 0.55  # ... and the moved frame's error relative to the picture's own contrast
WARP_MODE = "bilinear"  # bicubic was measured: it overshoots, more chroma and -0.3 dB on carphone


@dataclass
class Motion:
    back: np.ndarray  # (h, w, 2) float32: for each pixel of the new frame, its offset in the old one
    consistent: np.ndarray  # (h, w) bool
    cut: bool


class MotionEstimator:
    """DIS flow on uint8 grey frames of one size (the network's render size)."""

    def __init__(self) -> None:
        self._dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_FAST)

    def between(self, old: np.ndarray, new: np.ndarray) -> Motion:
        """Motion from ``old`` to ``new`` (both (h, w) uint8)."""
        histogram_jump = histogram_distance(old, new)
        back = self._dis.calc(new, old, None)
        forward = self._dis.calc(old, new, None)
        moved = moved_frame(old, back)
        error = np.abs(moved - new.astype(np.float32))
        consistent = consistency(back, forward) & (error <= CONSISTENT_GREY)
        cut = histogram_jump > CUT_HISTOGRAM
        if not cut and consistent.mean() < 1 - CUT_INCONSISTENT:
            cut = float(error.mean()) / _contrast(new) > CUT_RESIDUAL
        return Motion(back, consistent, cut)


def histogram_distance(old: np.ndarray, new: np.ndarray) -> float:
    bins = 32
    first = np.bincount((old >> 3).ravel(), minlength=bins) / old.size
    second = np.bincount((new >> 3).ravel(), minlength=bins) / new.size
    return float(np.abs(first - second).sum() / 2)


def _sample_positions(flow: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    height, width = flow.shape[:2]
    grid_x, grid_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    return grid_x + flow[..., 0], grid_y + flow[..., 1]


def consistency(back: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """Pixels of the new frame whose trip back and forth along the flow returns home."""
    map_x, map_y = _sample_positions(back)
    returned = cv2.remap(forward, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    error = np.linalg.norm(back + returned, axis=-1)
    magnitude = np.linalg.norm(back, axis=-1)
    inside = (map_x >= 0) & (map_x <= back.shape[1] - 1) & (map_y >= 0) & (map_y <= back.shape[0] - 1)
    return inside & (error <= CONSISTENT_PIXELS + CONSISTENT_SHARE * magnitude)


def moved_frame(old: np.ndarray, back: np.ndarray) -> np.ndarray:
    """The old frame moved along the motion onto the new one (float32)."""
    map_x, map_y = _sample_positions(back)
    return cv2.remap(old, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(np.float32)


def _contrast(frame: np.ndarray) -> float:
    frame = frame.astype(np.float32)
    return float(np.abs(frame - frame.mean()).mean()) + 2.0


def to_cells(motion: Motion, cells: tuple[int, int], stride: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The motion on the network's output grid: (1, h, w, 2) grid_sample coordinates that fetch
    each cell's old place, and (h, w) consistent share per cell (0..1)."""
    height, width = cells
    padded_h, padded_w = height * stride, width * stride
    back = _fit(motion.back, padded_h, padded_w)
    consistent = _fit(motion.consistent.astype(np.float32), padded_h, padded_w)
    cell_back = cv2.resize(back, (width, height), interpolation=cv2.INTER_AREA) / stride
    cell_consistent = cv2.resize(consistent, (width, height), interpolation=cv2.INTER_AREA)
    grid_x, grid_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    source_x = (grid_x + cell_back[..., 0] + 0.5) * (2 / width) - 1
    source_y = (grid_y + cell_back[..., 1] + 0.5) * (2 / height) - 1
    grid = torch.from_numpy(np.stack((source_x, source_y), axis=-1))[None]
    return grid, torch.from_numpy(cell_consistent)


def _fit(array: np.ndarray, height: int, width: int) -> np.ndarray:
    """Crop or edge-pad ``array`` to (height, width): the network's padded input extent."""
    array = array[:height, :width]
    pad = ((0, height - array.shape[0]), (0, width - array.shape[1])) + ((0, 0),) * (array.ndim - 2)
    return np.pad(array, pad, mode="edge") if any(p[1] for p in pad) else array


def warp(values: torch.Tensor, grid: torch.Tensor) -> torch.Tensor:
    """(1, C, h, w) values moved along the motion (each cell fetches from its old place)."""
    return functional.grid_sample(values, grid, mode=WARP_MODE, padding_mode="border", align_corners=False)
