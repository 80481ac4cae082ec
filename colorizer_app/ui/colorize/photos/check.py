"""A quick look at each added photo, so a broken file is marked at once, not at colorize time.

Only the header is read (the engine's ``read_header``: no pixels decoded), so a folder of
thousands of photos is checked in a second or two, on a worker thread, and the reasons are
the words a batch would use. The full read happens when the photo is colorized.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from colorizer_app.core.images import DEFAULT_MAX_PIXELS, ImageReadError, read_header
from colorizer_app.ui.workers import emit_if_alive

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


def plain_reason(message: str, path: str | Path) -> str:
    """The reader's message without the path in front, starting with a capital letter."""
    prefix = f"{path}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return message[:1].upper() + message[1:]


class _CheckSignals(QObject):
    checked = Signal(list)  # [(path, reason or ""), ...]
    finished = Signal(object)  # task id (a Python int may not fit a C++ int)


class HeaderCheckTask(QRunnable):
    """Checks a list of photos in order and reports them in groups; stops early when cancelled."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the queue keeps it until ``finished``, so its signals stay alive
        self.paths = paths
        self.cancelled = False
        self.signals = _CheckSignals()

    def run(self) -> None:
        results: list[tuple[str, str]] = []
        last_report = time.monotonic()
        for path in self.paths:
            if self.cancelled:
                break
            results.append((path, header_problem(path)))
            if time.monotonic() - last_report >= REPORT_EVERY_S:
                emit_if_alive(self.signals.checked, results)
                results, last_report = [], time.monotonic()
        if results and not self.cancelled:
            emit_if_alive(self.signals.checked, results)
        emit_if_alive(self.signals.finished, id(self))
