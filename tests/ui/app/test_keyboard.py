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


def tab_stops(start, last, count=80) -> list:
    stops, widget = [], start
    for _ in range(count):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled() and widget.focusProxy() is None:
            stops.append(widget)
        if widget is last:
            break
    return stops


def test_tab_follows_the_column_as_shown_and_reads_the_swatches_colours(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "one", 1)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    panel = page.hints_panel
    normal = tab_stops(page.compare, page.run_button)
    assert normal.index(page.controls.models) < normal.index(panel.edit)
    panel.edit.setChecked(True)  # the hint tools move to the top of the column: Tab goes there first
    page.hints_ui.add_hint(0.5, 0.5)
    qtbot.waitUntil(lambda: bool(panel.palette.suggested), timeout=30000)
    qtbot.wait(50)  # (the new swatches show at the next turn of the event loop)
    editing = tab_stops(page.compare, page.run_button)
    first_in_column = next(stop for stop in editing if page.side_column.isAncestorOf(stop))
    assert first_in_column is panel.edit
    swatches = [stop for stop in editing if stop.accessibleName().endswith("suggested by the model for this spot")]
    assert len(swatches) == len(panel.palette.suggested)  # in the column's order, not after Colorize all
    assert editing.index(panel.brush.slider) < editing.index(swatches[0]) < editing.index(panel.palette.more)
    assert editing.index(panel.palette.more) < editing.index(page.edits_ui.buttons.save) < editing.index(page.controls.models)
    assert "(#" in swatches[0].toolTip() and swatches[0].accessibleName().split(",")[0] in swatches[0].toolTip()
    panel.edit.setChecked(False)
    again = tab_stops(page.compare, page.run_button)
    assert again.index(page.controls.models) < again.index(page.edits_ui.buttons.save) < again.index(panel.edit)


def test_colours_have_plain_names():
    from colorizer_app.ui.look.colour_words import colour_words

    names = {colour: colour_words(colour) for colour in ("#8a5a3c", "#1a237e", "#c8a27a", "#f0f0f0", "#808080", "#2e7d32", "#ffc0cb")}
    assert names == {
        "#8a5a3c": "brown",
        "#1a237e": "dark blue",
        "#c8a27a": "beige",
        "#f0f0f0": "white",
        "#808080": "grey",
        "#2e7d32": "green",
        "#ffc0cb": "pink",
    }


def test_escape_lets_a_pin_go_during_a_batch_and_the_train_tab_keeps_its_keys(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "many", 30)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    page.hints_panel.edit.setChecked(True)
    page.hints_ui.add_hint(0.5, 0.5)
    view = page.compare
    view.setFocus(Qt.FocusReason.TabFocusReason)
    with qtbot.waitSignal(page.batch_done, timeout=60000) as finished:
        page.start_batch()
        assert window.menus.cancel.isEnabled()
        qtbot.keyClick(view, Qt.Key.Key_Escape)  # the pin, not the batch
        assert view.selected_hint is None
        window.tabs.setCurrentWidget(window.train)
        window.train.setFocus()
        qtbot.keyClick(window.train, Qt.Key.Key_Escape)  # another tab: its Escape is not "cancel colorizing"
    assert not finished.args[0].cancelled


def test_a_colour_picked_by_keyboard_keeps_the_focus_on_its_row(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "one", 1)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    palette = page.hints_panel.palette
    palette.restore_recent(["#8a5a3c", "#1a237e", "#2e7d32"])
    page.hints_panel.edit.setChecked(True)
    page.hints_ui.add_hint(0.5, 0.5)
    qtbot.wait(50)
    second = palette.recent_row.itemAt(1).widget()
    second.setFocus()
    qtbot.keyClick(second, Qt.Key.Key_Space)  # the recent colours are made again, this one first
    focused = QApplication.focusWidget()
    assert focused is palette.recent_row.itemAt(1).widget() and focused is not second
    assert palette.recent[0] == "#1a237e"


def test_save_this_photo_by_keyboard_keeps_the_keys_in_reach(window, qtbot, tmp_path):
    page = window.colorize
    add_photos(page, tmp_path / "one", 1)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    save = page.edits_ui.buttons.save
    qtbot.waitUntil(save.isEnabled, timeout=5000)
    save.setFocus()
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        qtbot.keyClick(save, Qt.Key.Key_Space)
        during, enabled = QApplication.focusWidget(), save.isEnabled()
    assert during is (save if enabled else page.cancel_button)  # never the next control or the tab bar
    after = QApplication.focusWidget()
    assert after in (save, page.run_button), after.text()  # back on Save, or on Colorize all while Save was disabled
