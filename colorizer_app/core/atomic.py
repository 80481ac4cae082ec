"""Atomic file writing: a temporary file beside the target, then one rename.

A process killed mid-write leaves the old file (or none), never half a file. What a
kill does leave is the hidden temporary ``.NAME.TAG.XXXXXXXX.part``; the next write of
the same target (and the batch, for every output it plans) removes such leftovers. A
temporary file another process is still writing is not a leftover: the writer holds a lock
on it (``flock``), and the cleaner takes only unlocked ones (two trainings filling one
training-data cache deleted each other's files).
Temporary names stay short, so a target whose name is near the file-system limit
(255 bytes) can still be written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows, where a file open for writing cannot be deleted anyway
    fcntl = None

PART_SUFFIX = ".part"
_NAME_BYTES = 80  # of the target's name kept in the temporary name: ".", 80, ".", 8, ".", 8, ".part" < 255
_RANDOM = r"[a-z0-9_]{8}"  # what mkstemp inserts
UNLOCKED_LEFTOVER_AGE = 3600  # seconds: on a file system without locks, an older temporary file is a leftover


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
    return sum(_remove_if_abandoned(entry.path) for entry in candidates if _is_leftover_of(entry.name, path.name))


def _remove_if_abandoned(temporary: str) -> bool:
    """Delete a temporary file unless a live writer holds its lock. Where the file system has
    no locks (some network shares), only a file untouched for an hour counts as abandoned."""
    try:
        handle = os.open(temporary, os.O_RDONLY)
    except OSError:
        return False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another process is writing it
                return False
            except OSError:  # no locks here: judge by age
                if time.time() - os.fstat(handle).st_mtime < UNLOCKED_LEFTOVER_AGE:
                    return False
        os.unlink(temporary)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)  # (releases the lock)


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file for ``path``, locked for this writer. A cleaner that took the file
    between its creation and the lock has deleted it: then make another. A file system without
    locks (some network shares) gets the file unlocked, as before locks were used."""
    while True:
        handle, temporary = tempfile.mkstemp(prefix=_temporary_prefix(path.name), suffix=PART_SUFFIX, dir=path.parent)
        if fcntl is None:
            return handle, temporary
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            return handle, temporary
        if os.fstat(handle).st_nlink > 0:
            return handle, temporary
        os.close(handle)


@contextmanager
def atomic_writer(path: str | os.PathLike):
    """Yield a binary stream; on success it replaces ``path``, on any error it vanishes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    handle, temporary = _locked_temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)  # mkstemp makes 0600; results should be ordinary files
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
