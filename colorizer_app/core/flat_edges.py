"""Bands of one flat grey along a photo's edges stay grey.

Why: a truncated JPEG decodes as far as its data goes and the rest is one flat grey (what a
viewer shows); the network painted that block a teal-blue gradient, as if it were a wall or a
sky. The same holds for a scanner's or a matte's flat border. A run of rows (or columns) at an
edge whose grey is exactly one value has no picture in it to colour; its cells keep no colour
(core/colorize.NetworkInput.predict), whatever the photo's orientation, in the saved file, the
preview and a film's frames alike; a pin placed on such a band colours it all the same.
"""

from __future__ import annotations

import torch

FLAT = 1e-3  # L units: a decoder's fill is exactly one value; film grain or a scan's noise is far more
SHORTEST = 4  # rows (or columns): a band narrower is a line along the edge, not a block


def flat_edges(lightness: torch.Tensor) -> tuple[int, int, int, int]:
    """(top, bottom, left, right): how many rows or columns at each edge of ``lightness`` ((…, H, W))
    hold one single grey, the same one along the edge; 0 where fewer than SHORTEST do, and none
    at all for a photo that is one grey throughout."""
    plane = lightness.reshape(lightness.shape[-2:])
    found = (
        _flat_run(plane),
        _flat_run(plane.flip(0)),
        _flat_run(plane.t()),
        _flat_run(plane.t().flip(0)),
    )
    top, bottom, left, right = (count if count >= SHORTEST else 0 for count in found)
    if top + bottom >= plane.shape[0] or left + right >= plane.shape[1]:
        return (0, 0, 0, 0)  # all one grey: no picture beside the band, so no band (a plain card is the photo)
    return top, bottom, left, right


def _flat_run(plane: torch.Tensor, chunk: int = 64) -> int:
    """Rows from the top of ``plane`` that are all one value (the first row's), read a chunk at a time:
    a photo without such a band costs one row."""
    value = plane[0, 0]
    count = 0
    while count < plane.shape[0]:
        rows = plane[count : count + chunk]
        flat = ((rows - value).abs().amax(dim=1) <= FLAT).tolist()
        if not all(flat):
            return count + flat.index(False)
        count += len(flat)
    return count


def grey_cells(ab: torch.Tensor, edges: tuple[int, int, int, int], photo: tuple[int, int], valid: tuple[float, float]) -> torch.Tensor:
    """``ab`` ((1, 2, h, w) over the photo's cells) with no colour in the cells whose centres lie in
    the flat bands ``edges`` of a photo ``photo`` (H, W) pixels that spans ``valid`` cells."""
    if not any(edges):
        return ab
    top, bottom, left, right = edges
    height, width = photo
    rows = (torch.arange(ab.shape[-2]) + 0.5) * height / valid[0]
    columns = (torch.arange(ab.shape[-1]) + 0.5) * width / valid[1]
    grey_rows = (rows < top) | (rows >= height - bottom)
    grey_columns = (columns < left) | (columns >= width - right)
    keep = ~(grey_rows[:, None] | grey_columns[None, :])
    return ab * keep.to(ab.dtype)
