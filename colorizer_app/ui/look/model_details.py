"""The model's technical facts in a small window of their own, opened only from "Details…"."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget


class ModelDetails(QDialog):
    """Architecture, scores and training facts of the chosen model: not modal, follows the selector."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.resize(520, 360)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(close)

    def set_facts(self, name: str, facts: str) -> None:
        self.setWindowTitle(f"Model details: {name}" if name else "Model details")
        self.text.setPlainText(facts)

    def facts(self) -> str:
        return self.text.toPlainText()

    def show_beside(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
