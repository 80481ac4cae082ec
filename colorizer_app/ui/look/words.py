"""Counts and durations in the window's words, one style everywhere (the batch line, the Train
tab, a model's description): "3 photos", "about 40 seconds", "about 1 hour 20 minutes"."""

from __future__ import annotations


def count_words(count: int, noun: str) -> str:
    """ "1 hint", "3 hints", "0 hints": a count and its noun, no "(s)"."""
    return f"{count} {noun}{'s' * (count != 1)}"


def photos_words(count: int) -> str:
    return count_words(count, "photo")


def photos_and_films_words(photos: int, films: int) -> str:
    """ "3 photos", "1 film", "3 photos and 1 film" (no "(s)"); "0 photos" when there are neither."""
    film_words = f"{films} film{'s' * (films != 1)}"
    if not films:
        return photos_words(photos)
    return f"{photos_words(photos)} and {film_words}" if photos else film_words


def files_words(paths) -> str:
    """ "3 photos and 1 film" for a list of files (a film known by its name)."""
    from colorizer_app.core.film import is_video_name

    paths = list(paths)
    films = sum(is_video_name(path) for path in paths)
    return photos_and_films_words(len(paths) - films, films)


def duration_words(seconds: float) -> str:
    """Seconds in words: "a few seconds", "about 40 seconds", "about 3 minutes", "about 1 hour 20 minutes"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return "a few seconds" if seconds < 10 else f"about {round(seconds, -1)} seconds"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} minute{'s' * (minutes != 1)}"
    hours, minutes = divmod(minutes, 60)
    return f"about {hours} hour{'s' * (hours != 1)}" + (f" {minutes} minute{'s' * (minutes != 1)}" if minutes else "")


def seconds_left(elapsed: float, finished: int, total: int) -> float:
    """Time left for ``total - finished`` items at the pace of the ``finished`` ones."""
    return elapsed / finished * (total - finished) if finished else 0.0
