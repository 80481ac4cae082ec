"""Any window of a photo in colour, from the network's ab for the whole photo.

Why: zooming in to a big scan must show its real pixels without colorizing the whole
scan again, and without running the network on a crop (the network would see only the
crop and colour it differently). The network's ab for the whole photo is upsampled only
where the window is, and joined with the photo's own L there: at full resolution this is
exactly ``colorize.colour_rows`` for those rows, cut to those columns.
"""

from __future__ import annotations

import numpy as np
import torch

from colorizer_app.core import fast_colour
from colorizer_app.core.color import AB_LIMIT
from colorizer_app.core.colorize import upsample_window


def network_ab(editor) -> tuple[torch.Tensor, tuple[float, float]]:
    """The ab (1, 2, h, w) in Lab units that an InteractiveColorizer's last render drew (both
    passes averaged, cropped to the cells that cover the photo), and the photo's extent in cells."""
    if editor.ab is None:
        editor.render()
    return editor.ab, editor.network_input.valid


def colour_window(
    lightness: np.ndarray,
    ab: torch.Tensor,
    valid: tuple[float, float],
    full: tuple[int, int],
    rows: tuple[float, float],
    columns: tuple[float, float],
    saturation: float,
) -> np.ndarray:
    """sRGB (h, w, 3) float32 in [0, 1] for the photo's pixels rows [r0, r1) x columns [c0, c1).

    ``lightness`` (h, w) is the photo's L there: at full resolution (h = r1 - r0) or shrunk
    (each value then stands for a block of pixels; ab is taken at the block's centre).
    ``full`` is the whole photo's (height, width). Saturation and the ab limit apply to the
    network's cells, as in ``colour_rows``.
    """
    ab = (ab * saturation).clamp_(-AB_LIMIT, AB_LIMIT)
    ab_window = upsample_window(ab, valid, full, rows, columns, lightness.shape)
    return fast_colour.lab_to_srgb(np.ascontiguousarray(lightness, dtype=np.float32), ab_window[0].numpy(), ab_window[1].numpy())


def grey_window(lightness: np.ndarray) -> np.ndarray:
    """sRGB (h, w, 3) float32 of L with no colour: the "before" side of the same window."""
    zeros = np.zeros_like(lightness, dtype=np.float32)
    return fast_colour.lab_to_srgb(np.ascontiguousarray(lightness, dtype=np.float32), zeros, zeros)
