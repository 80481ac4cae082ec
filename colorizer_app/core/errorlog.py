"""A log file for the details of unexpected failures.

Users see one clear line per problem; the traceback a developer needs goes here.
Writing the log must never cause a second failure (the disk may be full), so any
error while logging is ignored. The file is kept small by rotating it at 1 MiB.
"""

from __future__ import annotations

import datetime
import os
import traceback
from pathlib import Path

from colorizer_app.core.user_folders import log_dir

_MAX_BYTES = 1 << 20


def log_path() -> Path:
    override = os.environ.get("COLORIZER_LOG")
    if override:
        return Path(override)
    return log_dir() / "colorizer.log"


def log_failure(context: str, error: BaseException) -> Path:
    """Append ``context`` and the traceback of ``error`` to the log; returns the log's path."""
    path = log_path()
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > _MAX_BYTES:
            os.replace(path, path.with_suffix(".old.log"))
        with open(path, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- {stamp} {context}\n{details}\n")
    except OSError:
        pass
    return path


def describe_unexpected(error: BaseException) -> str:
    """One line for a user: what kind of error, and where the details are."""
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return f"unexpected error ({type(error).__name__}{': ' + text if text else ''}); details in {log_path()}"
