"""A film's colour hints: pins placed on frames, each frame's pins with their own undo history.

Why per frame: a pin is placed on the frame the scrubber shows and holds for that frame's
shot (core/film/film_hints.py carries it along the motion when the film is coloured). The
hint tools edit one frame's pins at a time, exactly as they edit a photo's. For what is
counted and compared (a result's recipe, "changed, not saved") ``hints`` lists them all.
"""

from __future__ import annotations

from colorizer_app.core.hints import ColorHint
from colorizer_app.ui.colorize.hints.panel import PhotoHints


class FilmPins:
    def __init__(self, frames: dict[int, list[ColorHint]] | None = None) -> None:
        self.frames: dict[int, PhotoHints] = {index: PhotoHints(pins) for index, pins in (frames or {}).items() if pins}

    def at(self, index: int) -> PhotoHints:
        """Frame ``index``'s pins (an empty, undoable list the first time)."""
        if index not in self.frames:
            self.frames[index] = PhotoHints()
        return self.frames[index]

    @property
    def hints(self) -> list[ColorHint]:
        """Every pin, frame by frame: what a result's recipe counts and compares."""
        return [hint for index in sorted(self.frames) for hint in self.frames[index].hints]

    def by_frame(self) -> dict[int, list[ColorHint]]:
        """The frames that have pins, and their pins (a snapshot)."""
        return {index: list(pins.hints) for index, pins in sorted(self.frames.items()) if pins.hints}

    def pinned_frames(self) -> list[int]:
        return [index for index, pins in sorted(self.frames.items()) if pins.hints]

    def replace_all(self, hints: list[ColorHint]) -> None:
        """Pins copied from a photo go on the film's first frame."""
        self.at(0).replace_all(hints)
