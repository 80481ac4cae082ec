"""What a photo carries besides its pixels: EXIF (orientation, metadata) and its colour profile.

Reading turns a colour-managed photo into sRGB for the model and remembers which profile to
restore; writing converts back. Metadata never costs a photo: unusable EXIF or a damaged
profile is dropped with a warning.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageOps

_SRGB_PROFILE = ImageCms.createProfile("sRGB")
_SRGB_PROFILE_BYTES = ImageCms.ImageCmsProfile(_SRGB_PROFILE).tobytes()


# EXIF is metadata from any camera or editor: its values can have any type, whatever
# the standard says. Pillow then fails in many ways (TypeError, ValueError, struct.error,
# ...), so these two catch everything: a photo is never lost over its metadata.


def apply_orientation(image: Image.Image, photo_warnings: list[str]) -> Image.Image:
    """Turn the picture upright as its EXIF says; unusable EXIF leaves it as stored."""
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # noqa: BLE001 (see above)
        photo_warnings.append("its EXIF orientation could not be read and was ignored")
        return image


def exif_bytes(image: Image.Image, photo_warnings: list[str]) -> bytes | None:
    """The EXIF to carry to the output, or None when there is none or it cannot be written back."""
    try:
        exif = image.getexif()
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
