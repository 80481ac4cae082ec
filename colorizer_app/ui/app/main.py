"""The desktop window's start: a plain "starting" window at once, the real one once the engine loads
(colorizer_app/desktop.py decides whether the window starts at all)."""

from __future__ import annotations

import sys

from colorizer_app.core.user_folders import APP_NAME


def run_window(argv: list[str] | None = None) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from colorizer_app.core.model_cards import resources_dir
    from colorizer_app.ui.app.starting_window import StartingWindow
    from colorizer_app.ui.settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icon.png")))
    settings = AppSettings.load()  # read once: the starting window and the real one share it
    windows = []  # the real window, kept alive here

    def build():
        from colorizer_app.ui.app.window import MainWindow  # torch, OpenCV, the engine: after a window shows

        windows.append(MainWindow(settings))
        return windows[0]

    starting = StartingWindow(settings)
    starting.hand_over(build)
    return app.exec()
