"""The Train tab: a wizard from a folder of colour photos to a new model in the selector.

Folder (or an unfinished run to resume) -> scan summary -> what to train (train/options.py),
with a model name that is free unless the user confirms replacing -> a child training
process followed live (losses, metrics, previews, ETA) with Stop, Resume and Save as a
model. A finished model is offered ("use it now?"), never switched to silently.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from colorizer_app.core.model_files import ModelEntry, ModelFileError, read_entry, safe_file_stem
from colorizer_app.ui.look.error_words import StatusLine, plain_error, show_failure
from colorizer_app.ui.settings import AppSettings
from colorizer_app.ui.tasks.lane import Lane
from colorizer_app.ui.train import questions
from colorizer_app.ui.train.choices import scan_summary
from colorizer_app.ui.train.loss_plot import TrainingPlots, ValidationPreview
from colorizer_app.ui.train.model_naming import confirm_name, save_run_model, suggested_name
from colorizer_app.ui.train.options import TrainOptionsForm
from colorizer_app.ui.train.process import QUIT_KILL_AFTER_MS, TrainingProcess, training_command
from colorizer_app.ui.train.progress import StepClock, ended_words, progress_words, resumed_subtitle
from colorizer_app.ui.train.setup import centred, runs_folder, scan_folder
from colorizer_app.ui.train.unfinished_runs import CHECKPOINT, EVENTS, UnfinishedRun, UnfinishedRunsList, write_run_file
from trainer.config import TrainConfig
from trainer.events import BUDGET_REACHED, read_events


class TrainPage(QWidget):
    model_added = Signal(str)  # a new model is in the model list (not selected)
    use_model = Signal(str)  # the user chose to colorize with this new model
    status = Signal(str)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.report = None
        self.scan_lane = Lane(1, self)  # the folder scan, off the window's thread
        self.training: TrainingProcess | None = None
        self.last_step: dict | None = None
        self.run_dir: Path | None = None
        self.run_name = ""
        self.last_command: list[str] = []
        self.model_file: Path | None = None  # the run's exported model file
        self.registered: dict = {}  # the "exported" event of a run whose model was added
        self.quitting = False
        self.failure_box = None  # the last "Training failed" box
        self.clock = StepClock()
        self._suggested = ""
        self.stack = QStackedWidget()
        self.stack.addWidget(centred(self._folder_page()))
        self.stack.addWidget(centred(self._summary_page()))
        self.stack.addWidget(centred(self._options_page()))
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
        self.scan_message = StatusLine("")
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
        self.unfinished = UnfinishedRunsList()
        self.unfinished.resume_requested.connect(self.resume_run)
        self.unfinished.save_requested.connect(lambda run: self._save_model(run.model_file, run.name))
        self.unfinished.refresh(runs_folder())
        layout.addWidget(self.unfinished)
        layout.addStretch(1)
        return page

    def show_start(self) -> None:
        self.unfinished.refresh(runs_folder(), self.run_dir if self.is_running() else None)
        self.stack.setCurrentIndex(0)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of colour photos", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def scan(self) -> None:
        folder = str(Path(self.folder.text().strip()).expanduser()) if self.folder.text().strip() else ""
        if not folder or not Path(folder).is_dir():
            self.scan_message.setText(
                f"{folder} is not a folder: choose a folder of colour photos." if folder else "Choose a folder first."
            )
            return
        self.settings.last_training_folder = folder
        self.scan_button.setEnabled(False)
        self.scan_progress.show()
        self.scan_progress.setRange(0, 0)
        self.scan_message.setText("Scanning and decoding photos once (training reuses this)…")
        self.scan_lane.start(
            scan_folder(folder),
            on_done=self._scan_finished,
            on_error=lambda error: self._scan_failed(str(error)),
            on_progress=lambda counts: self._scan_progress(*counts),
        )

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
        enough = len(report.usable) >= 40
        self.summary.setText(scan_summary(report, enough))
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
        self.summary_next.clicked.connect(self._show_options)
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
        self.options = TrainOptionsForm()
        options = self.options  # its fields, by the names the rest of the tab (and its tests) use
        self.choice, self.name, self.device = options.choice, options.name, options.device
        self.by_minutes, self.by_epochs, self.minutes, self.epochs = options.by_minutes, options.by_epochs, options.minutes, options.epochs
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
        layout.addWidget(QLabel("<h2>What to train</h2>"))
        layout.addWidget(options)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _show_options(self) -> None:
        """The options page, with a model name nobody uses (unless the user typed one)."""
        if self.name.text().strip() in ("", self._suggested):
            self._suggested = suggested_name()
            self.name.setText(self._suggested)
        self.choice.refresh()
        self.stack.setCurrentIndex(2)

    def _start_from_form(self) -> None:
        name = self.name.text().strip() or suggested_name()
        replace = confirm_name(self, name)
        if replace is None:  # the user will choose another name
            self.name.setFocus()
            self.name.selectAll()
            return
        minutes, epochs = self.options.budget()
        recipe = self.choice.recipe()
        config = recipe.config(self.folder.text().strip(), name, self.device.currentData(), minutes, epochs, bool(replace))
        self.start(config, recipe.title)

    # ----- page 4: the run ----------------------------------------------------------
    def _run_page(self) -> QWidget:
        page = QWidget()
        self.plots = TrainingPlots()
        self.run_title = QLabel()
        self.run_status = StatusLine("")  # a long error never grows the window
        self.eta = StatusLine("", lines=1)
        self.preview = ValidationPreview()
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stops after the current step and saves a checkpoint; Resume continues exactly.")
        self.stop_button.clicked.connect(self.stop)
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(self.resume)
        self.save_button = QPushButton("Save as a model")
        self.save_button.setToolTip("Adds what this training has learned so far to the model list.")
        self.save_button.clicked.connect(lambda: self._save_model(self.model_file, self.run_name))
        self.new_button = QPushButton("New training…")
        self.new_button.clicked.connect(self.show_start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.save_button)
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

    def start(self, config: TrainConfig, title: str = "") -> None:
        """Start a new run of ``config`` in the user's runs folder (its ``out`` is chosen here)."""
        name = config.name or "model"
        safe = safe_file_stem(name)
        self.run_dir = runs_folder() / safe
        suffix = 2
        while self.run_dir.exists():
            self.run_dir = runs_folder() / f"{safe}-{suffix}"
            suffix += 1
        config = dataclasses.replace(config, out=str(self.run_dir), name=name)
        arguments = config.to_argv()
        write_run_file(self.run_dir, name, arguments)  # lists the run for Resume if it does not finish
        self.run_name = name
        self.plots.reset()
        self.run_title.setText(f"<h2>Training {name}</h2><p>{title or 'Research set-up'}</p>")
        self.run_title.setToolTip(f"{config.arch} · {config.loss} · {self.run_dir}")  # the technical facts, on request
        self._launch(training_command(arguments))

    def resume_run(self, run: UnfinishedRun) -> None:
        """Continue an unfinished run from an earlier session, its plots redrawn from its events."""
        self.run_dir, self.run_name = run.folder, run.name
        # steps after the last checkpoint (a killed run) are trained again: not drawn twice
        events = [event for event in read_events(run.folder / EVENTS) if event.get("step", 0) <= run.step]
        self.plots.load_history(events)
        self.run_title.setText(f"<h2>Training {run.name}</h2><p>{resumed_subtitle(run.step, run.total_steps, run.when)}</p>")
        self.run_title.setToolTip(str(run.folder))
        previews = [event for event in events if event.get("type") == "preview" and event.get("path")]
        shown = bool(previews) and self.preview.show_file(previews[-1]["path"])  # this run's own last pictures
        self._launch(training_command([*run.arguments, "--resume"]), keep_preview=shown)

    def _launch(self, command: list[str], keep_preview: bool = False) -> None:
        """``keep_preview``: the same run goes on, so its last previews stay until new ones come
        (issue 26: on Resume they went back to the empty-state text for a pass)."""
        self.last_command = command
        self.model_file, self.registered = None, {}
        self.save_button.setEnabled(False)
        if not keep_preview:
            self.preview.blank()  # never the previous run's pictures
        self.eta.setText("")
        self.last_step = None  # the run's latest step event, for its line once it ends
        self.training = TrainingProcess(self.run_dir, self)
        self.training.event.connect(self._on_event)
        self.training.ended.connect(self._on_end)
        self.run_status.setText("Starting…")
        self.stop_button.setEnabled(True)
        self.resume_button.setEnabled(False)
        self.new_button.setEnabled(False)
        self.stack.setCurrentIndex(3)
        self.training.start(command)

    def stop(self, kill_after_ms: int | None = None) -> None:
        if self.training and self.training.is_running():
            self.run_status.setText(self.clock.stopping_words())
            self.training.stop(kill_after_ms)

    def stop_for_quit(self) -> None:
        """Stop for the app to quit: no questions or warnings when it ends; killed if slow."""
        self.quitting = True
        self.stop(QUIT_KILL_AFTER_MS)
        self.run_status.setText("Stopping training… Colorizer closes when it is saved.")

    def resume(self) -> None:
        if self.last_command and "--resume" not in self.last_command:
            self.last_command = [*self.last_command, "--resume"]
        self._launch(self.last_command, keep_preview=True)

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
            self.clock.tick(event)
            self.last_step = event
            self.eta.setText(progress_words(event))
        elif kind == "validation":
            self.plots.add_validation(event["step"], event["loss"], event["metrics"])
        elif kind == "preview":
            self.preview.show_file(event["path"])
        elif kind == "calibrating":
            self.run_status.setText("Balancing the finished model's colours on the validation photos…")
        elif kind == "exported":
            self._exported(event)
        elif kind == "stopped" and not self.registered:
            self.run_status.setText(
                f"Stopped at step {event['step']}. Resume continues where it stopped; "
                "“Save as a model” adds what it has learned so far to the model list."
            )

    def _exported(self, event: dict) -> None:
        self.model_file = Path(event["path"]) if event.get("path") else None
        if not event.get("registered"):
            return
        try:
            name = event.get("name") or read_entry(event["registered"]).name
        except ModelFileError as error:
            self.run_status.setText(f"The trained model could not be read back: {error}")
            return
        self.registered = {**event, "name": name}
        renamed = event.get("renamed_from")
        note = f" A model called “{renamed}” exists already, so this one is called “{name}”." if renamed else ""
        self.run_title.setText(f"<h2>Trained {name}</h2>")
        self.run_status.setText(f"Finished. “{name}” is now in the model list.{note}")

    def _on_end(self, success: bool, message: str) -> None:
        self.stop_button.setEnabled(False)
        self.new_button.setEnabled(True)
        last_event = self.training.last_event if self.training else {}
        last = last_event.get("type")
        used_its_time = last == "stopped" and last_event.get("reason") == BUDGET_REACHED  # complete, not stopped
        ending = "failed" if not success else "stopped" if last == "stopped" and not used_its_time else "finished"
        self.eta.setText(ended_words(self.last_step, ending))  # a tiny run never learnt its length: not "working out…" for ever
        saved = self.run_dir is not None and (self.run_dir / CHECKPOINT).is_file()  # killed before its first: nothing to resume
        self.resume_button.setEnabled(saved and not self.registered and (last in ("stopped", "failed", None) or not success))
        self.save_button.setEnabled(bool(not self.registered and self.model_file and self.model_file.is_file()))
        if self.quitting:
            return
        if self.registered:
            self._offer(self.registered["name"], finished=True)
        if not success:
            self.run_status.setText(f"Training failed: {plain_error(message)}")
            self.status.emit("Training failed.")
            self.failure_box = show_failure(self, "Training failed", message, f"training {self.run_dir}")

    def _save_model(self, model_file: Path | None, name: str) -> None:
        """Save as a model: a stopped run's best weights so far, added under a name the user confirms."""
        if model_file is None:
            return
        entry: ModelEntry | None = save_run_model(self, model_file, name)
        if entry is not None:
            self.status.emit(f"Saved the model “{entry.name}”.")
            self._offer(entry.name, finished=False)

    def _offer(self, name: str, finished: bool) -> None:
        """A new model is in the list: ask before it becomes the one used for colorizing."""
        self.model_added.emit(name)
        if questions.ask_use_model(self, name, finished):
            self.use_model.emit(name)
