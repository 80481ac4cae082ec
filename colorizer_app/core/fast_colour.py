"""The full-resolution colour stage, fast: the photo's L and the Lab -> sRGB join.

This is the per-pixel work of every saved photo and every preview (12 million pixels
for a 12 MP photo), so it avoids the exact torch path's many full-size passes:

- L comes from lookup tables: an 8- or 16-bit channel value has one linear value, so
  linearising is a table lookup (exact), and a grey photo (the usual input) has one L
  per value: a single lookup, no Lab conversion at all.
- Lab -> sRGB runs through OpenCV's ``cvtColor`` (SIMD, threaded; the skimage constants
  to within 0.05 of an 8-bit level). OpenCV clips out-of-gamut colours per channel,
  changing the photo's luminance, so for the colours it clipped the chroma is cut to the
  most that sRGB holds at their L and hue (a table made once by bisection with the exact conversion,
  looked up with bilinear interpolation), as ``color.lab_to_rgb_in_gamut`` does by
  bisection per pixel: toward grey at constant L and hue. A saved 8-bit photo's join
  (``lab_to_8_bit``) writes the 8-bit result at once and finds the clipped colours there.

16-bit photos keep the exact torch path for the join (``precise=True`` in
``colorize.colour_rows``): OpenCV's float gamma is accurate to 8-bit levels, not 16-bit.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np
import torch

from colorizer_app.core.color import AB_LIMIT, RGB_TO_XYZ, lab_to_linear_rgb, srgb_to_linear

_EPSILON = 0.008856  # (6/29) ** 3, as core/color.py
_STRIP_PIXELS = 1 << 20
_TABLES: dict[np.dtype, tuple[np.ndarray, np.ndarray]] = {}


def _tables(dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """(linear value per channel value, L per grey value) for uint8 or uint16, made once."""
    dtype = np.dtype(dtype)
    if dtype not in _TABLES:
        levels = np.arange(np.iinfo(dtype).max + 1, dtype=np.float64) / np.iinfo(dtype).max
        linear = srgb_to_linear(torch.from_numpy(levels)).numpy()
        _TABLES[dtype] = (linear.astype(np.float32), _lightness_from_luminance(linear).astype(np.float32))
    return _TABLES[dtype]


def _lightness_from_luminance(luminance: np.ndarray) -> np.ndarray:
    """CIE L from relative luminance Y (the formula of color.rgb_to_lightness)."""
    cube_root = np.cbrt(np.maximum(luminance, _EPSILON))
    return np.where(luminance > _EPSILON, 116 * cube_root - 16, 903.3 * luminance)


def lightness(pixels: np.ndarray) -> np.ndarray:
    """L (H, W) float32 of (H, W, 3) uint8 or uint16 sRGB pixels, as color.rgb_to_lightness gives it.

    A grey strip (all three channels equal: the usual input) needs no conversion at all, its L
    is a direct function of the grey value: one table lookup per pixel (OpenCV's, for 8 bits).
    """
    linear_table, grey_table = _tables(pixels.dtype)
    height, width = pixels.shape[:2]
    result = np.empty((height, width), np.float32)
    weights = np.array([RGB_TO_XYZ[1]], np.float32)
    eight_bit = pixels.dtype == np.uint8
    strip_rows = max(1, _STRIP_PIXELS // max(1, width))
    for top in range(0, height, strip_rows):
        strip = np.ascontiguousarray(pixels[top : top + strip_rows])
        target = result[top : top + strip_rows]
        red, green, blue = cv2.split(strip)
        if _same(red, green) and _same(red, blue):
            if eight_bit:
                cv2.LUT(red, grey_table, dst=target)
            else:
                np.take(grey_table, red, out=target)
        else:
            linear = cv2.LUT(strip, linear_table) if eight_bit else np.take(linear_table, strip)
            luminance = cv2.transform(linear, weights)
            target[...] = _lightness_from_luminance(luminance.reshape(strip.shape[:2]))
    return result


def _same(first: np.ndarray, second: np.ndarray) -> bool:
    return cv2.countNonZero(cv2.absdiff(first, second)) == 0


def lab_to_srgb(lightness_rows: np.ndarray, a_rows: np.ndarray, b_rows: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """sRGB (h, W, 3) float32 in [0, 1] of L, a, b rows (each (h, W) float32), keeping L:
    colours outside sRGB lose chroma until they fit, as color.lab_to_rgb_in_gamut does.
    ``out`` (h, W, 3) float32 receives it (a strip loop reuses one: fresh memory costs as
    much as the conversion's last quarter).

    Most of a photo's colours fit sRGB (97-100% of old photos' pixels, 89% of a 12 MP test
    photo with a black sky), so all are converted as they are first; OpenCV clips a channel
    of a colour that does not fit to exactly 0 or 1, and only those pixels (and true blacks
    and whites, which come out the same) are converted again with their chroma cut.
    """
    shape = lightness_rows.shape
    lab = cv2.merge((lightness_rows, a_rows, b_rows), dst=_scratch("lab", (*shape, 3), np.float32))
    rgb = cv2.cvtColor(lab, cv2.COLOR_Lab2RGB, dst=out)
    inside = cv2.inRange(rgb, (_INSIDE,) * 3, (1 - _INSIDE,) * 3, dst=_scratch("inside", shape, np.uint8))
    if cv2.countNonZero(inside) == inside.size:
        return rgb
    edge = np.flatnonzero(inside == 0)
    if edge.size:
        np.put(_pixels(rgb), edge, _pixels(_in_gamut(np.take(lab.reshape(-1, 3), edge, axis=0))))
    return rgb


_INSIDE = 1e-6  # a channel this close to 0 or 1 may have been clipped
_scratches = threading.local()


def lab_to_8_bit(lightness_rows: np.ndarray, a_rows: np.ndarray, b_rows: np.ndarray, out: np.ndarray) -> None:
    """``to_8_bit(lab_to_srgb(L, a, b), out)`` with fewer passes over memory (the saved photo's join).

    The float result goes straight into ``out`` (h, W, 3) uint8, and the clipped colours are
    found there: a channel clipped to 0 or 1 reads 0 or 255, a cheap test on a quarter of the
    bytes, and only those pixels' float values are checked (a channel of 0 or 255 need not be
    clipped: a dark or light one). The clipped ones are converted again with their chroma cut
    and written over, as ``lab_to_srgb`` does.
    """
    shape = lightness_rows.shape
    lab = cv2.merge((lightness_rows, a_rows, b_rows), dst=_scratch("lab", (*shape, 3), np.float32))
    rgb = cv2.cvtColor(lab, cv2.COLOR_Lab2RGB, dst=_scratch("rgb", (*shape, 3), np.float32))
    target = out if out.flags.c_contiguous else np.empty(out.shape, np.uint8)
    cv2.convertScaleAbs(rgb, dst=target, alpha=255.0)
    inside = cv2.inRange(target, (1, 1, 1), (254, 254, 254), dst=_scratch("inside", shape, np.uint8))
    if cv2.countNonZero(inside) < inside.size:
        dark_or_light = np.flatnonzero(inside == 0)
        values = np.take(rgb.reshape(-1, 3), dark_or_light, axis=0).reshape(-1, 1, 3)
        edge = dark_or_light[cv2.inRange(values, (_INSIDE,) * 3, (1 - _INSIDE,) * 3).reshape(-1) == 0]
        if edge.size:
            np.put(_pixels(target), edge, _pixels(_in_gamut_8_bit(np.take(lab.reshape(-1, 3), edge, axis=0))))
    if target is not out:
        out[...] = target


def _in_gamut_8_bit(lab: np.ndarray) -> np.ndarray:
    """``_in_gamut`` in 8 bits, (N, 3) uint8. A colour of L 100 holds no chroma in sRGB: its cut
    is white, 255 in each channel (within 0.15 of a level), so where such colours are many (white
    paper, backgrounds, skies) they skip the cut; where few, sorting them out would cost more."""
    white = lab[:, 0] >= 100
    if np.count_nonzero(white) * 4 < len(lab):
        return cv2.convertScaleAbs(_in_gamut(lab), alpha=255.0)
    coloured = np.flatnonzero(~white)
    result = np.full(lab.shape, 255, np.uint8)
    if len(coloured):
        cut = cv2.convertScaleAbs(_in_gamut(np.take(lab, coloured, axis=0)), alpha=255.0)
        np.put(_pixels(result), coloured, _pixels(cut))
    return result


def _pixels(values: np.ndarray) -> np.ndarray:
    """A C-contiguous (..., 3) array as a 1-D array of whole pixels: NumPy moves them in one
    piece, 2-3x faster than three channel values each."""
    if not values.flags.c_contiguous:
        raise ValueError("pixels must be C-contiguous to be moved in place")
    return values.reshape(-1, 3).view(np.dtype((np.void, 3 * values.itemsize))).reshape(-1)


def _scratch(name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """A temporary array of this thread's, reused while the shape stays (a photo's strips)."""
    array = getattr(_scratches, name, None)
    if array is None or array.shape != shape or array.dtype != dtype:
        array = np.empty(shape, dtype)
        setattr(_scratches, name, array)
    return array


_COLUMNS = 1024  # the out-of-gamut pixels go through OpenCV as rows of this many (its maps must be < 32767 wide)


def _in_gamut(lab: np.ndarray) -> np.ndarray:
    """sRGB (N, 3) float32 of N Lab colours ((N, 3) float32), each colour's chroma first cut to the
    most that sRGB holds at its L and hue (the table), toward grey at constant L and hue."""
    count = len(lab)
    rows = -(-count // _COLUMNS)
    lab = np.resize(lab, (rows * _COLUMNS, 3)).reshape(rows, _COLUMNS, 3)  # (padded by repeating)
    lightness, a, b = cv2.split(lab)
    chroma, hue = cv2.cartToPolar(a, b, angleInDegrees=True)
    np.multiply(hue, np.float32(1 / _HUE_STEP), out=hue)
    row_in_table = np.multiply(lightness, np.float32(1 / _LIGHTNESS_STEP), dtype=np.float32)
    scale = cv2.remap(_chroma_limits(), hue, row_in_table, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    np.divide(scale, np.maximum(chroma, np.float32(1e-6), out=chroma), out=scale)
    np.minimum(scale, np.float32(1.0), out=scale)
    cv2.merge((lightness, np.multiply(a, scale, out=a), np.multiply(b, scale, out=b)), dst=lab)
    return cv2.cvtColor(lab, cv2.COLOR_Lab2RGB).reshape(-1, 3)[:count]


_LIGHTNESS_STEP = 0.25
_HUE_STEP = 0.5
_chroma_table: list[np.ndarray] = []


def _chroma_limits() -> np.ndarray:
    """The most chroma sRGB holds at each (L, hue), (401, 721) float32 over L 0-100 and hue
    0-360 degrees: found once by bisection with the exact conversion (~0.2 s), then looked
    up with bilinear interpolation for every pixel."""
    if not _chroma_table:
        lightness = torch.arange(0, 100 + _LIGHTNESS_STEP / 2, _LIGHTNESS_STEP, dtype=torch.float32)
        hue = torch.deg2rad(torch.arange(0, 360 + _HUE_STEP / 2, _HUE_STEP, dtype=torch.float32))
        grid_l, grid_h = torch.meshgrid(lightness, hue, indexing="ij")
        low, high = torch.zeros_like(grid_l), torch.full_like(grid_l, 2 * AB_LIMIT)
        for _ in range(18):
            middle = (low + high) / 2
            lab = torch.stack((grid_l, middle * torch.cos(grid_h), middle * torch.sin(grid_h)))
            linear = lab_to_linear_rgb(lab)
            fits = ((linear >= -1e-4) & (linear <= 1 + 1e-4)).all(dim=0)
            low, high = torch.where(fits, middle, low), torch.where(fits, high, middle)
        _chroma_table.append(low.float().numpy())
    return _chroma_table[0]


def to_8_bit(rgb: np.ndarray, out: np.ndarray) -> None:
    """Write float sRGB in [0, 1] into a uint8 array, rounded (half to even, as torch rounds)."""
    out[...] = cv2.convertScaleAbs(rgb, alpha=255.0)
