"""Which files are photos, and which format a result is written in.

Reading never trusts a name (Pillow decides by the content: a PSD saved as ``.png`` is read
as the PSD it is); the names below decide only which files of a folder are taken as
photos, and a result's name and content always agree.
"""

from __future__ import annotations

from pathlib import Path

IMAGE_EXTENSIONS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".png": "PNG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".bmp": "BMP",
    ".webp": "WEBP",
    ".gif": "GIF",
    # Less common, but a viewer opens them, so a folder's photos include them: multi-picture
    # JPEGs from phone and stereo cameras, animated PNGs, Windows clipboard bitmaps (no
    # file header), Photoshop files, scanners' and old programs' formats.
    ".mpo": "MPO",
    ".jfif": "JPEG",
    ".apng": "PNG",
    ".dib": "DIB",
    ".psd": "PSD",
    ".tga": "TGA",
    ".pcx": "PCX",
    ".pbm": "PPM",
    ".pgm": "PPM",
    ".ppm": "PPM",
    ".pnm": "PPM",
}

FORMAT_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "TIFF": ".tif", "BMP": ".bmp", "WEBP": ".webp"}


def output_format_for(input_format: str) -> str:
    """The format a result is written in when the user does not choose one.

    Same as the input, except GIF (256 colours cannot hold a colour photo) and
    formats we do not write, which become PNG; an MPO's first picture is a JPEG.
    """
    if input_format == "MPO":
        return "JPEG"
    return input_format if input_format in FORMAT_EXTENSIONS else "PNG"


def format_of_name(path: Path) -> str | None:
    """The writable format a file's name promises (a JPEG read from a ``.png`` name is written
    back as PNG, so no result's name lies about its content)."""
    name_format = IMAGE_EXTENSIONS.get(path.suffix.lower())
    return name_format if name_format in FORMAT_EXTENSIONS else None


def result_name(name: Path, file_format: str | None = None) -> Path:
    """A result's file name for a photo named ``name``: the same name where the result keeps
    the photo's format (``.jpeg`` stays ``.jpeg``), else the written format's extension (an
    animated ``.apng`` gives a still ``.png``, a ``.psd`` a ``.png``)."""
    if file_format:
        return name.with_suffix(FORMAT_EXTENSIONS[file_format.upper()])
    input_format = IMAGE_EXTENSIONS.get(name.suffix.lower(), "PNG")
    written = output_format_for(input_format)
    if written == input_format and name.suffix.lower() != ".apng":
        return name
    return name.with_suffix(FORMAT_EXTENSIONS[written])
