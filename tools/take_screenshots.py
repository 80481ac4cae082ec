"""Screenshots of every screen, from a real window: run under xvfb-run (openbox, if installed,
draws the window frames).

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python tools/take_screenshots.py docs/screenshots

The light shots use the platform's own look ("follow the system"); the dark ones switch
View ▸ Theme to Dark, as a person would.

Uses the built-in models, the shipped sample photos, and a training set cut from
scikit-image's sample photos (never the project's training data).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parents[1]


def wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_until(condition, timeout_ms: int = 120000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        wait(200)
        waited += 200


def shoot(window, path: Path) -> None:
    wait(600)
    window.screen().grabWindow(window.winId()).save(str(path))
    print("saved", path)


def shoot_menu(window, title: str, path: Path) -> None:
    """The window with one of its menus open (a menu is a window of its own: grab the screen)."""
    action = next(action for action in window.menuBar().actions() if action.text().replace("&", "") == title)
    window.menuBar().setActiveAction(action)
    wait(600)
    frame = window.frameGeometry().united(action.menu().geometry())
    window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()).save(str(path))
    action.menu().hide()
    print("saved", path)


def sample_training_folder(folder: Path, count: int = 60) -> Path:
    """Random crops of scikit-image's colour sample photos."""
    from skimage import data

    folder.mkdir(parents=True, exist_ok=True)
    sources = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket(), data.immunohistochemistry(), data.retina()]
    rng = np.random.default_rng(0)
    for index in range(count):
        source = sources[index % len(sources)]
        side = int(min(source.shape[:2]) * rng.uniform(0.4, 0.9))
        top = rng.integers(0, source.shape[0] - side + 1)
        left = rng.integers(0, source.shape[1] - side + 1)
        Image.fromarray(source[top : top + side, left : left + side]).resize((160, 160)).save(folder / f"crop-{index:03d}.jpg", quality=90)
    return folder


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    application = QApplication(sys.argv)
    application.setApplicationName("Colorizer")
    from colorizer_app.ui.app.window import MainWindow
    from colorizer_app.ui.settings import AppSettings
    from trainer.config import TrainConfig

    with tempfile.TemporaryDirectory() as temporary:
        for folder in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[folder] = str(Path(temporary) / folder)  # the user's settings, models and runs are left alone
        settings = AppSettings(output_folder=str(Path(temporary) / "Colorizer"))
        window = MainWindow(settings)
        window.resize(1280, 800)
        window.show()
        shoot(window, out / "1-empty.png")

        page = window.colorize
        page.add_paths([REPO / "resources" / "samples"])
        wait_until(lambda: page.compare.after is not None)
        shoot(window, out / "2-compare.png")

        page.start_batch()
        wait_until(lambda: page.worker is None)
        shoot(window, out / "3-batch-done.png")
        shoot_menu(window, "Photo", out / "8-photo-menu.png")
        page.hints_panel.edit.setChecked(True)  # the brush and colours show while editing hints
        page.hints_ui.add_hint(0.45, 0.3)
        wait_until(lambda: bool(page.hints_panel.palette.suggested), timeout_ms=30000)
        shoot(window, out / "11-hints.png")
        page.hints_panel.undo()
        page.hints_panel.edit.setChecked(False)
        window.set_theme("dark")
        page.queue.setCurrentRow(1)
        wait_until(lambda: page.compare.after is not None)
        shoot(window, out / "9-dark.png")
        window.set_theme("system")

        train = window.train
        window.tabs.setCurrentWidget(train)
        train.folder.setText(str(sample_training_folder(Path(temporary) / "colour-photos")))
        shoot(window, out / "4-train-folder.png")
        train.scan()
        wait_until(lambda: train.stack.currentIndex() == 1)
        shoot(window, out / "5-train-summary.png")
        train.stack.setCurrentIndex(2)
        train.name.setText("my-first-model")
        shoot(window, out / "6-train-options.png")
        demo = TrainConfig(
            data=train.folder.text(),
            out="",
            name="screenshot-demo",
            arch="constant_resolution",
            loss="l1",
            epochs=12,
            device="cpu",
            batch_size=8,
            crop=64,
            register=False,
        )
        train.start(demo, "Research set-up")
        wait_until(lambda: len(train.plots.val_steps) >= 6, timeout_ms=300000)
        shoot(window, out / "7-training.png")
        window.set_theme("dark")
        shoot(window, out / "10-dark-training.png")
        window.set_theme("system")
        train.stop()
        wait_until(lambda: not train.is_running())
        window.close()


if __name__ == "__main__":
    main()
