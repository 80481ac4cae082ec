"""Errors as a user sees them: one plain sentence, the details behind "Show details" and in the log.

Why: a training child's or a library's error can be thousands of characters (PyTorch lists
every mismatched weight). Shown as it is, it made the failure dialog taller than the screen
and, in a word-wrapped label, raised the window's minimum height until nothing fitted.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from colorizer_app.core.errorlog import log_failure, log_path

SENTENCE_LIMIT = 160  # characters of a message's first line shown when no plain sentence is known
LABEL_LIMIT = 300  # characters a status line shows; the rest is in its tooltip
TOOLTIP_LIMIT = 1500

# (pattern in the technical message, the sentence a user reads instead)
KNOWN = (
    (
        r"loading state_dict|size mismatch for|Unexpected key\(s\)|Missing key\(s\)",
        "This run was saved by a different set-up and cannot be resumed; start a new run, or save what it learned so far as a model.",
    ),
    (
        r"out of memory|MemoryError|DefaultCPUAllocator: can't allocate",
        "The computer ran out of memory; close other programs or choose a shorter run.",
    ),
    (r"No space left on device|Disk quota exceeded", "The disk is full; free some space, then resume."),
    (r"Read-only file system|Permission denied", "Colorizer may not write to the run's folder; check its permissions, then resume."),
)


def plain_error(message: str) -> str:
    """One plain sentence for ``message``: a known failure in words, else its first line, cut short."""
    text = (message or "").strip()
    first = text.splitlines()[0].strip() if text else "The reason is not known."
    for pattern, sentence in KNOWN:  # on the first line: a plain sentence already there (details below it) stays
        if re.search(pattern, first, re.IGNORECASE):
            return sentence
    return shorten(first, SENTENCE_LIMIT)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def show_failure(parent: QWidget, title: str, message: str, context: str = "") -> QMessageBox:
    """A window-modal box (never blocking the event loop) saying ``message`` as one sentence;
    the whole message is behind Show details and written to the log."""
    sentence = plain_error(message)
    log_failure(context or title, RuntimeError(message))
    box = QMessageBox(QMessageBox.Icon.Warning, title, sentence, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(f"The details are also in {log_path()}.")
    if message.strip() != sentence:
        box.setDetailedText(message)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class StatusLine(QLabel):
    """A word-wrapped line that never grows the window: long text is cut (in full in the
    tooltip), and its height asks for at most ``lines`` lines."""

    def __init__(self, text: str = "", lines: int = 3, parent: QWidget | None = None, limit: int = LABEL_LIMIT) -> None:
        super().__init__(parent)
        self.lines, self.limit = lines, limit
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.full_text = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.full_text = text
        shown = text if len(text) <= self.limit else shorten(" ".join(text.split()), self.limit)
        self.setToolTip(shorten(text, TOOLTIP_LIMIT) if shown != text else "")
        super().setText(shown)

    def _most(self) -> int:
        return self.fontMetrics().lineSpacing() * self.lines + 2 * self.margin() + 4

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return min(super().heightForWidth(width), self._most())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 160), min(hint.height(), self._most()))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return QSize(min(hint.width(), 480), min(hint.height(), self._most()))
