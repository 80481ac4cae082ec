"""Finished pieces of a film kept beside the output, so a killed run resumes where it was.

``.NAME.parts/`` (hidden, next to the output) holds a manifest saying which source and which
settings the pieces belong to, and per segment its video (``NNNNN.mp4``) and the state to
carry on from its end (``NNNNN.npz``: the steady-colour state and the next frame's index and
timestamp, plain arrays read without pickle). Both are written atomically, the state first,
so a segment's video existing means the segment is whole. A different source file or
different settings start afresh. The folder goes once the film is joined.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from colorizer_app.core.atomic import atomic_writer

MANIFEST = "manifest.json"


def parts_folder(output: Path) -> Path:
    """Where a film's finished segments wait until it is joined (hidden, beside its result)."""
    return output.parent / f".{output.name}.parts"


@dataclass
class Resume:
    segment: int  # the next segment's number
    next_index: int
    next_pts: int | None
    rotation: int  # as the first frame said (a resumed run may decode no frame at all)
    steady_state: dict[str, np.ndarray]


class PartsFolder:
    def __init__(self, output: Path, fingerprint: dict) -> None:
        self.folder = parts_folder(output)
        self.fingerprint = fingerprint

    def open(self) -> Resume:
        """Make the folder ready; what a previous run of the same job finished, if any."""
        if self.folder.is_dir() and self._manifest() != self.fingerprint:
            self.remove()
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._manifest() != self.fingerprint:
            with atomic_writer(self.folder / MANIFEST) as stream:
                stream.write(json.dumps(self.fingerprint, sort_keys=True).encode("utf-8"))
        done = self.finished()
        if not done:
            return Resume(0, 0, None, 0, {})
        with np.load(self.state_path(done[-1]), allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
        position = arrays.pop("position")
        rotation = int(position[2]) if len(position) > 2 else 0
        return Resume(len(done), int(position[0]), int(position[1]), rotation, arrays)

    def _manifest(self) -> dict | None:
        try:
            return json.loads((self.folder / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def video_path(self, number: int) -> Path:
        return self.folder / f"{number:05d}.mp4"

    def state_path(self, number: int) -> Path:
        return self.folder / f"{number:05d}.npz"

    def finished(self) -> list[int]:
        """Numbers of the whole segments, 0, 1, 2, ... up to the first missing one."""
        numbers = []
        while self.video_path(len(numbers)).exists() and self.state_path(len(numbers)).exists():
            numbers.append(len(numbers))
        return numbers

    def save_state(self, number: int, next_index: int, next_pts: int, rotation: int, steady_state: dict[str, np.ndarray]) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, position=np.array([next_index, next_pts, rotation], np.int64), **steady_state)
        with atomic_writer(self.state_path(number)) as stream:
            stream.write(buffer.getvalue())

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
