"""The window that shows before torch loads, and its hand-over to the real window."""

import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QLabel, QWidget  # noqa: E402

from colorizer_app.ui.app import starting_window  # noqa: E402
from colorizer_app.ui.app.starting_window import StartingWindow  # noqa: E402
from colorizer_app.ui.settings import AppSettings  # noqa: E402


def test_the_starting_window_needs_neither_torch_nor_opencv():
    code = "import sys, colorizer_app.ui.app.starting_window; print('torch' in sys.modules, 'cv2' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_it_shows_at_once_then_hands_over_to_the_real_window(qtbot):
    starting = StartingWindow(AppSettings())
    qtbot.addWidget(starting)
    real = QWidget()
    qtbot.addWidget(real)
    starting.hand_over(lambda: real)
    assert starting.isVisible() and not real.isVisible()
    assert "Starting" in starting.findChild(QLabel).text()
    qtbot.waitUntil(real.isVisible, timeout=5000)
    assert not starting.isVisible()


def test_a_window_that_cannot_be_built_is_reported_not_left_starting(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(starting_window.QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    exits = []
    monkeypatch.setattr(starting_window.QApplication, "exit", lambda code=0: exits.append(code))
    starting = StartingWindow(AppSettings())
    qtbot.addWidget(starting)

    def broken():
        raise RuntimeError("no models folder")

    starting.hand_over(broken)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0][0] == "Colorizer could not start" and exits == [1]
