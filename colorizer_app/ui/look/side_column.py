"""A side column that scrolls up and down when the window is short, never sideways.

Why: the Colorize tab's right-hand column (settings, buttons, colour hints) is taller than a
1280×720 screen leaves it. Laid out directly in the splitter, its height forced the window
taller than the screen, or its word-wrapped lines were squeezed on top of each other; in a
scroll area it keeps its natural height and the window can be as short as the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QBoxLayout, QComboBox, QFrame, QScrollArea, QWidget

SHORTEST = 160  # the column's smallest height: the rest scrolls


class SideColumn(QScrollArea):
    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)  # as wide as the column; as tall as its content needs
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: Tab goes to its controls (and scrolls to them)
        for control in content.findChildren(QWidget):
            if isinstance(control, (QAbstractSpinBox, QComboBox, QAbstractSlider)):
                control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a click or Tab focuses it, a passing wheel does not
                control.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The wheel over a setting the user has not clicked scrolls the column instead of changing it.

        Why: scrolling the column at 150% ran the pointer onto Render size and silently turned it
        from 256 to 64 (issue 26, second trial)."""
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y() // 120 * bar.singleStep() * 3)
            return True
        return False

    def _width_for(self, content_width: int) -> int:
        """The content's width plus room for the scroll bar, so that it never covers the content."""
        return content_width + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def put_first(self, widget: QWidget, first: bool) -> None:
        """Move ``widget`` to the top of the column (and scroll there), or back to its own place.

        Why: the colour-hint tools (brush size, the model's suggestions, More colours) were below
        the fold at 1280×720 while editing hints; while they are in use they come first.
        """
        layout = self.widget().layout()
        if not isinstance(layout, QBoxLayout):
            return
        if not hasattr(widget, "_column_place"):
            widget._column_place = layout.indexOf(widget)
        layout.removeWidget(widget)
        layout.insertWidget(0 if first else widget._column_place, widget)
        self._tab_order_as_shown()
        if first:
            self.verticalScrollBar().setValue(0)

    def _tab_order_as_shown(self) -> None:
        """Tab follows the column from the top, as its parts are now placed.

        Why: with the hint tools moved first, Tab still went through the settings, then the
        hint tools, then straight to Colorize all, past the Save buttons shown under the tools."""
        content = self.widget()
        parts = [content.layout().itemAt(number).widget() for number in range(content.layout().count())]
        parts = [part for part in parts if part is not None]
        stops, widget = [], content.nextInFocusChain()
        while widget is not content and len(stops) < 1000:  # the window's Tab order, from the column's start
            if content.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                stops.append(widget)
            widget = widget.nextInFocusChain()

        def place(stop: QWidget) -> int:
            return next((number for number, part in enumerate(parts) if part is stop or part.isAncestorOf(stop)), len(parts))

        stops.sort(key=place)  # (stable: each part keeps its own order)
        for before, after in zip(stops, stops[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        content = self.widget().minimumSizeHint()
        return QSize(self._width_for(content.width()), min(content.height(), SHORTEST))

    def sizeHint(self) -> QSize:  # noqa: N802
        content = self.widget().sizeHint()
        return QSize(self._width_for(content.width()), content.height())
