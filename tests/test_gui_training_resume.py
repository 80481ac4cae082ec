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

from colorizer_app.ui.train_choices import IMPROVE_DEFAULT  # noqa: E402


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
