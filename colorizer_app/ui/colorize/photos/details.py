"""Under the preview, the whole story of the selected photo; under the list, what to do with failed ones.

A list row has room for a state, not a reason, so the reason is shown here, word-wrapped and
selectable (to copy into a search or a message); a reason of thousands of characters is cut
after a few lines (in full in the tooltip and the log), never growing the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from colorizer_app.ui.look.error_words import StatusLine, shorten


class PhotoDetails(QFrame):
    """Why the selected photo failed (or a note on its result), in full; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = StatusLine(lines=8, limit=800)  # plain text: file names are shown as they are
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self).addWidget(self.label)
        self.hide()

    def show_photo(self, path: str | None, state: str | None, message: str) -> None:
        text = self.describe(Path(path).name, state, message) if path and state else ""
        self.label.setText(text)
        self.label.setToolTip(message[:1500] if len(message) > 500 else "")  # the whole reason, on request
        self.setVisible(bool(text))

    @staticmethod
    def describe(name: str, state: str, message: str) -> str:
        if state == "failed":
            reason = shorten(message, 500) if message else "The reason is not known."
            return f"{name} cannot be colorized.\nReason: {reason}\nFix or replace the file, then press Retry."
        if state == "done" and message:
            return f"{name} was colorized. Note: {shorten(message, 500)}"
        return f"{name}: {message[:1].upper()}{message[1:]}" if message and state in ("waiting", "skipped") else ""


class FailedPhotosBar(QWidget):
    """The line "N photos cannot be used" with Retry and Remove failed, shown only while some have failed."""

    retry = Signal()
    remove = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = StatusLine(lines=2)
        self.retry_button = QPushButton("Retry")
        self.retry_button.setToolTip("Check the failed photos again, for example after fixing or replacing the files.")
        self.remove_button = QPushButton("Remove failed")
        self.remove_button.setToolTip("Take the failed photos off the list (the files are not touched).")
        self.retry_button.clicked.connect(self.retry)
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(buttons)
        self.hide()

    def set_count(self, failed: int) -> None:
        self.label.setText(f"{failed} photo{'s' * (failed != 1)} cannot be used. Select one to see why.")
        self.setVisible(failed > 0)
