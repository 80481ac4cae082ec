"""`colorizer-app`, the desktop app's entry point: the window, or (when frozen) the training
child and the self-test, which have no `python -m` to run them.

Why here and not in ui: it sits above the window, the command line and the self-test, so
none of those imports another (the layers in pyproject.toml).
"""

from __future__ import annotations

import sys

from colorizer_app.launch import SELF_TEST_FLAG, TRAIN_CHILD_FLAG


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv[1:]
    if arguments[:1] == [TRAIN_CHILD_FLAG]:
        from colorizer_app.cli import main as command_line

        return command_line(["train", *arguments[1:]])
    if arguments[:1] == [SELF_TEST_FLAG]:
        from colorizer_app.selftest import run_self_test

        return run_self_test()
    from colorizer_app.ui.app.main import run_window

    return run_window(argv)


if __name__ == "__main__":
    sys.exit(main())
