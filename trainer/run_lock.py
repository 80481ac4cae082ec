"""One training at a time in a run folder.

Why: two trainings writing one folder overwrite each other's checkpoint, events and model.
It happens easily: a second `colorizer train --resume` started while the first still runs,
or while a stopped one is still validating and exporting (that takes minutes on a CPU). The
first training holds an exclusive lock on the folder's lock file for as long as it runs (the
system drops it when the process ends, however it ends); the second is told who has the
folder and starts nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a run folder goes unguarded there, as before
    fcntl = None

LOCK_NAME = ".training.lock"


class RunFolderBusyError(ValueError):
    """Another training is using this run folder."""


def hold_run_folder(out: Path) -> IO[str] | None:
    """Lock ``out`` for this process; the returned file keeps the lock until it is closed.
    None where locks are not available (Windows, some network shares): the run goes on."""
    if fcntl is None:
        return None
    handle = open(out / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the run's life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        who = f" (process {holder})" if holder.isdigit() else ""
        raise RunFolderBusyError(f"another training{who} is using {out}; wait for it to finish or choose another output folder") from None
    except OSError:  # a file system that refuses locks (some network shares): unguarded, as before
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def release_run_folder(handle: IO[str] | None) -> None:
    if handle is not None and not handle.closed:
        handle.close()
