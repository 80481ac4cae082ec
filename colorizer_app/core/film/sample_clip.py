"""Tiny films made on the spot, for the tests, the self-test and the benchmark's synthetic case.

A slow pan and zoom over a generated picture (so the motion is known and smooth), optional
hard cuts to a second picture, and a sine-wave AAC sound track. Nothing is read from disk.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

SAMPLE_RATE = 48000  # every sound codec takes it (Opus takes only 48 kHz and a few lower rates)


def make_picture(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A colourful (H, W, 3) uint8 picture: soft colour fields with a few sharp shapes."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (6, 8, 3), dtype=np.uint8)
    picture = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    for _ in range(8):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        radius = int(rng.integers(max(2, min(width, height) // 16), max(3, min(width, height) // 5)))
        colour = tuple(int(value) for value in rng.integers(0, 256, 3))
        cv2.circle(picture, centre, radius, colour, -1, lineType=cv2.LINE_AA)
    return picture


def pan_frames(width: int, height: int, count: int, seed: int = 0, cut_every: int = 0) -> list[np.ndarray]:
    """``count`` frames of a slow pan and zoom; a new picture every ``cut_every`` frames (0: never)."""
    frames = []
    for index in range(count):
        shot = index // cut_every if cut_every else 0
        picture = make_picture(width * 2, height * 2, seed + shot)
        step = index - (shot * cut_every if cut_every else 0)
        zoom = 1.0 + 0.004 * step
        crop_w, crop_h = width * 1.5 / zoom, height * 1.5 / zoom
        left = width * 0.2 + 1.3 * step
        top = height * 0.2 + 0.6 * step
        matrix = np.array([[crop_w / width, 0, left], [0, crop_h / height, top]], np.float32)
        frames.append(cv2.warpAffine(picture, matrix, (width, height), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP))
    return frames


def write_clip(
    path: str | Path,
    frames: list[np.ndarray],
    rate: int = 25,
    codec: str = "libx264",
    pixel_format: str = "yuv420p",
    sound: str | None = "aac",
    rotation: int = 0,
    pts: list[int] | None = None,
    time_base: Fraction | None = None,
    interlaced: bool = False,
    keyframe_every: int | None = None,
) -> Path:
    """Encode ``frames`` (RGB uint8) with a 440 Hz sine track; ``pts`` in ``time_base`` make it
    variable-rate; ``keyframe_every`` frames a keyframe (reaching a frame then takes a seek)."""
    path = Path(path)
    height, width = frames[0].shape[:2]
    with av.open(str(path), "w") as output:
        video = output.add_stream(codec, rate=rate)
        video.width, video.height, video.pix_fmt = width, height, pixel_format
        if time_base is not None:
            video.time_base = time_base
            video.codec_context.time_base = time_base
        if codec == "libx264":
            keyframes = f":keyint={keyframe_every}:min-keyint={keyframe_every}:scenecut=0" if keyframe_every else ""
            video.options = {"preset": "ultrafast", "x264-params": "log-level=error" + (":tff=1" if interlaced else "") + keyframes}
        if rotation:
            video.set_display_rotation(rotation)
        audio = None
        if sound:
            audio = output.add_stream(sound, rate=SAMPLE_RATE)
            audio.layout = "mono"
        for index, rgb in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format=pixel_format)
            frame.pts = pts[index] if pts is not None else index
            if time_base is not None:
                frame.time_base = time_base
            for packet in video.encode(frame):
                output.mux(packet)
        for packet in video.encode(None):
            output.mux(packet)
        if audio is not None:
            _write_sine(output, audio, len(frames) / rate)
    return path


def _write_sine(output: av.container.OutputContainer, audio: av.audio.stream.AudioStream, seconds: float) -> None:
    samples = int(seconds * SAMPLE_RATE)
    wave = (0.3 * np.sin(2 * np.pi * 440 * np.arange(samples) / SAMPLE_RATE)).astype(np.float32)
    chunk = 1024
    audio_format = audio.codec_context.format.name if audio.codec_context.format else "fltp"
    for start in range(0, samples, chunk):
        block = wave[start : start + chunk][None]
        if audio_format.startswith("s16"):
            block = (block * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(block, format=audio_format, layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = start
        for packet in audio.encode(frame):
            output.mux(packet)
    for packet in audio.encode(None):
        output.mux(packet)


def make_pan_clip(path: str | Path, width: int = 96, height: int = 64, count: int = 24, **options) -> Path:
    """The usual test film: a slow pan and zoom with sound."""
    cut_every = options.pop("cut_every", 0)
    seed = options.pop("seed", 0)
    return write_clip(path, pan_frames(width, height, count, seed, cut_every), **options)


def make_sound_only_file(path: Path) -> Path:
    """An MP4 with one silent AAC frame and no picture: a "film" the program must refuse plainly."""
    with av.open(str(path), "w") as output:
        stream = output.add_stream("aac", rate=48000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
        frame.sample_rate, frame.pts = 48000, 0
        for packet in list(stream.encode(frame)) + list(stream.encode(None)):
            output.mux(packet)
    return path
