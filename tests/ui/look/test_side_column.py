"""The side column: the wheel over a setting nobody clicked scrolls the column, never changes the
setting (the second whole-story trial: scrolling at 150% turned Render size from 256 to 64)."""

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QSpinBox, QVBoxLayout, QWidget  # noqa: E402

from colorizer_app.ui.look.side_column import SideColumn  # noqa: E402


def wheel(widget, steps: int) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def column(qtbot):
    content = QWidget()
    layout = QVBoxLayout(content)
    spin = QSpinBox()
    spin.setRange(64, 2048)
    spin.setValue(256)
    layout.addWidget(spin)
    layout.addSpacing(3000)  # taller than the column: it scrolls
    column = SideColumn(content)
    qtbot.addWidget(column)
    column.resize(300, 400)
    column.show()
    column.verticalScrollBar().setValue(100)
    return column, spin


def test_the_wheel_over_an_unfocused_setting_scrolls_the_column(column):
    column, spin = column
    spin.clearFocus()  # shown alone it took the focus; in the window the user works elsewhere
    assert not spin.hasFocus()
    wheel(spin, -2)  # down
    assert spin.value() == 256
    assert column.verticalScrollBar().value() > 100


def test_a_clicked_setting_takes_the_wheel(column, qtbot):
    column, spin = column
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    wheel(spin, 1)
    assert spin.value() != 256
