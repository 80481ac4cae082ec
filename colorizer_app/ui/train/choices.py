"""What to train, in plain words: improve the default model, or a new one; research set-ups under Advanced."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from colorizer_app.core.model_cards import DEFAULT_MODEL_NAME, list_models
from colorizer_app.core.model_config import ARCHITECTURE_NAMES
from colorizer_app.ui.train.setup import IMAGENET_START, LOSS_NAMES, PRESETS
from trainer.config import TrainConfig

SMALL_FOLDER = 200  # fewer usable photos than this: the model mostly learns these photos
DEFAULT_MODEL_ARCHITECTURE = "unet_efficientnet_lite0"  # resources/models/default.json
# the recipe that trained the default model (docs/MODELS.md, "Reproducing")
RECIPE = {"encoder_training": "upper", "encoder_lr_scale": 0.3, "crop": 176}
FINE_TUNE_LR = 5e-4  # a quarter of a new run's: adapts the default without washing out what it knows


@dataclass
class TrainingRecipe:
    """A training set-up: what the child is asked to train (TrainConfig fields), and how the window speaks of it."""

    title: str
    arch: str
    loss: str
    settings: dict = field(default_factory=dict)
    explanation: str = ""

    def config(self, data: str, name: str, device: str, minutes: float | None, epochs: float | None, replace: bool) -> TrainConfig:
        """The run this recipe makes of the user's folder and choices (its folder is set when it starts)."""
        return TrainConfig(
            data=data,
            out="",
            arch=self.arch,
            loss=self.loss,
            name=name,
            device=device,
            minutes=minutes,
            epochs=epochs,
            replace=replace,
            **self.settings,
        )


IMPROVE_DEFAULT = TrainingRecipe(
    "Improve the default model with my photos",
    DEFAULT_MODEL_ARCHITECTURE,
    "classification",
    {"init": DEFAULT_MODEL_NAME, **RECIPE, "lr": FINE_TUNE_LR},
    "Keeps what the default model knows and adapts it to the colours of your photos. "
    "The best choice for most folders; a few hundred photos and half an hour already help.",
)
NEW_MODEL = TrainingRecipe(
    "Train a new model",
    DEFAULT_MODEL_ARCHITECTURE,
    "classification",
    {"pretrained": True, **RECIPE, "arch_config": {"decoder_width": 32, "hint_spread": True}},
    "Starts from a network that already recognises everyday things and learns colour only from your "
    "photos. To match the default model it needs thousands of photos and about an hour or more.",
)


def default_model_available() -> bool:
    """The built-in default model is installed and is the kind the improve recipe fine-tunes."""
    return any(
        entry.origin == "built-in" and entry.name == DEFAULT_MODEL_NAME and entry.card.architecture == DEFAULT_MODEL_ARCHITECTURE
        for entry in list_models()
    )


def small_folder_warning(usable: int) -> str:
    """What to expect from a small folder (HTML), or nothing for a big enough one."""
    if usable >= SMALL_FOLDER:
        return ""
    return (
        f"<p><b>This is a small folder.</b> With fewer than {SMALL_FOLDER} photos the model will mostly learn "
        "these photos' colours; it may do worse than the default model on other photos. "
        "“Improve the default model with my photos” is the safer choice, or add more photos.</p>"
    )


def scan_summary(report, enough: bool) -> str:
    """The scan's result page (HTML): usable photos, the reasons others were skipped, and a warning."""
    lines = [f"<h2>{len(report.usable)} usable photos</h2>"]
    if report.skipped:
        lines.append(f"<p>{len(report.skipped)} skipped:</p><ul>")
        for reason, count in sorted(report.reasons().items(), key=lambda pair: -pair[1]):  # a few names each, not one reason 8 times
            names = [path.name for path, why in report.skipped if why == reason][:3]
            more = ", …" if count > len(names) else ""
            lines.append(f"<li>{count} × {reason} ({', '.join(names)}{more})</li>")
        lines.append("</ul>")
    if not enough:
        lines.append("<p><b>At least 40 usable photos are needed to train.</b></p>")
    else:
        lines.append(small_folder_warning(len(report.usable)))
    return "".join(lines)


class TrainingChoice(QWidget):
    """Two plain choices first; the research set-ups (every architecture and loss) under Advanced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.improve = QRadioButton(IMPROVE_DEFAULT.title)
        self.new_model = QRadioButton(NEW_MODEL.title)
        self.research = QRadioButton("Research set-up")
        self.group = QButtonGroup(self)
        for button in (self.improve, self.new_model, self.research):
            self.group.addButton(button)
        self.user_chose = False  # until the user picks, the best available choice is picked for them
        self.group.buttonClicked.connect(self._chosen)
        self.improve_note = self._note(IMPROVE_DEFAULT.explanation)
        self.new_note = self._note(NEW_MODEL.explanation)

        self.preset = QComboBox()
        for label, arch, loss in PRESETS:
            self.preset.addItem(label, (arch, loss))
        self.arch = QComboBox()
        self.arch.addItems(sorted(ARCHITECTURE_NAMES))
        self.loss = QComboBox()
        self.loss.addItems(LOSS_NAMES)
        self._apply_preset()
        self.preset.currentIndexChanged.connect(self._apply_preset)
        for combo in (self.preset, self.arch, self.loss):  # touching a research option chooses it
            combo.activated.connect(lambda _index: self._chosen(self.research))

        self.advanced_button = QToolButton()
        self.advanced_button.setText("Advanced: research set-ups")
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setAutoRaise(True)
        self.advanced = QWidget()
        form = QFormLayout(self.advanced)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.research)
        form.addRow(self._note("Train any of the architectures and losses Colorizer has tried, to compare them."))
        form.addRow("Preset", self.preset)
        form.addRow("Architecture", self.arch)
        form.addRow("Loss", self.loss)
        self.advanced.hide()
        self.advanced_button.toggled.connect(self._show_advanced)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.improve)
        layout.addWidget(self.improve_note)
        layout.addWidget(self.new_model)
        layout.addWidget(self.new_note)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        self.refresh()

    @staticmethod
    def _note(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setContentsMargins(24, 0, 0, 4)
        return label

    def refresh(self) -> None:
        """Offer improving the default model only when it is installed (a fresh check each time)."""
        available = default_model_available()
        self.improve.setEnabled(available)
        self.improve.setText(IMPROVE_DEFAULT.title + ("" if available else " (the default model is not installed)"))
        if not self.user_chose or (self.improve.isChecked() and not available):
            (self.improve if available else self.new_model).setChecked(True)

    def _chosen(self, button: QRadioButton) -> None:
        button.setChecked(True)
        self.user_chose = True

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _apply_preset(self) -> None:
        arch, loss = self.preset.currentData()
        self.arch.setCurrentText(arch)
        self.loss.setCurrentText(loss)

    def recipe(self) -> TrainingRecipe:
        """The chosen set-up, with the settings the training child needs."""
        if self.improve.isChecked():
            return IMPROVE_DEFAULT
        if self.new_model.isChecked():
            return NEW_MODEL
        arch, loss = self.arch.currentText(), self.loss.currentText()
        return TrainingRecipe("Research set-up", arch, loss, dict(IMAGENET_START.get(arch, {})))
