"""Reading the next photo and writing the last one while this one is colorized, and
what a photo's failure is called.

A batch spends a third of its time per photo decoding and encoding files; two I/O
threads (Pillow releases the GIL while it decodes and encodes) overlap that with the
colour work of the photo in between. The reader also runs the network on the photo it read
(``prepare``): the network of the next photo overlaps the colour join of this one, as
reading and writing do. The reader runs torch on one thread and the colour join gets all
cores but one (``colour_threads``): on a 2-core CPU two threads of one operation wait on
each other whenever the other core is busy (the reader, the writer, another program), which
made a batch photo's network 5-10x slower than alone (issue 27).

At most one photo is read ahead and one is being written, and only photos up to
``OVERLAP_MAX_PIXELS`` are read ahead, so a batch holds at most three ordinary photos in
memory and a huge scan is never joined by another. Results still arrive in the batch's
order: a photo's result is its write's.

A write that fails because of the output folder (read-only, full, gone, under a file) is
the folder's fault, not the photo's: ``folder_problem`` tells the two apart, so the batch
stops with one message naming the folder instead of failing every photo in turn.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import cv2
import torch

from colorizer_app.core.atomic import PART_SUFFIX
from colorizer_app.core.colorize import ColorizeError
from colorizer_app.core.errorlog import describe_unexpected, log_failure
from colorizer_app.core.hints import HintsFileError
from colorizer_app.core.images import ImageReadError, ImageWriteError, Photo, read_header, read_photo

OVERLAP_MAX_PIXELS = 25_000_000  # a 24 MP camera's photos are read ahead; bigger scans one at a time


class PhotoIO:
    """The batch's reader and writer threads; use as a context manager."""

    def __init__(self, max_pixels: int) -> None:
        self.max_pixels = max_pixels
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="photo-reader", initializer=torch.set_num_threads, initargs=(1,))
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="photo-writer")
        self._ahead: tuple[Path, Future] | None = None
        self.pending: Future | None = None  # the write in flight
        self._threads = torch.get_num_threads(), cv2.getNumThreads()
        torch.set_num_threads(colour_threads())
        cv2.setNumThreads(colour_threads())

    def __enter__(self) -> PhotoIO:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._ahead:
            self._ahead[1].cancel()
        self._reader.shutdown(wait=True)
        self._writer.shutdown(wait=True)  # a write in flight always finishes: no partial file
        # back as they were (torch's count is also the default of threads started later)
        torch.set_num_threads(self._threads[0])
        cv2.setNumThreads(self._threads[1])

    def read_ahead(self, source: Path, prepare: Callable[[Photo], object] | None = None) -> None:
        """Start decoding ``source`` now, if it is of an ordinary size, then ``prepare(photo)``
        (the network's part) on the same thread: ``read`` gives both."""
        width, height = read_header(source, self.max_pixels)
        if width * height <= OVERLAP_MAX_PIXELS:
            self._ahead = (source, self._reader.submit(_read_and_prepare, source, self.max_pixels, prepare))

    def read(self, source: Path) -> tuple[Photo, object | None]:
        """``source`` decoded, and what its ``prepare`` made (None when it was not read ahead):
        the read started ahead if there is one, else read now. A failure of either is raised here."""
        ahead, self._ahead = self._ahead, None
        if ahead and ahead[0] == source:
            return ahead[1].result()
        if ahead:
            ahead[1].cancel()
        return read_photo(source, max_pixels=self.max_pixels), None

    def write(self, job: Callable[[], object]) -> Future:
        """Run ``job`` (the photo's write) on the writer thread; the caller waits for the
        previous write's result first, so only one is ever in flight."""
        self.pending = self._writer.submit(job)
        return self.pending


def colour_threads() -> int:
    """Threads for the colour join while the reader and the writer work beside it: all cores
    but one (one on a 2-core CPU, where a second thread would only wait for a busy core)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores - 1)


def _read_and_prepare(source: Path, max_pixels: int, prepare: Callable[[Photo], object] | None) -> tuple[Photo, object | None]:
    photo = read_photo(source, max_pixels)
    return photo, prepare(photo) if prepare else None


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


# Errors that say nothing about one photo: every later write into the folder fails the same way.
_FOLDER_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def check_output_folder(folder: Path) -> str:
    """ "" when results can be written in ``folder`` (created if missing), else what is wrong
    with it in words that follow "The output folder X ..." ("is full", "is read-only")."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".colorizer-check-", suffix=PART_SUFFIX):
            pass
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python < 3.13)
        return _folder_words(error)
    return ""


def folder_problem(error: BaseException, output: Path, root: Path | None, probe: bool = True) -> tuple[Path, str] | None:
    """(the folder, what is wrong with it) when writing ``output`` failed because of its
    folder, None when the failure is this photo's own (an unwritable existing result, say).

    A full or read-only disk is known from the error itself; anything else is checked by
    writing a test file into the output folder (``root``) and then into the result's own
    subfolder, so a folder removed or made read-only during the batch is found too
    (``probe=False`` for errors that did not come from writing: the error alone decides).
    """
    os_error = _os_error_in(error)
    if os_error is None:
        return None
    if os_error.errno in _FOLDER_ERRNOS:
        return (root or output.parent), _folder_words(os_error)
    if not probe:
        return None
    for folder in dict.fromkeys(path for path in (root, output.parent) if path is not None):
        problem = check_output_folder(folder)
        if problem:
            return folder, problem
    return None


def folder_sentence(folder: Path, problem: str, done: int, not_finished: int, film_left: bool = False) -> str:
    """ "The output folder X is full: 3 done and kept, 7 not finished; run again once it can be
    written" (not "not started": a film whose last step failed was all but done, and its
    coloured part is kept). ``film_left``: the batch stopped inside a film, whose finished
    segments wait in the folder (a batch of photos was told "a film carries on")."""
    counts = f": {done} done and kept, {not_finished} not finished" if done else ""
    counts = counts or (": nothing was finished" if film_left else ": nothing was written there")
    carry = " (the film it stopped in carries on where it stopped)" if film_left else ""
    return f"The output folder {folder} {problem}{counts}; run again once it can be written{carry}"


def _folder_words(error: BaseException) -> str:
    number = getattr(error, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT):
        return "is full"
    if number == errno.EROFS:
        return "is on a read-only disk"
    if number in (errno.EACCES, errno.EPERM):
        return "cannot be written (no permission)"
    if number in (errno.ENOTDIR, errno.EEXIST):
        return "is not a folder (a file is in its place or in its path)"
    if number == errno.ENOENT:
        return "is gone (deleted, or its disk was removed)"
    if number == errno.ELOOP or isinstance(error, RuntimeError):
        return "is a symbolic link that loops"
    return f"cannot be written ({getattr(error, 'strerror', None) or error})"


def _os_error_in(error: BaseException | None) -> OSError | None:
    """The first OSError in the error's chain (the writers wrap it in ImageWriteError)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError):
            return error
        error = error.__cause__ or error.__context__
    return None
