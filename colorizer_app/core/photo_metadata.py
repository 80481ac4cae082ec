"""What a photo carries besides its pixels: EXIF (orientation, metadata) and its colour profile.

Reading turns a colour-managed photo into sRGB for the model and remembers which profile to
restore; writing converts back. Metadata never costs a photo: unusable EXIF or a damaged
profile is dropped with a warning.

A result also says in its metadata that its colours are simulated (ResultNote): a colorized
photo passed on to family must not be taken for an original colour photo. EXIF
ImageDescription and Software (JPEG, PNG, TIFF, WebP), an XMP dc:description (JPEG, TIFF,
WebP, PNG) and PNG text chunks; the original's other EXIF tags are kept.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from colorizer_app import __version__

SOFTWARE = f"Colorizer {__version__}"
EXIF_DESCRIPTION, EXIF_SOFTWARE = 0x010E, 0x0131
NOTE_PREFIX = "Colours simulated by Colorizer"  # how every result's note starts: how a result is known (result_origin.py)
TIFF_XMP = 700


@dataclass(frozen=True)
class ResultNote:
    """What a result says about itself: made by which model, when, and whether to mark the picture too."""

    model: str
    mark: bool = False
    when: datetime.date = field(default_factory=datetime.date.today)

    def text(self) -> str:
        return f"{NOTE_PREFIX}, model {self.model}, {self.when:%Y-%m-%d}"


def noted_exif(exif: bytes | None, note: ResultNote, tiff: bool = False) -> bytes:
    """The original's EXIF (when readable) with the note as its description and Colorizer as its
    software. ``tiff``: the XMP goes in too (TIFF keeps it as a tag; results are TIFFs written by
    core/tiff16, which keeps EXIF's sub-directories: libtiff, through Pillow, refused them)."""
    tags = Image.Exif()
    if exif:
        try:
            tags.load(exif)
        except Exception:  # noqa: BLE001 (see above: any EXIF can fail to parse; the note is written anyway)
            tags = Image.Exif()
    tags[EXIF_DESCRIPTION] = note.text()
    tags[EXIF_SOFTWARE] = SOFTWARE
    if tiff:
        tags[TIFF_XMP] = xmp_packet(note)
    return tags.tobytes()


def xmp_packet(note: ResultNote) -> bytes:
    """A minimal XMP packet: dc:description and xmp:CreatorTool."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(note.text())}</rdf:li></rdf:Alt></dc:description>'
        f"<xmp:CreatorTool>{escape(SOFTWARE)}</xmp:CreatorTool>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def save_options(file_format: str, exif: bytes | None, note: ResultNote | None) -> dict:
    """Pillow save options for a result's metadata: the original's EXIF, with the note when given."""
    if note is not None and file_format in ("JPEG", "PNG", "TIFF", "WEBP"):
        exif = noted_exif(exif, note, tiff=file_format == "TIFF")
    options: dict = {"exif": exif} if exif and file_format in ("JPEG", "PNG", "WEBP", "TIFF") else {}
    if note is None:
        return options
    if file_format in ("JPEG", "WEBP"):
        options["xmp"] = xmp_packet(note)
    elif file_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Description", note.text())
        text.add_text("Software", SOFTWARE)
        text.add_itxt("XML:com.adobe.xmp", xmp_packet(note).decode("utf-8"))
        options["pnginfo"] = text
    return options


_SRGB_PROFILE = ImageCms.createProfile("sRGB")
_SRGB_PROFILE_BYTES = ImageCms.ImageCmsProfile(_SRGB_PROFILE).tobytes()


# EXIF is metadata from any camera or editor: its values can have any type, whatever
# the standard says. Pillow then fails in many ways (TypeError, ValueError, struct.error,
# ...), so these two catch everything: a photo is never lost over its metadata.


def apply_orientation(image: Image.Image, photo_warnings: list[str]) -> Image.Image:
    """Turn the picture upright as its EXIF says, in place (no copy of the photo, and the image
    keeps what it was read from: a TIFF's EXIF is its own tags); unusable EXIF leaves it as stored."""
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # noqa: BLE001 (see above)
        photo_warnings.append("its EXIF orientation could not be read and was ignored")
    return image


def before_decoding(image: Image.Image) -> None:
    """Pillow turns a TIFF upright while decoding it; for an uncompressed grey TIFF turned a
    quarter (orientation 5-8) it maps the file at the turned size and garbles the picture
    (Pillow 13). Reading it through the file instead of a memory map decodes it right."""
    if image.format == "TIFF" and getattr(image, "tag_v2", {}).get(0x0112) in (5, 6, 7, 8):
        image.filename = ""  # (ImageFile.load memory-maps only files it has a name for)


# What a TIFF's first directory says about the photo (camera, scanner, dates, author, the Exif
# and GPS sub-directories): carried to the result as its EXIF. The rest of a TIFF's tags
# describe the file's own pixels (size, strips, compression, its profile and XMP) and would be
# wrong in the result, or too big for a JPEG's EXIF (a Photoshop TIFF's layers).
TIFF_PHOTO_TAGS = {
    269, 270, 271, 272, 282, 283, 285, 296, 305, 306, 315, 316, 318, 319, 33432, 0x8769, 0x8825,
    0x4746, 0x4749, 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F, 0xA420,
}  # fmt: skip


def exif_bytes(image: Image.Image, photo_warnings: list[str]) -> bytes | None:
    """The EXIF to carry to the output, or None when there is none or it cannot be written back."""
    try:
        exif = image.getexif()
        if image.format == "TIFF":
            tiff_exif = Image.Exif()
            for tag in exif.keys() & TIFF_PHOTO_TAGS:
                tiff_exif[tag] = exif.get_ifd(tag) if tag in (0x8769, 0x8825) else exif[tag]
            exif = tiff_exif
        return exif.tobytes() if len(exif) else None
    except Exception:  # noqa: BLE001 (see above)
        photo_warnings.append("its EXIF metadata is malformed and was dropped")
        return None


def to_srgb(image: Image.Image, icc: bytes, photo_warnings: list[str]) -> tuple[Image.Image, bytes | None]:
    """Convert to sRGB with the embedded profile; return the profile to restore (RGB only)."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        photo_warnings.append("its colour profile is damaged and was ignored (treated as sRGB)")
        return image, None
    if is_srgb(profile):
        return image, icc
    colour_space = profile.profile.xcolor_space.strip()
    source_mode = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}.get(colour_space)
    if source_mode is None or (image.mode != source_mode and image.mode != "P"):
        photo_warnings.append(f"its {colour_space} colour profile does not fit the image and was ignored")
        return image, None
    if image.mode == "P":
        image = image.convert(source_mode)
    try:
        converted = ImageCms.profileToProfile(image, profile, _SRGB_PROFILE, outputMode="RGB")
    except ImageCms.PyCMSError as error:
        photo_warnings.append(f"its colour profile could not be applied ({error}); treated as sRGB")
        return image, None
    return converted, icc if colour_space == "RGB" else _SRGB_PROFILE_BYTES


def is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    description = (profile.profile.profile_description or "").strip().lower()
    return description.startswith("srgb")


def from_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Back from the sRGB working space into the file's own RGB profile."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    if is_srgb(profile):
        return image
    return ImageCms.profileToProfile(image, _SRGB_PROFILE, profile, outputMode="RGB")
