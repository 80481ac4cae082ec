"""Names for the models the Train tab makes (a free one by default, a taken one only when confirmed) and for imported ones."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from colorizer_app.core.model_files import ModelEntry, ModelFileError
from colorizer_app.ui.train import questions
from trainer.registry import builtin_names, free_name, is_taken, register_model

DEFAULT_NAME = "my-model"


def suggested_name(base: str = DEFAULT_NAME) -> str:
    """``base`` when no model has that name, else "base-2", "base-3"..."""
    return free_name(base)


def import_name(name: str) -> str | None:
    """The name to import a model file under: None (its own) unless that is a built-in model's,
    then a free one like it ("default-2"); under the built-in's name it was used in its place."""
    name = name.strip()
    return free_name(f"{name}-2") if is_builtin(name) else None


def is_builtin(name: str) -> bool:
    """A built-in model's name, whatever its capitals ("Default" beside "Default — best quality")."""
    return name.casefold() in {builtin.casefold() for builtin in builtin_names()}


def confirm_name(parent: QWidget | None, name: str) -> bool | None:
    """May a model be added as ``name``? False: yes, it is free; True: yes, replacing the
    user's model of that name (confirmed); None: no, the user will choose another name."""
    if is_builtin(name):
        QMessageBox.information(parent, "Choose another name", f"“{name}” is the name of a model that comes with Colorizer.")
        return None
    if not is_taken(name):
        return False
    return True if questions.ask_replace_model(parent, name) == questions.REPLACE else None


def save_run_model(parent: QWidget | None, model_file: Path, name: str) -> ModelEntry | None:
    """Add a stopped run's model file to the model list, asking its name first."""
    suggestion = suggested_name(name)
    while True:
        chosen = questions.ask_model_name(parent, suggestion)
        if chosen is None:
            return None
        replace = confirm_name(parent, chosen)
        if replace is not None:
            break
        suggestion = suggested_name(chosen)
    try:
        return register_model(model_file, chosen, replace=replace)
    except ModelFileError as error:
        QMessageBox.warning(parent, "Cannot save the model", str(error))
        return None
