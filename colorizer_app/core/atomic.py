"""Atomic file writing: a temporary file beside the target, then one rename.

A process killed mid-write leaves the old file (or none), never half a file. What a
kill does leave is the hidden temporary ``.NAME.TAG.XXXXXXXX.part``; the next write of
the same target (and the batch, for every output it plans) removes such leftovers.
Temporary names stay short, so a target whose name is near the file-system limit
(255 bytes) can still be written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

PART_SUFFIX = ".part"
_NAME_BYTES = 80  # of the target's name kept in the temporary name: ".", 80, ".", 8, ".", 8, ".part" < 255
_RANDOM = r"[a-z0-9_]{8}"  # what mkstemp inserts


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


def _temporary_prefix(name: str) -> str:
    """``.`` + the name cut to a safe length + a tag of the full name (tells long names apart)."""
    short = name.encode("utf-8", "surrogateescape")[:_NAME_BYTES].decode("utf-8", "ignore")
    tag = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f".{short}.{tag}."


def _is_leftover_of(candidate: str, name: str) -> bool:
    """True for our temporary files for ``name``: the current scheme and the older ``.NAME.XXXXXXXX.part``."""
    for prefix in (_temporary_prefix(name), f".{name}."):
        if re.fullmatch(re.escape(prefix) + _RANDOM + re.escape(PART_SUFFIX), candidate):
            return True
    return False


def remove_leftovers(path: str | os.PathLike) -> int:
    """Delete temporary files a killed write of ``path`` left behind; returns how many."""
    path = Path(path)
    try:
        candidates = [entry for entry in os.scandir(path.parent) if entry.name.endswith(PART_SUFFIX) and entry.name.startswith(".")]
    except OSError:  # no folder yet, or unreadable: nothing of ours to clean
        return 0
    removed = 0
    for entry in candidates:
        if _is_leftover_of(entry.name, path.name):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


@contextmanager
def atomic_writer(path: str | os.PathLike):
    """Yield a binary stream; on success it replaces ``path``, on any error it vanishes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    handle, temporary = tempfile.mkstemp(prefix=_temporary_prefix(path.name), suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)  # mkstemp makes 0600; results should be ordinary files
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
