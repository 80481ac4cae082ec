"""Reading and writing photos without losing anything the user cares about.

Reading turns whatever a user drops on us (odd modes, 16-bit scans, EXIF-rotated phone
photos, colour-managed files) into sRGB pixels plus what must reach the output: alpha, EXIF,
the ICC profile. Writing is atomic, so a killed process never leaves half a photo, and it
refuses to replace an input file.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

from colorizer_app.core import png16, tiff16
from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.image_formats import (  # noqa: F401 (re-exported)
    FORMAT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    format_of_name,
    output_format_for,
    result_name,
)
from colorizer_app.core.photo_metadata import (
    ResultNote,
    apply_orientation,
    before_decoding,
    exif_bytes,
    from_srgb,
    noted_exif,
    save_options,
    to_srgb,
)
from colorizer_app.core.result_mark import mark_corner

# A 24 Mpx camera photo is 24e6; a 600 dpi scan of a large print is ~100e6.
DEFAULT_MAX_PIXELS = 200_000_000

# A truncated file is colorized (with a warning) when at least this fraction of its
# rows decoded: a photo missing its last few bytes or rows is still the photo, while
# one that is mostly grey fill is not worth a result.
MIN_PRESENT_FRACTION = 0.5


class ImageReadError(Exception):
    """A photo that cannot be read; the message says why, in words a user understands."""


class ImageWriteError(Exception):
    """A result that could not be written; nothing partial is left behind."""


@dataclass
class Photo:
    """Decoded sRGB pixels plus everything the output must carry over."""

    pixels: np.ndarray  # (H, W, 3), uint8 or uint16, sRGB
    alpha: np.ndarray | None  # (H, W), same dtype as pixels, or None
    format: str  # Pillow's name of the file format: "JPEG", "PNG", ...
    exif: bytes | None = None
    icc_profile: bytes | None = None  # profile to embed in the output (None: untagged sRGB)
    warnings: list[str] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)."""
        return self.pixels.shape[1], self.pixels.shape[0]

    @property
    def max_value(self) -> int:
        return 65535 if self.pixels.dtype == np.uint16 else 255

    def rgb_float(self) -> np.ndarray:
        """Pixels as float32 in [0, 1]."""
        return self.pixels.astype(np.float32) / self.max_value


def read_photo(path: str | os.PathLike, max_pixels: int = DEFAULT_MAX_PIXELS) -> Photo:
    """Decode one photo into sRGB pixels; raises ImageReadError with a clear reason.

    A truncated file is decoded as far as it goes (see MIN_PRESENT_FRACTION).
    """
    path = _existing_file(path)
    try:
        return _open_and_decode(path, max_pixels, tolerant=False)
    except _Incomplete as error:
        first_error = error.__cause__ or error
    try:
        return _open_and_decode(path, max_pixels, tolerant=True)
    except (_Incomplete, ImageReadError) as error:
        raise ImageReadError(f"{path}: the file is damaged or truncated ({first_error})") from error
    except _TooLittle as error:
        raise ImageReadError(f"{path}: the file is truncated: {error}") from error


def read_header(path: str | os.PathLike, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int]:
    """(width, height) from the file's header alone (no pixels decoded: quick, for checking
    photos as they are added); ImageReadError with read_photo's reasons otherwise."""
    return _open_and_decode(_existing_file(path), max_pixels, tolerant=False, header_only=True)


def _existing_file(path: str | os.PathLike) -> Path:
    path = Path(path)
    if not path.exists():
        raise ImageReadError(f"{path}: no such file")
    if not path.is_file():
        raise ImageReadError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise ImageReadError(f"{path}: the file is empty")
    return path


def _open_and_decode(path: Path, max_pixels: int, tolerant: bool, header_only: bool = False):
    try:
        with _open_within_limit(path, max_pixels) as image:
            if header_only:
                _check_size(image, max_pixels)
                return image.size
            return _decode(image, max_pixels, tolerant)
    except UnidentifiedImageError as error:
        raise ImageReadError(f"{path}: not an image, or a format Colorizer cannot read") from error
    except _TooLarge as error:
        raise ImageReadError(f"{path}: {error}") from error
    except (_Incomplete, _TooLittle):
        raise
    except MemoryError:
        raise
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, EOFError) as error:
        raise ImageReadError(f"{path}: the file is damaged or truncated ({error})") from error


class _TooLarge(Exception):
    pass


class _Incomplete(Exception):
    """The pixel data could not be decoded in full (maybe truncated: worth a tolerant retry)."""


class _TooLittle(Exception):
    """A truncated file holds too little of the picture to colorize."""


# Pillow's switch for decoding truncated files is a module global; this lock makes sure
# it is on only for the one read that asked for it, never for a read in another thread.
_DECODE_LOCK = threading.Lock()


@contextmanager
def _truncated_images_allowed(allowed: bool):
    with _DECODE_LOCK:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = allowed
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _load(image: Image.Image, tolerant: bool) -> None:
    """Decode the pixels; a failure here (not in the header) may be a truncated file."""
    try:
        with _truncated_images_allowed(tolerant):
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _Incomplete(str(error)) from error


def present_fraction(image: Image.Image) -> float:
    """The fraction of rows a truncated file really held. Decoders fill what is missing with one
    value (black, or grey for JPEG): the missing part is the run of rows at the bottom equal to it."""
    rows = np.asarray(image)
    if rows.ndim == 2:
        rows = rows[:, :, None]
    last = rows[-1]
    if not (last == last[0]).all():
        return 1.0
    same = (rows == last[0]).reshape(rows.shape[0], -1).all(axis=1)
    missing = len(same) - (np.flatnonzero(~same)[-1] + 1) if not same.all() else len(same)
    return 1.0 - missing / len(same)


@contextmanager
def _open_within_limit(path: Path, max_pixels: int):
    """Image.open with Pillow's own pixel guard off for this call only: _check_size applies the
    caller's limit right after, before any pixel is decoded, with a message a user can act on.
    The guard is a module global, so it is switched under the lock and always put back."""
    with _DECODE_LOCK:
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            image = Image.open(path)
        finally:
            Image.MAX_IMAGE_PIXELS = previous
    with image:
        yield image


def _check_size(image: Image.Image, max_pixels: int) -> None:
    width, height = image.size
    if width * height > max_pixels:
        raise _TooLarge(
            f"image is {width}x{height} = {width * height / 1e6:.0f} megapixels, over the "
            f"limit of {max_pixels / 1e6:.0f} megapixels (a safety limit against files made to exhaust the memory)"
        )


def _decode(image: Image.Image, max_pixels: int, tolerant: bool = False) -> Photo:
    _check_size(image, max_pixels)
    file_format = image.format or "PNG"
    # Image.open leaves a file at the picture a viewer shows first (for a PSD, the merged
    # picture, which is not one of its layers: seeking to "frame 0" there fails).
    before_decoding(image)
    _load(image, tolerant)
    photo_warnings: list[str] = _frames_note(image)
    if tolerant:
        fraction = present_fraction(image)
        if fraction < MIN_PRESENT_FRACTION:
            raise _TooLittle(f"only about {fraction:.0%} of the picture is in the file (at least {MIN_PRESENT_FRACTION:.0%} is needed)")
        photo_warnings.append("the file is truncated" + (f" (about {fraction:.0%} of the picture is there)" if fraction < 0.995 else ""))
    image = apply_orientation(image, photo_warnings)
    exif = exif_bytes(image, photo_warnings)
    icc = image.info.get("icc_profile") or None

    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        pixels = _rgb_array(image, np.uint16, lambda band: band.clip(0, 65535))
        return Photo(pixels, None, file_format, exif, warnings=photo_warnings)
    if image.mode == "F":
        pixels = _rgb_array(image, np.uint16, lambda band: (np.nan_to_num(band).clip(0, 1) * 65535).round())
        return Photo(pixels, None, file_format, exif, warnings=photo_warnings)

    alpha = None
    if image.mode == "P" and "transparency" in image.info or image.mode == "PA":
        image = image.convert("RGBA")
    if image.mode in ("LA", "RGBA", "La", "RGBa"):
        image = image.convert("LA" if image.mode.startswith("L") else "RGBA")
        alpha = np.asarray(image.getchannel("A")).copy()
        image = image.convert(image.mode[0] if image.mode == "LA" else "RGB")

    keep_profile = None
    if icc:
        image, keep_profile = to_srgb(image, icc, photo_warnings)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return Photo(_rgb_array(image, np.uint8), alpha, file_format, exif, keep_profile, photo_warnings)


def _frames_note(image: Image.Image) -> list[str]:
    """A note when only the first of several pictures is colorized (an animation, the pages of
    a TIFF); none for an MPO's or a PSD's extra pictures (a preview, layers: not the photo)."""
    if image.format in ("MPO", "PSD"):
        return []  # (counting a PSD's layers parses them: a damaged layer must not cost the picture)
    try:
        frames = getattr(image, "n_frames", 1)
    except Exception:  # noqa: BLE001 (a frame table that cannot be read: the first picture is what we have)
        return []
    if frames <= 1:
        return []
    what = "pages" if image.format == "TIFF" else "frames"
    return [f"it holds {frames} {what}: only the first is colorized"]


# Pixels are copied out of Pillow in bands of about this many, so a big photo needs
# only its decoded image plus the result array (a whole-image conversion to RGB and
# numpy's copy of it used to add ~7 bytes per pixel: 1.3 GB more for a 190 MP scan).
_BAND_PIXELS = 1 << 20


def _rgb_array(image: Image.Image, dtype: type, convert=None) -> np.ndarray:
    """(H, W, 3) array of a one- or three-channel image; a grey image fills all three channels."""
    import cv2  # (here: the command line's quick paths import this module without OpenCV)

    width, height = image.size
    pixels = np.empty((height, width, 3), dtype)
    rows = max(1, _BAND_PIXELS // max(1, width))
    for top in range(0, height, rows):
        band = np.asarray(image.crop((0, top, width, min(height, top + rows))))
        if convert is not None:
            band = convert(band)
        if band.ndim == 2 and band.dtype == dtype:  # grey into three channels: OpenCV's copy is ~30x numpy's
            cv2.cvtColor(band, cv2.COLOR_GRAY2RGB, dst=pixels[top : top + rows])
        else:
            pixels[top : top + rows] = band[:, :, None] if band.ndim == 2 else band
    return pixels


def write_photo(
    path: str | os.PathLike,
    pixels: np.ndarray,
    like: Photo,
    file_format: str | None = None,
    jpeg_quality: int = 95,
    protect: Iterable[str | os.PathLike] = (),
    note: ResultNote | None = None,
) -> Path:
    """Write ``pixels`` (H, W, 3 sRGB, uint8/uint16) atomically, with ``like``'s alpha, EXIF and ICC.

    ``note``: the file says its colours are simulated (metadata; a corner mark if asked).
    ``protect`` lists input files that must never be replaced. Without ``file_format``, the
    format is the one the file's name says, else the photo's own (see output_format_for).
    """
    path = Path(path)
    file_format = (file_format or format_of_name(path) or output_format_for(like.format)).upper()
    if file_format not in FORMAT_EXTENSIONS:
        raise ImageWriteError(f"{path}: cannot write the {file_format} format")
    if path.exists() and _same_file_as_any(path, protect):
        raise ImageWriteError(f"{path}: refusing to overwrite an input file")
    try:
        if note is not None and note.mark:
            mark_corner(pixels)
        _write_keeping_what_fits(path, pixels, like, file_format, jpeg_quality, note)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise ImageWriteError(f"{path}: the disk is full") from error
        raise ImageWriteError(f"{path}: could not write ({error.strerror or error})") from error
    return path


def _write_keeping_what_fits(
    path: Path, pixels: np.ndarray, like: Photo, file_format: str, jpeg_quality: int, note: ResultNote | None = None
) -> None:
    """Encode with the photo's EXIF; EXIF the encoder rejects is dropped (with a warning), not the photo."""
    try:
        with atomic_writer(path) as stream:
            _encode(stream, pixels, like, file_format, jpeg_quality, note)
        return
    except OSError:
        raise
    except Exception:  # noqa: BLE001 (malformed EXIF fails in many ways; retried below without it)
        if not like.exif:
            raise
    like.exif = None
    like.warnings.append("its EXIF metadata could not be written back and was dropped")
    with atomic_writer(path) as stream:
        _encode(stream, pixels, like, file_format, jpeg_quality, note)


def _same_file_as_any(path: Path, others: Iterable[str | os.PathLike]) -> bool:
    for other in others:
        try:
            if os.path.samefile(path, other):
                return True
        except OSError:  # an input that vanished cannot be overwritten
            continue
    return False


def _encode(stream, pixels: np.ndarray, like: Photo, file_format: str, jpeg_quality: int, note: ResultNote | None = None) -> None:
    alpha = like.alpha
    exif = noted_exif(like.exif, note, tiff=file_format == "TIFF") if note is not None else like.exif
    if file_format == "PNG" and pixels.dtype == np.uint16:
        png16.write_png16(stream, pixels, _alpha_at_depth(alpha, np.uint16), like.icc_profile, exif)
        return
    if file_format == "TIFF":  # core/tiff16 keeps 16 bits and EXIF's sub-directories (Pillow's TIFFs keep neither)
        if pixels.dtype == np.uint8 and like.icc_profile:
            pixels = np.asarray(from_srgb(Image.fromarray(pixels, "RGB"), like.icc_profile))
        tiff16.write_tiff16(stream, pixels, _alpha_at_depth(alpha, pixels.dtype), like.icc_profile, exif)
        return
    if pixels.dtype == np.uint16:
        pixels = as_8_bit(pixels)
    alpha = _alpha_at_depth(alpha, np.uint8)
    image = Image.fromarray(pixels, "RGB")
    icc = like.icc_profile
    if icc:
        image = from_srgb(image, icc)
    if alpha is not None and file_format in ("PNG", "TIFF", "WEBP"):
        image.putalpha(Image.fromarray(alpha, "L"))
    options: dict = {}
    if icc:
        options["icc_profile"] = icc
    options.update(save_options(file_format, like.exif, note))
    if file_format in ("JPEG", "WEBP"):
        options["quality"] = jpeg_quality
    if file_format == "BMP":
        options.pop("icc_profile", None)
    if file_format == "TIFF":
        options["compression"] = "tiff_adobe_deflate"
    image.save(stream, format=file_format, **options)


def _alpha_at_depth(alpha: np.ndarray | None, depth) -> np.ndarray | None:
    """The alpha at the colour's depth: 8 bits widened exactly (x257), 16 rounded by as_8_bit."""
    if alpha is None or alpha.dtype == depth:
        return alpha
    return alpha.astype(np.uint16) * 257 if depth == np.uint16 else as_8_bit(alpha)


def as_8_bit(values: np.ndarray) -> np.ndarray:
    """16-bit values to 8 bits, rounded (65535 -> 255); 8-bit values as they are. The one place
    the program converts 16 to 8 bits (the window's pictures, training crops, evaluation, files)."""
    if values.dtype == np.uint8:
        return values
    return ((values.astype(np.float32) / 257.0).round()).astype(np.uint8)
