"""The Train tab's options form: what to train, for how long, where, and under which name."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLineEdit, QRadioButton, QSpinBox, QVBoxLayout, QWidget

from colorizer_app.core.devices import describe_device, pick_device
from colorizer_app.ui.train.choices import TrainingChoice


class TrainOptionsForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = TrainingChoice()
        self.by_minutes = QRadioButton("Time budget")
        self.by_epochs = QRadioButton("Passes over the photos")
        self.by_minutes.setChecked(True)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setValue(30)
        self.minutes.setSuffix(" min")
        self.epochs = QDoubleSpinBox()
        self.epochs.setRange(0.1, 1000)
        self.epochs.setValue(5)
        self.device = QComboBox()
        auto = pick_device("auto")
        self.device.addItem(f"Automatic: {describe_device(auto)}", "auto")
        self.device.addItem("CPU", "cpu")
        if auto.type != "cpu":
            self.device.addItem(describe_device(auto), auto.type)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. family-album")
        self.name.setToolTip("The name in the model list. A name already in use is replaced only when you confirm.")

        budget = QHBoxLayout()
        budget.addWidget(self.by_minutes)
        budget.addWidget(self.minutes)
        budget.addSpacing(16)
        budget.addWidget(self.by_epochs)
        budget.addWidget(self.epochs)
        budget.addStretch(1)
        form = QFormLayout()
        form.addRow("How long", budget)
        form.addRow("Device", self.device)
        form.addRow("Model name", self.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addSpacing(8)
        layout.addLayout(form)

    def budget(self) -> tuple[float | None, float | None]:
        """(minutes, passes): exactly one is given."""
        if self.by_minutes.isChecked():
            return float(self.minutes.value()), None
        return None, self.epochs.value()
