"""Steady colour: the network's opinion about each thing, gathered over the frames it is seen in.

Coloured frame by frame, a film flickers: the network guesses a shirt's colour afresh every
frame. Here the network's output is kept at its own low resolution and carried along the
motion (flow.py) from frame to frame, and each new frame's output is blended in with a weight
of 1/(n+1), where n counts the frames that cell has been seen consistently (capped, so the
colour can still change). A cell that was hidden or whose motion is unsure starts afresh;
a shot cut starts everything afresh.

What is blended, how long the memory is and how often the network runs were chosen by
measurement (docs/FILM.md, benchmarks/bench_film.py): the read-out a/b ("ab"), at most 8
frames' memory, the network on every frame. Blending the classification network's logits
or probabilities instead was as steady and as close to the truth but paler (colourfulness
-3.4 to -4.3 against colouring each frame alone on Big Buck Bunny, where "ab" lost 1.2);
running the network on every 2nd frame (``keyframe_every``; frames between carried by the
motion alone) lost 0.3 dB on the talking head of carphone. Alternate network passes see
the mirrored picture, which the photo path does twice per photo.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional

from colorizer_app.core import pin_region
from colorizer_app.core.colorize import ColorizeError, render_shape
from colorizer_app.core.devices import fast_dtype
from colorizer_app.core.film.flow import MotionEstimator, to_cells, warp
from colorizer_app.core.hints import ColorHint, rasterise_hints
from colorizer_app.core.input_softness import match_training_softness
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.models import make_model_input

METHODS = ("frame", "ab", "chroma", "probs", "logits")


MAX_CHROMA_GAIN = 3.0  # "chroma": how far the mean colour may be pushed back out to the frames' mean chroma


@dataclass
class SteadySettings:
    method: str = "ab"
    keyframe_every: int = 1
    max_count: int = 8  # the newest frame weighs at least 1/(max_count + 1)
    mirror: str = "alternate"  # "alternate", "both" (two passes per keyframe, as photos) or "none"

    def validate(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if not 1 <= self.keyframe_every <= 30 or not 0 <= self.max_count <= 1000:
            raise ValueError("keyframe_every must be 1-30 and max_count 0-1000")
        if self.mirror not in ("alternate", "both", "none"):
            raise ValueError(f"mirror must be alternate, both or none, not {self.mirror!r}")


@dataclass
class FrameColour:
    ab: torch.Tensor  # (1, 2, h, w) Lab units on the network's output grid
    valid: tuple[float, float]  # the frame's extent in those cells (as colorize.predict_ab)
    cut: bool  # this frame starts a new shot
    keyframe: bool


def shrink(lightness: np.ndarray, render_size: int, view_scale: float = 1.0) -> torch.Tensor:
    """L (H, W) at full size -> (1, 1, h, w) at the render size (times the model's view scale),
    as the photo path shrinks it."""
    shape = render_shape(*lightness.shape, render_size, view_scale)
    return functional.interpolate(torch.from_numpy(lightness)[None, None], size=shape, mode="bilinear", antialias=True, align_corners=False)


def grey_of(small: torch.Tensor) -> np.ndarray:
    """The uint8 grey frame the motion is measured on."""
    return np.clip(small[0, 0].numpy() * 2.55, 0, 255).astype(np.uint8)


class SteadyColour:
    """Feed frames in order (their L); get each frame's steady a/b on the network's grid."""

    def __init__(self, model: LoadedModel, render_size: int, settings: SteadySettings | None = None) -> None:
        self.model = model
        self.net = model.net
        self.device = next(self.net.parameters()).device
        self.render_size = render_size
        self.settings = settings or SteadySettings()
        self.settings.validate()
        self.motion = MotionEstimator()
        self.evidence: torch.Tensor | None = None  # (1, C, h, w)
        self.count: torch.Tensor | None = None  # (h, w)
        self.previous_grey: np.ndarray | None = None
        self.since_keyframe = 0
        self.passes = 0  # network passes so far (mirrors alternate on it)

    def reset(self) -> None:
        self.evidence = self.count = self.previous_grey = None

    def push(self, lightness: np.ndarray, hints: list[ColorHint] | None = None) -> FrameColour:
        """``lightness``: the frame's L, (H, W) float32 in [0, 100] at full size."""
        small = shrink(lightness, self.render_size, self.net.view_scale)
        grey = grey_of(small)
        shape = tuple(small.shape[-2:])
        small = match_training_softness(small)  # as the photo path does
        multiple = self.net.input_multiple
        padding = (0, -shape[1] % multiple, 0, -shape[0] % multiple)
        small = functional.pad(small, padding, mode="replicate")
        stride = self.net.output_stride
        valid = (shape[0] / stride, shape[1] / stride)
        cells = (math.ceil(valid[0]), math.ceil(valid[1]))
        cut = self.evidence is None or self.evidence.shape[-2:] != cells
        if not cut and self.settings.method != "frame":
            motion = self.motion.between(self.previous_grey, grey)
            cut = motion.cut
            if not cut:
                grid, consistent = to_cells(motion, cells, stride)
                self.evidence = warp(self.evidence, grid)
                self.count = warp(self.count[None, None], grid)[0, 0] * (consistent > 0.5)
        self.previous_grey = grey
        keyframe = cut or self.settings.method == "frame" or self.since_keyframe + 1 >= self.settings.keyframe_every or bool(hints)
        if keyframe:
            fresh = self._fresh_evidence(small, padding, shape, cells, hints)
            if cut or self.settings.method == "frame":
                self.evidence, self.count = fresh, torch.ones(cells)
            else:
                weight = 1 / (self.count.clamp(max=self.settings.max_count) + 1)
                self.evidence = self.evidence + (fresh - self.evidence) * weight
                self.count = self.count + 1
            self.since_keyframe = 0
        else:
            self.since_keyframe += 1
        ab = self._readout(self.evidence)
        if not bool(torch.isfinite(ab).all()):
            raise ColorizeError(f"the model {self.model.card.name!r} produced invalid colours (NaN or infinite values)")
        return FrameColour(ab, valid, cut, keyframe)

    def _fresh_evidence(self, small, padding, shape, cells, hints) -> torch.Tensor:
        """This frame's evidence from the network. With pins, the pinned pass counts only in the
        pins' regions, as on a photo (core/pin_region.py): the network sees a pin in its deepest,
        frame-wide features, and a blue pin on a man's suit turned his face and the car blue."""
        plain = self._evidence(self._network(small, padding, shape, None), cells)
        if not hints:
            return plain
        plain_ab = self._readout(plain)
        hints = pin_region.pins_that_change(hints, plain_ab, shape)
        if not hints:
            return plain
        pinned = self._evidence(self._network(small, padding, shape, hints, same_pass=True), cells)
        return pin_region.confine(pinned, plain, small[..., : shape[0], : shape[1]].cpu(), hints, plain_ab)

    @torch.no_grad()
    def _network(self, small, padding, shape, hints, same_pass: bool = False) -> torch.Tensor:
        """Raw output (logits or regression) for the padded input, mirrored per the settings
        (``same_pass``: as the pass before, the same frame with pins)."""
        hint_ab = hint_mask = None
        if hints:
            hint_ab, hint_mask = (functional.pad(t, padding).to(self.device) for t in rasterise_hints(hints, *shape))
        model_input = make_model_input(small.to(self.device), hint_ab, hint_mask)
        mirror = self.settings.mirror
        if mirror == "both":
            return (self._run(model_input) + self._run(model_input.flip(-1)).flip(-1)) / 2
        if not same_pass:  # the pinned pass of a frame mirrors as its plain pass did
            self.passes += 1
        if mirror == "alternate" and self.passes % 2 == 0:
            return self._run(model_input.flip(-1)).flip(-1)
        return self._run(model_input)

    def _run(self, model_input: torch.Tensor) -> torch.Tensor:
        dtype = fast_dtype(self.device)
        with torch.autocast(self.device.type, dtype=dtype) if dtype else nullcontext():
            return self.net(model_input.contiguous(memory_format=torch.channels_last)).float()

    def _evidence(self, output: torch.Tensor, cells: tuple[int, int]) -> torch.Tensor:
        """What is averaged over time, from one raw output, cropped to the frame's cells."""
        output = output[:, :, : cells[0], : cells[1]].cpu().contiguous()
        method = self.settings.method
        if method in ("logits",) and self.net.head_kind == "classification":
            return output
        if method == "probs" and self.net.head_kind == "classification":
            return torch.softmax(output + self.net.readout_offsets.view(1, -1, 1, 1), dim=1)
        ab = self.net.ab_from_output(output)
        if method == "chroma":
            return torch.cat((ab, ab.norm(dim=1, keepdim=True)), dim=1)
        return ab

    def _readout(self, evidence: torch.Tensor) -> torch.Tensor:
        if self.settings.method == "chroma":
            ab = evidence[:, :2]
            return ab * (evidence[:, 2:] / ab.norm(dim=1, keepdim=True).clamp_min(1e-3)).clamp(max=MAX_CHROMA_GAIN)
        if self.net.head_kind != "classification" or self.settings.method in ("ab", "frame"):
            return evidence if evidence.shape[1] == 2 else self.net.ab_from_output(evidence)
        if self.settings.method == "probs":
            logits = evidence.clamp_min(1e-12).log() - self.net.readout_offsets.view(1, -1, 1, 1)
            return self.net.ab_from_output(logits)
        return self.net.ab_from_output(evidence)

    # -- resuming a film: the state at the end of a finished segment --------------------------

    def state(self) -> dict[str, np.ndarray]:
        if self.evidence is None:
            return {}
        return {
            "evidence": self.evidence.numpy(),
            "count": self.count.numpy(),
            "previous_grey": self.previous_grey,
            "counters": np.array([self.since_keyframe, self.passes], np.int64),
        }

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        if not state:
            self.reset()
            return
        self.evidence = torch.from_numpy(np.array(state["evidence"], np.float32))
        self.count = torch.from_numpy(np.array(state["count"], np.float32))
        self.previous_grey = np.array(state["previous_grey"], np.uint8)
        self.since_keyframe, self.passes = (int(value) for value in state["counters"])
