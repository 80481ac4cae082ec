"""The film's short preview: a few seconds coloured on a worker thread as the whole film will be
(steady colour along the motion, pins carried through their shot; core/film/frames.py), then
played in the compare view in a loop, with its divider and zoom, until stopped.

Why colour first and play after: colouring runs slower than the film on an ordinary computer
(about 8 frames a second at 640×360 on two cores), so playing while colouring would stutter.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from colorizer_app.ui.tasks.lane import Lane


class FilmPlayer(QObject):
    progress = Signal(int, int)  # frames coloured, frames wanted
    frame = Signal(object, object, int)  # grey QImage, colour QImage, the frame's number in the film
    playing_changed = Signal(bool)  # frames are being prepared or played
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lane = Lane(1, self)
        self._task = None
        self._frames: list = []
        self._position = 0
        self._first = 0  # the number of the preview's first frame in the film
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._next)
        self.active = False

    def start(self, source: Path, model_of, entry, settings, first_index: int, hints) -> None:
        """Colour the preview of ``source`` from ``first_index`` (``model_of(entry)`` loads the model
        on the worker thread), then play it."""
        self.stop()
        self._set_active(True)

        def colour(task):
            from colorizer_app.core.film.frames import colour_preview
            from colorizer_app.ui.colorize.viewing.imaging import to_qimage

            clip = colour_preview(
                source,
                model_of(entry),
                settings,
                first_index,
                hints,
                should_stop=task.cancelled.is_set,
                on_progress=lambda done, total: task.report((done, total)),
            )
            return [(to_qimage(grey), to_qimage(colour)) for grey, colour in clip.frames], clip.rate, clip.first_index

        self._task = self.lane.start(
            colour, on_done=self._ready, on_error=self._error, on_progress=lambda value: self.progress.emit(*value)
        )

    def _ready(self, result) -> None:
        frames, rate, self._first = result
        self._task = None
        if not self.active:
            return
        self._frames, self._position = frames, 0
        self._timer.start(max(10, round(1000 / (rate or 25))))
        self._next()

    def _error(self, error: Exception) -> None:
        self._task = None
        if self.active:
            self._set_active(False)
            from colorizer_app.core.colorize import Cancelled

            if not isinstance(error, Cancelled):
                self.failed.emit(str(error))

    def _next(self) -> None:
        if not self._frames:
            return
        before, after = self._frames[self._position]
        index = self._first + self._position
        self._position = (self._position + 1) % len(self._frames)
        self.frame.emit(before, after, index)

    def stop(self) -> None:
        """Stop colouring or playing; the frames go (a new preview colours afresh)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._timer.stop()
        self._frames = []
        self._set_active(False)

    def _set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.playing_changed.emit(active)
