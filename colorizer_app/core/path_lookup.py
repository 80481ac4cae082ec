"""Looking at many paths quickly: resolving them and asking whether files exist.

Why apart: adding a folder of 20,000 photos asked the file system the same questions
hundreds of thousands of times, on the window's thread; these answer each folder once.
"""

from __future__ import annotations

import os
from pathlib import Path


def resolved_or_none(path: Path) -> Path | None:
    """``path.resolve()``, or None for a symlink loop or a path the system cannot handle."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None


class Resolver:
    """``resolved_or_none`` for many paths, each folder's answer remembered.

    Why: resolving costs a system call per path component, so a dropped folder of 20,000
    photos cost 100,000s of them, several times over, on the window's thread. Through a
    resolved folder, a photo that is not itself a symbolic link resolves to that folder
    plus its name, for one call.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Path | None] = {}

    def __call__(self, path: Path) -> Path | None:
        path = Path(path)
        if path.name in ("", ".", "..") or path.is_symlink():
            return resolved_or_none(path)
        parent = path.parent
        if parent not in self._folders:
            self._folders[parent] = resolved_or_none(parent)
        folder = self._folders[parent]
        return None if folder is None else folder / path.name


class FileListing:
    """Whether files exist, from one listing per folder instead of a system call per file
    (checking 20,000 planned results one by one took seconds on the window's thread)."""

    def __init__(self) -> None:
        self._names: dict[Path, set[str]] = {}

    def exists(self, path: Path) -> bool:
        folder = path.parent
        if folder not in self._names:
            try:
                with os.scandir(folder) as entries:
                    self._names[folder] = {entry.name for entry in entries if entry.is_file()}
            except OSError:
                self._names[folder] = set()
        return path.name in self._names[folder]
