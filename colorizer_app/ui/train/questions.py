"""The questions the Train tab and the window ask about a user's models and runs.

Each is one function (tests replace them), in plain words, with buttons that say what
they do.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

REPLACE = "replace"
CHOOSE_ANOTHER = "choose another"


def _ask(parent: QWidget | None, title: str, text: str, yes: str, no: str, informative: str = "") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.setEscapeButton(reject)
    box.exec()
    return box.clickedButton() is accept


def ask_replace_model(parent: QWidget | None, name: str) -> str:
    """A model called ``name`` exists: REPLACE it, or CHOOSE_ANOTHER name."""
    replace = _ask(
        parent,
        "A model with this name exists",
        f"You already have a model called “{name}”.",
        "Replace it",
        "Choose another name",
        "Replacing it deletes the old model when the new one is ready.",
    )
    return REPLACE if replace else CHOOSE_ANOTHER


def ask_use_model(parent: QWidget | None, name: str, finished: bool = True) -> bool:
    """A new model is in the model list: make it the one used for colorizing now?"""
    title = "Training finished" if finished else "Model saved"
    return _ask(parent, title, f"{title}: use the new model “{name}” now?", "Use it", "Not now")


def ask_stop_and_quit(parent: QWidget | None) -> bool:
    return _ask(
        parent,
        "Training is running",
        "Training is running. Stop it and quit?",
        "Stop and quit",
        "Cancel",
        "It can be resumed later from the Train tab.",
    )


def ask_stop_batch_and_quit(parent: QWidget | None, left: int) -> bool:
    """Quitting while photos are being colorized: the ones not done yet come back next time."""
    return _ask(
        parent,
        "Colorizing is under way",
        f"{left} {'photos or films are' if left != 1 else 'photo or film is'} not colorized yet. Stop and quit?",
        "Stop and quit",
        "Keep colorizing",
        "Finished results are kept (a film's finished minutes too). Next time, Colorizer offers this list back "
        "and Colorize all does the rest.",
    )


TITLE_ROOM = 160  # pixels a window manager takes from a title bar (icon and buttons)


def model_name_dialog(parent: QWidget | None, suggestion: str) -> QInputDialog:
    """Wide enough for its title: a window manager cuts a title longer than a narrow dialog."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Save as a model")
    dialog.setLabelText("Name for the model in the model list:")
    dialog.setTextValue(suggestion)
    width = max(360, dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) * 2 + TITLE_ROOM)
    field = dialog.findChild(QLineEdit)  # QInputDialog sizes itself to its field: widen that
    if field is not None:
        field.setMinimumWidth(width)
    dialog.setMinimumWidth(width)
    return dialog


def ask_model_name(parent: QWidget | None, suggestion: str) -> str | None:
    """The name to save a stopped run's model under, or None when cancelled."""
    dialog = model_name_dialog(parent, suggestion)
    accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
    name = dialog.textValue().strip()
    return name if accepted and name else None


def ask_delete_run(parent: QWidget | None, name: str) -> bool:
    return _ask(
        parent,
        "Delete this training?",
        f"Delete the unfinished training “{name}”?",
        "Delete",
        "Keep it",
        "It cannot be resumed afterwards. Models already saved from it stay in the model list.",
    )
