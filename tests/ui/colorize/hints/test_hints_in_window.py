"""Colour hints in the app: add, move, delete, undo/redo, live re-colour, sidecars."""

import pytest
from conftest import open_tiny_model_window, set_row_selected

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt  # noqa: E402

from colorizer_app.core.hints import load_hints, sidecar_path  # noqa: E402


@pytest.fixture
def page(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    colorize = window.colorize
    colorize.add_paths([photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"])
    qtbot.waitUntil(lambda: colorize.compare.after is not None, timeout=30000)
    colorize.hints_panel.edit.setChecked(True)
    return colorize


def widget_point(view, x, y):
    rect = view.image_rect()
    return QPoint(round(rect.x() + x * rect.width()), round(rect.y() + y * rect.height()))


def hints_of(page):
    return page.hints_ui.current.hints


def test_click_adds_a_hint_and_the_picture_recolours(page, qtbot):
    before = page.compare.after
    with qtbot.waitSignal(page.preview_updated, timeout=30000):
        qtbot.mouseClick(page.compare, Qt.MouseButton.LeftButton, pos=widget_point(page.compare, 0.25, 0.5))
    assert len(hints_of(page)) == 1
    hint = hints_of(page)[0]
    assert hint.x == pytest.approx(0.25, abs=0.02) and hint.y == pytest.approx(0.5, abs=0.02)
    assert page.hints_panel.selected == 0
    with qtbot.waitSignal(page.preview_updated, timeout=30000):
        page.hints_panel.colour_chosen.emit("#00ff00")
    assert hints_of(page)[0].color == "#00ff00"
    assert page.compare.after != before  # the hint reached the network and the picture changed
    assert page.view_bar.help.text() == "Wheel to zoom · drag to pan"  # not "Drag the divider": there is none
    page.hints_panel.edit.setChecked(False)
    assert page.view_bar.help.text().startswith("Drag the divider")


def test_drag_moves_delete_removes_and_undo_redo_restore(page, qtbot):
    view = page.compare
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=widget_point(view, 0.3, 0.3))
    start = widget_point(view, 0.3, 0.3)
    end = widget_point(view, 0.7, 0.6)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(view, end)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    moved = hints_of(page)[0]
    assert moved.x == pytest.approx(0.7, abs=0.02) and moved.y == pytest.approx(0.6, abs=0.02)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert hints_of(page) == []
    qtbot.mouseClick(page.hints_panel.undo_button, Qt.MouseButton.LeftButton)
    assert hints_of(page) == [moved]
    qtbot.mouseClick(page.hints_panel.undo_button, Qt.MouseButton.LeftButton)
    assert hints_of(page)[0].x == pytest.approx(0.3, abs=0.02)
    qtbot.mouseClick(page.hints_panel.redo_button, Qt.MouseButton.LeftButton)
    assert hints_of(page) == [moved]
    qtbot.mouseClick(view, Qt.MouseButton.RightButton, pos=widget_point(view, 0.7, 0.6))
    assert hints_of(page) == []
    assert not page.hints_panel.clear_button.isEnabled()  # nothing to clear
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=widget_point(view, 0.5, 0.5))
    assert page.hints_panel.clear_button.isEnabled()
    qtbot.mouseClick(page.hints_panel.clear_button, Qt.MouseButton.LeftButton)
    assert hints_of(page) == []


def test_hints_are_saved_beside_results_and_come_back(page, qtbot, tmp_path, photo_folder):
    qtbot.mouseClick(page.compare, Qt.MouseButton.LeftButton, pos=widget_point(page.compare, 0.5, 0.4))
    saved = list(hints_of(page))
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
    sidecar = sidecar_path(tmp_path / "results" / "portrait.jpg")
    assert load_hints(sidecar) == saved
    assert not sidecar_path(tmp_path / "results" / "beach.png").exists()  # no hints there, no sidecar
    page.queue.clear_all()  # the photos go, and their hints with them: nothing in memory
    page.add_paths([photo_folder / "portrait.jpg"])
    page.queue.setCurrentRow(0)
    assert hints_of(page) == saved
    portrait = photo_folder / "portrait.jpg"
    assert not page.hints.of(portrait).undo_stack.canUndo()  # the saved hints, not an edit ("Undo Use hints" wiped them)
    assert not page.edits_ui.edits.is_changed(portrait) and page.queue.item_for(portrait).state == "skipped"


def test_hints_reach_other_photos_only_when_asked(page, qtbot, photo_folder):
    qtbot.mouseClick(page.compare, Qt.MouseButton.LeftButton, pos=widget_point(page.compare, 0.5, 0.5))
    beach = photo_folder / "1950s" / "beach.png"
    assert page.hints.of(beach).hints == []
    set_row_selected(page.queue, 1)
    qtbot.mouseClick(page.hints_panel.apply_button, Qt.MouseButton.LeftButton)
    assert page.hints.of(beach).hints == hints_of(page)


def test_switching_photos_shows_that_the_new_one_is_on_its_way_not_the_old_picture(page, qtbot):
    old = page.compare.after
    page.queue.setCurrentRow(1)  # beach.png
    assert page.compare.before is None and page.compare.after is None
    assert "Colorizing with tiny" in page.compare.message or "beach.png" in page.compare.message
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    assert page.compare.after is not old


def test_a_photo_left_while_its_preview_renders_never_shows_on_the_next(page, qtbot):
    page.hints_ui.add_hint(0.5, 0.5)
    qtbot.waitUntil(lambda: not page.previews.is_rendering(), timeout=30000)
    page.hints_panel.undo()  # the portrait re-renders from its kept editor...
    assert page.previews.is_rendering()
    page.queue.setCurrentRow(1)  # ...while the beach photo is asked for
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    qtbot.waitUntil(lambda: not page.previews.is_rendering(), timeout=30000)
    assert page.compare.before is not None  # the beach photo's own render, not the portrait's editor
