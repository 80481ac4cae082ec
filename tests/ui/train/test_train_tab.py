"""The Train tab drives a real training child process and follows its events."""

import sys

import pytest
from conftest import TINY_TRAINING, make_model_file, open_train_tab, run_config
from trainer_helpers import make_colour_folder

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from colorizer_app.core.model_files import list_models, user_models_dir  # noqa: E402
from colorizer_app.ui.train import page as train_page
from colorizer_app.ui.train import questions as train_questions  # noqa: E402
from trainer.practice import quick_training_arguments  # noqa: E402

TINY = TINY_TRAINING


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    return open_train_tab(qtbot, tmp_path, monkeypatch)


@pytest.fixture
def colour_folder(tmp_path):
    folder = make_colour_folder(tmp_path / "colour", count=40)
    Image.new("L", (80, 80), 100).save(folder / "grey.png")
    return folder


def test_scan_shows_usable_and_skipped_photos(window, colour_folder, qtbot):
    page = window.train
    page.folder.setText(str(colour_folder))
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=60000)
    assert "40 usable photos" in page.summary.text()
    assert "greyscale" in page.summary.text()
    assert page.summary_next.isEnabled()


@pytest.mark.slow
def test_a_real_training_child_plots_and_offers_its_model_under_a_free_name(window, colour_folder, qtbot, monkeypatch):
    make_model_file(user_models_dir(), name="tiny run")  # the user's model of the same name stays
    window.colorize.controls.models.reload()
    offered = []
    monkeypatch.setattr(train_questions, "ask_use_model", lambda parent, name, finished: offered.append(name) or False)
    page = window.train
    with qtbot.waitSignal(page.model_added, timeout=180000) as added:
        page.start(run_config(colour_folder, "tiny run", epochs=2, **TINY))
    assert added.args[0] == "tiny run-2" and offered == ["tiny run-2"]
    qtbot.waitUntil(lambda: not page.is_running(), timeout=60000)
    assert len(page.plots.steps) == 2 * (38 // 8) and len(page.plots.val_steps) >= 2
    assert "Finished" in page.run_status.text() and "“tiny run-2”" in page.run_status.text()
    assert "exists already" in page.run_status.text()
    assert sorted(entry.name for entry in list_models()) == ["tiny run", "tiny run-2"]
    assert window.colorize.controls.models.current_name() == "tiny run"  # "Not now": nothing switched
    assert window.colorize.controls.models.findData("tiny run-2") >= 0  # but it is in the list
    assert not page.resume_button.isEnabled() and not page.save_button.isEnabled()
    assert not page.preview.pixmap().isNull()


@pytest.mark.slow
def test_stop_checkpoints_save_as_a_model_and_resume_continues(window, colour_folder, qtbot, monkeypatch):
    monkeypatch.setattr(train_questions, "ask_use_model", lambda parent, name, finished: True)
    monkeypatch.setattr(train_questions, "ask_model_name", lambda parent, suggestion: suggestion)
    page = window.train
    page.start(run_config(colour_folder, "long run", epochs=500, **TINY))
    qtbot.waitUntil(lambda: len(page.plots.steps) >= 2, timeout=120000)
    with qtbot.waitSignal(page.training.ended, timeout=120000):
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    assert "Stopped at step" in page.run_status.text() and "SIGTERM" not in page.run_status.text()
    assert (page.run_dir / "checkpoint.pt").is_file()
    assert page.resume_button.isEnabled()
    assert list_models() == []  # a stopped run is not a model until the user saves it
    assert window.colorize.controls.models.current_name() is None
    with qtbot.waitSignal(window.train.use_model):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert [entry.name for entry in list_models()] == ["long run"]
    assert window.colorize.controls.models.current_name() == "long run"  # the user said "Use it"
    stopped_at = page.plots.steps[-1]
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.plots.steps[-1] > stopped_at, timeout=120000)
    with qtbot.waitSignal(page.training.ended, timeout=120000):
        page.stop()
    assert "--resume" in page.last_command


def test_a_crashing_child_is_reported_and_the_app_survives(window, colour_folder, qtbot, monkeypatch):
    monkeypatch.setattr(train_page, "training_command", lambda arguments: [sys.executable, "-c", "import os; os.kill(os.getpid(), 9)"])
    page = window.train
    with qtbot.waitSignal(page.status, timeout=60000):
        page.start(run_config(colour_folder, "doomed", epochs=1))
    assert "crashed" in page.run_status.text()
    assert page.failure_box is not None and "crashed" in page.failure_box.text()
    page.failure_box.done(0)
    assert window.isVisible() and page.new_button.isEnabled()
    assert not page.resume_button.isEnabled()  # it died before its first checkpoint: Resume only said "no checkpoint"


def test_the_app_runs_training_itself_when_reinvoked_with_the_child_flag(colour_folder, tmp_path, quick_validation):
    from colorizer_app.desktop import TRAIN_CHILD_FLAG, main

    assert main(["colorizer-app", TRAIN_CHILD_FLAG, *quick_training_arguments(colour_folder, tmp_path / "run")]) == 0
    assert (tmp_path / "run" / "events.jsonl").is_file()


def test_frozen_apps_reinvoke_themselves_for_training(monkeypatch):
    from colorizer_app.ui.train.process import training_command

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert training_command(["data"])[1:] == ["--train-child", "data"]


def test_training_child_survives_without_stdout_and_stderr(colour_folder, tmp_path, monkeypatch, quick_validation):
    """A windowed frozen app on Windows has sys.stdout and sys.stderr set to None."""
    from colorizer_app.desktop import TRAIN_CHILD_FLAG, main

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["colorizer-app", TRAIN_CHILD_FLAG, *quick_training_arguments(colour_folder, tmp_path / "run")]) == 0


def test_the_tab_says_so_while_the_finished_models_colours_are_calibrated(window):
    window.train._on_event({"type": "calibrating"})
    assert "Balancing the finished model's colours" in window.train.run_status.text()


def test_the_scan_summary_names_a_few_files_per_reason_not_one_reason_eight_times(tmp_path):
    from colorizer_app.ui.train.choices import scan_summary
    from trainer.data import ScanReport

    grey = [(tmp_path / f"g{index}.jpg", "greyscale (no colour to learn from)") for index in range(8)]
    report = ScanReport(tmp_path, usable=[tmp_path / "a.jpg"] * 50, skipped=[*grey, (tmp_path / "bad.jpg", "not an image")])
    text = scan_summary(report, enough=True)
    assert "<li>8 × greyscale (no colour to learn from) (g0.jpg, g1.jpg, g2.jpg, …)</li>" in text
    assert "<li>1 × not an image (bad.jpg)</li>" in text and text.count("greyscale") == 1


def test_a_built_in_models_name_is_refused_whatever_its_capitals(qtbot, monkeypatch):
    # "Default" sat beside "Default — best quality" in the model list
    from conftest import make_model_file
    from PySide6.QtWidgets import QMessageBox

    from colorizer_app.core.model_files import builtin_models_dir
    from colorizer_app.ui.train.model_naming import confirm_name, import_name

    make_model_file(builtin_models_dir(), name="default")
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    assert confirm_name(None, "Default") is None and "comes with Colorizer" in told[0]
    assert confirm_name(None, "my-model") is False
    assert import_name(" DEFAULT ") == "DEFAULT-2" and import_name("grandma") is None
