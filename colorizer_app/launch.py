"""How the app starts its own child processes: the flags the frozen app understands and the
training child's command line. No Qt here, so the self-test, the window and the tests share
it without importing each other."""

from __future__ import annotations

import sys

TRAIN_CHILD_FLAG = "--train-child"  # the frozen app runs `colorizer train` (no `python -m` there)
SELF_TEST_FLAG = "--self-test"


def training_command(arguments: list[str]) -> list[str]:
    """How to start the trainer: the app itself re-invoked when frozen, else this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, TRAIN_CHILD_FLAG, *arguments]
    return [sys.executable, "-m", "colorizer_app", "train", *arguments]
