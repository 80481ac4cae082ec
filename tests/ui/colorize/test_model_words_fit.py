"""The model's description under the selector shows all its lines (issue 26, the whole-story
trial: it was clipped at its top and bottom). At 100% and 150%, each in a child process (Qt
fixes the scale when it starts): this file run as a script opens the window with the shipped
models, switches between them at a wide and a narrow window, and prints each check."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_the_model_description_is_never_clipped(scale):
    pytest.importorskip("PySide6")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale, "COLORIZER_RESOURCES": str(REPO / "resources")}
    done = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    checks = [line for line in done.stdout.splitlines() if line.startswith("checked")]
    assert len(checks) == 6 and all(line.endswith("whole") for line in checks), done.stdout


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="model-words-"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = str(home / variable.lower())
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    from colorizer_app.ui.app.window import MainWindow
    from colorizer_app.ui.settings import AppSettings

    window = MainWindow(AppSettings(output_folder=str(home / "results")))
    window.show()
    controls = window.colorize.controls
    words = controls.model_words
    # the trial's steps: a wide window, a narrow one (a longer description needs more lines), back
    for size, model in (((1366, 740), "fast"), ((1366, 740), "default"), ((900, 600), "fast"),
                        ((900, 600), "default"), ((900, 600), "fast"), ((1366, 740), "default")):  # fmt: skip
        window.resize(*size)
        controls.models.setCurrentIndex(controls.models.findData(model))
        for _ in range(20):
            app.processEvents()
        needed = words.heightForWidth(words.width())
        whole = words.isVisible() and words.text() and words.height() >= needed
        print(f"checked {model} at {size}: {words.width()}×{words.height()}, lines need {needed}: {'whole' if whole else 'CLIPPED'}")


if __name__ == "__main__":
    main()
