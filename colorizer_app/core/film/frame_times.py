"""When a film's frames are not evenly spaced (a phone's recording drops frames, a screen
recording follows the screen), frame N is not at N frame times: the scrubber showed another
picture than the whole run's frame N, and a pin placed on it went to that other frame. Such a
film's frame times are read from its packets (no decoding), once a file.

Whether the rate varies: MP4 and MOV say so in their header (FFmpeg's average rate against the
rate every timestamp fits, and the frame count against the length); an MKV's header does not,
so its first EARLY_PACKETS packets are looked at.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import av
import numpy as np

EARLY_PACKETS = 240  # about ten seconds of a film with no rate hint in its header
KEPT_FILMS = 16  # films whose frame times are kept (a 2-hour 60 fps film's are 3.5 MB)
NO_TIMES = np.zeros(0, np.int64)

_lock = threading.Lock()
_kept: OrderedDict[tuple, np.ndarray] = OrderedDict()
_reading: dict[tuple, threading.Lock] = {}


def header_says_rate_varies(stream: av.video.stream.VideoStream) -> bool:
    average, base = stream.average_rate, stream.base_rate
    if average and base and average != base:
        return True
    if stream.frames and stream.duration and base and stream.time_base:
        return abs(stream.frames - float(stream.duration * stream.time_base * base)) >= 1
    return False


def header_is_exact(container: av.container.InputContainer) -> bool:
    """MP4 and MOV list every frame in their index, so their header's hint can be trusted."""
    return "mp4" in container.format.name.split(",")


def frame_times(path: Path, start_pts: int, varies: bool, exact_header: bool, stream_index: int) -> np.ndarray:
    """Every frame's time (the stream's time base) in order where the rate varies; NO_TIMES for
    a constant rate, or where some packet has no time (an MPEG program stream's)."""
    try:
        stat = path.stat()
    except OSError:
        return NO_TIMES
    file = (str(path), stat.st_size, stat.st_mtime_ns, start_pts, stream_index)
    if not varies and (exact_header or _evenly_spaced(_read_once(file, EARLY_PACKETS))):
        return NO_TIMES
    return _read_once(file, 0)


def _read_once(file: tuple, limit: int) -> np.ndarray:
    """_packet_times, kept for the last KEPT_FILMS reads; two threads asking at once read once."""
    key = (*file, limit)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
        reading = _reading.setdefault(key, threading.Lock())
    with reading:
        with _lock:
            if key in _kept:
                return _kept[key]
        times = _packet_times(*file, limit)
        with _lock:
            _kept[key] = times
            while len(_kept) > KEPT_FILMS:
                _kept.popitem(last=False)
            _reading.pop(key, None)
        return times


def _packet_times(path: str, _size: int, _modified_ns: int, start_pts: int, stream_index: int, limit: int) -> np.ndarray:
    """The distinct times of the video's packets (the first ``limit`` packets, 0: all), sorted:
    the frames a decoder shows, in order. A damaged file gives the times up to the damage."""
    times = set()
    try:
        with av.open(path, metadata_errors="replace") as container:
            for count, packet in enumerate(container.demux(container.streams[stream_index]), 1):
                if limit and count > limit:
                    break
                if not packet.size or packet.is_discard:
                    continue
                if packet.pts is None:  # an MPEG program stream stamps only some: the times are unknown
                    return NO_TIMES
                if packet.pts >= start_pts:
                    times.add(int(packet.pts))
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, IndexError):
        pass
    return np.array(sorted(times), np.int64)


def _evenly_spaced(times: np.ndarray) -> bool:
    """The first packets' times one frame apart (a tick's rounding allowed): a constant rate.
    The last few are left out: with B-frames they may wait for a later packet."""
    steps = np.diff(times[:-8])
    return not len(steps) or steps.max() - steps.min() <= max(1, 0.02 * np.median(steps))


def frames_on_disk(path: Path, stream: av.video.stream.VideoStream) -> tuple[int, int] | None:
    """(frames wholly in the file, the time the last of them starts) for an MP4 or MOV cut short
    after its index (a copy stopped partway, with the index written first): its header lists
    frames the file no longer holds, and the scrubber ran to them. None when the file is whole
    or cannot tell. Read from the index alone (no reading of the film)."""
    entries = stream.index_entries
    try:
        size = path.stat().st_size
        if not len(entries) or entries[-1].pos + entries[-1].size <= size:
            return None
        inside = [entry for entry in entries if 0 <= entry.pos and entry.pos + entry.size <= size]
    except (OSError, AttributeError):
        return None
    return len(inside), max((entry.timestamp for entry in inside), default=0)
