"""Reading the next photo and writing the last one while this one is colorized, and
what a photo's failure is called.

A batch spends a third of its time per photo decoding and encoding files; two I/O
threads (Pillow releases the GIL while it decodes and encodes) overlap that with the
colour work of the photo in between. At most one photo is read ahead and one is being
written, and only photos up to ``OVERLAP_MAX_PIXELS`` are read ahead, so a batch holds
at most three ordinary photos in memory and a huge scan is never joined by another.
Results still arrive in the batch's order: a photo's result is its write's.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from colorizer_app.core.colorize import ColorizeError
from colorizer_app.core.errorlog import describe_unexpected, log_failure
from colorizer_app.core.hints import HintsFileError
from colorizer_app.core.images import ImageReadError, ImageWriteError, Photo, read_header, read_photo

OVERLAP_MAX_PIXELS = 25_000_000  # a 24 MP camera's photos are read ahead; bigger scans one at a time


class PhotoIO:
    """The batch's reader and writer threads; use as a context manager."""

    def __init__(self, max_pixels: int) -> None:
        self.max_pixels = max_pixels
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="photo-reader")
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="photo-writer")
        self._ahead: tuple[Path, Future] | None = None
        self.pending: Future | None = None  # the write in flight

    def __enter__(self) -> PhotoIO:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._ahead:
            self._ahead[1].cancel()
        self._reader.shutdown(wait=True)
        self._writer.shutdown(wait=True)  # a write in flight always finishes: no partial file

    def read_ahead(self, source: Path) -> None:
        """Start decoding ``source`` now, if it is of an ordinary size."""
        width, height = read_header(source, self.max_pixels)
        if width * height <= OVERLAP_MAX_PIXELS:
            self._ahead = (source, self._reader.submit(read_photo, source, self.max_pixels))

    def read(self, source: Path) -> Photo:
        """``source`` decoded: the read started ahead if there is one, else read now."""
        ahead, self._ahead = self._ahead, None
        if ahead and ahead[0] == source:
            return ahead[1].result()
        if ahead:
            ahead[1].cancel()
        return read_photo(source, max_pixels=self.max_pixels)

    def write(self, job: Callable[[], object]) -> Future:
        """Run ``job`` (the photo's write) on the writer thread; the caller waits for the
        previous write's result first, so only one is ever in flight."""
        self.pending = self._writer.submit(job)
        return self.pending


DISK_FULL = "the disk is full"


def describe_failure(error: Exception, paths: tuple[Path, Path]) -> tuple[str, bool]:
    """(one-line reason, whether the disk is full) for a photo whose reading, colorizing or
    writing raised ``error``; ``paths`` (input, output) are left out of the reason."""
    if isinstance(error, (ImageReadError, ImageWriteError, HintsFileError)):
        return _without_paths(str(error), paths), _is_disk_full(error)
    if isinstance(error, MemoryError):
        return "not enough memory for this photo (try a smaller render size)", False
    if isinstance(error, OSError):
        if _is_disk_full(error):
            return DISK_FULL, True
        return _without_paths(f"{error.strerror or error}", paths), False
    if isinstance(error, ColorizeError):
        return str(error), False
    log_failure(f"colorizing {paths[0]}", error)  # unexpected: the details go to the log
    return describe_unexpected(error), False


def _is_disk_full(error: BaseException | None) -> bool:
    """A full disk anywhere in the error's chain (the readers and writers wrap the OSError)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            return True
        error = error.__cause__ or error.__context__
    return False


def _without_paths(message: str, paths: tuple[Path, Path]) -> str:
    for path in paths:
        prefix = f"{path}: "
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
