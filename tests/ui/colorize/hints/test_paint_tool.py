"""Hints as a paint tool: brush size, the palette (suggested and recent colours), the
non-modal colour chooser with a live picture, and Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y."""

import pytest
from conftest import open_tiny_model_window

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from colorizer_app.core.hints import load_hints, sidecar_path  # noqa: E402
from colorizer_app.ui.colorize.hints.brush import ColourPalette, position_of, size_at  # noqa: E402


@pytest.fixture
def page(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    colorize = window.colorize
    colorize.add_paths([photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"])
    qtbot.waitUntil(lambda: colorize.compare.after is not None, timeout=30000)
    colorize.hints_panel.edit.setChecked(True)
    return colorize


def click_photo(page, qtbot, x, y):
    rect = page.compare.image_rect()
    qtbot.mouseClick(
        page.compare, Qt.MouseButton.LeftButton, pos=QPoint(round(rect.x() + x * rect.width()), round(rect.y() + y * rect.height()))
    )


def hints_of(page):
    return page.hints_ui.current.hints


def test_brush_size_reaches_new_pins_the_selected_pin_and_the_saved_hints(page, qtbot, tmp_path):
    brush = page.hints_panel.brush
    assert brush.value.text().endswith(("pixel", "pixels"))  # in the photo's own pixels
    brush.slider.setValue(70)
    big = size_at(70)
    assert page.compare.brush_size == big
    click_photo(page, qtbot, 0.3, 0.4)
    assert hints_of(page)[0].size == big  # a new pin gets the brush
    assert brush.value.text() == f"{round(big * 128)} pixels"  # the photo is 128 pixels wide
    steps_before = page.hints_ui.current.undo_stack.count()
    for position in (60, 50, 40):  # dragging the slider with the pin selected
        brush.slider.setValue(position)
    assert hints_of(page)[0].size == size_at(40)
    assert page.hints_ui.current.undo_stack.count() == steps_before + 1  # one step to undo, not three
    click_photo(page, qtbot, 0.7, 0.6)
    assert hints_of(page)[1].size == size_at(40)
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
    saved = load_hints(sidecar_path(tmp_path / "results" / "portrait.jpg"))
    assert [hint.size for hint in saved] == [size_at(40), size_at(40)]


def test_selecting_a_pin_shows_its_size_on_the_brush(page, qtbot):
    page.hints_panel.brush.slider.setValue(80)
    click_photo(page, qtbot, 0.3, 0.4)
    page.hints_panel.brush.slider.setValue(20)
    click_photo(page, qtbot, 0.7, 0.6)
    click_photo(page, qtbot, 0.3, 0.4)  # select the first pin again
    assert page.hints_panel.selected == 0 and page.hints_panel.brush.slider.value() == position_of(size_at(20))


def test_keys_undo_and_redo_hint_edits(page, qtbot):
    click_photo(page, qtbot, 0.3, 0.3)
    click_photo(page, qtbot, 0.6, 0.6)
    assert len(hints_of(page)) == 2
    page.compare.setFocus()
    qtbot.keyClick(page.compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(hints_of(page)) == 1 and hints_of(page)[0].x == pytest.approx(0.3, abs=0.02)  # the last pin went
    qtbot.keyClick(page.compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(hints_of(page)) == 2
    qtbot.keyClick(page.compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.compare, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(hints_of(page)) == 2
    click_photo(page, qtbot, 0.6, 0.6)  # select the second pin
    assert page.hints_panel.selected == 1
    qtbot.keyClick(page.compare, Qt.Key.Key_BracketRight)  # a larger brush for the selected pin
    assert hints_of(page)[1].size > 0.01 and page.compare.brush_size == hints_of(page)[1].size


def test_palette_offers_the_models_colours_at_the_pin_and_recent_ones(page, qtbot):
    palette = page.hints_panel.palette
    assert palette.suggested == [] and not palette.isEnabled()  # no pin selected
    with qtbot.waitSignal(page.previews.suggestions_ready, timeout=30000):
        click_photo(page, qtbot, 0.5, 0.5)
    qtbot.waitUntil(lambda: len(palette.suggested) > 0, timeout=30000)
    chosen = palette.suggested[-1]
    swatch = palette.suggested_row.itemAt(len(palette.suggested) - 1).widget()
    with qtbot.waitSignal(page.preview_updated, timeout=30000):
        qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    assert hints_of(page)[0].color == chosen and palette.recent[0] == chosen
    view = page.compare  # dragging the pin elsewhere asks for that spot's suggestions
    start = view.pin_position(hints_of(page)[0]).toPoint()
    end = QPoint(start.x() - 120, start.y() - 80)
    with qtbot.waitSignal(page.previews.suggestions_ready, timeout=30000) as moved:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(view, end)
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    assert moved.args[0] and hints_of(page)[0].x < 0.5
    page.queue.setCurrentRow(1)  # another photo: the suggestions were for the other one
    assert palette.suggested == [] and palette.recent[0] == chosen  # recent colours stay


def test_the_colour_chooser_is_non_modal_and_the_picture_follows_it(page, qtbot):
    click_photo(page, qtbot, 0.5, 0.5)
    original = hints_of(page)[0].color
    steps = page.hints_ui.current.undo_stack.count()
    qtbot.mouseClick(page.hints_panel.palette.more, Qt.MouseButton.LeftButton)
    chooser = page.hints_panel.palette.chooser()
    assert chooser.isVisible() and not chooser.isModal()
    assert page.compare.isEnabled()  # the photo can still be clicked
    with qtbot.waitSignal(page.preview_updated, timeout=30000):
        chooser.setCurrentColor(QColor("#00c000"))
    assert hints_of(page)[0].color == "#00c000"  # live, before any OK
    chooser.setCurrentColor(QColor("#c00000"))
    assert page.hints_ui.current.undo_stack.count() == steps + 1  # the chooser's changes are one step
    chooser.reject()
    assert hints_of(page)[0].color == original and page.hints_ui.current.undo_stack.count() == steps
    qtbot.mouseClick(page.hints_panel.palette.more, Qt.MouseButton.LeftButton)
    chooser.setCurrentColor(QColor("#2050d0"))
    chooser.accept()
    assert hints_of(page)[0].color == "#2050d0" and page.hints_panel.palette.recent[0] == "#2050d0"


def test_the_colour_chooser_opens_beside_the_photo_not_over_it(qtbot):
    photo = QWidget()
    qtbot.addWidget(photo)
    photo.setGeometry(0, 0, 240, 400)
    photo.show()
    palette = ColourPalette()
    qtbot.addWidget(palette)
    palette.keep_clear_of = photo
    palette.open_chooser()
    chooser = palette.chooser()
    qtbot.addWidget(chooser)
    photo_rect = QRect(photo.mapToGlobal(QPoint(0, 0)), photo.size())
    assert chooser.isVisible() and not chooser.frameGeometry().intersects(photo_rect)
