"""The window by keyboard alone (a keyboard-only trial, 2026-12-06): the keys start in the photo
list, Enter clicks a focused button as Space does, Colorize all hands the focus to Cancel and
back, Escape cancels a batch, Ctrl+Enter starts one, and the settings column is no Tab stop."""

import pytest
from conftest import natural_image, open_tiny_model_window
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path):
    window = open_tiny_model_window(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window


def add_photos(page, folder, count):
    folder.mkdir()
    for index in range(count):
        Image.fromarray(natural_image(200, 300, seed=index)).convert("L").save(folder / f"{index:02d}.png")
    page.add_paths([folder])


def test_the_keys_start_in_the_photo_list_and_the_column_is_no_tab_stop(window):
    assert QApplication.focusWidget() is window.colorize.queue
    assert window.colorize.side_column.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_enter_on_a_focused_button_clicks_it(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "one", 1)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    button = page.hints_panel.edit
    button.setFocus()
    assert button.hasFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(button.isChecked, timeout=2000)
    qtbot.keyClick(button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: not button.isChecked(), timeout=2000)


def test_colorize_all_by_key_hands_focus_to_cancel_escape_cancels_and_focus_comes_back(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "many", 30)
    page.run_button.setFocus()
    with qtbot.waitSignal(page.batch_done, timeout=60000) as finished:
        qtbot.keyClick(page.run_button, Qt.Key.Key_Space)
        assert page.cancel_button.hasFocus()  # not the tab bar, where focus does not show
        qtbot.waitUntil(lambda: page.progress.value() >= 1, timeout=30000)
        qtbot.keyClick(page.cancel_button, Qt.Key.Key_Escape)
    assert finished.args[0].cancelled
    assert page.run_button.hasFocus()


def test_ctrl_enter_starts_the_batch_from_anywhere_in_the_window(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "two", 2)
    page.queue.setFocus()
    assert window.menus.colorize_all.isEnabled() and not window.menus.cancel.isEnabled()
    with qtbot.waitSignal(page.batch_done, timeout=60000) as finished:
        qtbot.keyClick(page.queue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert finished.args[0].count("done") == 2
