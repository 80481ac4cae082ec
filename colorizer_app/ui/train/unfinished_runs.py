"""Training runs the Train tab started and that did not finish: listed so they can be resumed.

The Train tab writes ``RUN_DIR/app-run.json`` (the model name and the trainer's arguments)
when it starts a run. A run is unfinished while it has a checkpoint and its latest session
(the events since the last ``start``) neither finished nor added its model to the list:
stopped, failed after a checkpoint, or ended with the app.
"""

from __future__ import annotations

import datetime
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.ui.train import questions
from trainer.events import read_events

RUN_FILE = "app-run.json"
CHECKPOINT = "checkpoint.pt"  # trainer.checkpoints.CHECKPOINT (not imported: that module needs torch)
EVENTS = "events.jsonl"


@dataclass
class UnfinishedRun:
    folder: Path
    name: str
    arguments: list[str]  # for `colorizer train`, without --resume
    step: int  # where Resume continues (the last checkpoint)
    total_steps: int | None
    when: datetime.datetime  # of the last checkpoint
    model_file: Path | None  # what it has learned so far, as a model file (when exported)

    def describe(self) -> str:
        of = f" of {self.total_steps}" if self.total_steps else ""
        return f"{self.name} — stopped at step {self.step}{of}, {self.when:%d %b %Y %H:%M}"


def write_run_file(run_dir: Path, name: str, arguments: list[str]) -> None:
    with atomic_writer(run_dir / RUN_FILE) as stream:
        stream.write(json.dumps({"name": name, "arguments": arguments}, indent=2).encode("utf-8"))


def read_unfinished_run(run_dir: Path) -> UnfinishedRun | None:
    """The run in ``run_dir`` when it is one of ours and unfinished, else None."""
    checkpoint = run_dir / CHECKPOINT
    try:
        saved = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
        name, arguments = str(saved["name"]), [str(argument) for argument in saved["arguments"]]
        when = datetime.datetime.fromtimestamp(checkpoint.stat().st_mtime)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    state = _latest_session(run_dir / EVENTS)
    if state["done"]:
        return None
    model_file = Path(state["model_file"]) if state["model_file"] else None
    if model_file and not model_file.is_file():
        model_file = None
    return UnfinishedRun(run_dir, name, arguments, state["step"], state["total_steps"], when, model_file)


def _latest_session(events_path: Path) -> dict:
    """What the events since the last ``start`` say (read by the trainer's one event reader)."""
    state = {"done": False, "step": 0, "total_steps": None, "model_file": None}
    for event in read_events(events_path):
        kind = event.get("type") if isinstance(event, dict) else None
        if kind == "start":
            state["done"] = False
            state["total_steps"] = event.get("total_steps")
        elif kind == "step":
            state["total_steps"] = event.get("total_steps") or state["total_steps"]
        elif kind == "checkpoint":
            state["step"] = event.get("step", state["step"])
        elif kind == "finished":
            state["done"] = True
        elif kind == "exported":
            state["model_file"] = event.get("path")
            state["done"] = state["done"] or bool(event.get("registered"))
    return state


def find_unfinished_runs(runs_folder: Path, running: Path | None = None) -> list[UnfinishedRun]:
    """Unfinished runs under ``runs_folder``, newest first (``running`` left out)."""
    try:
        folders = [folder for folder in runs_folder.iterdir() if folder.is_dir()]
    except OSError:
        return []
    runs = [run for folder in folders if folder != running and (run := read_unfinished_run(folder))]
    return sorted(runs, key=lambda run: run.when, reverse=True)


class UnfinishedRunsList(QGroupBox):
    """The unfinished runs, with Resume, Save as a model and Delete. Hidden when there are none."""

    resume_requested = Signal(object)  # UnfinishedRun
    save_requested = Signal(object)  # UnfinishedRun

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Unfinished training", parent)
        self.runs: list[UnfinishedRun] = []
        self.list = QListWidget()
        self.list.setMaximumHeight(140)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda item: self._request(self.resume_requested))
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(lambda: self._request(self.resume_requested))
        self.save_button = QPushButton("Save as a model")
        self.save_button.setToolTip("Adds what this training has learned so far to the model list.")
        self.save_button.clicked.connect(lambda: self._request(self.save_requested))
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.hide()

    def refresh(self, runs_folder: Path, running: Path | None = None) -> None:
        self.runs = find_unfinished_runs(runs_folder, running)
        self.list.clear()
        for run in self.runs:
            item = QListWidgetItem(run.describe())
            item.setToolTip(str(run.folder))
            self.list.addItem(item)
        if self.runs:
            self.list.setCurrentRow(0)
        self.setVisible(bool(self.runs))
        self._update_buttons()

    def selected(self) -> UnfinishedRun | None:
        row = self.list.currentRow()
        return self.runs[row] if 0 <= row < len(self.runs) else None

    def _update_buttons(self) -> None:
        run = self.selected()
        self.resume_button.setEnabled(run is not None)
        self.delete_button.setEnabled(run is not None)
        self.save_button.setEnabled(bool(run and run.model_file))

    def _request(self, signal) -> None:
        run = self.selected()
        if run is not None:
            signal.emit(run)

    def _delete(self) -> None:
        run = self.selected()
        if run is None or not questions.ask_delete_run(self, run.name):
            return
        shutil.rmtree(run.folder, ignore_errors=True)
        self.refresh(run.folder.parent)
