"""The Colorize tab's three columns: the photo list on the left, the picture in the middle,
settings, Save and the hint tools on the right (a column that scrolls when the window is short),
with Colorize all and the batch's progress under it, never scrolled away.

Why apart from the page: the page wires the parts together and follows the selected photo;
where each widget sits is this module's business, so neither hides the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from colorizer_app.ui.look.side_column import SideColumn

EMPTY_LIST = "Drop photos, films or folders anywhere on the window."


@dataclass
class PhotoColumn:
    widget: QWidget
    label: QLabel  # how many photos, or how to add some
    add_photos: QPushButton
    add_folder: QPushButton
    remove: QPushButton
    clear: QPushButton


def photo_column(queue: QWidget, failed_bar: QWidget) -> PhotoColumn:
    buttons = [QPushButton(text) for text in ("Add photos…", "Add folder…", "Remove", "Clear")]
    label = QLabel(EMPTY_LIST)
    label.setWordWrap(True)
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 2, 0)
    for part in (QLabel("<b>Photos</b>"), label):
        layout.addWidget(part)
    layout.addWidget(queue, 1)
    layout.addWidget(failed_bar)
    for pair in (buttons[:2], buttons[2:]):
        row = QHBoxLayout()
        for button in pair:
            row.addWidget(button)
        layout.addLayout(row)
    return PhotoColumn(widget, label, *buttons)


def picture_column(*parts: QWidget) -> QWidget:
    """The compare view (stretching) and the lines under it."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(2, 0, 2, 0)  # the window's minimum width counts every pixel (150% scaling)
    layout.addWidget(parts[0], 1)
    for part in parts[1:]:
        layout.addWidget(part)
    return widget


@dataclass
class RunControls:
    """Colorize all, Cancel (buttons, and the Photo menu's items with their keys), the batch's
    progress and the output folder's button."""

    overwrite: QCheckBox
    run_button: QPushButton
    cancel_button: QPushButton
    open_output: QPushButton
    progress: QProgressBar
    progress_label: QLabel
    run_action: QAction  # Photo ▸ Colorize all, Ctrl+Enter
    cancel_action: QAction  # Photo ▸ Cancel colorizing, Escape while a batch runs
    focus_before: QWidget | None = None  # what had the keys when the batch started

    @classmethod
    def make(cls) -> RunControls:
        run_button = QPushButton("Colorize all")
        run_button.setMinimumHeight(36)  # (not the default button: its frame looked like focus beside the focused one)
        cancel_button = QPushButton("Cancel")
        cancel_button.setEnabled(False)
        run_action = QAction("&Colorize all")
        run_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        run_action.triggered.connect(run_button.click)
        cancel_action = QAction("C&ancel colorizing")
        cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        cancel_action.setEnabled(False)
        cancel_action.triggered.connect(cancel_button.click)
        for action in (run_action, cancel_action):  # keys of the Colorize tab only (page.addAction), not the Train tab's
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        progress = QProgressBar()
        progress.setTextVisible(True)
        progress.hide()  # shown once a batch starts
        progress_label = QLabel("")
        progress_label.setWordWrap(True)
        progress_label.hide()  # no empty line before the first batch
        return cls(
            QCheckBox("Replace existing results"),
            run_button,
            cancel_button,
            QPushButton("Open output folder"),
            progress,
            progress_label,
            run_action,
            cancel_action,
        )

    def batch_started(self, focus_before: QWidget | None) -> None:
        """A batch started from ``focus_before`` (Save this photo, Export…): when that button is
        disabled under the keyboard's focus during the batch, the focus goes to Cancel, and
        comes back afterwards (it fell to the next control, Open output folder)."""
        self.focus_before = focus_before
        QApplication.instance().focusChanged.connect(self._focus_moved)
        if focus_before is not None and not focus_before.isEnabled():
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and old is self.focus_before and not old.isEnabled() and self.cancel_button.isEnabled():
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def batch_ended(self, was_on_cancel: bool) -> None:
        try:
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
        except (RuntimeError, TypeError):  # (not connected: no batch was started from here)
            pass
        back = self.focus_before
        if was_on_cancel and back is not None and back.isEnabled() and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_running(self, running: bool, can_run: bool) -> None:
        """Enable Colorize all or Cancel; the keyboard's focus goes from one to the other.

        Why: Colorize all started by Space was disabled under the focus, which fell to the tab
        bar (where it does not show): Cancel was 24 Tabs away, and after the batch focus fell
        there again."""
        to_cancel = running and self.run_button.hasFocus()
        to_run = not running and self.cancel_button.hasFocus()
        self.cancel_button.setEnabled(running)
        self.cancel_action.setEnabled(running)
        if to_cancel:
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.run_button.setEnabled(can_run and not running)
        self.run_action.setEnabled(can_run and not running)
        if to_run and self.run_button.isEnabled():
            self.run_button.setFocus(Qt.FocusReason.OtherFocusReason)


@dataclass
class SideParts:
    widget: QWidget  # what the splitter holds: the scrolling column over the run footer
    column: SideColumn
    hints_box: QGroupBox


def side_column(settings: list[QWidget], run: RunControls, save_buttons: QWidget, hints_panel: QWidget) -> SideParts:
    """Settings, Save and the hint tools in a column that scrolls; under it, always in view,
    Replace existing results, Colorize all with Cancel, and the batch's progress.

    Why the footer: at 150% display scaling on a 1366×768 screen Colorize all was below the
    fold of the scrolling column; the one button every visit needs is never scrolled away."""
    settings_box = QGroupBox("Settings")
    settings_layout = QVBoxLayout(settings_box)
    for part in settings:
        settings_layout.addWidget(part)
    hints_box = QGroupBox("Colour hints")
    QVBoxLayout(hints_box).addWidget(hints_panel)
    scrolled = QWidget()
    layout = QVBoxLayout(scrolled)
    layout.setContentsMargins(4, 0, 4, 0)
    for part in (settings_box, save_buttons, run.open_output, hints_box):  # Save this photo, Export…
        layout.addWidget(part)
    layout.addStretch(1)
    column = SideColumn(scrolled)  # scrolls when the window is short, never squeezes
    run_row = QHBoxLayout()
    run_row.addWidget(run.run_button, 1)
    run_row.addWidget(run.cancel_button)
    widget = QWidget()
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(column, 1)
    footer = QVBoxLayout()
    footer.setContentsMargins(4, 4, 4 + column.verticalScrollBar().sizeHint().width(), 0)
    footer.addWidget(run.overwrite)
    footer.addLayout(run_row)
    footer.addWidget(run.progress)
    footer.addWidget(run.progress_label)
    outer.addLayout(footer)
    return SideParts(widget, column, hints_box)


def three_columns(page: QWidget, top_bar: QWidget, left: QWidget, middle: QWidget, right: QWidget) -> None:
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for widget, stretch in ((left, 0), (middle, 1), (right, 0)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(splitter.count() - 1, stretch)
    splitter.setSizes([250, 670, 360])
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(top_bar)
    layout.addWidget(splitter)
