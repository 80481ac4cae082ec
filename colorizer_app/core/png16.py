"""A minimal 16-bit RGB(A) PNG writer: Pillow reads 16-bit greyscale scans but cannot
write 16-bit colour, and a 16-bit scan must not come back as 8 bits."""

from __future__ import annotations

import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EXIF_PREFIX = b"Exif\x00\x00"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def write_png16(stream, rgb: np.ndarray, alpha: np.ndarray | None, icc: bytes | None, exif: bytes | None) -> None:
    """Write (H, W, 3) uint16 pixels, with optional 16-bit alpha, ICC profile and EXIF."""
    height, width, _ = rgb.shape
    channels = [rgb]
    if alpha is not None:
        channels.append(alpha[:, :, None])
    pixels = np.concatenate(channels, axis=2).astype(">u2")
    colour_type = 6 if alpha is not None else 2

    # Filter "Up" (type 2): each row minus the row above, byte-wise; compresses photos well.
    rows = pixels.reshape(height, -1).view(np.uint8)
    filtered = rows.copy()
    filtered[1:] = rows[1:] - rows[:-1]
    scanlines = np.concatenate([np.full((height, 1), 2, np.uint8), filtered], axis=1)
    scanlines[0, 0] = 0

    stream.write(_SIGNATURE)
    stream.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)))
    if icc:
        stream.write(_chunk(b"iCCP", b"ICC profile\x00\x00" + zlib.compress(icc)))
    if exif:
        stream.write(_chunk(b"eXIf", exif[len(_EXIF_PREFIX) :] if exif.startswith(_EXIF_PREFIX) else exif))
    stream.write(_chunk(b"IDAT", zlib.compress(scanlines.tobytes(), 6)))
    stream.write(_chunk(b"IEND", b""))
