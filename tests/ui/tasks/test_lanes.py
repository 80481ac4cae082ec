"""The window's one way to run work off its thread (ui/tasks): results, errors, progress,
cancelling, callbacks that stop with their owner, and latest-request-wins."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")
from PySide6.QtCore import QObject  # noqa: E402

from colorizer_app.ui.tasks.lane import Lane  # noqa: E402
from colorizer_app.ui.tasks.latest import Latest  # noqa: E402


def test_a_task_runs_off_the_window_thread_and_reports_on_it(qtbot):
    lane = Lane(1)
    seen = {}
    lane.start(lambda task: threading.current_thread(), on_done=lambda worker: seen.update(worker=worker, caller=threading.current_thread()))
    qtbot.waitUntil(lambda: "worker" in seen, timeout=5000)
    assert seen["worker"] is not threading.main_thread()
    assert seen["caller"] is threading.main_thread()  # slots may touch widgets
    qtbot.waitUntil(lane.is_idle, timeout=5000)  # and the lane let go of it


def test_an_error_reaches_on_error_not_on_done(qtbot):
    lane = Lane(1)
    errors, results = [], []

    def broken(task):
        raise ValueError("bad photo")

    lane.start(broken, on_done=results.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "bad photo" and not results


def test_progress_arrives_in_order_and_cancel_stops_between_steps(qtbot):
    lane = Lane(1)
    steps, gate = [], threading.Event()

    def counting(task):
        for step in range(1000):
            if task.cancelled.is_set():
                return "stopped"
            task.report(step)
            gate.wait(1)
        return "all"

    results = []
    task = lane.start(counting, on_done=results.append, on_progress=steps.append)
    qtbot.waitUntil(lambda: len(steps) >= 2, timeout=5000)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == ["stopped"]
    assert steps == list(range(len(steps))) and len(steps) < 1000


def test_a_task_cancelled_before_it_starts_never_runs(qtbot):
    lane = Lane(1)
    gate, ran = threading.Event(), []
    lane.start(lambda task: gate.wait(5))
    second = lane.start(lambda task: ran.append(True))
    second.cancel()
    gate.set()
    assert lane.wait(5000)
    assert not ran


def test_callbacks_stop_when_their_owner_is_deleted(qtbot):
    """A window closed while its task works hears nothing (no call into deleted widgets)."""
    lane = Lane(1)
    owner = QObject()
    gate, heard = threading.Event(), []
    lane.start(lambda task: gate.wait(5), on_done=heard.append, context=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=5000)
    gate.set()
    assert lane.wait(5000)
    qtbot.wait(50)
    assert heard == []


def _alive(qobject) -> bool:
    import shiboken6

    return shiboken6.isValid(qobject)


def test_latest_runs_one_at_a_time_and_only_the_newest_waiting_one(qtbot):
    lane = Lane(2)  # even with two threads, one request runs at a time
    latest = Latest(lane)
    gate, started, done = threading.Event(), [], []

    def work(name):
        def run(task):
            started.append(name)
            gate.wait(5)
            return name

        return run

    for name in ("first", "second", "third", "fourth"):
        latest.request(work(name), on_done=lambda number, result: done.append((number, result, latest.is_newest(number))))
    gate.set()
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert started == ["first", "fourth"]  # second and third were replaced while first ran
    assert done == [(1, "first", False), (4, "fourth", True)]


def test_dropping_tells_the_running_task_to_stop_and_forgets_the_waiting_one(qtbot):
    latest = Latest(Lane(1))
    gate, began, outcomes = threading.Event(), threading.Event(), []

    def slow(task):
        began.set()
        gate.wait(5)
        return "cancelled" if task.cancelled.is_set() else "finished"

    latest.request(slow, on_done=lambda number, result: outcomes.append(result))
    latest.request(lambda task: outcomes.append("waiting one ran"), on_done=lambda number, result: None)
    assert began.wait(5)
    latest.drop()
    gate.set()
    qtbot.waitUntil(lambda: latest.running is None, timeout=5000)
    qtbot.wait(50)
    assert outcomes == ["cancelled"]
    assert not latest.has_waiting()
