"""Atomic file writing: a temporary file beside the target, then one rename.

A process killed mid-write leaves the old file (or none), never half a file.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


@contextmanager
def atomic_writer(path: str | os.PathLike):
    """Yield a binary stream; on success it replaces ``path``, on any error it vanishes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)  # mkstemp makes 0600; results should be ordinary files
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
