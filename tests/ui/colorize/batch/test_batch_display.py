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
