"""Issue 26: a long error never breaks the window. The user reads one plain sentence; the
details are behind "Show details" and in the log; no label raises the window's minimum size."""

import sys

import pytest
from conftest import open_app_window, run_config

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox, QPushButton  # noqa: E402

from colorizer_app.core.errorlog import log_path  # noqa: E402
from colorizer_app.ui.look.error_words import StatusLine, plain_error  # noqa: E402
from colorizer_app.ui.train import page as train_page  # noqa: E402

SCREEN = (1366, 768)
STATE_DICT_ERROR = "Error(s) in loading state_dict for UNetEfficientNetLite0:\n" + "\n".join(
    f'\tsize mismatch for decoder.block{n}.weight: copying a param with shape torch.Size([261, 32, 1, 1]) from checkpoint, '
    f"the shape in current model is torch.Size([261, 64, 1, 1])." for n in range(40)
)
ONE_LONG_LINE = "RuntimeError: " + " ".join(f"word{n}" for n in range(900))


def test_known_and_unknown_errors_become_one_short_sentence():
    assert len(STATE_DICT_ERROR) > 5000 and len(ONE_LONG_LINE) > 5000
    assert plain_error(STATE_DICT_ERROR).startswith("This run was saved by a different set-up and cannot be resumed")
    unknown = plain_error(ONE_LONG_LINE)
    assert len(unknown) <= 160 and unknown.endswith("…") and "\n" not in unknown
    assert plain_error("CUDA out of memory. Tried to allocate 2.00 GiB").startswith("The computer ran out of memory")
    sentence = "This run was made by another version of the network; start a new run."  # the trainer's own, details below
    assert plain_error(f"{sentence}\n\n{STATE_DICT_ERROR}") == sentence


@pytest.mark.parametrize("message", [STATE_DICT_ERROR, ONE_LONG_LINE])
def test_a_huge_training_error_leaves_the_window_and_the_dialog_on_a_small_screen(qtbot, tmp_path, monkeypatch, message):
    monkeypatch.setattr(train_page, "training_command", lambda arguments: [sys.executable, "-c", "import sys; sys.exit(3)"])
    window = open_app_window(qtbot, tmp_path, train_tab=True)
    window.resize(1280, 720)
    page = window.train
    with qtbot.waitSignal(page.status, timeout=60000):  # a child that fails at once
        page.start(run_config(tmp_path, "doomed", epochs=1))
    assert "exit code 3" in page.failure_box.detailedText() + page.failure_box.text()
    page.failure_box.done(0)
    qtbot.wait(50)
    before = window.minimumSizeHint()
    page._on_end(False, message)  # the same as a child that ended with this error
    qtbot.wait(50)
    hint = window.minimumSizeHint()
    assert hint.height() <= before.height() + 20 and hint.height() <= 600, hint
    assert hint.width() <= before.width(), (before, hint)
    assert window.height() <= 720 and window.width() <= 1280
    assert len(page.run_status.text()) < 320 and page.run_status.text().startswith("Training failed: ")

    box = page.failure_box
    qtbot.waitUntil(box.isVisible)
    assert len(box.text()) <= 200 and "\n" not in box.text()
    assert box.detailedText() == message  # in full, on request
    assert message[:200] in log_path().read_text(encoding="utf-8")
    for _ in range(2):  # before and after "Show details…"
        qtbot.wait(50)
        size = box.sizeHint().expandedTo(box.size())
        assert size.width() <= SCREEN[0] and size.height() <= SCREEN[1] - 60, size
        details = next(button for button in box.findChildren(QPushButton) if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole)
        details.click()
    box.done(0)


def test_a_status_line_keeps_its_height_whatever_it_is_told(qtbot):
    line = StatusLine(lines=3)
    qtbot.addWidget(line)
    line.setText("short")
    short = line.minimumSizeHint().height()
    line.setText(ONE_LONG_LINE)
    assert line.heightForWidth(300) <= line.fontMetrics().lineSpacing() * 3 + 10
    assert line.minimumSizeHint().height() <= max(short, line.fontMetrics().lineSpacing() * 3 + 10)
    assert line.toolTip().startswith("RuntimeError: word0") and len(line.text()) <= 300


def test_a_photos_huge_failure_reason_does_not_grow_the_window(qtbot, tmp_path, photo_folder):
    from conftest import open_tiny_model_window

    window = open_tiny_model_window(qtbot, tmp_path, size=(1280, 720))
    page = window.colorize
    page.add_paths([photo_folder])
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    before = window.minimumSizeHint()
    page.queue.set_state_for(page.current_path(), "failed", ONE_LONG_LINE)
    qtbot.waitUntil(page.details.isVisible)
    qtbot.wait(50)
    hint = window.minimumSizeHint()
    assert hint.height() <= before.height() + 140 and hint.width() <= before.width(), (before, hint)
    assert "Fix or replace the file, then press Retry." in page.details.label.text()
    assert page.details.label.toolTip().startswith("RuntimeError: word0")
