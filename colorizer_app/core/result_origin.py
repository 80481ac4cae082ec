"""Was a file written by Colorizer? Every result says so in its metadata (photo_metadata.ResultNote
for photos, the comment of a film), and that note is what tells an earlier result, which a run
may skip or replace, from a user's original that merely has the result's name (``holiday.mp4``
beside ``holiday.mov``), which it must never touch.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from colorizer_app.core.film import is_video_name
from colorizer_app.core.photo_metadata import EXIF_DESCRIPTION
from colorizer_app.core.photo_metadata import NOTE_PREFIX as NOTE_START


def made_by_colorizer(path: Path) -> bool:
    """True when ``path``'s metadata carries a result's note; False for anything else, including
    a file that cannot be read (it is not ours to replace). A BMP has no place for the note, so
    one beside its photo is taken for an original: at worst a result is made again under the
    type-named name, never is a photo replaced."""
    return result_note(path) is not None


def result_note(path: Path) -> str | None:
    """The note a result carries ("Colours simulated by Colorizer, model default, 2026-12-06"),
    or None (not a result, or unreadable)."""
    try:
        texts = _film_notes(path) if is_video_name(path) else _photo_notes(path)
    except Exception:  # noqa: BLE001 (any unreadable file is someone else's)
        return None
    return next((text for text in texts if text.startswith(NOTE_START)), None)


def model_and_date(note: str) -> tuple[str, str] | None:
    """("default", "2026-12-06") from a result's note; None for a note of another shape."""
    found = re.fullmatch(re.escape(NOTE_START) + r", model (.+), (\d{4}-\d{2}-\d{2})", note.strip())
    return (found.group(1), found.group(2)) if found else None


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
