"""The colorize settings panel: model, render size, saturation, output folder and format."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from colorizer_app.core.colorize import MAX_RENDER_SIZE, MIN_RENDER_SIZE, ColorizeSettings
from colorizer_app.core.colorize_settings import MAX_SATURATION
from colorizer_app.core.model_files import DEFAULT_MODEL_NAME, ModelEntry, broken_models, list_models, unusable_models
from colorizer_app.ui.look.model_details import ModelDetails
from colorizer_app.ui.look.model_words import item_text, plain_description, technical_details
from colorizer_app.ui.settings import AppSettings

FORMATS = [("Same as input", ""), ("JPEG", "JPEG"), ("PNG", "PNG"), ("TIFF", "TIFF"), ("WebP", "WEBP")]


class ModelSelector(QComboBox):
    """Built-in and user models in plain words (what each is for, what it learned from, how long)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ModelEntry] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def reload(self, select: str | None = None) -> None:
        current = select or self.current_name() or DEFAULT_MODEL_NAME  # the default model unless the user chose
        self.blockSignals(True)
        self.clear()
        self.entries = list_models()
        for index, entry in enumerate(self.entries):
            self.addItem(item_text(entry), entry.name)
            self.setItemData(index, plain_description(entry), Qt.ItemDataRole.ToolTipRole)
        if not self.entries:
            self.addItem("No trained model installed")
            self.setToolTip("Train a model in the Train tab, or import one (File ▸ Import model…).")
        problems = broken_models()
        if problems:
            self.setToolTip("Some model files could not be used:\n" + "\n".join(problems))
        for name, reason in unusable_models():  # listed, never offered: picking one would blame the photo (issue 27)
            self.addItem(f"{name} (cannot be used)")
            self.model().item(self.count() - 1).setEnabled(False)
            self.setItemData(self.count() - 1, f"This model cannot be used: {reason}", Qt.ItemDataRole.ToolTipRole)
        names = [entry.name for entry in self.entries]
        if current not in names:
            current = DEFAULT_MODEL_NAME  # a remembered model that is gone: back to the default
        if current in names:
            self.setCurrentIndex(names.index(current))
        self.blockSignals(False)
        self.currentIndexChanged.emit(self.currentIndex())

    def current_entry(self) -> ModelEntry | None:
        index = self.currentIndex()
        return self.entries[index] if 0 <= index < len(self.entries) else None

    def current_name(self) -> str | None:
        entry = self.current_entry()
        return entry.name if entry else None


class WrappedWords(QLabel):
    """Word-wrapped words whose smallest height is that of their lines at their width.

    Why: beside *Details…* in a form row, Qt's layouts kept the height the previous text (or
    width) needed: choosing a model with a longer description at a narrow column clipped the
    new one at its top and bottom (issue 26). The minimum now follows the lines. (Not with
    setMinimumHeight: QLabel's heightForWidth never goes below its minimum size again.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        if self.text():
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # another width: other lines


class ColorizeControls(QWidget):
    """Everything a batch needs besides the photos."""

    changed = Signal()  # something that changes the picture (model, render size, saturation)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models = ModelSelector()
        self.model_words = WrappedWords()  # the chosen model in plain words, all of them
        self.details_button = QToolButton()
        self.details_button.setText("Details…")
        self.details_button.setToolTip("The model's technical facts")
        self.model_details = ModelDetails(self)  # the card's technical facts: only when asked for
        self.details_button.clicked.connect(self.model_details.show_beside)
        self.render_size = QSpinBox()
        self.render_size.setRange(MIN_RENDER_SIZE, MAX_RENDER_SIZE)
        self.render_size.setSingleStep(64)
        self.render_size.setSuffix(" px")
        self.render_size.setToolTip("Long side of the picture the network sees. The result keeps the photo's full size.")
        self.saturation_slider = QSlider(Qt.Orientation.Horizontal)
        self.saturation_slider.setRange(0, round(MAX_SATURATION * 100))
        self.saturation = QDoubleSpinBox()
        self.saturation.setRange(0.0, MAX_SATURATION)
        self.saturation.setSingleStep(0.05)
        self.saturation.setDecimals(2)
        self.output_folder = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_output_folder)
        self.output_format = QComboBox()
        for label, value in FORMATS:
            self.output_format.addItem(label, value)
        self.mark = QCheckBox("Small corner mark")
        self.mark.setToolTip(
            "A small “Colours simulated” label in each saved photo's bottom-right corner, so a print or a copy is not taken "
            "for an original colour photo. The file's details (metadata) always say that its colours are simulated."
        )

        saturation_row = QHBoxLayout()
        saturation_row.addWidget(self.saturation_slider, 1)
        saturation_row.addWidget(self.saturation)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_folder, 1)
        output_row.addWidget(browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        model_row = QHBoxLayout()
        model_row.addWidget(self.models, 1)
        words_row = QHBoxLayout()  # Details… under the selector: the column stays narrow (150% scaling)
        words_row.addWidget(self.model_words, 1)
        words_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        for control, name in (
            (self.models, "Model"),
            (self.render_size, "Render size"),
            (self.saturation_slider, "Saturation"),
            (self.saturation, "Saturation"),
            (self.output_folder, "Save to (the output folder)"),
            (self.output_format, "Format"),
        ):
            control.setAccessibleName(name)  # a screen reader said only the value ("Fast — quicker, …")
        form.addRow("Model", model_row)
        form.addRow("", words_row)
        form.addRow("Render size", self.render_size)
        form.addRow("Saturation", saturation_row)
        form.addRow("Save to", output_row)
        form.addRow("Format", self.output_format)
        form.addRow("", self.mark)

        self.render_size.setValue(settings.render_size)
        self.saturation.setValue(settings.saturation)
        self.saturation_slider.setValue(round(settings.saturation * 100))
        self.output_folder.setText(settings.output_folder)
        self.output_format.setCurrentIndex(max(0, self.output_format.findData(settings.output_format)))
        self.mark.setChecked(settings.mark_results)
        self.models.currentIndexChanged.connect(self._describe_model)
        self.models.reload(settings.model)

        self.saturation_slider.valueChanged.connect(lambda value: self.saturation.setValue(value / 100))
        self.saturation.valueChanged.connect(lambda value: self.saturation_slider.setValue(round(value * 100)))
        self.saturation.valueChanged.connect(self.changed)
        self.render_size.editingFinished.connect(self.changed)
        self.models.currentIndexChanged.connect(self.changed)

    def _describe_model(self) -> None:
        entry = self.models.current_entry()
        self.model_words.setText(plain_description(entry) if entry else "")
        self.model_details.set_facts(entry.name if entry else "", technical_details(entry) if entry else "")
        self.details_button.setEnabled(entry is not None)

    def colorize_settings(self) -> ColorizeSettings:
        return ColorizeSettings(render_size=self.render_size.value(), saturation=self.saturation.value())

    def file_format(self) -> str | None:
        return self.output_format.currentData() or None

    def store(self, settings: AppSettings) -> None:
        settings.model = self.models.current_name() or settings.model
        settings.render_size = self.render_size.value()
        settings.saturation = self.saturation.value()
        settings.output_folder = self.output_folder.text()
        settings.output_format = self.output_format.currentData()
        settings.mark_results = self.mark.isChecked()

    def _choose_output_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save colorized photos to", self.output_folder.text())
        if folder:
            self.output_folder.setText(folder)
