"""The words and file kinds of adding photos and films to the list.

Why apart: the status line after an add says several things at once (how many photos and
films, what was listed already, what could not be used, which came with saved hints); the
file dialog offers photos and films together or apart.
"""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.film import VIDEO_EXTENSIONS
from colorizer_app.core.images import IMAGE_EXTENSIONS
from colorizer_app.ui.look.words import count_words, files_words


def file_kinds() -> str:
    """The "Add photos" dialog's filters: both kinds, then each alone."""
    photos = " ".join(f"*{ext}" for ext in IMAGE_EXTENSIONS)
    films = " ".join(f"*{ext}" for ext in sorted(VIDEO_EXTENSIONS))
    return f"Photos and films ({photos} {films});;Photos ({photos});;Films ({films})"


def added_words(added: list[Path], listed: int, problems: list[str], reloaded: int, unreadable: int) -> str:
    """ "Added 3 photos and 1 film. 2 were already in the list. …" """
    if added:
        message = f"Added {files_words(added)}."
    else:  # an empty folder said "Added 0 photos."
        message = "Nothing added." if listed or problems else "Nothing added: no photos or films were found there."
    message += f" {listed} {'was' if listed == 1 else 'were'} already in the list." if listed else ""
    if problems:  # one line each: a missing file, a folder's unreadable part, a folder's results left out
        message += f" Not used: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ".")
    message += f" {reloaded} with saved colour hints." if reloaded else ""
    message += f" {count_words(unreadable, 'saved hints file')} could not be read (see the photo)." if unreadable else ""
    return message


def list_words(sources: list[Path]) -> str:
    """The line above the list: "3 photos and 1 film. Drop more anywhere on the window." """
    return f"{files_words(sources)}. Drop more anywhere on the window."
