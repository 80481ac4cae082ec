"""`colorizer-app`: starts the desktop window."""

from __future__ import annotations

import sys

from colorizer_app.core.user_folders import APP_NAME
from colorizer_app.launch import SELF_TEST_FLAG, TRAIN_CHILD_FLAG


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv[1:]
    if arguments[:1] == [TRAIN_CHILD_FLAG]:
        # The Trainer panel's child process when the app is frozen (no `python -m` there).
        from colorizer_app.cli import main as command_line

        return command_line(["train", *arguments[1:]])
    if arguments[:1] == [SELF_TEST_FLAG]:
        from colorizer_app.selftest import run_self_test

        return run_self_test()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from colorizer_app.core.model_cards import resources_dir
    from colorizer_app.ui.settings import AppSettings
    from colorizer_app.ui.starting_window import StartingWindow

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icon.png")))
    settings = AppSettings.load()  # read once: the starting window and the real one share it
    windows = []  # the real window, kept alive here

    def build():
        from colorizer_app.ui.main_window import MainWindow  # torch, OpenCV, the engine: after a window shows

        windows.append(MainWindow(settings))
        return windows[0]

    starting = StartingWindow(settings)
    starting.hand_over(build)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
