"""Quitting while training runs: stop the child cleanly, keep the window alive, then close.

The child is asked to stop (it saves a checkpoint first) and the window shows a
"Stopping training…" state meanwhile, instead of blocking in ``waitForFinished``; it
closes when the child has ended. A child that takes longer than ~20 s is killed; the run
then resumes from its last periodic checkpoint. Either way the Train tab lists the run
for Resume on the next launch.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QProgressBar

STOPPING_MESSAGE = "Stopping training… It is saved so you can resume it next time, then Colorizer closes."


def stop_training_then_close(window: QMainWindow) -> None:
    """``window`` has ``tabs`` and a ``train`` page whose run is going; close it once the run ended."""
    page = window.train
    window.tabs.setCurrentWidget(page)
    window.tabs.setEnabled(False)
    window.menuBar().setEnabled(False)
    busy = QProgressBar()
    busy.setRange(0, 0)
    busy.setMaximumWidth(160)
    window.statusBar().addPermanentWidget(busy)
    window.statusBar().showMessage(STOPPING_MESSAGE)
    window.setWindowTitle("Colorizer — stopping training…")
    page.training.ended.connect(window.close)
    page.stop_for_quit()
