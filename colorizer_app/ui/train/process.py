"""Training as a child process the window follows through the run's events.jsonl.

A crash or out-of-memory in training then ends the child, never the app. Pattern
from Frescobaldi's job module: handle ``errorOccurred`` (a process that fails to start
never emits ``finished``), keep the tail of its output for the error message, and stop
with terminate (SIGTERM: the trainer checkpoints and exits) before kill.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from colorizer_app.launch import training_command  # noqa: F401 (re-exported for the Train tab)
from trainer.events import EventFollower

OUTPUT_TAIL = 4000
KILL_AFTER_MS = 60000
QUIT_KILL_AFTER_MS = 20000  # the app is quitting: a checkpoint taking longer than this is given up


REFUSAL_PREFIX = "colorizer train: "  # how the command says, in one line, why it did not train


class TrainingProcess(QObject):
    """One training child. Signals carry the run's events and its end."""

    event = Signal(dict)
    ended = Signal(bool, str)  # success, message (the error when it failed)

    def __init__(self, run_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.run_dir = Path(run_dir)
        self.follower = EventFollower(self.run_dir / "events.jsonl")
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.errorOccurred.connect(self._error)
        self.process.finished.connect(self._finished)
        self.timer = QTimer(self)
        self.timer.setInterval(400)
        self.timer.timeout.connect(self._poll)
        self.output = ""
        self._ended = False
        self.last_event: dict = {}

    def start(self, command: list[str]) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.follower.offset = (self.run_dir / "events.jsonl").stat().st_size if (self.run_dir / "events.jsonl").exists() else 0
        self.process.start(command[0], command[1:])
        self.timer.start()

    def is_running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def stop(self, kill_after_ms: int | None = None) -> None:
        """Graceful: the trainer checkpoints on SIGTERM; killed if it does not end in time."""
        if self.is_running():
            self.process.terminate()
            QTimer.singleShot(kill_after_ms or KILL_AFTER_MS, self, self._kill_if_running)

    def _kill_if_running(self) -> None:
        if self.is_running():
            self.process.kill()

    def _read_output(self) -> None:
        self.output = (self.output + bytes(self.process.readAllStandardOutput()).decode(errors="replace"))[-OUTPUT_TAIL:]

    def _poll(self) -> None:
        for event in self.follower.read_new():
            self.last_event = event
            self.event.emit(event)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._end(False, f"The training process could not start: {self.process.errorString()}")

    def _finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        self._read_output()
        self._poll()
        if self.last_event.get("type") in ("finished", "stopped"):
            self._end(True, "")
        elif self.last_event.get("type") == "failed":  # the plain sentence first; details go behind Show details
            failed = self.last_event
            self._end(False, "\n\n".join(part for part in (failed.get("message", "training failed"), failed.get("details", "")) if part))
        elif status == QProcess.ExitStatus.CrashExit:
            self._end(False, f"The training process crashed.\n{self._tail()}".strip())
        else:
            said = self._command_refusal() if exit_code != 0 else ""
            self._end(exit_code == 0, said or f"Training ended with exit code {exit_code}.\n{self._tail()}".strip())

    def _command_refusal(self) -> str:
        """The command's own sentence when it refused to start ("colorizer train: another training
        is using …"): the run folder may hold another training's events, so there is no event of ours."""
        lines = self.output.strip().splitlines()
        last = lines[-1] if lines else ""
        if not last.startswith(REFUSAL_PREFIX):
            return ""
        sentence = last[len(REFUSAL_PREFIX) :]
        return sentence[:1].upper() + sentence[1:]

    def _tail(self) -> str:
        return "\n".join(self.output.strip().splitlines()[-8:])

    def _end(self, success: bool, message: str) -> None:
        if self._ended:
            return
        self._ended = True
        self.timer.stop()
        self.ended.emit(success, message)
