"""The validation previews on Resume (issue 26, the whole-story trial): the run's last pictures
stay on screen until new ones come, instead of the empty-state text; a new run still starts blank."""

import datetime
import json
import sys

import pytest
from conftest import open_app_window, run_config

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402

from colorizer_app.ui.train import page as train_page  # noqa: E402
from colorizer_app.ui.train.unfinished_runs import EVENTS, UnfinishedRun  # noqa: E402


@pytest.fixture
def page(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(train_page, "training_command", lambda arguments: [sys.executable, "-c", "import time; time.sleep(0.3)"])
    return open_app_window(qtbot, tmp_path, train_tab=True).train


def picture(path, colour):
    Image.new("RGB", (60, 20), colour).save(path)
    return str(path)


def shown_colour(page):
    image = page.preview.pixmap().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).name()


def test_resume_keeps_the_last_previews_until_new_ones_come(page, qtbot, tmp_path):
    page.start(run_config(tmp_path, "first", epochs=1))
    page._on_event({"type": "preview", "step": 10, "path": picture(tmp_path / "red.png", "red")})
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)  # stopped
    page.resume()
    on_resume = (page.is_running(), page.preview.pixmap().isNull() or shown_colour(page))
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)  # (a failed test must not leave the run going)
    assert on_resume == (True, "#ff0000")
    page._on_event({"type": "preview", "step": 20, "path": picture(tmp_path / "blue.png", "blue")})
    assert shown_colour(page) == "#0000ff"
    page._on_event({"type": "preview", "step": 30, "path": str(tmp_path / "gone.png")})  # unreadable: the last stays
    assert shown_colour(page) == "#0000ff"
    page.start(run_config(tmp_path, "second", epochs=1))  # another run: never this one's pictures
    blank = page.preview.pixmap().isNull() and "Validation previews appear here" in page.preview.text()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)
    assert blank


def test_resuming_an_earlier_sessions_run_shows_its_last_previews(page, qtbot, tmp_path):
    folder = tmp_path / "runs" / "album"
    folder.mkdir(parents=True)
    events = [
        {"type": "preview", "step": 400, "path": picture(folder / "p400.png", "red")},
        {"type": "preview", "step": 700, "path": picture(folder / "p700.png", "lime")},
        {"type": "preview", "step": 800, "path": picture(folder / "p800.png", "blue")},  # after the checkpoint: trained again
    ]
    (folder / EVENTS).write_text("".join(json.dumps(event) + "\n" for event in events))
    page.resume_run(UnfinishedRun(folder, "Album", ["--data", str(tmp_path)], 700, 1500, datetime.datetime(2026, 3, 4), None))
    on_resume = (page.is_running(), page.preview.pixmap().isNull() or shown_colour(page))
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)
    assert on_resume == (True, "#00ff00")
