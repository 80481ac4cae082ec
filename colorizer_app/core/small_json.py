"""Reading a small JSON file a user gave us (a model card, a hints file) without trusting it:
size-capped before parsing, and deep nesting or numbers thousands of digits long refused,
each with a one-line reason the caller wraps in its own error type."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path


class SmallJsonError(Exception):
    """The file is missing, unreadable, too large or not sane JSON; the message says which."""


def read_small_json(path: Path, max_bytes: int, kind: str) -> object:
    """The parsed JSON of ``path``; ``kind`` names the file in messages ("model card")."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # opening a pipe would wait forever
            raise SmallJsonError("a folder, pipe or device, not a file")
        with open(path, "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise SmallJsonError("no such file") from error
    except OSError as error:
        raise SmallJsonError(f"cannot read ({error.strerror or error})") from error
    if len(raw) > max_bytes:
        raise SmallJsonError(f"too large for a {kind} (over {max_bytes // 1024} KiB)")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError as error:
        raise SmallJsonError(f"not a valid {kind} (its JSON is nested too deeply)") from error
    except (UnicodeDecodeError, ValueError) as error:  # ValueError: bad JSON, or a number with thousands of digits
        raise SmallJsonError(f"not a valid JSON {kind} ({error})") from error
