"""A minimal 8- and 16-bit RGB(A) TIFF writer: Pillow reads 16-bit greyscale TIFF scans but writes
TIFF colour only at 8 bits, and a 16-bit scan must not come back as 8 bits (as for PNG,
core/png16.py). 8-bit results come through here too: Pillow's compressed TIFFs go through
libtiff, which refuses EXIF's sub-directories, and a scan's date taken lives in one.

Baseline TIFF, little-endian, Adobe deflate with the horizontal predictor, in strips (a
190 MP scan is compressed a strip at a time). The tags, the ICC profile and the EXIF are
encoded by Pillow's own IFD writer, so EXIF keeps its types and its Exif sub-IFD.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from PIL import Image, TiffImagePlugin

_STRIP_BYTES = 1 << 20
# Tags that describe the pixels: ours, never the EXIF's (a camera's IFD0 may carry its own).
_IMAGE_TAGS = {256, 257, 258, 259, 262, 273, 274, 277, 278, 279, 284, 317, 338, 339, 34675}
_EXIF_SUB_IFDS = (0x8769, 0x8825)  # Exif, GPS
_INTEROPERABILITY = 0xA005  # a pointer inside Exif's directory, to a directory not copied: left out


def write_tiff16(stream, rgb: np.ndarray, alpha: np.ndarray | None, icc: bytes | None, exif: bytes | None) -> None:
    """Write (H, W, 3) uint16 or uint8 pixels, with optional alpha of the same depth, ICC profile and EXIF."""
    height, width, _ = rgb.shape
    samples = 3 if alpha is None else 4
    rows_per_strip = max(1, _STRIP_BYTES // (width * samples * rgb.itemsize))
    tops = range(0, height, rows_per_strip)
    bits = 8 * rgb.itemsize

    def directory(offsets, counts) -> bytes:
        return _directory(width, height, samples, bits, rows_per_strip, offsets, counts, icc, exif).tobytes(8)

    # The IFD comes first: Pillow's IFD writer counts strip offsets from the end of the IFD's
    # own data. Its size does not depend on the values, so it is written with zeros and then
    # rewritten in place once the strips' sizes are known.
    placeholder = directory((0,) * len(tops), (0,) * len(tops))
    stream.write(b"II*\0" + struct.pack("<I", 8) + placeholder)
    strips_start = stream.tell()
    offsets, counts = [], []
    for top in tops:
        strip = _strip(rgb[top : top + rows_per_strip], None if alpha is None else alpha[top : top + rows_per_strip])
        data = zlib.compress(strip, 6)
        offsets.append(stream.tell() - strips_start)
        counts.append(len(data))
        stream.write(data)
    final = directory(tuple(offsets), tuple(counts))
    if len(final) != len(placeholder):
        raise ValueError("the TIFF directory changed size")  # cannot happen: LONG values, same counts
    end = stream.tell()
    stream.seek(8)
    stream.write(final)
    stream.seek(end)


def _strip(rgb: np.ndarray, alpha: np.ndarray | None) -> bytes:
    """Rows as little-endian samples after horizontal differencing (TIFF predictor 2)."""
    channels = [rgb]
    if alpha is not None:
        channels.append(alpha[:, :, None])
    pixels = np.concatenate(channels, axis=2).astype("<u2" if rgb.dtype == np.uint16 else np.uint8)
    differences = pixels.copy()
    differences[:, 1:] -= pixels[:, :-1]  # wraps modulo 2**bits, as the predictor defines
    return differences.tobytes()


def _directory(width, height, samples, bits, rows_per_strip, offsets, counts, icc, exif) -> TiffImagePlugin.ImageFileDirectory_v2:
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    if exif:
        _copy_exif(ifd, exif)
    ifd[256], ifd[257] = width, height
    ifd[258] = (bits,) * samples
    ifd[259] = 8  # Adobe deflate
    ifd[262] = 2  # RGB
    ifd[273], ifd[279] = tuple(offsets), tuple(counts)
    ifd.tagtype[273] = ifd.tagtype[279] = 4  # LONG, whatever their size
    ifd[277], ifd[278] = samples, rows_per_strip
    ifd[284] = 1  # samples interleaved
    ifd[317] = 2  # horizontal predictor
    ifd[339] = (1,) * samples  # unsigned integers
    if samples == 4:
        ifd[338] = 2  # unassociated alpha
    if icc:
        ifd[34675] = icc
        ifd.tagtype[34675] = 7  # UNDEFINED
    return ifd


def _copy_exif(ifd: TiffImagePlugin.ImageFileDirectory_v2, exif: bytes) -> None:
    """The EXIF's own tags (camera, date, its Exif and GPS sub-IFDs) into the TIFF's IFD."""
    parsed = Image.Exif()
    parsed.load(exif)
    for tag, value in parsed.items():
        if tag not in _IMAGE_TAGS and tag not in _EXIF_SUB_IFDS:
            ifd[tag] = value
    for tag in _EXIF_SUB_IFDS:
        sub = {key: value for key, value in parsed.get_ifd(tag).items() if key != _INTEROPERABILITY}
        if sub:
            ifd[tag] = sub
