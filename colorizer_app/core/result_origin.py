"""Was a file written by Colorizer? Every result says so in its metadata (photo_metadata.ResultNote
for photos, the comment of a film), and that note is what tells an earlier result, which a run
may skip or replace, from a user's original that merely has the result's name (``holiday.mp4``
beside ``holiday.mov``), which it must never touch.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from colorizer_app.core.film import is_video_name
from colorizer_app.core.photo_metadata import EXIF_DESCRIPTION
from colorizer_app.core.photo_metadata import NOTE_PREFIX as NOTE_START


def made_by_colorizer(path: Path) -> bool:
    """True when ``path``'s metadata carries a result's note; False for anything else, including
    a file that cannot be read (it is not ours to replace). A BMP has no place for the note:
    it is taken for a result, as every file of a result's name was before the note was read."""
    if path.suffix.lower() in (".bmp", ".dib"):
        return True
    try:
        return any(text.startswith(NOTE_START) for text in (_film_notes(path) if is_video_name(path) else _photo_notes(path)))
    except Exception:  # noqa: BLE001 (any unreadable file is someone else's)
        return False


def _photo_notes(path: Path) -> list[str]:
    with Image.open(path) as image:
        texts = [str(image.getexif().get(EXIF_DESCRIPTION, ""))]
        texts += [value for value in image.info.values() if isinstance(value, str)]  # PNG text chunks
        xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
        if NOTE_START.encode() in (xmp if isinstance(xmp, bytes) else xmp.encode("utf-8", "replace")):
            texts.append(NOTE_START)
        return texts


def _film_notes(path: Path) -> list[str]:
    from colorizer_app.core.film.video_in import open_container

    with open_container(path) as container:
        return [str(value) for value in container.metadata.values()]
