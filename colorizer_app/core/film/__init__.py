"""Films in colour: a video in, the same video back in colour with its sound untouched.

The package is split by concern: ``video_in`` decodes (streamed, one frame at a time),
``video_out`` encodes segments and joins them with the source's audio by stream copy,
``flow`` and ``steady`` keep colour still along the motion, ``film_hints`` carries pins
through a shot, ``parts`` keeps finished segments so a killed run resumes, and
``pipeline`` puts them together. Importing this package is cheap (no PyAV, no torch):
the batch asks it which files are videos.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PREVIEW_SECONDS = 3.0  # the window's short preview: long enough to see colour hold while things move
# What PyAV's FFmpeg reads and the issue asks for: MP4, MOV, MKV, AVI, WebM (and close kin).
# camcorders (AVCHD .mts/.m2ts, DV), DVDs (.vob, MPEG-2 .mpg), old phones (.3gp) and Windows
# (.wmv) as well as today's; .ts is left out (TypeScript files share it)
VIDEO_EXTENSIONS = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mov",
        ".mkv",
        ".avi",
        ".webm",
        ".mpg",
        ".mpeg",
        ".mts",
        ".m2ts",
        ".vob",
        ".dv",
        ".3gp",
        ".3g2",
        ".wmv",
        ".flv",
        ".ogv",
    }
)


def is_video_name(path: str | Path) -> bool:
    """True for a file name that is a film by its extension (hidden files are not)."""
    path = Path(path)
    return path.suffix.lower() in VIDEO_EXTENSIONS and not path.name.startswith(".")


@dataclass(frozen=True)
class FilmFrame:
    """One frame of a film (from 0): what the compare view shows for a film. Hashable, so the
    preview's "is this still the picture wanted" checks work as they do for a photo's path."""

    source: Path
    index: int

    @property
    def name(self) -> str:
        return self.source.name


def clock(seconds: float) -> str:
    """0:07, 3:07, 1:02:03: a film's length or a place in it."""
    seconds = max(0, int(seconds))
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
