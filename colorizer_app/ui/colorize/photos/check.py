"""A quick look at each added photo, so a broken file is marked at once, not at colorize time.

Only the header is read (the engine's ``read_header``: no pixels decoded), so a folder of
thousands of photos is checked in a second or two, on a worker thread, and the reasons are
the words a batch would use. The full read happens when the photo is colorized. A film's
check reads its header and decodes its first frame (core/film/frames.py: ``film_facts``),
and brings back its length, size and sound for the list.
"""

from __future__ import annotations

import time
from pathlib import Path

from colorizer_app.core.film import is_video_name
from colorizer_app.core.images import DEFAULT_MAX_PIXELS, ImageReadError, read_header

REPORT_EVERY_S = 0.1  # results go to the window in small groups: a few updates a second


def header_problem(path: str | Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> str:
    """Why this photo cannot be colorized, in plain words; "" when its header looks fine."""
    try:
        read_header(path, max_pixels=max_pixels)
    except ImageReadError as error:
        return plain_reason(str(error), path)
    except Exception as error:  # noqa: BLE001 (the check must never take the window down)
        return plain_reason(str(error) or type(error).__name__, path)
    return ""


def film_check(path: str | Path) -> tuple[str, object]:
    """(why this film cannot be colorized or "", its FilmFacts or None)."""
    from colorizer_app.core.film.frames import film_facts

    try:
        return "", film_facts(path)
    except Exception as error:  # noqa: BLE001 (the check must never take the window down)
        return plain_reason(str(error) or type(error).__name__, path), None


def check_one(path: str) -> tuple[str, str, object]:
    """(path, reason or "", a film's facts or None)."""
    if is_video_name(path):
        return (path, *film_check(path))
    return path, header_problem(path), None


def plain_reason(message: str, path: str | Path) -> str:
    """The reader's message without the path in front, starting with a capital letter."""
    prefix = f"{path}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return message[:1].upper() + message[1:]


def check_headers(task, paths: list[str]) -> None:
    """A task: checks photos in order, reporting [(path, reason or "", film facts or None), ...]
    in groups; stops when cancelled."""
    results: list[tuple[str, str, object]] = []
    last_report = time.monotonic()
    for path in paths:
        if task.cancelled.is_set():
            return
        results.append(check_one(path))
        if time.monotonic() - last_report >= REPORT_EVERY_S:
            task.report(results)
            results, last_report = [], time.monotonic()
    if results:
        task.report(results)
