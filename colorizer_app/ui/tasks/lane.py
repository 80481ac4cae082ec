"""The one way the window runs work off its thread: a function on a lane of worker threads.

Why one way: before this, previews, thumbnails, checks, zoom and compare each had their own
QRunnable, signals class, keep-alive dict and "latest request wins" scheduler. Here, as in
superqt's ``create_worker``, a task is a plain function run on a pool thread. Its results
come back as Qt signals, so they are delivered on the window's thread and a slot may touch
widgets. The lane keeps each task alive until it has reported. ``task.cancelled`` is the
stop flag the function checks between steps, and ``task.report(value)`` sends progress.
``Latest`` (latest.py) adds "only the newest request's result is wanted" on top.

The function takes one argument, the task; pass anything else by closure or
``functools.partial``. It never touches widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    """One per lane, shared by its tasks: each signal carries the task first, and the lane passes
    the rest on to that task's callbacks. (A signals object and four connections per task cost
    0.2 ms each on the window's thread: half a second for a folder of 2,000 thumbnails.)"""

    progress = Signal(object, object)  # whatever the function passed to task.report()
    returned = Signal(object, object)  # the function's return value
    errored = Signal(object, object)  # the exception it raised
    finished = Signal(object)  # after returned or errored (and when cancelled before it ran)


class Flag:
    """A stop flag the window's thread sets and a worker reads (a plain attribute: the GIL makes it atomic)."""

    __slots__ = ("_set",)

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set


class Task(QRunnable):
    """One function call on a worker thread; see the module docstring."""

    def __init__(self, function: Callable[[Task], Any], signals: TaskSignals) -> None:
        super().__init__()
        self.setAutoDelete(False)  # its lane holds it until ``finished``
        self.function, self.signals = function, signals
        self.cancelled = Flag()
        self.on_done = self.on_error = self.on_progress = None
        self.context: QObject | None = None  # the callbacks are called only while it exists

    def cancel(self) -> None:
        """Ask the function to stop at its next check; a task not yet started does not run."""
        self.cancelled.set()

    def report(self, value: Any) -> None:
        _emit(self.signals.progress, self, value)

    def run(self) -> None:
        try:
            if not self.cancelled.is_set():
                result = self.function(self)
                _emit(self.signals.returned, self, result)
        except Exception as error:  # noqa: BLE001 (a task reports, it never dies silently)
            _emit(self.signals.errored, self, error)
        finally:
            _emit(self.signals.finished, self)


def _emit(signal, *args) -> None:
    """Emit unless the receiving side is gone (the window closed while the task worked)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class Lane(QObject):
    """Worker threads for one kind of work (``threads`` at a time, in order of priority, then
    of starting), and the tasks on them until each reports."""

    def __init__(self, threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._running: dict[int, Task] = {}
        self.signals = TaskSignals(self)
        self.signals.returned.connect(self._returned)
        self.signals.errored.connect(self._errored)
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._release)

    def start(
        self,
        function: Callable[[Task], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        priority: int = 0,
        context: QObject | None = None,
    ) -> Task:
        """Run ``function(task)`` on this lane. The callbacks are called on the window's thread, and
        only while ``context`` (default: this lane) exists: a closed window hears nothing."""
        task = Task(function, self.signals)
        task.on_done, task.on_error, task.on_progress, task.context = on_done, on_error, on_progress, context or self
        self._running[id(task)] = task
        self.pool.start(task, priority)
        return task

    def _returned(self, task: Task, result: Any) -> None:
        if task.on_done is not None and shiboken6.isValid(task.context):
            task.on_done(result)

    def _errored(self, task: Task, error: Exception) -> None:
        if task.on_error is not None and shiboken6.isValid(task.context):
            task.on_error(error)

    def _progress(self, task: Task, value: Any) -> None:
        if task.on_progress is not None and shiboken6.isValid(task.context):
            task.on_progress(value)

    def _release(self, task: Task) -> None:
        self._running.pop(id(task), None)

    def tasks(self) -> list[Task]:
        """The tasks started and not yet reported, oldest first."""
        return list(self._running.values())

    def cancel_all(self) -> None:
        for task in self.tasks():
            task.cancel()

    def is_idle(self) -> bool:
        return not self._running

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until every started task has run (quitting, tests); True when they have."""
        return self.pool.waitForDone(milliseconds)
