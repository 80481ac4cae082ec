"""The Train tab's Stop and Resume on the recipe users pick most: "Improve the default model".

Before the checkpoint described its own network, Resume rebuilt the network from today's
defaults and failed with PyTorch's raw state-dict error (issue 26, finding 1).
"""

import dataclasses

import pytest
from conftest import open_app_window
from trainer_helpers import make_colour_folder

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from colorizer_app.ui.train.choices import IMPROVE_DEFAULT  # noqa: E402


@pytest.mark.slow
def test_improve_the_default_stops_and_resumes_in_the_train_tab(qtbot, tmp_path, monkeypatch, shipped_default):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    window = open_app_window(qtbot, tmp_path, train_tab=True)
    page = window.train
    folder = make_colour_folder(tmp_path / "colour", count=24)
    config = IMPROVE_DEFAULT.config(str(folder), "album", "cpu", minutes=None, epochs=500, replace=False)
    page.start(dataclasses.replace(config, batch_size=4, crop=64, precision="fp32"), IMPROVE_DEFAULT.title)
    qtbot.waitUntil(lambda: len(page.plots.steps) >= 1, timeout=180000)
    with qtbot.waitSignal(page.training.ended, timeout=180000):
        page.stop()
    assert (page.run_dir / "checkpoint.pt").is_file() and page.resume_button.isEnabled()
    before = page.plots.steps[-1]
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.plots.steps and page.plots.steps[-1] > before, timeout=180000)
    assert "--resume" in page.last_command
    with qtbot.waitSignal(page.training.ended, timeout=180000):
        page.stop()
    assert "failed" not in page.run_status.text().lower() and "Stopped at step" in page.run_status.text()


def test_a_failed_run_says_its_sentence_first_and_keeps_the_details(qtbot, tmp_path):
    """The trainer's one plain sentence leads; its details follow for Show details and the log."""
    import json

    from PySide6.QtCore import QProcess

    from colorizer_app.ui.look.error_words import plain_error
    from colorizer_app.ui.train.process import TrainingProcess

    failed = {
        "type": "failed",
        "message": "The checkpoint is damaged, so this run cannot be resumed; start a new run.",
        "details": "EOFError",
    }
    (tmp_path / "events.jsonl").write_text(json.dumps(failed) + "\n")
    process = TrainingProcess(tmp_path)
    with qtbot.waitSignal(process.ended) as ended:
        process._finished(2, QProcess.ExitStatus.NormalExit)
    success, message = ended.args
    assert not success and message.startswith(failed["message"]) and message.endswith("EOFError")
    assert plain_error(message) == failed["message"]


def test_a_refused_start_says_the_commands_sentence(qtbot, tmp_path):
    """Another training has the run folder (its events are there, not ours): the window shows the
    command's one-line reason, not an exit code."""
    import json

    from PySide6.QtCore import QProcess

    from colorizer_app.ui.train.process import TrainingProcess

    (tmp_path / "events.jsonl").write_text(json.dumps({"type": "step", "step": 3}) + "\n")  # the other training's
    process = TrainingProcess(tmp_path)
    process.output = f"colorizer train: another training (process 42) is using {tmp_path}; wait for it to finish\n"
    with qtbot.waitSignal(process.ended) as ended:
        process._finished(2, QProcess.ExitStatus.NormalExit)
    success, message = ended.args
    assert not success and message == f"Another training (process 42) is using {tmp_path}; wait for it to finish"
