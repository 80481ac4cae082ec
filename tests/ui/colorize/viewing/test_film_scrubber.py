"""The film's scrubber under the compare view (issue 24, leftover from a user trial): a click on
the groove goes there in every style, a drag shows frames as it goes (one asked for at a time),
its keys go on in the film with Page Down, and its words never narrow it mid-drag."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent, QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory, QStyleOptionSlider  # noqa: E402

from colorizer_app.ui.colorize.viewing.film_bar import REST_MS, FilmBar  # noqa: E402


@pytest.fixture
def bar(qtbot):
    bar = FilmBar()
    qtbot.addWidget(bar)
    bar.show_film(frames=1000, rate=25, duration=40)
    bar.resize(700, 40)
    qtbot.waitExposed(bar)
    return bar


def part(slider, control) -> object:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    return slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option, control, slider)


def mouse(slider, kind, x: float) -> None:
    """A mouse event at ``x`` on the slider's middle line, the left button held from press to release."""
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    point = QPointF(x, slider.height() / 2)
    QApplication.sendEvent(slider, QMouseEvent(kind, point, slider.mapToGlobal(point), button, held, Qt.KeyboardModifier.NoModifier))


@pytest.mark.parametrize("style_name", QStyleFactory.keys())
def test_a_click_on_the_groove_goes_to_that_place_and_the_handle_follows_the_mouse(qtbot, bar, style_name):
    style = QStyleFactory.create(style_name)
    slider = bar.slider
    slider.setStyle(style)
    groove = part(slider, QStyle.SubControl.SC_SliderGroove)
    chosen = []
    bar.frame_chosen.connect(chosen.append)
    mouse(slider, QEvent.Type.MouseButtonPress, groove.left() + groove.width() * 0.75)
    assert abs(slider.value() - 750) <= 20, style_name  # not one second (25 frames) towards it
    assert slider.isSliderDown()  # the press goes on as a drag of the handle
    mouse(slider, QEvent.Type.MouseMove, groove.left() + groove.width() * 0.25)
    assert abs(slider.value() - 250) <= 20, style_name
    mouse(slider, QEvent.Type.MouseButtonRelease, groove.left() + groove.width() * 0.25)
    qtbot.waitUntil(lambda: bool(chosen), timeout=3000)
    assert chosen[-1] == slider.value()

    handle = part(slider, QStyle.SubControl.SC_SliderHandle)  # a click on the handle leaves it where it is
    before = slider.value()
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(handle.center().x() + 1, handle.center().y()))
    assert slider.value() == before
    slider.setStyle(None)


def test_a_drag_shows_frames_as_it_goes_and_asks_for_the_next_only_once_the_last_is_on_screen(qtbot, bar):
    slider = bar.slider
    on_screen = [True]
    bar.ready_for_frame = lambda: on_screen[0]
    chosen = []
    bar.frame_chosen.connect(chosen.append)
    x = part(slider, QStyle.SubControl.SC_SliderHandle).center().x()
    mouse(slider, QEvent.Type.MouseButtonPress, x)

    def drag(milliseconds: int) -> None:
        nonlocal x
        for _ in range(milliseconds // 20):
            x += 1.5
            mouse(slider, QEvent.Type.MouseMove, x)
            qtbot.wait(20)

    drag(4 * REST_MS)  # never resting: the frame still follows, a pause apart
    assert len(chosen) >= 2 and chosen == sorted(chosen) and chosen[-1] > 0
    on_screen[0] = False  # the last frame asked for is being decoded and coloured
    asked = len(chosen)
    drag(3 * REST_MS)
    assert len(chosen) == asked  # asking now would give it up unseen (latest wins)
    on_screen[0] = True
    qtbot.waitUntil(lambda: len(chosen) > asked, timeout=1000)  # it is shown: the frame under the mouse now
    assert chosen[-1] == slider.value() and slider.isSliderDown()

    on_screen[0] = False
    drag(100)
    mouse(slider, QEvent.Type.MouseButtonRelease, x)
    qtbot.waitUntil(lambda: chosen[-1] == slider.value(), timeout=2000)  # the frame let go on always comes


def test_keys_page_down_goes_on_in_the_film_and_the_tooltip_says_so(qtbot, bar):
    slider = bar.slider
    slider.setValue(500)
    for key, value in (
        (Qt.Key.Key_Right, 501),
        (Qt.Key.Key_Left, 500),
        (Qt.Key.Key_PageDown, 525),  # a second on (25 frames a second)
        (Qt.Key.Key_PageUp, 500),
        (Qt.Key.Key_Down, 501),  # as Page Down: on
        (Qt.Key.Key_Up, 500),
        (Qt.Key.Key_End, 999),
        (Qt.Key.Key_Home, 0),
    ):
        qtbot.keyClick(slider, key)
        assert slider.value() == value, key
    for words in (slider.toolTip(), slider.accessibleDescription()):
        assert "Page Up / Page Down a second back / on" in words and "Home / End" in words and "← →" in words


def test_the_words_beside_the_scrubber_keep_its_width_from_frame_9_to_frame_1000(qtbot, bar):
    slider = bar.slider
    widths = []
    for index in (8, 9, 99, 999, 0):
        slider.setValue(index)
        bar.grid.activate()
        widths.append(slider.width())
    assert len(set(widths)) == 1, widths  # else the frame under a dragging mouse slips


def test_a_held_key_shows_frames_as_it_goes_and_the_frame_let_go_on_comes(qtbot, bar):
    slider = bar.slider
    slider.setFocus()
    chosen = []
    bar.frame_chosen.connect(chosen.append)

    def key(kind, repeat: bool) -> None:
        QApplication.sendEvent(slider, QKeyEvent(kind, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier, "", repeat))

    key(QEvent.Type.KeyPress, False)
    for _ in range(4 * REST_MS // 30):  # the key's own repeats, every 30 ms
        qtbot.wait(30)
        key(QEvent.Type.KeyRelease, True)
        key(QEvent.Type.KeyPress, True)
    assert len(chosen) >= 2 and chosen == sorted(chosen)  # it follows, not only once let go
    key(QEvent.Type.KeyRelease, False)
    key(QEvent.Type.KeyPress, False)  # one more step, then a rest
    key(QEvent.Type.KeyRelease, False)
    qtbot.waitUntil(lambda: chosen[-1] == slider.value(), timeout=2000)
    assert not slider.moving()
