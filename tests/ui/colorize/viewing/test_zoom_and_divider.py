"""Looking at photos: 1:1 in the photo's real pixels with a sharp zoomed-in render, the
divider's grip, side by side, and Compare models."""

import numpy as np
import pytest
from conftest import make_model_file, open_tiny_model_window
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from colorizer_app.core.model_files import user_models_dir  # noqa: E402
from colorizer_app.ui.colorize.viewing import zoom as zoom_render  # noqa: E402
from colorizer_app.ui.colorize.viewing.compare_view import CompareView  # noqa: E402


def striped_photo(path, width=3000, height=2000):
    """A grey photo of one-pixel stripes: a 1280-pixel preview blurs them to an even grey."""
    columns = np.where(np.arange(width) % 2 == 0, 50, 200).astype(np.uint8)
    Image.fromarray(np.broadcast_to(columns, (height, width)).copy()).save(path)
    return path


@pytest.fixture
def window(qtbot, tmp_path):
    make_model_file(user_models_dir(), name="other", seed=7)
    return open_tiny_model_window(qtbot, tmp_path)


@pytest.fixture
def big_photo(window, qtbot, tmp_path):
    page = window.colorize
    page.add_paths([striped_photo(tmp_path / "stripes.png")])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    return page


def stripe_contrast(image: QImage, x: int, y: int) -> int:
    """How much the next few columns from (x, y) differ: about 150 for real stripes, near 0 when blurred."""
    values = [QColor(image.pixel(x + offset, y)).lightness() for offset in range(6)]
    return max(values) - min(values)


def test_one_to_one_is_the_photos_real_pixels_and_they_arrive_sharp(big_photo, qtbot):
    page, view = big_photo, big_photo.compare
    assert view.photo_size == (3000, 2000) and view.before.width() == 1280  # a shrunk preview...
    page.view_bar.actual_action.trigger()
    assert view.scale == 1.0 and page.view_bar.zoom_label.text() == "100%"
    assert view.image_rect().width() == 3000  # ...drawn at one screen pixel per photo pixel
    qtbot.waitUntil(lambda: view.sharp is not None and view.sharp[2] is not None, timeout=30000)
    region, before, after = view.sharp
    assert region.contains(view.visible_region())
    assert before.width() == region.width() and after.width() == region.width()  # full resolution, not the preview's
    shot = view.grab().toImage()
    middle = view.height() // 2 + 40
    assert stripe_contrast(shot, view.width() // 4, middle) > 100  # before, left of the divider
    assert stripe_contrast(shot, view.width() * 3 // 4, middle) > 100  # after, right of it
    view.fit()
    assert view.sharp is None  # the preview is sharp enough again
    assert stripe_contrast(view.grab().toImage(), view.width() // 4, middle) < 40


def test_the_zoom_figure_follows_the_window_to_a_screen_of_another_scaling(big_photo, monkeypatch):
    page, view = big_photo, big_photo.compare
    page.view_bar.actual_action.trigger()
    assert page.view_bar.zoom_label.text() == "100%"
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: 2.0)  # dragged onto a 200% screen
    QApplication.sendEvent(view, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert page.view_bar.zoom_label.text() == "200%"  # each photo pixel is two of this screen's


def test_at_150_percent_scaling_one_to_one_stays_on_the_screens_pixel_grid(big_photo, qtbot, monkeypatch):
    view = big_photo.compare
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: 1.5)
    view.actual_size()
    assert view.screen_scale() == pytest.approx(1.0)
    start = QPointF(view.origin)
    for step in (1, 1, 3):  # drags of a window pixel or three: 1.5 and 4.5 screen pixels
        grab = QPoint(view.width() // 4, view.height() // 2)  # left of the divider: the photo, not the divider
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=grab)
        qtbot.mouseMove(view, grab + QPoint(step, step))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=grab + QPoint(step, step))
        on_screen = (view.origin.x() * 1.5, view.origin.y() * 1.5)
        assert on_screen == (round(on_screen[0]), round(on_screen[1])), f"the photo is {on_screen} screen pixels in: between two"
    moved = view.origin - start
    assert 4 <= moved.x() <= 6 and 4 <= moved.y() <= 6  # it went with the pointer (5 window pixels), give or take a snap


def test_zoom_renders_coalesce_while_panning(big_photo, qtbot, monkeypatch):
    view = big_photo.compare
    started = []
    original = zoom_render.render_window

    def counting(path, editor, region, level):
        started.append(region)
        return original(path, editor, region, level)

    monkeypatch.setattr(zoom_render, "render_window", counting)
    view.zoom_to(2.0, QPointF(view.width() / 2, view.height() / 2))
    start = QPoint(view.width() // 2, view.height() // 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 31):
        qtbot.mouseMove(view, QPoint(start.x() - 20 * step, start.y()))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(start.x() - 600, start.y()))
    qtbot.waitUntil(
        lambda: view.sharp is not None and view.sharp[2] is not None and view.sharp[0].contains(view.visible_region()), timeout=30000
    )
    assert 1 <= len(started) <= 4  # thirty moves, a few renders
    assert stripe_contrast(view.grab().toImage(), view.width() * 3 // 4, view.height() // 2 + 40) > 100


def test_the_divider_has_a_grip_and_the_pointer_says_drag(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    grey = QImage(200, 150, QImage.Format.Format_RGB888)
    grey.fill(QColor(128, 128, 128))
    view.set_images(grey, grey)
    shot = view.grab().toImage()
    assert QColor(shot.pixel(200 - 5, 150 + 20)).lightness() > 200  # the grip, on the divider's middle
    assert QColor(shot.pixel(120, 150 + 20)).lightness() < 140
    qtbot.mouseMove(view, QPoint(208, 150))  # near the grip
    assert view.cursor().shape() == Qt.CursorShape.SplitHCursor and view.near_divider
    qtbot.mouseMove(view, QPoint(100, 60))
    assert view.cursor().shape() == Qt.CursorShape.OpenHandCursor and not view.near_divider


def test_side_by_side_shows_both_whole_and_they_move_together(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    before, after = QImage(200, 100, QImage.Format.Format_RGB888), QImage(200, 100, QImage.Format.Format_RGB888)
    before.fill(QColor("black"))
    after.fill(QColor("white"))
    view.set_images(before, after)
    view.divider = 0.9
    assert QColor(view.grab().toImage().pixel(300, 100)).lightness() < 30  # split: before up to the divider
    view.set_side_by_side(True)
    assert view.panes_shown() and view.scale == 1.0  # fitted into a half
    shot = view.grab().toImage()
    assert QColor(shot.pixel(100, 100)).lightness() < 30 and QColor(shot.pixel(300, 100)).lightness() > 220
    left, right = view.image_rect(0), view.image_rect(1)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(300, 100))  # pan in the right pane
    qtbot.mouseMove(view, QPoint(330, 120))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(330, 120))
    assert view.image_rect(0).topLeft() - left.topLeft() == QPointF(30, 20) == view.image_rect(1).topLeft() - right.topLeft()
    view.zoom_to(3.0, QPointF(300, 100))  # zoom around a point of the right pane: the left follows
    assert view.image_rect(1).x() - view.image_rect(0).x() == 200
    view.set_side_by_side(False)
    assert not view.panes_shown()


def test_side_by_side_toggle_in_the_window(window, big_photo):
    page = big_photo
    page.view_bar.side_by_side_action.trigger()
    assert page.compare.panes_shown() and page.view_bar.help.text().startswith("Wheel to zoom")
    page.view_bar.side_by_side_action.trigger()
    assert not page.compare.panes_shown()


def test_compare_models_shows_two_models_and_changes_nothing(window, qtbot, photo_folder):
    page = window.colorize
    page.add_paths([photo_folder / "portrait.jpg"])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    path = page.current_path()
    page.view_bar.compare_models_action.trigger()
    compare = page._compare_window
    assert compare.isVisible() and not compare.isModal() and len(compare.panes) == 2
    first, second = compare.panes
    assert first.entry().name == "tiny" and second.entry().name == "other"  # the photo's model first
    qtbot.waitUntil(lambda: all(pane.view.after is not None for pane in compare.panes), timeout=30000)
    assert first.view.after != second.view.after  # two models, two pictures
    second.picker.setCurrentIndex(second.picker.findData("tiny"))
    qtbot.waitUntil(lambda: second.view.after == first.view.after, timeout=30000)
    assert page.controls.models.current_name() == "tiny" and page.edits_ui.edits.default_model == "tiny"
    assert page.edits_ui.edits.own(path) is None  # the photo's own edits: untouched
    first.view.zoom_to(first.view.scale * 3, QPointF(50, 50))
    assert second.view.scale == first.view.scale and second.view.origin == first.view.origin


def test_the_shrunk_preview_is_made_once_per_photo(tmp_path, monkeypatch):
    from colorizer_app.ui.colorize.viewing import full_photo

    path = striped_photo(tmp_path / "stripes.png")
    shrinks = []
    real_shrink = full_photo.shrink
    monkeypatch.setattr(full_photo, "shrink", lambda pixels, side, budget=None: shrinks.append(side) or real_shrink(pixels, side, budget))
    first = full_photo.shrunk_pixels(path, 64)
    assert full_photo.shrunk_pixels(path, 64) is first and shrinks == [64]  # a second pane: the same copy
    assert max(first.shape[:2]) == 64
    full_photo.forget()
