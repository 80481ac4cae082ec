"""Save this photo within reach while hints are edited (issue 26, the whole-story trial): under
the hint tools at the top of the side column, and in the Photo menu with Ctrl+S."""

from __future__ import annotations

import pytest
from conftest import open_tiny_model_window

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402


def in_view(column, widget) -> bool:
    """The whole ``widget`` is inside the side column's visible part."""
    top = widget.mapTo(column.viewport(), QPoint(0, 0))
    return column.viewport().rect().contains(widget.rect().translated(top))


@pytest.mark.parametrize("size", [(1366, 740), (1280, 720)])
def test_in_hint_mode_save_this_photo_is_under_the_hint_tools_without_scrolling(qtbot, tmp_path, photo_folder, size):
    window = open_tiny_model_window(qtbot, tmp_path, size=size)
    page = window.colorize
    page.add_paths([photo_folder / "portrait.jpg"])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    column, save, hints = page.side_column, page.edits_ui.buttons.save, page.hints_panel
    layout = column.widget().layout()
    order = [layout.itemAt(number).widget() for number in range(layout.count())]
    page.hints_panel.edit.setChecked(True)
    qtbot.wait(50)
    assert layout.indexOf(hints.parentWidget()) == 0 and layout.indexOf(page.edits_ui.buttons) == 1
    assert column.verticalScrollBar().value() == 0
    assert in_view(column, hints.brush) and in_view(column, save), "the brush and Save, both without scrolling"
    page.hints_panel.edit.setChecked(False)
    assert [layout.itemAt(number).widget() for number in range(layout.count())] == order  # back in their places


def test_the_photo_menu_saves_this_photo_with_ctrl_s(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    page = window.colorize
    action = window.menus.save_photo
    photo_menu = next(item.menu() for item in window.menuBar().actions() if item.text() == "&Photo")
    assert action in photo_menu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+S")
    assert not action.isEnabled()  # no photo yet
    page.add_paths([photo_folder / "portrait.jpg"])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    qtbot.waitUntil(action.isEnabled)
    page.hints_panel.edit.setChecked(True)
    window.tabs.setCurrentWidget(window.train)  # from anywhere: it shows the Colorize tab and saves
    window.activateWindow()
    with qtbot.waitSignal(page.batch_done, timeout=60000) as done:
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0].count("done") == 1 and (tmp_path / "results" / "portrait.jpg").is_file()
    assert window.tabs.currentWidget() is page
