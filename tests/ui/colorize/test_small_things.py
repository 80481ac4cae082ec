"""Issue 26's smaller findings, each as a user meets it: the photo kept in view at 1:1, [ and ]
anywhere while editing hints, the brush after an undo, quitting during a batch, list names,
adding a folder twice, a failed photo after a restore, the Save-as-a-model dialog's title."""

import time

import pytest
from conftest import natural_image, open_tiny_model_window
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QImage, QMouseEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from colorizer_app.core import batch  # noqa: E402
from colorizer_app.ui.colorize.photos.session_file import photo_data, write_session  # noqa: E402
from colorizer_app.ui.colorize.viewing.compare_view import CompareView  # noqa: E402
from colorizer_app.ui.train import questions as train_questions  # noqa: E402


def test_at_one_to_one_the_photo_cannot_be_dragged_out_of_view(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    image = QImage(1000, 700, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.gray)
    view.set_images(image, image, (2000, 1400))
    view.actual_size()
    for far in (QPointF(-5000, -5000), QPointF(5000, 5000)):
        view._dragging, view._last = "pan", QPointF(300, 200)
        move = QMouseEvent(
            QEvent.Type.MouseMove, far, far, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        )
        view.mouseMoveEvent(move)
        shown = view.image_rect().intersected(QRectF(view.rect()))
        assert shown.width() >= 600 * 0.25 - 1 and shown.height() >= 400 * 0.25 - 1, shown
    view.zoom_to(8.0, QPointF(0, 0))  # zooming at a corner keeps it in view too
    shown = view.image_rect().intersected(QRectF(view.rect()))
    assert shown.width() >= 149 and shown.height() >= 99


def test_at_150_percent_display_scaling_one_to_one_is_the_screens_own_pixels(qtbot, monkeypatch):
    # the zoom counted the window's pixels: at 150% "100%" drew each photo pixel 1.5 screen pixels
    # wide, and Fit said 64% of a photo shown at 96%
    from colorizer_app.ui.colorize.viewing.view_bar import ViewBar

    view = CompareView()
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: 1.5)
    bar = ViewBar(view)
    qtbot.addWidget(view)
    qtbot.addWidget(bar)
    view.resize(400, 300)
    image = QImage(512, 384, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.gray)
    view.set_images(image, image, (512, 384))
    view.fit()
    assert bar.zoom_label.text() == f"{400 / 512 * 1.5:.0%}"  # 117%: what the screen shows
    view.actual_size()
    assert view.image_rect().width() * 1.5 == 512  # one screen pixel per photo pixel
    assert bar.zoom_label.text() == "100%"


@pytest.fixture
def window(qtbot, tmp_path, photo_folder):
    window = open_tiny_model_window(qtbot, tmp_path)
    window.colorize.add_paths([photo_folder])
    qtbot.waitUntil(lambda: window.colorize.compare.after is not None, timeout=30000)
    return window


def test_brush_keys_work_anywhere_in_the_window_while_editing_hints(window, qtbot):
    page = window.colorize
    brush = page.hints_panel.brush
    before = brush.size
    window.tabs.tabBar().setFocus()  # not the photo, not even the tab's page
    QTest.keyClick(window.tabs.tabBar(), Qt.Key.Key_BracketRight)
    assert brush.size == before  # not while hints are not being edited
    page.hints_panel.edit.setChecked(True)
    window.tabs.tabBar().setFocus()
    QTest.keyClick(window.tabs.tabBar(), Qt.Key.Key_BracketRight)
    assert brush.size > before
    page.queue.setFocus()
    QTest.keyClick(page.queue, Qt.Key.Key_BracketLeft)
    QTest.keyClick(page.queue, Qt.Key.Key_BracketLeft)
    assert brush.size < before


def test_undoing_a_brush_size_change_moves_the_slider_back(window, qtbot):
    page = window.colorize
    page.hints_panel.edit.setChecked(True)
    page.hints_ui.add_hint(0.5, 0.5)
    brush = page.hints_panel.brush
    first_size, first_position = brush.size, brush.slider.value()
    brush.step(3)  # the selected pin grows
    assert page.hints_ui.current.hints[0].size > first_size
    page.hints_panel.undo_action.trigger()
    assert page.hints_ui.current.hints[0].size == first_size
    assert brush.size == first_size and brush.slider.value() == first_position
    assert page.compare.brush_size == first_size


def test_quitting_during_a_batch_asks_and_the_next_session_mentions_the_photos_left(qtbot, tmp_path, photo_folder, monkeypatch):
    colorize = batch.colorize_pixels
    monkeypatch.setattr(batch, "colorize_pixels", lambda *a, **k: (time.sleep(1.0), colorize(*a, **k))[1])
    first = open_tiny_model_window(qtbot, tmp_path)
    page = first.colorize
    page.add_paths([photo_folder])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    qtbot.waitUntil(page.run_button.isEnabled)
    page.start_batch()
    asked = []
    monkeypatch.setattr(train_questions, "ask_stop_batch_and_quit", lambda parent, left: asked.append(left) or False)
    first.close()
    assert asked and asked[0] >= 2 and first.isVisible() and page.is_busy()  # "Keep colorizing"
    monkeypatch.setattr(train_questions, "ask_stop_batch_and_quit", lambda parent, left: True)
    first.close()
    assert not first.isVisible()
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=30000)

    second = open_tiny_model_window(qtbot, tmp_path)
    text = second.colorize.session.bar.label.text()
    assert "Colorizing was stopped by quitting with" in text and "still to do" in text


def test_names_are_cut_at_the_end_and_a_folder_added_twice_says_so(window, qtbot, photo_folder):
    page = window.colorize
    assert page.queue.textElideMode() == Qt.TextElideMode.ElideRight
    record = page.queue.list_model.row(0)
    assert str(record.source) in record.tooltip
    messages = []
    page.status.connect(messages.append)
    assert page.add_paths([photo_folder]) == 0
    assert messages[-1].startswith("Nothing added. 3 were already in the list.")


def test_a_photo_that_failed_comes_back_failed_after_a_restore(qtbot, tmp_path):
    from colorizer_app.core.batch import InputPhoto

    photo = tmp_path / "bad.png"
    Image.fromarray(natural_image(seed=9)).save(photo)
    write_session([photo_data(InputPhoto(photo, photo.name), None, [], None, "the file is damaged after row 40")])
    window = open_tiny_model_window(qtbot, tmp_path)
    page = window.colorize
    messages = []
    page.status.connect(messages.append)
    qtbot.mouseClick(page.session.bar.restore_button, Qt.MouseButton.LeftButton)
    assert messages[-1].startswith("Restored 1 photo from your last session.")  # not "Added 1 photo(s)."
    record = page.queue.item_for(photo)
    assert record.state == "failed" and "damaged after row 40" in record.message
    qtbot.wait(500)  # the header check (the header is fine) does not turn it back into "Waiting"
    assert page.queue.item_for(photo).state == "failed"
    page.close()


def test_the_save_as_a_model_dialog_is_wide_enough_for_its_title(qtbot):
    dialog = train_questions.model_name_dialog(None, "my-model")
    qtbot.addWidget(dialog)
    dialog.show()
    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    assert dialog.width() >= title * 2 + train_questions.TITLE_ROOM
    assert dialog.textValue() == "my-model"
    dialog.reject()
