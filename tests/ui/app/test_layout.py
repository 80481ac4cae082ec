"""The window fits a 1280×720 screen: the Colorize tab's right-hand column is never cut off on
the right, and its lines never sit on top of each other (they scroll instead); Colorize all is
in view without scrolling."""

import pytest
from conftest import make_model_file, open_app_window

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QLabel  # noqa: E402

from colorizer_app.core.model_files import user_models_dir  # noqa: E402

SMALL_SCREEN = (1280, 720)


def shown_texts(column) -> list:
    """The column's labels and buttons a person can see (scrolled to, where need be)."""
    content = column.widget()
    widgets = content.findChildren(QLabel) + content.findChildren(QAbstractButton)
    return [widget for widget in widgets if widget.isVisible()]


def rect_in(widget, ancestor) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def check_column(window) -> None:
    column = window.colorize.side_column
    column.verticalScrollBar().setValue(0)
    for button in (window.colorize.run_button, window.colorize.cancel_button):  # in view without scrolling
        assert not column.isAncestorOf(button), "Colorize all scrolls away with the column"
        assert window.rect().contains(rect_in(button, window)), f"{button.text()!r} is outside the window"
    widgets = shown_texts(column)
    assert len(widgets) > 15
    for widget in widgets:  # each one reachable: scrolled to, it is wholly inside the window
        column.ensureWidgetVisible(widget, 0, 0)
        where = rect_in(widget, window)
        name = f"{type(widget).__name__} {widget.text()!r}"
        assert window.rect().contains(where), f"{name} at {where} is outside the window {window.rect()}"
        assert rect_in(column.viewport(), window).contains(where), f"{name} is cut off by the column's edge"
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            assert widget.height() >= widget.heightForWidth(widget.width()), f"{name} is squeezed: its lines overlap"
        elif isinstance(widget, QLabel) and widget.text():
            assert widget.width() >= widget.minimumSizeHint().width(), f"{name} is cut off"
    labels = [(widget, rect_in(widget, column.widget())) for widget in widgets if isinstance(widget, QLabel)]
    for number, (first, first_rect) in enumerate(labels):
        for second, second_rect in labels[number + 1 :]:
            assert not first_rect.intersects(second_rect), f"{first.text()!r} overlaps {second.text()!r}"


def test_the_window_fits_a_small_screen(qtbot, tmp_path, photo_folder):
    make_model_file(user_models_dir(), name="tiny")
    window = open_app_window(qtbot, tmp_path)
    page = window.colorize
    page.controls.models.reload(select="tiny")
    page.add_paths([photo_folder])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    for size in (window.minimumSizeHint(), window.minimumSize()):
        assert size.width() <= SMALL_SCREEN[0] and size.height() <= SMALL_SCREEN[1]
    window.resize(*SMALL_SCREEN)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == SMALL_SCREEN, timeout=5000)
    check_column(window)

    page.hints_panel.edit.setChecked(True)  # the brush and colours show: the column is longer
    assert page.hints_panel.palette.isVisible()
    page.hints_ui.add_hint(0.5, 0.5)  # a pin selected: the model's colours for it are offered
    qtbot.waitUntil(lambda: bool(page.hints_panel.palette.suggested), timeout=30000)
    qtbot.wait(50)
    check_column(window)
    assert (window.width(), window.height()) == SMALL_SCREEN  # hint editing never widens the window
