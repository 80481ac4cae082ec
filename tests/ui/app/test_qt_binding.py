"""The installed PySide6 keeps Python's reference counts of True and None.

PySide6-Essentials 6.12.0 dropped a reference to True on every ``signal.emit()`` from Python and
one to None on every call of a C++ method returning void (``processEvents``, ``setObjectName``,
...); after some hundreds of emits Python aborts ("Fatal Python error: bool_dealloc"), and the app
emits progress signals all the time. pyproject.toml excludes that release; run this file against a
newer one before allowing it.

The counts are checked every few calls, so a broken binding fails here after a few dozen calls, not
with a crash later, and the references it took are given back first so the rest of the run can
report the failure.
"""

from __future__ import annotations

import ctypes
import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal

CALLS = 5000
CHECK_EVERY = 50
TOLERANCE = 10  # a little slack for references held or let go by anything else running


class _Emitter(QObject):
    number = Signal(int)


def _give_back(obj, references: int) -> None:
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(references):
        incref(obj)


def _assert_calls_keep_references(obj, call, what: str) -> None:
    """Make ``call(number)`` CALLS times; fail as soon as ``obj`` has lost references."""
    gc.collect()
    gc.disable()  # a collection mid-loop may let go of references for good reasons
    try:
        before = sys.getrefcount(obj)
        for number in range(CALLS):
            call(number)
            if (number + 1) % CHECK_EVERY == 0:
                lost = before - sys.getrefcount(obj)
                if lost > TOLERANCE:
                    _give_back(obj, lost)
                    pytest.fail(f"{what} lost {lost} references to {obj!r} in {number + 1} calls (PySide6 {_version()})")
    finally:
        gc.enable()


def _version() -> str:
    import PySide6

    return PySide6.__version__


def test_emitting_a_signal_keeps_the_references_to_true():
    emitter = _Emitter()
    received = []
    emitter.number.connect(received.append)
    _assert_calls_keep_references(True, emitter.number.emit, "Signal.emit()")
    assert len(received) == CALLS


def test_a_void_method_keeps_the_references_to_none():
    thing = QObject()
    _assert_calls_keep_references(None, lambda number: thing.setObjectName(f"thing {number}"), "QObject.setObjectName()")
    assert thing.objectName() == f"thing {CALLS - 1}"


def test_processing_events_keeps_the_references_to_none(qapp):
    _assert_calls_keep_references(None, lambda _number: qapp.processEvents(), "QCoreApplication.processEvents()")
