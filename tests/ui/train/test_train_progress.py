"""Issue 26, training progress: the time left in words (never "Step 9 of ?"), a new run
without the previous run's previews, a resumed run's subtitle without its folder path."""

import datetime
import sys

import pytest
from conftest import open_app_window, run_config

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402

from colorizer_app.ui.look.words import duration_words  # noqa: E402
from colorizer_app.ui.train import page as train_page  # noqa: E402
from colorizer_app.ui.train.progress import ended_words, progress_words  # noqa: E402
from colorizer_app.ui.train.unfinished_runs import UnfinishedRun  # noqa: E402
from trainer.events import BUDGET_REACHED  # noqa: E402


def step(number, total=None, eta=None):
    return {"type": "step", "step": number, "total_steps": total, "epoch": 0.1, "loss": 1.0, "images_per_second": 40.0, "eta_seconds": eta}


def test_the_progress_line_says_the_time_left_or_that_it_is_being_worked_out():
    early = progress_words(step(9))
    assert "?" not in early and early.startswith("Step 9 ·") and "working out how long" in early
    later = progress_words(step(120, 1500, 725.0))
    assert later.startswith("Step 120 of 1,500 · about 12 minutes left")
    assert duration_words(20) == "about 20 seconds" and duration_words(3 * 3600 + 420) == "about 3 hours 7 minutes"


@pytest.fixture
def page(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(train_page, "training_command", lambda arguments: [sys.executable, "-c", "import time; time.sleep(0.3)"])
    return open_app_window(qtbot, tmp_path, train_tab=True).train


def test_a_new_run_does_not_show_the_last_runs_previews(page, qtbot, tmp_path):
    picture = tmp_path / "preview.png"
    Image.new("RGB", (60, 20), "red").save(picture)
    page.start(run_config(tmp_path, "first", epochs=1))
    page._on_event({"type": "preview", "step": 10, "path": str(picture)})
    page._on_event(step(10, 100, 60.0))
    assert not page.preview.pixmap().isNull() and page.eta.text()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)
    page.start(run_config(tmp_path, "second", epochs=1))
    assert page.preview.pixmap().isNull() and "Validation previews appear here" in page.preview.text()
    assert page.eta.text() == ""
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)


def test_a_resumed_runs_subtitle_is_where_it_continues_not_its_folder(page, qtbot, tmp_path):
    folder = tmp_path / "runs" / "my-album-model"
    folder.mkdir(parents=True)
    when = datetime.datetime(2026, 3, 4, 15, 30)
    page.resume_run(UnfinishedRun(folder, "My album", ["--data", str(tmp_path)], 700, 1500, when, None))
    title = page.run_title.text()
    assert str(folder) not in title and "runs" not in title
    assert "Resumed at step 700 of 1,500" in title and "04 Mar 2026" in title
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)


def test_stop_says_how_long_the_current_step_still_takes():
    from colorizer_app.ui.train.progress import StepClock

    clock = StepClock()
    assert "about" not in clock.stopping_words()  # no step seen yet: no number made up
    for second in (100.0, 108.0):
        clock.tick({"type": "step", "time": second})
    words = clock.stopping_words()
    assert words.startswith("Stopping: finishing this step (about 8 s)") and "Resume" in words


def test_a_run_that_never_learnt_its_length_says_where_it_stopped_once_it_ends(page, qtbot, tmp_path):
    """A tiny run's line said "working out how long this takes…" for ever, even after Stop (issue 26)."""
    page.start(run_config(tmp_path, "tiny", epochs=1))
    page._on_event(step(3))  # no total, no time left yet
    assert "working out" in page.eta.text()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)  # the stand-in child exits: the run has ended
    assert "working out" not in page.eta.text() and page.eta.text() == "Finished at step 3"
    assert ended_words(step(12, 40), "stopped") == "Step 12 of 40 · stopped"
    assert ended_words(step(33, 34), "finished") == "Finished at step 33"  # not "Step 33 of 34 · finished"
    assert ended_words(None, "failed") == ""


def test_a_run_with_a_time_budget_says_the_time_left_before_its_length_is_known():
    """The second trial: a 2-minute run said "working out how long this takes…" for all 19 steps."""
    assert progress_words(step(9, None, 95.0)).startswith("Step 9 · about 2 minutes left")


def test_a_run_that_used_its_time_ends_finished_not_stopped(page, qtbot, tmp_path):
    page.start(run_config(tmp_path, "budget", epochs=1))
    page._on_event(step(19))
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)
    page.training.last_event = {"type": "stopped", "step": 19, "reason": BUDGET_REACHED}
    page._on_end(True, "")
    assert page.eta.text() == "Finished at step 19"


def test_steps_trained_again_after_a_crash_are_drawn_once(qtbot):
    # killed at step 12 with its last checkpoint at 6, the run's own Resume drew steps 7-12 again
    # after 12 (the line jumped back, and the step-8 validation showed twice)
    from colorizer_app.ui.train.loss_plot import TrainingPlots

    plots = TrainingPlots()
    qtbot.addWidget(plots)
    for step in range(1, 13):
        plots.add_step(step, 1.0)
        if step == 8:
            plots.add_validation(8, 0.9, {"psnr": 20.0, "delta_colorfulness": 1.0})
    for step in range(7, 10):  # Resume from the step-6 checkpoint
        plots.add_step(step, 0.5)
        if step == 8:
            plots.add_validation(8, 0.8, {"psnr": 21.0, "delta_colorfulness": 0.5})
    assert plots.steps == list(range(1, 10)) and plots.val_steps == [8] and plots.val_losses == [0.8]
    assert plots.losses[5] == 1.0 and plots.losses[-1] < 1.0  # the redone steps carry on from step 6's line
