"""Opening the output folder, and saying where it is when no file manager can show it.

On a bare desktop (no file manager, or no handler for folders) ``openUrl`` just
returns False; the user still needs to know where the results are.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def open_output_folder(parent: QWidget, folder: Path) -> str:
    """Show ``folder`` in the file manager; returns "" or what the status line should say."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _explain(parent, f"The output folder cannot be created ({error.strerror or error}):", folder)
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return ""
    return _explain(parent, "No file manager could be opened. Your results are in this folder:", folder)


def _explain(parent: QWidget, why: str, folder: Path) -> str:
    """A non-blocking message with the path selectable, and a button that copies it."""
    box = QMessageBox(QMessageBox.Icon.Information, "Output folder", f"{why}\n\n{folder}", QMessageBox.StandardButton.Close, parent)
    box.setObjectName("output-folder-message")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    copy = box.addButton("Copy folder path", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(folder)))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return f"{why.rstrip(':')}: {folder}"
