"""The run's event stream, ``RUN_DIR/events.jsonl``: what the GUI follows and what a person reads.

One JSON object per line, each with ``type`` and ``time`` (Unix seconds). Types:

- ``scan``: ``folder``, ``usable``, ``skipped``, ``skipped_reasons`` {reason: count},
  ``skipped_examples`` [[path, reason]...], ``train_images``, ``val_images``
- ``start``: ``config`` (the run's settings), ``device``, ``total_steps``, ``resumed_from_step``,
  ``parameters``
- ``step``: ``step``, ``total_steps``, ``epoch`` (fractional), ``loss``, loss ``parts``, ``lr``,
  ``images_per_second``, ``eta_seconds``
- ``validation``: ``step``, ``epoch``, ``loss``, ``metrics`` {psnr, ssim, ciede2000, a_l2, b_l2,
  colorfulness, colorfulness_truth, delta_colorfulness, images}, ``best`` (bool)
- ``preview``: ``step``, ``path`` (PNG: rows of grey | prediction | truth)
- ``checkpoint``: ``step``, ``path``
- ``calibrating``: (no fields) the finished classification model's readout is being calibrated
- ``calibrated``: ``share_of_rebalancing_taken_out`` (null: the readout as trained),
  ``temperature``, ``gain``, ``psnr_as_trained``, ``delta_colorfulness_as_trained``, ``psnr``
- ``exported``: ``path`` (the model file), ``registered`` (its copy in the user models folder, or
  null: a run stopped early is not registered); when registered, ``name`` (the name it got) and,
  when that name was taken, ``renamed_from`` (the name asked for)
- ``finished``: ``step``, ``elapsed_seconds``, ``model`` (path), ``metrics``
- ``stopped``: ``step``, ``reason`` (a signal or the time budget), ``checkpoint``
- ``failed``: ``message``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

BUDGET_REACHED = "time budget reached"  # a ``stopped`` event's reason when the run used its time: it is complete


class EventLog:
    """Appends events; only the writing process (rank 0) gets a real log."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stream = open(path, "a", encoding="utf-8") if path else None

    def emit(self, kind: str, **fields) -> None:
        if not self._stream:
            return
        record = {"type": kind, "time": round(time.time(), 3), **fields}
        self._stream.write(json.dumps(record, default=str) + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._stream:
            self._stream.close()


def say(message: str) -> None:
    """A human progress line on stderr (which may be None in a windowed frozen app)."""
    if sys.stderr is not None:
        print(message, file=sys.stderr, flush=True)


def read_events(path: Path) -> list[dict]:
    """All complete events of a run (a line still being written is ignored): the follower's
    reading from the start, so there is one reader of the file."""
    return EventFollower(path).read_new()


class EventFollower:
    """Reads the complete new lines of a growing JSONL file (the window follows a run's events)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def read_new(self) -> list[dict]:
        try:
            with open(self.path, "rb") as stream:
                stream.seek(self.offset)
                data = stream.read()
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            return []
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        events = []
        for line in complete.splitlines():
            try:
                event = json.loads(line)
            except ValueError:  # bad JSON, or bytes that are not text (a crash can leave NULs)
                continue
            if isinstance(event, dict):  # every event is an object; anything else is damage
                events.append(event)
        return events
