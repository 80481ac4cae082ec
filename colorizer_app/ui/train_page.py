"""The Train tab: a wizard from a folder of colour photos to a new model in the selector.

Choose a folder -> scan summary (usable, skipped and why) -> architecture/loss,
budget and device -> a child training process, followed live (losses, validation
metrics, previews, ETA) with Stop (checkpointed) and Resume.
"""

from __future__ import annotations

import datetime
import re
import threading
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from colorizer_app.core.devices import describe_device, pick_device
from colorizer_app.core.model_files import ModelFileError, read_entry
from colorizer_app.core.models import ARCHITECTURES
from colorizer_app.ui.loss_plot import TrainingPlots
from colorizer_app.ui.settings import AppSettings
from colorizer_app.ui.training_process import TrainingProcess, training_command
from colorizer_app.ui.workers import start_on_thread

PRESETS = [
    ("Photo-aware U-Net, starts from an ImageNet-trained encoder (recommended)", "unet_efficientnet_lite0", "classification"),
    ("Colorizer U-Net, classification (learns everything from your photos)", "unet_resnet18", "classification"),
    ("Fast U-Net, classification (small, for slow computers)", "fast_unet", "classification"),
    ("Plain CNN, L2 (the sepia baseline)", "plain_cnn", "mse"),
    ("ResNet18 encoder-decoder, L1", "resnet18_encoder_decoder", "l1"),
    ("Constant-resolution net, Huber", "constant_resolution", "huber"),
    ("GAN: generator + PatchGAN, L1 + adversarial", "gan_generator", "adversarial"),
    ("Colorizer U-Net, contrastive", "unet_resnet18", "contrastive"),
]
LOSS_NAMES = ["classification", "mse", "l1", "huber", "perceptual", "contrastive", "adversarial"]
# architectures whose encoder starts from ImageNet weights that install with the program
IMAGENET_START = {"unet_efficientnet_lite0": ["--pretrained"]}
CACHE_SIZE = 176  # the trainer's cache size: scanning here fills the cache the child reuses


def runs_folder() -> Path:
    return platformdirs.user_data_path("Colorizer", appauthor=False) / "runs"


class ScanWorker(QObject):
    """Scans (and caches) a training folder on a thread, reporting progress."""

    progress = Signal(int, int)
    finished = Signal(object)  # ScanReport
    failed = Signal(str)

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder
        self._stop = threading.Event()

    @Slot()
    def run(self) -> None:
        from trainer.data import PhotoCache

        try:
            cache = PhotoCache.build(self.folder, CACHE_SIZE, progress=lambda done, total: self.progress.emit(done, total))
        except Exception as error:
            self.failed.emit(str(error))
            return
        self.finished.emit(cache.report)


def _centred(content: QWidget, width: int = 860) -> QWidget:
    """A wizard page: content in a readable column in the middle of the tab."""
    content.setMaximumWidth(width)
    page = QWidget()
    layout = QHBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(content, 100)
    layout.addStretch(1)
    return page


class TrainPage(QWidget):
    model_ready = Signal(str)  # the new model's name
    status = Signal(str)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.report = None
        self.training: TrainingProcess | None = None
        self.run_dir: Path | None = None
        self.last_command: list[str] = []
        self.stack = QStackedWidget()
        self.stack.addWidget(_centred(self._folder_page()))
        self.stack.addWidget(_centred(self._summary_page()))
        self.stack.addWidget(_centred(self._options_page()))
        self.stack.addWidget(self._run_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.stack)

    # ----- page 1: folder -----------------------------------------------------------
    def _folder_page(self) -> QWidget:
        page = QWidget()
        self.folder = QLineEdit(self.settings.last_training_folder)
        self.folder.setPlaceholderText("A folder of colour photos (searched recursively)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_folder)
        self.scan_button = QPushButton("Scan folder")
        self.scan_button.setMinimumHeight(34)
        self.scan_button.clicked.connect(self.scan)
        self.scan_progress = QProgressBar()
        self.scan_progress.hide()
        self.scan_message = QLabel("")
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(page)
        title = QLabel(
            "<h2>Train your own model</h2><p>Pick a folder of <b>colour</b> photos like the ones you want to "
            "colorize. Colorizer learns their colours, then adds the model to the model list.</p>"
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.scan_progress)
        layout.addWidget(self.scan_message)
        layout.addStretch(1)
        return page

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of colour photos", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def scan(self) -> None:
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            self.scan_message.setText("Choose an existing folder first.")
            return
        self.settings.last_training_folder = folder
        self.scan_button.setEnabled(False)
        self.scan_progress.show()
        self.scan_progress.setRange(0, 0)
        self.scan_message.setText("Scanning and decoding photos once (training reuses this)…")
        self.scan_worker = ScanWorker(folder)
        self.scan_worker.progress.connect(self._scan_progress)
        self.scan_worker.finished.connect(self._scan_finished)
        self.scan_worker.failed.connect(self._scan_failed)
        self.scan_thread = start_on_thread(self.scan_worker, self)

    def _scan_progress(self, done: int, total: int) -> None:
        self.scan_progress.setRange(0, total)
        self.scan_progress.setValue(done)

    def _scan_failed(self, message: str) -> None:
        self.scan_button.setEnabled(True)
        self.scan_progress.hide()
        self.scan_message.setText(f"Cannot scan: {message}")

    def _scan_finished(self, report) -> None:
        self.report = report
        self.scan_button.setEnabled(True)
        self.scan_progress.hide()
        self.scan_message.setText("")
        lines = [f"<h2>{len(report.usable)} usable photos</h2>"]
        if report.skipped:
            lines.append(f"<p>{len(report.skipped)} skipped:</p><ul>")
            lines += [f"<li>{count} × {reason}</li>" for reason, count in sorted(report.reasons().items(), key=lambda pair: -pair[1])]
            lines.append("</ul><p>Examples:</p><ul>")
            lines += [f"<li>{path.name}: {reason}</li>" for path, reason in report.skipped[:8]]
            lines.append("</ul>")
        enough = len(report.usable) >= 40
        if not enough:
            lines.append("<p><b>At least 40 usable photos are needed to train.</b></p>")
        self.summary.setText("".join(lines))
        self.summary_next.setEnabled(enough)
        self.stack.setCurrentIndex(1)

    # ----- page 2: summary ----------------------------------------------------------
    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        back = QPushButton("Back")
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.summary_next = QPushButton("Next")
        self.summary_next.clicked.connect(lambda: self.stack.setCurrentIndex(2))
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.summary_next)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        return page

    # ----- page 3: options ----------------------------------------------------------
    def _options_page(self) -> QWidget:
        page = QWidget()
        self.preset = QComboBox()
        for label, arch, loss in PRESETS:
            self.preset.addItem(label, (arch, loss))
        self.arch = QComboBox()
        self.arch.addItems(sorted(ARCHITECTURES))
        self.loss = QComboBox()
        self.loss.addItems(LOSS_NAMES)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.by_minutes = QRadioButton("Time budget")
        self.by_epochs = QRadioButton("Epochs")
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
        self._apply_preset()

        budget = QHBoxLayout()
        budget.addWidget(self.by_minutes)
        budget.addWidget(self.minutes)
        budget.addSpacing(16)
        budget.addWidget(self.by_epochs)
        budget.addWidget(self.epochs)
        budget.addStretch(1)
        form = QFormLayout()
        form.addRow("Preset", self.preset)
        form.addRow("Architecture", self.arch)
        form.addRow("Loss", self.loss)
        form.addRow("How long", budget)
        form.addRow("Device", self.device)
        form.addRow("Model name", self.name)
        back = QPushButton("Back")
        back.clicked.connect(lambda: self.stack.setCurrentIndex(1))
        start = QPushButton("Start training")
        start.setMinimumHeight(34)
        start.clicked.connect(self._start_from_form)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(start)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<h2>How to train</h2>"))
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _apply_preset(self) -> None:
        arch, loss = self.preset.currentData()
        self.arch.setCurrentText(arch)
        self.loss.setCurrentText(loss)

    def _start_from_form(self) -> None:
        name = self.name.text().strip() or f"{self.arch.currentText()}-{datetime.datetime.now():%Y%m%d-%H%M}"
        budget = ["--minutes", str(self.minutes.value())] if self.by_minutes.isChecked() else ["--epochs", str(self.epochs.value())]
        arch = self.arch.currentText()
        self.start(
            self.folder.text().strip(), name, arch, self.loss.currentText(), budget, self.device.currentData(), IMAGENET_START.get(arch)
        )

    # ----- page 4: the run ----------------------------------------------------------
    def _run_page(self) -> QWidget:
        page = QWidget()
        self.plots = TrainingPlots()
        self.run_title = QLabel()
        self.run_status = QLabel("")
        self.run_status.setWordWrap(True)
        self.eta = QLabel("")
        self.preview = QLabel("Validation previews appear here after each epoch.")
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(300)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stops after the current step and saves a checkpoint; Resume continues exactly.")
        self.stop_button.clicked.connect(self.stop)
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(self.resume)
        self.new_button = QPushButton("New training…")
        self.new_button.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.resume_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Latest validation preview</b><br>grey · predicted · truth"))
        side.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addWidget(self.plots, 3)
        body.addLayout(side, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.run_title)
        layout.addWidget(self.eta)
        layout.addLayout(body, 1)
        layout.addWidget(self.run_status)
        layout.addLayout(buttons)
        return page

    def start(
        self,
        folder: str,
        name: str,
        arch: str,
        loss: str,
        budget: list[str],
        device: str = "auto",
        extra_arguments: list[str] | None = None,
    ) -> None:
        """Start a new run in the user's runs folder."""
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "model"
        self.run_dir = runs_folder() / safe
        suffix = 2
        while self.run_dir.exists():
            self.run_dir = runs_folder() / f"{safe}-{suffix}"
            suffix += 1
        arguments = [
            folder,
            "--out",
            str(self.run_dir),
            "--arch",
            arch,
            "--loss",
            loss,
            *budget,
            "--device",
            device,
            "--name",
            name,
            *(extra_arguments or []),
        ]
        self.plots.reset()
        self.run_title.setText(f"<h2>Training {name}</h2><p>{arch} · {loss} · {self.run_dir}</p>")
        self._launch(training_command(arguments))

    def _launch(self, command: list[str]) -> None:
        self.last_command = command
        self.training = TrainingProcess(self.run_dir, self)
        self.training.event.connect(self._on_event)
        self.training.ended.connect(self._on_end)
        self.run_status.setText("Starting…")
        self.stop_button.setEnabled(True)
        self.resume_button.setEnabled(False)
        self.new_button.setEnabled(False)
        self.stack.setCurrentIndex(3)
        self.training.start(command)

    def stop(self) -> None:
        if self.training and self.training.is_running():
            self.run_status.setText("Stopping after this step and saving a checkpoint…")
            self.training.stop()

    def resume(self) -> None:
        if self.last_command and "--resume" not in self.last_command:
            self.last_command = [*self.last_command, "--resume"]
        self._launch(self.last_command)

    def is_running(self) -> bool:
        return bool(self.training and self.training.is_running())

    def _on_event(self, event: dict) -> None:
        kind = event.get("type")
        if kind == "scan":
            self.run_status.setText(
                f"{event['usable']} usable photos: {event['train_images']} to train on, {event['val_images']} to validate."
            )
        elif kind == "start":
            self.run_status.setText(f"Training on {event['device']}.")
        elif kind == "step":
            self.plots.add_step(event["step"], event["loss"])
            eta = event.get("eta_seconds")
            left = f" · about {datetime.timedelta(seconds=round(eta))} left" if eta is not None else ""
            self.eta.setText(
                f"Step {event['step']} of {event.get('total_steps') or '?'} · epoch {event['epoch']:.2f} · "
                f"{event['images_per_second']:.0f} photos/s{left}"
            )
        elif kind == "validation":
            self.plots.add_validation(event["step"], event["loss"], event["metrics"])
        elif kind == "preview":
            pixmap = QPixmap(event["path"])
            if not pixmap.isNull():
                self.preview.setPixmap(pixmap.scaledToWidth(min(420, pixmap.width()), Qt.TransformationMode.SmoothTransformation))
        elif kind == "exported" and event.get("registered"):
            try:
                self.model_ready.emit(read_entry(event["registered"]).name)
            except ModelFileError as error:
                self.run_status.setText(f"The trained model could not be read back: {error}")
        elif kind == "stopped":
            self.run_status.setText(
                f"Stopped at step {event['step']} ({event['reason']}). The best model so far was added; Resume continues."
            )
        elif kind == "finished":
            self.run_status.setText(f"Finished. The model was added to the model list. ({event['model']})")

    def _on_end(self, success: bool, message: str) -> None:
        self.stop_button.setEnabled(False)
        self.new_button.setEnabled(True)
        last = self.training.last_event.get("type") if self.training else None
        self.resume_button.setEnabled(last in ("stopped", "failed", None) or not success)
        if not success:
            self.run_status.setText(f"Training failed: {message}")
            self.status.emit("Training failed.")
            QMessageBox.warning(self, "Training failed", message)
