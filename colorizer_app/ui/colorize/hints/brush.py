"""The hint editor's paint-tool controls: a brush size and a palette of colours.

Why: pinning colours should feel like painting. The brush size is the patch of colour a
pin gives the model (``ColorHint.size``, a fraction of the photo's long side); the palette
holds the model's suggestions at the selected pin and the colours used lately, with the
full colour chooser one click away: a separate, non-modal window placed beside the photo
(never over it) whose colour shows on the photo as it changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from colorizer_app.core.hints import DEFAULT_SIZE
from colorizer_app.ui.look.colour_words import colour_words
from colorizer_app.ui.settings import RECENT_COLOURS_KEPT

SMALLEST, LARGEST = 0.002, 0.2  # brush sizes the slider spans (the file format allows up to 0.5)
STEPS = 100
RECENT_COUNT = RECENT_COLOURS_KEPT


def size_at(position: int) -> float:
    """Slider position -> brush size, evenly spread on a log scale (fine control of small brushes)."""
    return round(SMALLEST * (LARGEST / SMALLEST) ** (position / STEPS), 4)


def position_of(size: float) -> int:
    size = min(LARGEST, max(SMALLEST, size))
    return round(STEPS * math.log(size / SMALLEST) / math.log(LARGEST / SMALLEST))


class BrushSize(QWidget):
    """Brush size slider with its size in the photo's pixels."""

    size_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size = DEFAULT_SIZE
        self.long_side = 0  # the photo's long side in pixels (0: no photo)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, STEPS)
        self.slider.setToolTip("How big a patch of colour each pin gives. Keys: [ smaller, ] larger.")
        self.slider.setAccessibleName("Brush size")
        self.value = QLabel()
        self.value.setMinimumWidth(80)
        self.slider.valueChanged.connect(self._moved)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Brush size"))
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value)
        self.set_size(DEFAULT_SIZE)

    def set_size(self, size: float) -> None:
        """Show ``size`` (a pin's, or the brush's) without reporting a change."""
        self.size = size
        self.slider.blockSignals(True)
        self.slider.setValue(position_of(size))
        self.slider.blockSignals(False)
        self._show()

    def set_long_side(self, pixels: int) -> None:
        self.long_side = pixels
        self._show()

    def step(self, steps: int) -> None:
        self.slider.setValue(self.slider.value() + steps * 5)

    def _moved(self, position: int) -> None:
        self.size = size_at(position)
        self._show()
        self.size_changed.emit(self.size)

    def _show(self) -> None:
        if self.long_side:
            pixels = max(1, round(self.size * self.long_side))
            self.value.setText(f"{pixels} pixel{'s' * (pixels != 1)}")
        else:
            self.value.setText(f"{self.size * 100:.1f}% of the photo")


def swatch(colour: str, tip: str, size: int = 26) -> QPushButton:
    """A colour's button, named in words for a screen reader and in its tooltip."""
    button = QPushButton()
    button.setFixedSize(size, size)
    words = colour_words(colour)
    button.setToolTip(f"{tip}: {words} ({colour})")
    button.setAccessibleName(f"{words}, {tip[0].lower()}{tip[1:]}")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(f"background-color: {colour}; border: 1px solid #5f6368; border-radius: 4px;")
    return button


class ColourPalette(QWidget):
    """Suggested and recent colours for the selected pin, and the full colour chooser."""

    picked = Signal(str)  # a colour chosen for the selected pin (kept)
    previewed = Signal(str)  # the chooser's colour as it changes (shown live)
    chooser_cancelled = Signal(str)  # the colour the pin had when the chooser opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent: list[str] = []
        self.suggested: list[str] = []
        self.keep_clear_of: QWidget | None = None  # the chooser never covers this widget (the photo)
        self.tab_after: QWidget | None = None  # the control before the swatches in Tab order (the brush)
        self.colour_now = lambda: None  # the selected pin's colour, where the chooser starts
        self._chooser: QColorDialog | None = None
        self._start_colour = ""
        self.suggested_row = QGridLayout()
        self.recent_row = QGridLayout()
        self.suggested_note = QLabel("Select or add a pin to see the colours the model suggests there.")
        self.suggested_note.setWordWrap(True)
        self.more = QPushButton("More colours…")
        self.more.setToolTip("Any colour, in a separate window; the photo shows it as you choose.")
        self.more.clicked.connect(self.open_chooser)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Suggested here:"))
        layout.addWidget(self.suggested_note)
        layout.addLayout(self.suggested_row)
        layout.addWidget(QLabel("Recent colours:"))
        layout.addLayout(self.recent_row)
        layout.addWidget(self.more)
        self._fill(self.recent_row, [], "")

    # ----- swatches -----------------------------------------------------------------
    def show_suggestions(self, colours: list[str]) -> None:
        self.suggested = list(colours)
        self.suggested_note.setVisible(not colours)
        self._fill(self.suggested_row, self.suggested, "Suggested by the model for this spot")

    def clear_suggestions(self) -> None:
        self.show_suggestions([])

    def remember(self, colour: str) -> None:
        """A colour used on a pin goes to the front of the recent colours."""
        colour = QColor(colour).name()
        self.recent = [colour, *[old for old in self.recent if old != colour]][:RECENT_COUNT]
        self._fill(self.recent_row, self.recent, "Used recently")

    def restore_recent(self, colours: list[str]) -> None:
        """The recent colours of an earlier session (AppSettings.recent_colours)."""
        self.recent = [QColor(colour).name() for colour in colours if QColor(colour).isValid()][:RECENT_COUNT]
        self._fill(self.recent_row, self.recent, "Used recently")

    def _fill(self, grid: QGridLayout, colours: list[str], tip: str) -> None:
        old = [grid.itemAt(number).widget() for number in range(grid.count())]
        focused = next((number for number, widget in enumerate(old) if widget is not None and widget.hasFocus()), None)
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone from sight now, not at the next turn of the event loop
                item.widget().deleteLater()
        buttons = []
        for number, colour in enumerate(colours):
            button = swatch(colour, tip)
            button.clicked.connect(lambda checked=False, chosen=colour: self._pick(chosen))
            grid.addWidget(button, number // 8, number % 8)
            buttons.append(button)
        if not colours and grid is self.recent_row:
            grid.addWidget(QLabel("None yet."), 0, 0)
        grid.setColumnStretch(8, 1)
        self._keep_tab_order()
        if focused is not None:  # a swatch picked by keyboard: the keys stay where they were, not on the next control
            target = buttons[min(focused, len(buttons) - 1)] if buttons else self.more
            target.show()  # (a new button shows at the next turn of the event loop; focus needs it shown)
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_tab_order(self) -> None:
        """Tab goes through the swatches where they are shown: new buttons join the end of the
        window's Tab order (after Colorize all), and picking one jumped to a recent colour."""
        stops = [self.tab_after] if self.tab_after is not None else []
        for grid in (self.suggested_row, self.recent_row):
            stops += [
                grid.itemAt(number).widget() for number in range(grid.count()) if isinstance(grid.itemAt(number).widget(), QPushButton)
            ]
        for first, second in zip([*stops, self.more][:-1], [*stops, self.more][1:], strict=True):
            QWidget.setTabOrder(first, second)

    def _pick(self, colour: str) -> None:
        self.remember(colour)
        self.picked.emit(colour)

    # ----- the full chooser ---------------------------------------------------------
    def chooser(self) -> QColorDialog:
        if self._chooser is None:
            self._chooser = QColorDialog(self.window())
            self._chooser.setWindowTitle("Hint colour")
            self._chooser.setModal(False)
            self._chooser.setOption(QColorDialog.ColorDialogOption.DontUseNativeDialog)  # live colours, placed by us
            self._chooser.currentColorChanged.connect(lambda colour: self.previewed.emit(colour.name()))
            self._chooser.accepted.connect(lambda: self._pick(self._chooser.currentColor().name()))
            self._chooser.rejected.connect(lambda: self.chooser_cancelled.emit(self._start_colour))
        return self._chooser

    def open_chooser(self) -> None:
        """Open the chooser (non-modal) on the selected pin's colour, beside the photo."""
        chooser = self.chooser()
        self.follow(self.colour_now() or self._start_colour or "#808080")
        chooser.show()
        self._place(chooser)
        chooser.raise_()

    def follow(self, colour: str) -> None:
        """The selected pin is now this colour (another pin, or an undo): the chooser starts there."""
        self._start_colour = colour
        if self._chooser is not None:
            self._chooser.blockSignals(True)
            self._chooser.setCurrentColor(QColor(colour))
            self._chooser.blockSignals(False)

    def _place(self, chooser: QColorDialog) -> None:
        """Right of the photo, else left of it; on a small screen, wherever it covers the least of it."""
        avoid = self.keep_clear_of
        if avoid is None:
            return
        photo = QRect(avoid.mapToGlobal(QPoint(0, 0)), avoid.size())
        screen = (avoid.screen() or chooser.screen()).availableGeometry()
        size = chooser.frameGeometry().size()
        top = max(screen.top(), min(photo.top(), screen.bottom() - size.height()))

        def covered(left: int) -> int:
            overlap = QRect(QPoint(left, top), size).intersected(photo)
            return overlap.width() * overlap.height() if not overlap.isEmpty() else 0

        candidates = [photo.right() + 8, photo.left() - 8 - size.width()]
        candidates = [min(max(screen.left(), left), screen.right() - size.width()) for left in candidates]
        chooser.move(min(candidates, key=covered), top)
