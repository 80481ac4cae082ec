"""Training data: scan a folder of colour photos once, cache them decoded, sample batches.

Decoding JPEGs every epoch would cost more than training on 2 cores, so each usable
photo is decoded once, resized (short side to ``cache_size``) and centre-cropped to a
square, and kept in one uint8 array on disk (``.npy``, memory-mapped). Batches are
random resized crops with flips of that array, made with ``roi_align`` in one call.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torchvision.ops import roi_align

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.batch import walk_images
from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.images import ImageReadError, as_8_bit, read_photo
from colorizer_app.core.user_folders import training_cache_dir

MIN_SIDE = 64  # smaller photos teach nothing at the crop sizes we train with
GREY_CHROMA = 2.0  # mean Lab chroma below this: a greyscale photo, nothing to learn from
CACHE_VERSION = 1


@dataclass
class ScanReport:
    """What a folder holds: the usable photos and every skipped file with its reason."""

    root: Path
    usable: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, reason in self.skipped:
            counts[reason] = counts.get(reason, 0) + 1
        return counts

    def as_event(self) -> dict:
        return {
            "folder": str(self.root),
            "usable": len(self.usable),
            "skipped": len(self.skipped),
            "skipped_reasons": self.reasons(),
            "skipped_examples": [[str(path), reason] for path, reason in self.skipped[:20]],
        }


def list_photo_files(root: str | os.PathLike) -> list[Path]:
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder")
    return walk_images(root)


def _thumbnail(path: Path, cache_size: int) -> np.ndarray | str:
    """The cached square for one photo, or the reason it is skipped."""
    try:
        photo = read_photo(path)
    except ImageReadError as error:
        return "unreadable: " + str(error).split(": ", 1)[-1].split(" (")[0]
    width, height = photo.size
    if min(width, height) < MIN_SIDE:
        return f"too small (under {MIN_SIDE} px)"
    image = Image.fromarray(as_8_bit(photo.pixels))
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((cache_size, cache_size), Image.Resampling.BICUBIC, reducing_gap=2.0)
    square = np.asarray(image)
    lab = rgb_to_lab(torch.from_numpy(square[::4, ::4].astype(np.float32) / 255).permute(2, 0, 1))
    if float(lab[1:].norm(dim=0).mean()) < GREY_CHROMA:
        return "greyscale (no colour to learn from)"
    return square


class PhotoCache:
    """Decoded photos of one folder at one size, as an (N, S, S, 3) uint8 array."""

    def __init__(self, pixels: np.ndarray, paths: list[str], report: ScanReport) -> None:
        self.pixels = pixels
        self.paths = paths
        self.report = report

    def __len__(self) -> int:
        return len(self.paths)

    @classmethod
    def build(cls, root: str | os.PathLike, cache_size: int, cache_dir: Path | None = None, progress=None) -> PhotoCache:
        """Scan ``root`` and decode its photos, reusing an earlier cache of the same files."""
        root = Path(root).resolve()
        files = list_photo_files(root)
        signature = hashlib.sha256(
            json.dumps(
                [CACHE_VERSION, cache_size] + [[str(f.relative_to(root)), f.stat().st_size, f.stat().st_mtime_ns] for f in files]
            ).encode()
        ).hexdigest()[:20]
        cache_dir = Path(cache_dir or training_cache_dir())
        array_path = cache_dir / f"{signature}.npy"
        index_path = cache_dir / f"{signature}.json"
        if array_path.is_file() and index_path.is_file():
            index = json.loads(index_path.read_text())
            report = ScanReport(root, [root / p for p in index["paths"]], [(root / p, r) for p, r in index["skipped"]])
            return cls(np.load(array_path, mmap_mode="r"), index["paths"], report)

        report = ScanReport(root)
        squares = []
        for number, path in enumerate(files):
            result = _thumbnail(path, cache_size)
            if isinstance(result, str):
                report.skipped.append((path, result))
            else:
                report.usable.append(path)
                squares.append(result)
            if progress:
                progress(number + 1, len(files))
        pixels = np.stack(squares) if squares else np.zeros((0, cache_size, cache_size, 3), np.uint8)
        with atomic_writer(array_path) as stream:
            np.save(stream, pixels)
        relative = [str(p.relative_to(root)) for p in report.usable]
        index = {"root": str(root), "paths": relative, "skipped": [[str(p.relative_to(root)), r] for p, r in report.skipped]}
        with atomic_writer(index_path) as stream:
            stream.write(json.dumps(index).encode())
        return cls(np.load(array_path, mmap_mode="r"), relative, report)


def split_indices(paths: list[str], val_fraction: float, val_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic train/validation split by a hash of each relative path."""
    keys = np.array([int(hashlib.sha1(p.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF for p in paths])
    order = np.argsort(keys, kind="stable")
    val_count = min(val_max, int(round(len(paths) * val_fraction))) if len(paths) > 1 else 0
    val = np.sort(order[:val_count])
    train = np.sort(order[val_count:])
    return train, val


def sample_crops(pixels: np.ndarray, indices: torch.Tensor, crop: int, generator: torch.Generator, min_scale: float = 0.35) -> torch.Tensor:
    """Random resized crops with horizontal flips: (B, 3, crop, crop) float RGB in [0, 1]."""
    batch = torch.from_numpy(np.stack([pixels[i] for i in indices.tolist()])).permute(0, 3, 1, 2).float().div_(255)
    size = batch.shape[-1]
    count = batch.shape[0]
    scale = min_scale + (1 - min_scale) * torch.rand(count, generator=generator)
    ratio = torch.exp((torch.rand(count, generator=generator) - 0.5) * 2 * 0.2877)  # 3/4 .. 4/3
    width = (size * torch.sqrt(scale * ratio)).clamp(8, size)
    height = (size * torch.sqrt(scale / ratio)).clamp(8, size)
    left = torch.rand(count, generator=generator) * (size - width)
    top = torch.rand(count, generator=generator) * (size - height)
    boxes = torch.stack((torch.arange(count, dtype=torch.float32), left, top, left + width, top + height), dim=1)
    crops = roi_align(batch, boxes, output_size=crop, spatial_scale=1.0, sampling_ratio=2, aligned=True)
    flip = torch.rand(count, generator=generator) < 0.5
    crops[flip] = crops[flip].flip(-1)
    return crops.clamp_(0, 1)


VALIDATION_SIZE = 256  # validation photos are scored as whole squares of this size


def centre_batch(pixels: np.ndarray, indices: np.ndarray, size: int) -> torch.Tensor:
    """Whole cached squares resized to ``size``: the fixed validation view."""
    batch = torch.from_numpy(np.stack([pixels[i] for i in indices])).permute(0, 3, 1, 2).float().div_(255)
    if batch.shape[-1] != size:
        batch = torch.nn.functional.interpolate(batch, size=(size, size), mode="bilinear", antialias=True, align_corners=False)
    return batch.clamp_(0, 1)


def centre_batches(pixels: np.ndarray, indices: np.ndarray, size: int, device: torch.device, batch_size: int = 32):
    """The validation view in batches: (position of the batch's first photo, RGB on ``device``)."""
    for start in range(0, len(indices), batch_size):
        yield start, centre_batch(pixels, indices[start : start + batch_size], size).to(device)
