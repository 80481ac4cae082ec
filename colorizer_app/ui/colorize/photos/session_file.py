"""The Colorize tab's last session: its photo list and each photo's edits, in a small JSON file
in the user's settings folder, offered back (never restored silently) on the next launch.

Why: hints and per-photo choices take work; a closed window or a crash must not lose them.
The file is written atomically, a few seconds after any change and when the window closes;
a missing, damaged or foreign file is ignored, and photos that are gone are reported.

Format (``version`` 1)::

    {"format": "colorizer-session", "version": 1,
     "photos": [{"source": "/abs/photo.jpg", "relative_output": "album/photo.jpg",
                 "own": {"model": "fast", "saturation": 1.2} | null,
                 "hints": [{"x": .., "y": .., "color": "#rrggbb", "size": ..}],
                 "result": {"output": "/abs/out.jpg", "model": .., "saturation": .., "hints": [..],
                            "known": true, "mtime_ns": .., "size": ..} | null,
                 "failed": "why it cannot be colorized" (optional),
                 "unfinished": true (optional: in a batch stopped by quitting),
                 "selected": true (optional: the photo on screen)}]}

A result record is trusted on restore only while its file has the same size and time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.batch import InputPhoto
from colorizer_app.core.colorize_settings import saturation_value
from colorizer_app.core.hints import MAX_HINTS, ColorHint
from colorizer_app.core.small_json import SmallJsonError, read_small_json
from colorizer_app.core.user_folders import session_file
from colorizer_app.ui.colorize.photos.recipe import Recipe, SavedResult

FORMAT_NAME = "colorizer-session"
FORMAT_VERSION = 1
MAX_BYTES = 16 * 1024 * 1024  # thousands of photos with hints; a bigger file is not ours


@dataclass
class SessionPhoto:
    photo: InputPhoto
    own: tuple[str, float] | None
    hints: list[ColorHint]
    result: SavedResult | None
    failed: str = ""  # the reason it could not be colorized ("" when it could)
    unfinished: bool = False  # still to do in the batch that quitting stopped
    selected: bool = False  # the photo on screen when the session was saved
    film_frames: dict[int, list[ColorHint]] | None = None  # a film's pins by frame


def _hints_data(hints) -> list[dict]:
    return [asdict(hint) for hint in hints]


def _stamp(path: Path) -> dict:
    try:
        status = path.stat()
    except OSError:
        return {}
    return {"mtime_ns": status.st_mtime_ns, "size": status.st_size}


def photo_data(
    photo: InputPhoto,
    own,
    hints,
    result: SavedResult | None,
    failed: str = "",
    unfinished: bool = False,
    selected: bool = False,
    film_frames: dict[int, list[ColorHint]] | None = None,
) -> dict:
    """One photo's entry in the file (a film's pins by frame in "film_hints")."""
    entry = {
        "source": str(photo.source),
        "relative_output": str(photo.relative_output),
        "own": {"model": own[0], "saturation": own[1]} if own else None,
        "hints": _hints_data(hints),
        "result": None,
    }
    if failed:
        entry["failed"] = failed
    if unfinished:
        entry["unfinished"] = True
    if selected:
        entry["selected"] = True
    if film_frames:
        entry["film_hints"] = [{"frame": index, "hints": _hints_data(pins)} for index, pins in sorted(film_frames.items())]
    if result is not None:
        recipe = result.recipe
        entry["result"] = {
            "output": str(result.output),
            "model": recipe.model,
            "saturation": recipe.saturation,
            "hints": _hints_data(recipe.hints),
            "known": result.known,
            **_stamp(result.output),
        }
    return entry


def write_session(entries: list[dict], path: Path | None = None) -> bool:
    """Write the session atomically; False (and nothing else) when it cannot be written."""
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "photos": entries}
    try:
        with atomic_writer(path or session_file()) as stream:
            stream.write(json.dumps(document, indent=1).encode("utf-8"))
    except (OSError, ValueError):
        return False  # a convenience: never fail the app over it
    return True


def read_session(path: Path | None = None) -> list[SessionPhoto]:
    """The last session's photos; [] when there is none or the file is not a sane session file.

    A single bad entry is left out; the rest come back.
    """
    try:
        data = read_small_json(path or session_file(), MAX_BYTES, "session file")
    except SmallJsonError:
        return []
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME or data.get("version") != FORMAT_VERSION:
        return []
    photos = data.get("photos")
    if not isinstance(photos, list):
        return []
    restored = []
    for entry in photos:
        try:
            restored.append(_photo(entry))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return restored


def _text(value) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("expected a non-empty string")
    return value


def _saturation(value) -> float:
    return saturation_value(value)


def _hints(value) -> list[ColorHint]:
    if not isinstance(value, list) or len(value) > MAX_HINTS:
        raise ValueError("hints must be a short list")
    return [ColorHint.from_json(hint) for hint in value]  # checked as in a hints file (core/hints.py)


def _photo(entry) -> SessionPhoto:
    source = Path(_text(entry["source"]))
    relative = Path(_text(entry["relative_output"]))
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError("the output must stay inside the output folder")
    own = entry.get("own")
    own = (_text(own["model"]), _saturation(own["saturation"])) if own is not None else None
    failed = entry.get("failed") or ""
    photo = InputPhoto(source, relative)
    hints, result = _hints(entry.get("hints", [])), _result(entry.get("result"))
    film_frames = _film_frames(entry.get("film_hints"))
    return SessionPhoto(photo, own, hints, result, str(failed), entry.get("unfinished") is True, entry.get("selected") is True, film_frames)


def _film_frames(value) -> dict[int, list[ColorHint]] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("film hints must be a list")
    frames = {}
    for item in value:
        index = item["frame"]
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise ValueError("a film hint's frame must be a whole number from 0")
        frames[index] = _hints(item["hints"])
    return frames


def _result(data) -> SavedResult | None:
    """The saved-result record, if its file is still the one that was recorded."""
    if data is None:
        return None
    output = Path(_text(data["output"]))
    recipe = Recipe(_text(data["model"]), _saturation(data["saturation"]), tuple(_hints(data.get("hints", []))))
    stamp = _stamp(output)
    if not stamp:
        return None  # the result is gone
    same = stamp == {"mtime_ns": data.get("mtime_ns"), "size": data.get("size")}
    return SavedResult(output, recipe, known=bool(data.get("known")) and same)
