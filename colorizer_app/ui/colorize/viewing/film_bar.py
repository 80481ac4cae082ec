"""The line under the compare view while a film is shown: a scrubber to choose the frame, where
it is in the film, and a button that plays a few seconds in colour from there.

Why a frame and not the whole film: the compare view, its divider, zoom and pins work on one
picture; the scrubber chooses which. A click or a key asks for the new frame once the scrubber
rests (``frame_chosen`` after a short pause); while it is dragged or a key is held the frame
follows, asked for at most every pause and only once the view shows the frame asked for before
(``ready_for_frame``), so dragging across a film decodes a handful of frames, not hundreds, and
each one gets on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSlider,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from colorizer_app.core.film import clock

REST_MS = 200  # the scrubber has rested this long (or been dragged this long): show its frame
WAIT_MS = 40  # while dragged, how often to look whether the frame asked for before is on screen
SHORTEST_SLIDER = 260  # narrower than this beside the words (150% scaling), it takes a line of its own
PLAY_WORDS = "▶ Play a preview"
STOP_WORDS = "■ Stop"
KEYS_WORDS = "← → one frame, Page Up / Page Down a second back / on, Home / End the first / last frame"

Action = QAbstractSlider.SliderAction
# Down and Page Down go on in the film, as they go down a list or a page; a plain horizontal
# QSlider takes Page Down (and Down) back. The arrows, Home and End keep Qt's meaning.
KEY_ACTIONS = {
    Qt.Key.Key_PageDown: Action.SliderPageStepAdd,
    Qt.Key.Key_PageUp: Action.SliderPageStepSub,
    Qt.Key.Key_Down: Action.SliderSingleStepAdd,
    Qt.Key.Key_Up: Action.SliderSingleStepSub,
}


class Scrubber(QSlider):
    """The film's slider: a click on its groove goes to that place (the handle then follows the
    mouse), where most styles step a page towards it; and Page Down goes on in the film.

    Why in the widget and not a QProxyStyle answering SH_Slider_AbsoluteSetButtons: the look
    switches the application's style at run time (theme.py: Fusion for a forced dark look), and
    a slider given a proxy of its own would keep the style it was made with."""

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            style, control = self.style(), QStyle.ComplexControl.CC_Slider
            handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, self)
            point = event.position().toPoint()
            if not handle.contains(point):
                groove = style.subControlRect(control, option, QStyle.SubControl.SC_SliderGroove, self)
                if self.orientation() == Qt.Orientation.Horizontal:
                    place, start, span = point.x() - handle.width() // 2, groove.x(), groove.width() - handle.width()
                else:
                    place, start, span = point.y() - handle.height() // 2, groove.y(), groove.height() - handle.height()
                value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), place - start, max(1, span), option.upsideDown)
                self.setSliderPosition(value)  # the handle is now under the mouse: the press below drags it
        super().mousePressEvent(event)

    held = False  # a key is held down (its press repeats): the frame follows as in a drag

    def moving(self) -> bool:
        """Dragged, or a key held down: the frame follows, rather than waiting for a rest."""
        return self.isSliderDown() or self.held

    def keyReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not event.isAutoRepeat():
            self.held = False
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.held = False  # its release goes elsewhere
        super().focusOutEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.held = event.isAutoRepeat()
        action = KEY_ACTIONS.get(Qt.Key(event.key())) if event.modifiers() == Qt.KeyboardModifier.NoModifier else None
        if action is None:
            super().keyPressEvent(event)
            return
        self.triggerAction(action)
        event.accept()


class FilmBar(QWidget):
    frame_chosen = Signal(int)  # the frame to show (from 0)
    play_clicked = Signal()
    stop_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rate = 25.0
        self.frame_seconds = ()  # each frame's time where the rate varies (FilmFacts.frame_seconds)
        self.ready_for_frame: Callable[[], bool] = lambda: True  # the frame asked for last is on screen
        self.slider = Scrubber(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Frame of the film")
        self.slider.setAccessibleDescription(f"Keys: {KEYS_WORDS}.")
        self.slider.setToolTip(f"Choose the frame to look at and to place colour hints on.\nKeys: {KEYS_WORDS}.")
        self.place = QLabel()
        self.pins = QToolButton()  # the frames that have pins, to go back to them
        self.pins.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pins.setMenu(QMenu(self.pins))
        self.pins.hide()
        self.play = QPushButton(PLAY_WORDS)
        self.play.setToolTip("Colour a few seconds from this frame as the whole film will be coloured, and play them.")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.two_lines = None
        self._lay_out(False)
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(REST_MS)
        self._rest.timeout.connect(self._rested)
        self.slider.valueChanged.connect(self._moved)
        self.play.clicked.connect(self._play_or_stop)
        self.playing = False
        self.hide()

    def _lay_out(self, two_lines: bool) -> None:
        """One line (slider, then where, pins and play), or the slider on a line above the rest."""
        if two_lines == self.two_lines:
            return
        self.two_lines = two_lines
        for widget in (self.slider, self.place, self.pins, self.play):
            self.grid.removeWidget(widget)
        self.grid.addWidget(self.slider, 0, 0, 1, 1 if not two_lines else 4)
        for column, widget in enumerate((self.place, self.pins, self.play), start=1):
            self.grid.addWidget(widget, 1 if two_lines else 0, column)
        for column in range(4):
            self.grid.setColumnStretch(column, 0)
        self.grid.setColumnStretch(0, 1)
        if two_lines:  # the words start at the left, the button keeps to the right
            self.grid.removeWidget(self.place)
            self.grid.addWidget(self.place, 1, 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        beside = sum(
            max(widget.sizeHint().width(), widget.minimumWidth()) for widget in (self.place, self.pins, self.play) if not widget.isHidden()
        )
        self._lay_out(event.size().width() - beside < SHORTEST_SLIDER)

    def show_film(self, frames: int, rate: float, duration: float, index: int = 0, frame_seconds=()) -> None:
        """A film is on screen: the scrubber spans its frames and rests on ``index``;
        ``frame_seconds``: each frame's time where the rate varies."""
        self.rate, self.duration, self.frame_seconds = rate or 25.0, duration, frame_seconds
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, frames - 1))
        self.slider.setPageStep(max(1, round(self.rate)))  # Page Up/Down: a second
        self.slider.setValue(min(index, self.slider.maximum()))
        self.slider.blockSignals(False)
        # as wide as its words at the last frame: a label growing from "frame 9" to "frame 10"
        # would narrow the slider under a dragging mouse, and the frame under it would slip
        self.place.setMinimumWidth(self.place.fontMetrics().horizontalAdvance(self._place_words(self.slider.maximum())) + 2)
        self._show_place()
        self.set_playing(False)
        self.show()

    def show_pinned(self, frames: list[int], current: int | None = None) -> None:
        """The frames that have pins (from 0), offered in the Pins menu; hidden when there are none.
        On a frame without pins of its own it says so: the still picture shows only a frame's own
        pins, while the preview and the result carry each pin through its shot."""
        menu = self.pins.menu()
        menu.clear()
        for index in frames:
            action = menu.addAction(f"Frame {index + 1} ({clock(self._seconds(index))})")
            action.triggered.connect(lambda _checked=False, index=index: self.go_to(index))
        elsewhere = " (not this one)" if current is not None and current not in frames else ""
        self.pins.setText(f"Pins on {len(frames)} frame{'s' * (len(frames) != 1)}{elsewhere}")
        self.pins.setToolTip(
            "Frames with colour hints: each colours its whole shot when the film is played or saved "
            "(a still frame shows only its own). Choose one to go to it."
        )
        self.pins.setVisible(bool(frames))

    def go_to(self, index: int) -> None:
        """Show frame ``index`` now (no pause: it was chosen, not dragged past)."""
        self.slider.setValue(index)
        self._rest.stop()
        self.frame_chosen.emit(index)

    def show_playing(self, index: int) -> None:
        """The preview is at frame ``index``: the scrubber shows where, without choosing that frame."""
        self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(False)
        self._show_place()

    def frame(self) -> int:
        return self.slider.value()

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self.play.setText(STOP_WORDS if playing else PLAY_WORDS)

    def _moved(self) -> None:
        """A click or a key: the frame once the scrubber rests. A drag or a held key: the frame
        follows, a pause after the first move (a running timer is not started again)."""
        self._show_place()
        if not (self.slider.moving() and self._rest.isActive()):
            self._rest.start(REST_MS)

    def _rested(self) -> None:
        """Still moving while the frame asked for before is on its way: wait for it (latest wins:
        asking now would give that one up unseen, and the next, and show nothing till the end)."""
        if self.slider.moving() and not self.ready_for_frame():
            self._rest.start(WAIT_MS)
            return
        self.frame_chosen.emit(self.slider.value())

    def _show_place(self) -> None:
        self.place.setText(self._place_words(self.slider.value()))

    def _place_words(self, index: int) -> str:
        return f"{clock(self._seconds(index))} / {clock(self.duration)} · frame {index + 1}"

    def _seconds(self, index: int) -> float:
        return float(self.frame_seconds[index]) if index < len(self.frame_seconds) else index / self.rate

    def _play_or_stop(self) -> None:
        (self.stop_clicked if self.playing else self.play_clicked).emit()
