"""The Colorize tab's widgets for per-photo edits: whose settings the controls show, the
save and export buttons, and the line under the preview saying what made the saved file.

Why apart: the page lays them out; the edits controller decides what they say.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget

BATCH_SCOPE = "Model and saturation: the batch's, for every photo without settings of its own."
OWN_SCOPE = "Model and saturation: this photo's own. Changes apply to this photo only."
NO_PHOTO_SCOPE = "Model and saturation: the batch's, for every photo without settings of its own."


class SettingsScope(QWidget):
    """One line under the settings: do they belong to the batch or to the selected photo alone?

    *Only this photo* gives the photo its own model and saturation; clearing it makes the photo
    follow the batch again (the rule is in edits/photo_edits.py).
    """

    only_this = Signal(bool)  # the user ticked (True) or cleared (False) "Only this photo"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(NO_PHOTO_SCOPE)
        self.label.setWordWrap(True)
        self.check = QCheckBox("Only this photo")
        self.check.setToolTip(
            "Ticked: the model and saturation are this photo's own, and changing them changes only this photo.\n"
            "Cleared: this photo follows the batch's model and saturation, as every photo without its own does."
        )
        self.check.clicked.connect(self.only_this)  # the user's click, never show_scope's
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_scope(None)

    def show_scope(self, own: bool | None) -> None:
        """``own``: None without a selected photo, else whether the photo keeps its own settings."""
        self.label.setText(NO_PHOTO_SCOPE if own is None else OWN_SCOPE if own else BATCH_SCOPE)
        self.check.setVisible(own is not None)
        self.check.setChecked(bool(own))


class SaveButtons(QWidget):
    """Save this photo / Export selected / Export all changed: each writes results with each photo's own edits."""

    save_current = Signal()
    export_selected = Signal()
    export_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save = QPushButton("Save this photo")
        self.save.setToolTip("Write the selected photo's result now, with its own edits, replacing its earlier result.")
        self.selected = QPushButton("Export selected")
        self.selected.setToolTip("Write the results of the photos selected in the list, each with its own edits.")
        self.changed = QPushButton("Export all changed")
        self.changed.setToolTip("Write every photo whose edits are not in its saved result yet.")
        self.save.clicked.connect(self.save_current)
        self.save_action = QAction("&Save this photo", self)  # the Photo menu's (Ctrl+S): follows the button
        self.save_action.setToolTip(self.save.toolTip())
        self.save_action.triggered.connect(self.save_current)
        self.selected.clicked.connect(self.export_selected)
        self.changed.clicked.connect(self.export_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.save, self.selected, self.changed):  # one above the other: a narrow column at 150%
            layout.addWidget(button)
        self.update_state(False, False, 0, 0)  # nothing to save until a photo is listed

    def name_shown(self, kind: str) -> None:
        """ "Save this photo" or "Save this film": what the button writes."""
        self.save.setText(f"Save this {kind}")
        self.save_action.setText(f"&Save this {kind}")

    def update_state(self, running: bool, can_save: bool, selected: int, changed: int) -> None:
        self.save.setEnabled(not running and can_save)
        self.save_action.setEnabled(self.save.isEnabled())
        self.selected.setEnabled(not running and selected > 0)
        self.selected.setText(f"Export selected ({selected})" if selected > 1 else "Export selected")
        self.changed.setEnabled(not running and changed > 0)
        self.changed.setText(f"Export all changed ({changed})" if changed else "Export all changed")


class ResultLine(QLabel):
    """Under the preview: which model and settings made the selected photo's saved file.

    Its two lines are kept while a photo is shown, empty or not, so the picture above keeps its
    size as the line comes and goes (the second trial saw it jump at every change of state)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing())

    def show_text(self, text: str) -> None:
        self.setText(text)
