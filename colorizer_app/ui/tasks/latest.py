"""Latest request wins: one task at a time, and while it runs only the newest request waits.

Why: the preview, the sharp zoomed-in window and the compare-models panes can be asked for
a new picture many times a second (dragging a slider, arrowing down the list, panning).
Rendering each would queue seconds of work. Here a newer request replaces the waiting one;
the running one finishes (or stops at its next ``task.cancelled`` check when ``drop`` or
``cancel_running`` says it is no longer wanted), then the waiting one starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from colorizer_app.ui.tasks.lane import Lane, Task


class Latest(QObject):
    """Requests on ``lane``, numbered; ``is_newest(number)`` tells a result still wanted from one
    that a newer request has overtaken."""

    def __init__(self, lane: Lane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lane = lane
        self.newest = 0  # the number of the newest request
        self.running: Task | None = None
        self._waiting: tuple | None = None
        lane.signals.finished.connect(self._finished)  # every task of the lane: ours are told apart below

    def request(
        self,
        function: Callable[[Task], Any],
        on_done: Callable[[int, Any], None],
        on_error: Callable[[int, Exception], None] | None = None,
        tag: Any = None,
    ) -> int:
        """Ask for ``function(task)``; ``on_done(number, result)`` / ``on_error(number, error)``
        are called on the window's thread. ``tag`` is kept on the task (what it is for)."""
        self.newest += 1
        request = (self.newest, function, on_done, on_error, tag)
        if self.running is not None:
            self._waiting = request
        else:
            self._start(*request)
        return self.newest

    def has_waiting(self) -> bool:
        return self._waiting is not None

    def is_newest(self, number: int) -> bool:
        """The newest request, and none waiting behind it."""
        return number == self.newest and self._waiting is None

    def drop(self) -> None:
        """Nothing asked so far is wanted any more: the waiting request goes, the running one is told to stop."""
        self._waiting = None
        self.newest += 1
        if self.running is not None:
            self.running.cancel()

    def cancel_running(self, unless: Callable[[Any], bool] = lambda tag: False) -> None:
        """Tell the running task to stop early, unless ``unless(its tag)`` says it is still of use."""
        if self.running is not None and not unless(self.running.tag):
            self.running.cancel()

    def _start(self, number: int, function, on_done, on_error, tag) -> None:
        def done(result) -> None:
            on_done(number, result)

        def failed(error) -> None:
            if on_error is not None:
                on_error(number, error)

        self.running = self.lane.start(function, on_done=done, on_error=failed, context=self)
        self.running.tag = tag
        self.running.number = number

    def _finished(self, task: Task) -> None:
        if task is not self.running:
            return  # another user's task on the same lane (the preview and the zoom window share one)
        self.running = None
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)
