"""Choosing where the network runs: CUDA or Apple's MPS when present, else the CPU.

torch is imported inside the functions: the command line's option list needs only
DEVICE_CHOICES, and importing torch takes seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


class DeviceUnavailableError(Exception):
    """The user asked for a device this computer does not have."""


def pick_device(preference: str = "auto") -> torch.device:
    """``auto`` takes the fastest device present; a named one must exist."""
    import torch

    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if preference == "auto":
        return torch.device("cuda" if cuda else "mps" if mps else "cpu")
    if preference == "cuda" and not cuda:
        raise DeviceUnavailableError("CUDA was asked for, but no CUDA GPU is available here (use --device cpu or auto)")
    if preference == "mps" and not mps:
        raise DeviceUnavailableError("MPS was asked for, but Apple's Metal backend is not available here (use --device cpu or auto)")
    if preference not in DEVICE_CHOICES:
        raise DeviceUnavailableError(f"unknown device {preference!r}; choose one of {', '.join(DEVICE_CHOICES)}")
    return torch.device(preference)


def describe_device(device: torch.device) -> str:
    """A name a person recognises: the GPU's model, or the CPU."""
    import torch

    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple GPU (MPS)"
    threads = torch.get_num_threads()
    return f"CPU ({threads} thread{'s' if threads != 1 else ''})"


def fast_dtype(device: torch.device) -> torch.dtype | None:
    """The reduced precision worth autocasting to on this device, or None for float32.

    bfloat16 is ~3-4x faster on CPUs with AVX-512 BF16/AMX and slower on the others.
    """
    import torch

    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device.type == "cpu":
        checker = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
        return torch.bfloat16 if checker is not None and checker() else None
    return None
