"""A batch on screen (issue 26, the whole-story trial): the list ends on the selected photo,
and Save this photo says what it saved."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import open_tiny_model_window
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402


def colorize(page, qtbot, button):
    qtbot.waitUntil(button.isEnabled, timeout=30000)
    with qtbot.waitSignal(page.batch_done, timeout=120000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return done.args[0]


def row_in_view(queue, row: int) -> bool:
    return queue.viewport().rect().contains(queue.visualRect(queue.list_model.index(row)))


def test_after_a_batch_the_list_shows_the_selected_photo_again(qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(30):
        Image.fromarray(np.full((24, 32), 8 * number, np.uint8)).save(folder / f"photo{number:02d}.png")
    page = open_tiny_model_window(qtbot, tmp_path, size=(1280, 720)).colorize
    page.add_paths([folder])
    page.queue.go_to(2)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    followed = []
    page.queue.verticalScrollBar().valueChanged.connect(followed.append)
    assert colorize(page, qtbot, page.run_button).count("done") == 30
    assert followed and max(followed) > 0, "the list followed the photo being colorized"
    assert not row_in_view(page.queue, 29) and row_in_view(page.queue, 2)
    assert page.queue.currentRow() == 2


def test_save_this_photo_says_which_photo_it_saved_and_where(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    page = window.colorize
    page.add_paths([photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    statuses = []
    page.status.connect(statuses.append)
    summary = colorize(page, qtbot, page.edits_ui.buttons.save)
    assert summary.count("done") == 1
    output = tmp_path / "results" / "portrait.jpg"
    assert output.is_file()
    assert statuses[-1] == f"Saved portrait.jpg to {output}."
    assert window.statusBar().currentMessage() == statuses[-1]
    assert page.progress_label.text() == "Saved portrait.jpg to results/portrait.jpg."  # short: the column stays narrow

    summary = colorize(page, qtbot, page.run_button)  # Colorize all still counts
    assert page.progress_label.text().startswith("Finished.") and statuses[-1].startswith("Finished.")


def test_an_export_names_how_many_were_saved_and_what_could_not_be():
    from pathlib import Path

    from colorizer_app.core.batch import BatchItem, BatchSummary, ItemResult
    from colorizer_app.ui.colorize.batch.display import saved_text

    def result(name, status, message=""):
        return ItemResult(BatchItem(Path("/in") / name, Path("/out/results") / name), status, message)

    two = BatchSummary([result("a.jpg", "done"), result("b.jpg", "done"), result("c.jpg", "failed", "it is not a photo")])
    assert saved_text(two, full_paths=True) == "Saved 2 photos to /out/results. Could not save c.jpg: it is not a photo"
    assert saved_text(two, full_paths=False).startswith("Saved 2 photos to results.")
    assert saved_text(BatchSummary(), full_paths=True) == "Nothing was saved."
