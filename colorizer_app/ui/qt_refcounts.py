"""A guard against a PySide6 6.12 reference-count bug in signal emission.

PySide6 6.12 hands back ``emit()``'s bool without taking a reference to it, so every emit from
Python lowers the reference count of True; after some thousands (a folder of photos, a long test
run) Python aborts with "Fatal Python error: bool_dealloc". ``emit`` takes the missing reference
back, and only where the installed PySide6 is found to drop it (checked once, at import).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    signal = Signal()


def _emit_drops_a_reference(times: int = 16) -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(times):
        probe.signal.emit()
    return sys.getrefcount(True) <= before - times


DROPS_A_REFERENCE = _emit_drops_a_reference()


def emit(signal, *args) -> None:
    """``signal.emit(*args)``, giving back the reference PySide6 6.12 takes from its result."""
    result = signal.emit(*args)
    if DROPS_A_REFERENCE and isinstance(result, bool):
        _incref(result)
