"""The first thing on screen: a plain window saying Colorizer is starting, shown before
torch, OpenCV and the models load (~1.5 s here), then replaced by the real window at the
same place. Imports only Qt and torch-free modules, so it appears in a fraction of a second."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QVBoxLayout, QWidget

from colorizer_app.core.errorlog import describe_unexpected, log_failure, log_path
from colorizer_app.ui.look.theme import app_theme
from colorizer_app.ui.settings import AppSettings

FIRST_PAINT_MS = 30  # let the starting window paint before the heavy imports take the thread


class StartingWindow(QWidget):
    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        app_theme().set_choice(settings.theme)  # the user's light or dark from the first frame
        self.setWindowTitle("Colorizer")
        label = QLabel("Starting Colorizer…")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.resize(1280, 800)
        if settings.window_geometry:  # where the real window will appear
            self.restoreGeometry(QByteArray.fromHex(settings.window_geometry.encode()))

    def hand_over(self, build: Callable[[], QWidget]) -> None:
        """Show at once; then ``build()`` the real window, show it and close this one."""
        self.show()

        def replace() -> None:
            try:
                window = build()
            except Exception as error:  # noqa: BLE001 (say so instead of "Starting…" forever)
                log_failure("starting the window", error)
                QMessageBox.critical(self, "Colorizer could not start", f"{describe_unexpected(error)}\n\nDetails: {log_path()}")
                QApplication.exit(1)
                return
            if getattr(getattr(window, "settings", None), "window_maximized", False):
                window.showMaximized()  # as it was left (issue 26: it came back at its restored size)
            else:
                window.show()
            self.close()

        QTimer.singleShot(FIRST_PAINT_MS, replace)
