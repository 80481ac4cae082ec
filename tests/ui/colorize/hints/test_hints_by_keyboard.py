"""Colour hints and the photo view without a mouse: Enter pins a colour in the middle of what is
in view, the arrows move the selected pin (a run of presses is one undo step), N picks the next
pin, Delete removes it; the arrows pan a zoomed-in photo; a frame shows the photo has the keys."""

import pytest
from conftest import open_tiny_model_window

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from colorizer_app.ui.colorize.viewing.view_keys import KEYS_HELP, PIN_STEP  # noqa: E402


@pytest.fixture
def page(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    colorize = window.colorize
    colorize.add_paths([photo_folder / "portrait.jpg"])
    qtbot.waitUntil(lambda: colorize.compare.after is not None, timeout=30000)
    return colorize


def hints_of(page):
    return page.hints_ui.current.hints


def test_pins_are_placed_moved_picked_and_removed_by_keys(page, qtbot):
    view = page.compare
    page.hints_panel.edit.setChecked(True)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    assert view.keyboard_focus()  # its frame and the keys' help are drawn
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert len(hints_of(page)) == 1 and page.hints_panel.selected == 0
    first = hints_of(page)[0]
    assert (first.x, first.y) == (pytest.approx(0.5, abs=0.02), pytest.approx(0.5, abs=0.02))  # the middle of the photo
    stack = page.hints_ui.current.undo_stack
    steps = stack.count()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # one pixel
    assert hints_of(page)[0] == first  # shown moved, reported once the keys rest
    qtbot.waitUntil(lambda: hints_of(page)[0] != first, timeout=3000)
    moved = hints_of(page)[0]
    width, height = view.image_rect().width(), view.image_rect().height()
    assert moved.x - first.x == pytest.approx(3 * PIN_STEP / width, abs=1e-6)
    assert first.y - moved.y == pytest.approx(1 / height, abs=1e-6)
    assert stack.count() == steps + 1  # four presses, one undo step

    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # focus leaves: the move is kept at once
    assert hints_of(page)[0].x == pytest.approx(moved.x - PIN_STEP / width, abs=1e-6)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.zoom_to(view.scale * 4, view.pane_centre())  # a second pin in the middle of what is in view
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert len(hints_of(page)) == 2 and page.hints_panel.selected == 1
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert page.hints_panel.selected == 0 and view.selected_hint == 0
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert page.hints_panel.selected == 1
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(hints_of(page)) == 1
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected_hint is None


def test_the_arrows_pan_a_zoomed_in_photo_and_shift_moves_the_divider(page, qtbot):
    view = page.compare
    view.setFocus(Qt.FocusReason.TabFocusReason)
    fitted = view.origin
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.origin == fitted  # a photo that fits stays put
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.divider == pytest.approx(0.55)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    before = view.origin
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.origin.x() < before.x()  # shows more of the right-hand side
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.origin.y() < before.y()


def test_a_frame_shows_the_photo_has_the_keys_when_they_came_by_keyboard(page, qtbot):
    view = page.compare
    page.hints_panel.edit.setChecked(True)
    highlight = view.palette().color(view.palette().ColorRole.Highlight).rgb()
    view.setFocus(Qt.FocusReason.MouseFocusReason)  # a click: no frame
    assert not view.keyboard_focus() and view.grab().toImage().pixel(1, view.height() // 2) != highlight
    qtbot.keyClick(view, Qt.Key.Key_Plus)  # keys used here: the frame and the keys' help
    assert view.keyboard_focus() and view.grab().toImage().pixel(1, view.height() // 2) == highlight
    assert "Enter adds a pin" in KEYS_HELP


def test_ctrl_z_right_after_an_arrow_undoes_that_move_only(page, qtbot):
    view = page.compare
    window = view.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    page.hints_panel.edit.setChecked(True)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    placed = hints_of(page)[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # within the moment: the move is reported first
    assert len(hints_of(page)) == 1 and hints_of(page)[0] == placed  # the move undone, the pin kept
