"""Films in colour: a video in, the same video back in colour with its sound untouched.

The package is split by concern: ``video_in`` decodes (streamed, one frame at a time),
``video_out`` encodes segments and joins them with the source's audio by stream copy,
``flow`` and ``steady`` keep colour still along the motion, ``film_hints`` carries pins
through a shot, ``parts`` keeps finished segments so a killed run resumes, and
``pipeline`` puts them together. Importing this package is cheap (no PyAV, no torch):
the batch asks it which files are videos.
"""

from __future__ import annotations

from pathlib import Path

# What PyAV's FFmpeg reads and the issue asks for: MP4, MOV, MKV, AVI, WebM (and close kin).
VIDEO_EXTENSIONS = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".avi", ".webm"})


def is_video_name(path: str | Path) -> bool:
    """True for a file name that is a film by its extension (hidden files are not)."""
    path = Path(path)
    return path.suffix.lower() in VIDEO_EXTENSIONS and not path.name.startswith(".")
