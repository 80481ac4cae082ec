"""What the progress line under "Colorize all" says, in plain words.

Counts and the time left cover only the photos still to do: photos already colorized
are set aside before the batch starts, so a resumed batch of 10 new photos among 990
finished ones says "1 of 10" and estimates from the real work, not from instant skips.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from colorizer_app.core.batch import BatchSummary
from colorizer_app.core.film import is_video_name
from colorizer_app.ui.look.words import duration_words, photos_and_films_words, photos_words

STAGE_WORDS = {"reading": "Reading", "colorizing": "Colorizing", "saving": "Saving"}


def _already(already: int) -> str:
    return f" ({already} already colorized)" if already else ""


def _kinds_words(sources: Sequence[Path]) -> str:
    films = sum(map(is_video_name, sources))
    return photos_and_films_words(len(sources) - films, films)


def item_noun(sources: Sequence[Path]) -> str:
    """What the progress line calls each thing in the batch: "Photo", "Film", or "Item" when both are there."""
    films = sum(map(is_video_name, sources))
    return "Photo" if not films else "Film" if films == len(sources) else "Item"


def start_text(todo: Sequence[Path], already: Sequence[Path]) -> str:
    """ "Starting 2 photos and 1 film (3 already colorized)…" (a lone film was "Starting 1 photo…")."""
    if not todo:
        return f"Nothing left to colorize: {_kinds_words(already)} already colorized." if already else "Nothing to colorize."
    return f"Starting {_kinds_words(todo)}{_already(len(already))}…"


def finished_photo_text(finished: int, total: int, eta: float, already: int) -> str:
    left = f" · {duration_words(eta)} left" if finished < total else ""
    return f"{finished} of {total} colorized{left}{_already(already)}"


def stage_text(index: int, total: int, stage: str, fraction: float, noun: str = "Photo") -> str:
    """ "Photo 2 of 5 · Colorizing (40%)…"; a film's stage is its frames ("frame 120/3000, 4:10 left").
    ``noun``: ``item_noun`` of the batch."""
    if stage not in STAGE_WORDS:
        done, _, left = stage.partition(", ")
        kind = "film " if noun == "Item" else ""
        return f"{noun} {index + 1} of {total} · {kind}{fraction:.0%} ({done.replace('/', ' of ')}) · {left}"
    doing = STAGE_WORDS[stage] + (f" ({fraction:.0%})" if stage == "colorizing" else "")
    return f"{noun} {index + 1} of {total} · {doing}…"


def summary_text(summary: BatchSummary, left_out: int) -> str:
    """One sentence after a batch: what was colorized, what was there already, what failed."""
    head = "Cancelled." if summary.cancelled else "Stopped." if summary.folder_fault else "Finished."
    counts = [(summary.count("done"), "colorized"), (summary.count("skipped"), "already colorized"), (summary.count("failed"), "failed")]
    parts = [f"{count} {words}" for count, words in counts if count]
    text = f"{head} {', '.join(parts) if parts else 'Nothing was finished' if summary.film_stopped_partway else 'Nothing was colorized'}."
    if summary.folder_fault and not parts:  # the folder's sentence says nothing was written there
        text = head
    if summary.film_stopped_partway:  # its coloured part is kept (core/film/parts.py)
        text += " The film it stopped in carries on from its last saved point when it is colorized again."
    if left_out:
        text += f" {photos_words(left_out)} that cannot be used {'was' if left_out == 1 else 'were'} left out (see Retry)."
    if summary.stopped_reason:
        text += f" {summary.stopped_reason[:1].upper()}{summary.stopped_reason[1:]}."
    return text
