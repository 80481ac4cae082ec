"""Fault drills in the window (issue 27; issue 26 finding 4): an output folder that cannot be
written stops the batch with one message and a way to pick another folder, never marking a
photo as broken; an unreadable hints file beside a result is said on the photo's row."""

from __future__ import annotations

import errno
import os
import shutil

import pytest
from conftest import open_tiny_model_window

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from colorizer_app.core import batch as batch_module  # noqa: E402
from colorizer_app.core.hints import sidecar_path  # noqa: E402
from colorizer_app.core.images import ImageWriteError  # noqa: E402
from colorizer_app.ui.colorize import output_folder  # noqa: E402


def colorize_all(page, qtbot):
    qtbot.waitUntil(page.run_button.isEnabled, timeout=30000)
    with qtbot.waitSignal(page.batch_done, timeout=120000) as done:
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def folder_message():
    boxes = [widget for widget in QApplication.topLevelWidgets() if widget.objectName() == "output-folder-problem" and widget.isVisible()]
    return boxes[0] if len(boxes) == 1 else None


def states(page):
    return {row.source.name: row.state for row in page.queue.list_model.rows()}


@pytest.fixture
def page(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    page = window.colorize
    page.add_paths([photo_folder])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=60000)
    return page


def test_an_output_folder_under_a_file_stops_before_the_first_photo_with_one_message(page, qtbot, tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a folder")
    page.controls.output_folder.setText(str(tmp_path / "a-file" / "results"))
    good_preview = page.compare.after
    summary = colorize_all(page, qtbot)
    assert not summary.results and summary.not_started == 3
    qtbot.waitUntil(lambda: folder_message() is not None)
    box = folder_message()
    assert str(tmp_path / "a-file" / "results") in box.text() and "nothing was written there" in box.text()
    assert set(states(page).values()) == {"waiting"}, "no photo is marked as broken for the folder"
    assert page.compare.after is good_preview and not page.details.isVisible(), "the good photo's preview stays"
    assert page.progress_label.text().startswith("Stopped. The output folder")  # not "Nothing was colorized" twice
    assert "film" not in page.progress_label.text()  # no film in the batch
    # the message's button picks another folder, and Colorize all then goes on there
    monkeypatch.setattr(output_folder.QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path / "elsewhere"))
    choose = next(button for button in box.buttons() if box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole)
    choose.click()
    assert page.controls.output_folder.text() == str(tmp_path / "elsewhere")
    assert colorize_all(page, qtbot).count("done") == 3


def test_a_folder_failing_mid_batch_stops_it_and_blames_no_photo(page, qtbot, monkeypatch):
    real, calls = batch_module.write_photo, []

    def read_only_after_one(path, *args, **kwargs):
        calls.append(path)
        if len(calls) > 1:
            raise ImageWriteError(f"{path}: could not write (Read-only file system)") from OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch_module, "write_photo", read_only_after_one)
    summary = colorize_all(page, qtbot)
    assert summary.count("done") == 1 and not summary.failed and summary.not_started == 2
    assert "read-only disk: 1 done and kept, 2 not finished" in summary.stopped_reason
    assert sorted(states(page).values()) == ["done", "waiting", "waiting"]
    qtbot.waitUntil(lambda: folder_message() is not None)
    assert len(calls) == 2, "no write after the folder failed"


def test_an_unreadable_hints_file_beside_a_result_is_said_on_the_photos_row(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    page = window.colorize
    sidecar = sidecar_path(tmp_path / "results" / "portrait.jpg")
    sidecar.parent.mkdir(parents=True)
    sidecar.write_text('{"format": "colorizer-hints", "version": 1, "hints": [{"x": 0.5, "y": 0.5}]}')
    shutil.copyfile(photo_folder / "portrait.jpg", tmp_path / "results" / "portrait.jpg")  # its result, as in life
    page.add_paths([photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"])
    row = page.queue.item_for(photo_folder / "portrait.jpg")
    qtbot.waitUntil(lambda: row.state == "skipped")  # its result is there: "Already colorized", the note kept
    qtbot.wait(200)  # the photo check has answered: the note stays
    assert "saved colour hints were not used" in row.message and "no 'color'" in row.message
    assert "no 'color'" in row.tooltip
    page.queue.setCurrentRow(page.queue.list_model.rows().index(row))
    qtbot.waitUntil(lambda: page.details.isVisible())
    assert "no 'color'" in page.details.label.text()
    assert not page.queue.item_for(photo_folder / "1950s" / "beach.png").message
