"""Opening the output folder, saying where it is when no file manager can show it, and
offering another one when the batch cannot write there.

On a bare desktop (no file manager, or no handler for folders) ``openUrl`` just
returns False; the user still needs to know where the results are. A read-only, full or
vanished output folder stops the batch (core/batch.py): one message says so, with a button
to pick another folder, instead of every photo failing in turn.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget


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


def ask_for_another_folder(parent: QWidget, sentence: str, folder_field: QLineEdit) -> QMessageBox:
    """The batch stopped because of its output folder: say so once (non-blocking), with a
    button that picks another folder into ``folder_field``; Colorize all then resumes there."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "The output folder cannot be used",
        f"{sentence}.\n\nNo photo is marked as broken: choose another folder, then press Colorize all to go on.",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("output-folder-problem")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    choose = box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)
    choose.clicked.connect(lambda: choose_output_folder(parent, folder_field))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def choose_output_folder(parent: QWidget, folder_field: QLineEdit) -> None:
    folder = QFileDialog.getExistingDirectory(parent, "Save colorized photos to", folder_field.text())
    if folder:
        folder_field.setText(folder)
