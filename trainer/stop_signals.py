"""SIGINT and SIGTERM (the window's Stop, Ctrl+C) ask a run to stop after its current step.

The loop then saves a checkpoint and exports the best weights so far, so nothing trained is lost.
"""

from __future__ import annotations

import signal

STOPPED_BY = "stopped by"  # the start of a stop_reason set here


def install(training) -> dict:
    """Route both signals to ``training.stop_reason``; returns the handlers to put back."""
    previous = {}

    def request_stop(signum, frame):
        training.stop_reason = f"{STOPPED_BY} {signal.Signals(signum).name}"

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, request_stop)
        except ValueError:  # not the main thread
            pass
    return previous


def restore(previous: dict) -> None:
    """Put back the handlers that ``install`` replaced."""
    for signum, handler in previous.items():
        signal.signal(signum, handler)
