"""Enter or Return on a focused push or tool button clicks it, as Space does.

Why: outside a dialog Qt's buttons take only Space; a keyboard user pressing Enter on Restore,
Edit colour hints or Side by side saw nothing happen, and took the window for stuck (a
keyboard-only trial, 2026-12-06). Dialogs keep their own rule (Enter clicks their default button).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QToolButton

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterClicksButtons(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or event.key() not in ENTER_KEYS:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier or event.isAutoRepeat():
            return False  # Ctrl+Enter is a shortcut (Colorize all)
        if not isinstance(watched, (QPushButton, QToolButton)) or isinstance(watched.window(), QDialog):
            return False
        if watched.hasFocus() and watched.isEnabled() and watched.isVisible():
            watched.animateClick()
            return True
        return False


def install(owner: QObject) -> EnterClicksButtons:
    """For the whole application while ``owner`` (the main window) lives."""
    clicks = EnterClicksButtons(owner)
    QApplication.instance().installEventFilter(clicks)
    return clicks
