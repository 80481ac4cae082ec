"""The Train tab keeps the user's work: free model names, unfinished runs, quitting during training."""

import json
import sys
import time

import pytest
from conftest import TINY_TRAINING, make_model_file, open_app_window, open_train_tab, run_config
from trainer_helpers import make_colour_folder

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from colorizer_app.core.model_files import builtin_models_dir, user_models_dir  # noqa: E402
from colorizer_app.ui.settings import AppSettings  # noqa: E402
from colorizer_app.ui.train import page as train_page
from colorizer_app.ui.train import questions as train_questions  # noqa: E402
from colorizer_app.ui.train.unfinished_runs import find_unfinished_runs, write_run_file  # noqa: E402

TINY = TINY_TRAINING


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    return open_train_tab(qtbot, tmp_path, monkeypatch)


@pytest.fixture
def colour_folder(tmp_path):
    return make_colour_folder(tmp_path / "colour", count=40)


def record_starts(page, monkeypatch):
    starts = []
    monkeypatch.setattr(page, "start", lambda *arguments: starts.append(arguments))
    return starts


def test_the_model_name_defaults_to_one_not_taken(window):
    make_model_file(user_models_dir(), name="my-model")
    page = window.train
    page._show_options()
    assert page.name.text() == "my-model-2"
    page.name.setText("family-album")  # what the user typed stays
    page._show_options()
    assert page.name.text() == "family-album"


def test_a_taken_name_asks_and_choose_another_starts_nothing(window, monkeypatch):
    make_model_file(user_models_dir(), name="family")
    asked = []
    monkeypatch.setattr(train_questions, "ask_replace_model", lambda parent, name: asked.append(name) or train_questions.CHOOSE_ANOTHER)
    page = window.train
    starts = record_starts(page, monkeypatch)
    page.name.setText("family")
    page._start_from_form()
    assert asked == ["family"] and starts == []
    assert page.name.hasFocus() or page.name.selectedText() == "family"


def test_replacing_is_passed_to_the_trainer_only_when_confirmed(window, monkeypatch):
    make_model_file(user_models_dir(), name="family")
    monkeypatch.setattr(train_questions, "ask_replace_model", lambda parent, name: train_questions.REPLACE)
    page = window.train
    starts = record_starts(page, monkeypatch)
    page.name.setText("family")
    page._start_from_form()
    page.name.setText("holidays")  # a free name: no question, no --replace
    page._start_from_form()
    assert [start[0].name for start in starts] == ["family", "holidays"]
    assert starts[0][0].replace and not starts[1][0].replace  # the runs' settings


def test_a_built_in_name_cannot_be_replaced(window, monkeypatch):
    make_model_file(builtin_models_dir(), name="default")
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *arguments: told.append(arguments[2]))
    page = window.train
    starts = record_starts(page, monkeypatch)
    page.name.setText("default")
    page._start_from_form()
    assert starts == [] and "comes with Colorizer" in told[0]


def write_run(folder, events, name="album", checkpoint=True, ours=True):
    folder.mkdir(parents=True)
    if checkpoint:
        (folder / "checkpoint.pt").write_bytes(b"x")
    if ours:
        write_run_file(folder, name, ["photos", "--out", str(folder)])
    (folder / "events.jsonl").write_text("".join(json.dumps(event) + "\n" for event in events))
    return folder


def test_unfinished_runs_are_those_that_neither_finished_nor_added_their_model(tmp_path):
    runs = tmp_path / "runs"
    start = {"type": "start", "total_steps": 100}
    step = {"type": "step", "step": 30, "total_steps": 90, "loss": 1.0}
    stopped = [start, step, {"type": "checkpoint", "step": 30}, {"type": "exported", "path": "m.safetensors", "registered": None}]
    write_run(runs / "stopped", [*stopped, {"type": "stopped", "step": 30}])
    write_run(runs / "killed", [start, {"type": "checkpoint", "step": 20}, {"type": "step", "step": 25, "total_steps": 100, "loss": 1}])
    write_run(runs / "finished", [*stopped, {"type": "stopped"}, start, {"type": "finished"}])
    write_run(runs / "budget-used", [start, {"type": "exported", "path": "m", "registered": "u/m"}, {"type": "stopped"}])
    write_run(runs / "not-ours", stopped, ours=False)
    write_run(runs / "no-checkpoint", [start, {"type": "failed", "message": "x"}], checkpoint=False)
    found = {run.folder.name: run for run in find_unfinished_runs(runs)}
    assert sorted(found) == ["killed", "stopped"]
    assert (found["stopped"].step, found["stopped"].total_steps, found["killed"].step) == (30, 90, 20)
    assert "stopped at step 30 of 90" in found["stopped"].describe()


def test_resume_of_an_unfinished_run_keeps_its_arguments(window, qtbot, monkeypatch):
    folder = write_run(train_page.runs_folder() / "album", [{"type": "checkpoint", "step": 5}])
    page = window.train
    page.unfinished.refresh(train_page.runs_folder())
    assert page.unfinished.isVisible() and page.unfinished.list.count() == 1
    assert not page.unfinished.save_button.isEnabled()  # nothing exported yet
    launched = []
    monkeypatch.setattr(page, "_launch", lambda command, **_options: launched.append(command))
    qtbot.mouseClick(page.unfinished.resume_button, Qt.MouseButton.LeftButton)
    assert launched[0][-4:] == ["photos", "--out", str(folder), "--resume"]
    assert page.run_dir == folder


@pytest.mark.slow
def test_quitting_during_training_asks_stops_cleanly_and_offers_resume_next_time(window, colour_folder, qtbot, tmp_path, monkeypatch):
    page = window.train
    page.start(run_config(colour_folder, "album", epochs=500, **TINY))
    qtbot.waitUntil(lambda: len(page.plots.steps) >= 1, timeout=120000)
    monkeypatch.setattr(train_questions, "ask_stop_and_quit", lambda parent: False)
    window.close()  # Cancel: nothing happens
    assert window.isVisible() and page.is_running()
    monkeypatch.setattr(train_questions, "ask_stop_and_quit", lambda parent: True)
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 1  # the window does not wait for the child
    assert window.isVisible() and "Stopping training" in window.statusBar().currentMessage()
    assert not window.tabs.isEnabled()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    assert not page.is_running() and (page.run_dir / "checkpoint.pt").is_file()
    assert AppSettings.load().window_geometry  # the settings were saved on the way out

    relaunched = open_app_window(qtbot, tmp_path, train_tab=True)
    listed = relaunched.train.unfinished
    assert listed.isVisible() and [run.name for run in listed.runs] == ["album"]
    assert "album — stopped at step" in listed.list.item(0).text()
    qtbot.mouseClick(listed.resume_button, Qt.MouseButton.LeftButton)
    resumed = relaunched.train
    assert resumed.is_running() and "--resume" in resumed.last_command and resumed.run_dir == page.run_dir
    assert resumed.plots.steps  # the earlier steps are drawn again
    before = resumed.plots.steps[-1]
    qtbot.waitUntil(lambda: resumed.plots.steps[-1] > before, timeout=120000)
    with qtbot.waitSignal(resumed.training.ended, timeout=120000):
        resumed.stop()


def test_a_child_that_does_not_stop_is_killed_and_the_window_still_closes(window, colour_folder, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *arguments: warnings.append(arguments))
    monkeypatch.setattr(train_page, "QUIT_KILL_AFTER_MS", 300)
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)"
    monkeypatch.setattr(train_page, "training_command", lambda arguments: [sys.executable, "-c", stubborn])
    monkeypatch.setattr(train_questions, "ask_stop_and_quit", lambda parent: True)
    page = window.train
    page.start(run_config(colour_folder, "album", epochs=1))
    qtbot.waitUntil(lambda: "ready" in page.training.output, timeout=30000)
    began = time.monotonic()
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert time.monotonic() - began < 5 and not page.is_running()
    assert warnings == [] and page.failure_box is None  # quitting shows no "training failed" message


def test_an_unfinished_run_is_deleted_only_when_confirmed(window, qtbot, monkeypatch):
    folder = write_run(train_page.runs_folder() / "album", [{"type": "checkpoint", "step": 5}])
    page = window.train
    page.unfinished.refresh(train_page.runs_folder())
    answers = [False, True]
    monkeypatch.setattr(train_questions, "ask_delete_run", lambda parent, name: answers.pop(0))
    qtbot.mouseClick(page.unfinished.delete_button, Qt.MouseButton.LeftButton)
    assert folder.is_dir() and page.unfinished.list.count() == 1
    qtbot.mouseClick(page.unfinished.delete_button, Qt.MouseButton.LeftButton)
    assert not folder.exists() and not page.unfinished.isVisible()
