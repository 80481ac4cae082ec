"""Builds small ICC v2 RGB profiles for tests (no ICC files ship with the system here)."""

from __future__ import annotations

import struct

SRGB_COLORANTS_D50 = {
    "r": (0.4360747, 0.2225045, 0.0139322),
    "g": (0.3850649, 0.7168786, 0.0971045),
    "b": (0.1430804, 0.0606169, 0.7141733),
}
D50 = (0.9642, 1.0, 0.8249)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _curve(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    body = b"desc\0\0\0\0" + struct.pack(">I", len(ascii_text)) + ascii_text
    body += struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67
    return body + b"\0" * (-len(body) % 4)


def rgb_profile(description: str, red, green, blue, gamma: float = 2.2) -> bytes:
    """An RGB matrix/TRC display profile with the given D50 colorants."""
    tags = [
        (b"desc", _description(description)),
        (b"wtpt", _xyz(D50)),
        (b"rXYZ", _xyz(red)),
        (b"gXYZ", _xyz(green)),
        (b"bXYZ", _xyz(blue)),
        (b"rTRC", _curve(gamma)),
        (b"gTRC", _curve(gamma)),
        (b"bTRC", _curve(gamma)),
        (b"cprt", b"text\0\0\0\0" + b"No copyright\0" + b"\0" * 3),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    data = b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    size = offset + len(data)
    header = struct.pack(">I", size) + b"none" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
    header += struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"APPL" + struct.pack(">I", 0) + b"none" + b"none"
    header += b"\0" * 8 + struct.pack(">I", 0) + b"".join(_s15(v) for v in D50) + b"none"
    header += b"\0" * (128 - len(header))
    return header + table + data


def swapped_red_green_profile() -> bytes:
    """sRGB's primaries with red and green exchanged: file red means green on screen."""
    c = SRGB_COLORANTS_D50
    return rgb_profile("Swapped RG test profile", c["g"], c["r"], c["b"])
