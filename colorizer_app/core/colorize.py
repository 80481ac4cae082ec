"""One photo in, one colour photo out, at full resolution.

The network runs on L scaled to a modest render size (its cost is then the same
for a 1 or a 24 megapixel photo); its a/b prediction is upsampled bilinearly to the
full size and joined with the photo's own full-resolution L. The output therefore
has exactly the input's size, detail and luminance; only colour is added. A photo
that already has colour (sepia, faded, hand-tinted) contributes only its L.
The full-resolution stage works in strips of rows so memory stays bounded.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional

from colorizer_app.core import fast_colour, pin_region
from colorizer_app.core.color import AB_LIMIT, lab_to_rgb_in_gamut
from colorizer_app.core.colorize_settings import (  # noqa: F401 (re-exported)
    DEFAULT_RENDER_SIZE,
    MAX_RENDER_SIZE,
    MIN_RENDER_SIZE,
    ColorizeSettings,
)
from colorizer_app.core.devices import fast_dtype
from colorizer_app.core.flat_edges import flat_edges, grey_cells
from colorizer_app.core.hints import ColorHint, rasterise_hints
from colorizer_app.core.input_softness import match_training_softness
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.models import make_model_input

_STRIP_PIXELS = 1 << 20


class StageTimer:
    """Adds up wall time per named stage (decode, Lab, network, ...) for the benchmark."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()  # a batch's reader thread times the next photo's network

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            with self._lock:
                self.seconds[name] += time.perf_counter() - start


def timed(timer: StageTimer | None, name: str):
    """``timer.stage(name)``, or nothing when no timer is given."""
    return timer.stage(name) if timer else nullcontext()


class Cancelled(Exception):
    """The caller asked to stop; nothing was produced."""


class ColorizeError(Exception):
    """The network gave no usable colours (NaN or infinite values): an error, never a black photo."""


@dataclass
class PreparedColours:
    """A photo's L and the network's colours for it: all the colour join needs. A batch makes
    the next photo's on its reader thread while this photo's colours are joined (core/batch_io)."""

    lightness: np.ndarray  # (H, W) float32
    ab: torch.Tensor  # (1, 2, h, w), Lab units, cropped to the cells that cover the photo
    valid: tuple[float, float]  # the photo's extent in those cells


def prepare_colours(
    pixels: np.ndarray,
    model: LoadedModel,
    settings: ColorizeSettings | None = None,
    hints: list[ColorHint] | None = None,
    timer: StageTimer | None = None,
) -> PreparedColours:
    """The photo's L and the network's prediction for (H, W, 3) uint8 or uint16 sRGB pixels."""
    settings = settings or ColorizeSettings()
    settings.validate()
    if pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.dtype not in (np.uint8, np.uint16):
        raise ValueError("pixels must be an (H, W, 3) uint8 or uint16 array")
    with timed(timer, "lab"):
        lightness = fast_colour.lightness(pixels)
    with timed(timer, "network"):
        ab, valid = predict_ab(torch.from_numpy(lightness)[None, None], model, settings.render_size, hints)
    return PreparedColours(lightness, ab, valid)


def colorize_pixels(
    pixels: np.ndarray,
    model: LoadedModel,
    settings: ColorizeSettings | None = None,
    timer: StageTimer | None = None,
    should_stop: Callable[[], bool] | None = None,
    hints: list[ColorHint] | None = None,
    on_progress: Callable[[float], None] | None = None,
    out: np.ndarray | None = None,
    prepared: PreparedColours | None = None,
) -> np.ndarray:
    """Colorize (H, W, 3) sRGB pixels (uint8 or uint16); returns the same shape and dtype.

    ``hints`` guide the colours (see core/hints.py). ``should_stop`` is polled between
    strips, so a big photo can be cancelled promptly (raises Cancelled); ``on_progress``
    gets the fraction of rows done after each strip (a 190 MP scan takes a while).
    ``out`` receives the result and may be ``pixels`` itself (the batch does that: its
    pixels are read in full before the first row is written), which saves a photo-sized copy.
    ``prepared``: this photo's ``prepare_colours``, made ahead (else made here).
    """
    settings = settings or ColorizeSettings()
    if prepared is None:
        prepared = prepare_colours(pixels, model, settings, hints, timer)
    settings.validate()
    scale = 65535.0 if pixels.dtype == np.uint16 else 255.0
    height, width = pixels.shape[:2]
    if prepared.lightness.shape != (height, width):
        raise ValueError("prepared colours are for another photo")
    strip_rows = max(1, _STRIP_PIXELS // width)
    lightness, ab, valid_size = prepared.lightness, prepared.ab, prepared.valid

    output = np.empty_like(pixels) if out is None else out
    if output.shape != pixels.shape or output.dtype != pixels.dtype:
        raise ValueError("out must have the shape and dtype of pixels")
    precise = pixels.dtype == np.uint16
    for top in range(0, height, strip_rows):
        if should_stop and should_stop():
            raise Cancelled
        bottom = min(height, top + strip_rows)
        if precise:
            rgb = colour_rows(lightness[top:bottom], ab, valid_size, (height, width), top, settings.saturation, timer, precise)
            with timed(timer, "lab"):
                output[top:bottom] = np.rint(rgb * scale).astype(pixels.dtype)
        else:
            colour_rows_8_bit(lightness[top:bottom], ab, valid_size, (height, width), top, settings.saturation, output[top:bottom], timer)
        if on_progress:
            on_progress(bottom / height)
    return output


# A long thin photo (a 30000x200 panorama) shrunk to render_size on its long side would be
# a picture 2 px high, which comes out grey: its short side is kept at least half the render
# size, as long as the picture stays under this many times the usual render area (the
# network's time grows with its area; 16x is about 4 s on a 2-core CPU for the default).
THIN_AREA_LIMIT = 16
THIN_NOTE_SIDE = 48  # a short side under this many pixels gets a note: its colours are guesses


def render_shape(height: int, width: int, render_size: int, view_scale: float = 1.0) -> tuple[int, int]:
    """The network's input size: long side = render_size, aspect kept, never larger than the
    photo; a long thin photo keeps a short side of render_size / 2 where its area allows (see
    THIN_AREA_LIMIT). Then ``view_scale`` times that (the model's card): a model that colours
    best when it sees things larger (the default, at 1.25: docs/MODELS.md, "The scale the
    network sees") is shown a small photo enlarged and a large one shrunk less."""
    long_side, short_side = max(height, width), min(height, width)
    factor = render_size / long_side
    if short_side * factor < render_size / 2:
        wanted = render_size / 2 / short_side
        most = math.sqrt(THIN_AREA_LIMIT * render_size**2 / (height * width))
        factor = max(factor, min(wanted, most))
    factor = min(1.0, factor) * view_scale
    return max(1, round(height * factor)), max(1, round(width * factor))


def thin_photo_note(height: int, width: int, render_size: int) -> str:
    """A note for a photo so long and thin that the network sees it only a few pixels high."""
    shape = render_shape(height, width, render_size)
    if min(shape) >= THIN_NOTE_SIDE or min(shape) == min(height, width):
        return ""
    return f"a very long, thin picture: its colours are guessed from a copy only {min(shape)} pixels across, and may be faint"


class NetworkInput:
    """L of one photo resized to the render size and padded for the network: made once,
    run many times (with different hints) by ``predict``."""

    def __init__(self, lightness: torch.Tensor, model: LoadedModel, render_size: int) -> None:
        self.model = model
        net = model.net
        self.device = next(net.parameters()).device
        self.shape = render_shape(*lightness.shape[-2:], render_size, net.view_scale)
        small = functional.interpolate(lightness, size=self.shape, mode="bilinear", antialias=True, align_corners=False)
        small = match_training_softness(small)  # colour strength at any size
        multiple = net.input_multiple
        self.padding = (0, -self.shape[1] % multiple, 0, -self.shape[0] % multiple)
        self.small = functional.pad(small, self.padding, mode="replicate").to(self.device)
        stride = net.output_stride
        self.valid = (self.shape[0] / stride, self.shape[1] / stride)  # the photo's extent in output cells
        self.plain_ab: torch.Tensor | None = None  # the ab without hints, kept for hinted renders
        self.plain_output: torch.Tensor | None = None  # and the network's raw output without them
        self.photo_size = tuple(lightness.shape[-2:])
        self.flat_edges = flat_edges(lightness)  # a truncated file's grey fill, a flat border: kept grey

    @torch.no_grad()
    def predict(self, hints: list[ColorHint] | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """(raw network output, ab in Lab units cropped to the cells that cover the photo).

        The ab is the mean of two passes, the photo as it is and mirrored left to right: a
        colour the network is unsure of (it guesses differently for the mirror image) comes
        out calmer, which is closer to the truth on average (+0.15 dB PSNR on val/mixed for
        the default model) for one more pass of a network that is a small part of the cost.
        The padded input is mirrored whole, so both passes' cells line up. With hints, the
        ab outside the pins' regions is the ab without them (core/pin_region.py).
        """
        hint_ab = hint_mask = None
        if hints:  # only the pins that change a colour reach the network (core/pin_region.py)
            if self.plain_ab is None:
                self.predict()
            hints = pin_region.pins_that_change(hints, self.plain_ab, self.shape)
            if not hints:
                return self.plain_output, self.plain_ab
        if hints:
            hint_ab, hint_mask = (functional.pad(t, self.padding).to(self.device) for t in rasterise_hints(hints, *self.shape))
        model_input = make_model_input(self.small, hint_ab, hint_mask)
        output = self._run(model_input)
        mirrored = self._run(model_input.flip(-1))
        net = self.model.net
        ab = (net.ab_from_output(output) + net.ab_from_output(mirrored).flip(-1)) / 2
        ab = ab[:, :, : math.ceil(self.valid[0]), : math.ceil(self.valid[1])].float().cpu()
        if not bool(torch.isfinite(ab).all()):
            raise ColorizeError(
                f"the model {self.model.card.name!r} produced invalid colours (NaN or infinite values); the model file may be broken"
            )
        if not hints:  # (a pin on a flat band colours it: the pins' regions take the hinted colours)
            ab = grey_cells(ab, self.flat_edges, self.photo_size, self.valid)
            self.plain_output, self.plain_ab = output, ab
        else:
            ab = pin_region.confine(ab, self.plain_ab, self.small[..., : self.shape[0], : self.shape[1]].cpu(), hints)
        return output, ab

    def _run(self, model_input: torch.Tensor) -> torch.Tensor:
        dtype = fast_dtype(self.device)
        with torch.autocast(self.device.type, dtype=dtype) if dtype else nullcontext():
            return self.model.net(model_input.contiguous(memory_format=torch.channels_last))


def predict_ab(
    lightness: torch.Tensor, model: LoadedModel, render_size: int, hints: list[ColorHint] | None = None
) -> tuple[torch.Tensor, tuple[float, float]]:
    """Run the network on L resized to the render size.

    Returns ab (1, 2, h, w) in Lab units, cropped to the cells that cover the photo
    (the network input was padded), and the photo's exact extent in ab cells.
    """
    network_input = NetworkInput(lightness, model, render_size)
    _, ab = network_input.predict(hints)
    return ab, network_input.valid


def _saturated_rows(ab: torch.Tensor, saturation: float, valid, full: tuple[int, int], top: int, rows: int) -> torch.Tensor:
    """The network's ab scaled by ``saturation`` and limited on its cells (linear, so the same as
    after upsampling, at a fraction of the cost), upsampled to ``rows`` rows from ``top``."""
    return _upsample_rows((ab * saturation).clamp_(-AB_LIMIT, AB_LIMIT), valid, full, top, top + rows)


def colour_rows(
    lightness: np.ndarray,
    ab: torch.Tensor,
    valid: tuple[float, float],
    full: tuple[int, int],
    top: int,
    saturation: float,
    timer: StageTimer | None = None,
    precise: bool = False,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """sRGB (rows, W, 3) float32 in [0, 1] for the rows of a photo starting at ``top``: the
    network's ab scaled by ``saturation``, upsampled to the photo, joined with the photo's own
    L (``lightness``, (rows, W) float32).

    The one colour path: the saved file (in strips) and the live preview (whole) both
    come through here, so the preview shows exactly what will be written. Saturation and
    the ab limit apply to the network's cells before upsampling (the same result for the
    scaling, as bilinear upsampling is linear, at a fraction of the cost). ``precise``
    (16-bit photos) joins with the exact torch path instead of fast_colour's; ``out`` receives
    fast_colour's result.
    """
    with timed(timer, "upsample"):
        ab_rows = _saturated_rows(ab, saturation, valid, full, top, lightness.shape[0])
    with timed(timer, "lab"):
        if precise:
            rgb = lab_to_rgb_in_gamut(torch.from_numpy(lightness)[None], ab_rows)
            return rgb.permute(1, 2, 0).numpy()
        return fast_colour.lab_to_srgb(lightness, ab_rows[0].numpy(), ab_rows[1].numpy(), out)


def colour_rows_8_bit(
    lightness: np.ndarray,
    ab: torch.Tensor,
    valid: tuple[float, float],
    full: tuple[int, int],
    top: int,
    saturation: float,
    out: np.ndarray,
    timer: StageTimer | None = None,
) -> None:
    """``colour_rows`` written into ``out`` (rows, W, 3) uint8 as ``fast_colour.to_8_bit`` rounds
    it, in fewer passes over memory: what an 8-bit photo's saved rows are."""
    with timed(timer, "upsample"):
        ab_rows = _saturated_rows(ab, saturation, valid, full, top, lightness.shape[0])
    with timed(timer, "lab"):
        fast_colour.lab_to_8_bit(lightness, ab_rows[0].numpy(), ab_rows[1].numpy(), out)


def _upsample_rows(
    ab: torch.Tensor, valid: tuple[float, float], full: tuple[int, int], top: int, bottom: int, columns: tuple[int, int] | None = None
) -> torch.Tensor:
    """Bilinear upsampling of ``ab`` (1, 2, h, w) for output rows [top, bottom) (and ``columns``
    [left, right), default all): (2, rows, columns).

    Equivalent to ``interpolate(size=full, align_corners=False)`` of the photo's extent
    (``upsample_window`` at full resolution), without ever holding the full-resolution result,
    and separable: the cells are first spread across the photo's width (2 x h x W values, small),
    then each run of output rows between the same two cell rows is one multiply-add of two
    such rows. A cell spans tens of pixels, so that is a few large operations per strip instead
    of a sampling grid per pixel (12 MP: 0.11 s -> about 0.01 s on one core).
    """
    ab = ab.reshape(ab.shape[-3:])
    first_y, next_y, weight_y = _bilinear_taps(top, bottom, valid[0] / full[0], ab.shape[-2])
    first_rows, next_rows = first_y.tolist(), next_y.tolist()
    reach = first_rows[0], next_rows[-1] + 1  # the cell rows these pixel rows lie between
    left, right = columns or (0, full[1])
    first_x, next_x, weight_x = _bilinear_taps(left, right, valid[1] / full[1], ab.shape[-1])
    cell_rows = ab[:, reach[0] : reach[1]].numpy()  # gathered by NumPy: torch's index_select took 10x longer here
    before, after = (torch.from_numpy(np.take(cell_rows, taps.numpy(), axis=2)) for taps in (first_x, next_x))
    across = torch.lerp(before, after, weight_x)  # (2, cell rows, W)
    result = torch.empty((ab.shape[0], bottom - top, right - left), dtype=ab.dtype)
    breaks = [start for start in range(1, bottom - top) if first_rows[start] != first_rows[start - 1]]
    for start, end in zip([0, *breaks], [*breaks, bottom - top], strict=True):
        upper = across[:, first_rows[start] - reach[0]]
        lower = across[:, next_rows[start] - reach[0]]
        torch.lerp(upper[:, None], lower[:, None], weight_y[start:end, None], out=result[:, start:end])
    return result


def _bilinear_taps(start: int, end: int, cells_per_pixel: float, cells: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """For pixels [start, end) along one axis: the cell before each pixel centre, the cell after
    it and the weight of the latter (as grid_sample with align_corners=False and border padding)."""
    centres = (torch.arange(start, end, dtype=torch.float64) + 0.5) * cells_per_pixel - 0.5
    position = centres.clamp(0, cells - 1)
    first = position.floor().long()
    return first, (first + 1).clamp(max=cells - 1), (position - first).float()


def upsample_window(
    ab: torch.Tensor,
    valid: tuple[float, float],
    full: tuple[int, int],
    rows: tuple[float, float],
    columns: tuple[float, float],
    size: tuple[int, int],
) -> torch.Tensor:
    """ab (2, h, w) bilinearly upsampled over the photo's pixels rows [r0, r1) x columns
    [c0, c1), sampled at ``size`` (h, w) pixel centres: at full resolution (h = r1 - r0) the
    rows and columns of the whole-photo upsampling, shrunk the centres of pixel blocks."""
    whole = (rows[1] - rows[0], columns[1] - columns[0])
    if tuple(size) == whole and all(float(edge).is_integer() for edge in (*rows, *columns)):  # full resolution: as colour_rows
        return _upsample_rows(ab, valid, full, int(rows[0]), int(rows[1]), (int(columns[0]), int(columns[1])))
    return _sampled(ab, valid, full, rows, columns, size)


def _sampled(ab, valid, full, rows, columns, size) -> torch.Tensor:
    """upsample_window by a sampling grid (any window and size)."""
    ab_height, ab_width = ab.shape[-2:]
    grid_y = _cell_positions(rows, size[0], valid[0] / full[0], ab_height)
    grid_x = _cell_positions(columns, size[1], valid[1] / full[1], ab_width)
    grid = torch.stack(torch.meshgrid(grid_x, grid_y, indexing="xy"), dim=-1).unsqueeze(0)
    return functional.grid_sample(ab, grid, mode="bilinear", padding_mode="border", align_corners=False)[0]


def _cell_positions(span: tuple[float, float], count: int, cells_per_pixel: float, ab_cells: int) -> torch.Tensor:
    """grid_sample coordinates of ``count`` pixel centres spread over photo pixels [start, end)."""
    start, end = span
    centres = start + (torch.arange(count, dtype=torch.float32) + 0.5) * ((end - start) / count)
    return centres * (cells_per_pixel * 2 / ab_cells) - 1
