"""Calibrate a classification model's readout on held-out folders: how much of the class
rebalancing to take back out, the temperature, and a gain on the read-out colour.

Rebalancing makes the network over-predict rare, vivid colours on purpose, so its colour is
often vivid and wrong. Taking part of it back out (``--strengths``; needs the training photos
to recount the weights) puts colour where it is likely; the gain then brings back the
photos' colourfulness. None of the three changes the network's output, so each photo goes
through the network once and every readout is scored from that (the product's own colour
path otherwise: mirror averaging, upsampling, the gamut join). Recommends the readout whose
worst folder is furthest above the grey baseline in PSNR, with colourfulness within
``--max-delta-cf`` of the photos' on every folder.

    .venv/bin/python tools/calibrate_readout.py MODEL TRAIN_DIR VAL_DIR [VAL_DIR...] \\
        --strengths 0,0.5,0.75 --temperatures 1.0 --gains 1.0,1.2,1.3
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools

import numpy as np
import torch

from colorizer_app.core import colorize
from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lab
from colorizer_app.core.model_files import find_model, load_model
from trainer.bins import rebalancing_offsets
from trainer.evaluate import EVAL_SIZE, load_eval_photos
from trainer.metrics import colorfulness, psnr


@contextlib.contextmanager
def network_runs_once():
    """Remember each network output by its input, for the length of a calibration."""
    outputs, run = {}, colorize.NetworkInput._run

    def remembered(self, model_input: torch.Tensor) -> torch.Tensor:
        key = hashlib.sha1(model_input.float().cpu().numpy().tobytes()).hexdigest()
        if key not in outputs:
            outputs[key] = run(self, model_input)
        return outputs[key]

    colorize.NetworkInput._run = remembered
    try:
        yield
    finally:
        colorize.NetworkInput._run = run


class Folder:
    """A validation folder at the eval size, its grey inputs and the grey baseline's PSNR."""

    def __init__(self, path: str) -> None:
        self.name = path.rstrip("/").rsplit("/", 1)[-1]
        photos, _ = load_eval_photos(path)
        self.truth = torch.from_numpy(np.stack(photos)).permute(0, 3, 1, 2).float() / 255
        lab = rgb_to_lab(self.truth)
        grey = lab_to_rgb_in_gamut(lab[:, :1], torch.zeros_like(lab[:, 1:]))
        self.grey_pixels = (grey.permute(0, 2, 3, 1).numpy() * 255).round().astype(np.uint8)
        self.grey_psnr = float(psnr(grey, self.truth).mean())
        self.truth_colourfulness = float(colorfulness(self.truth).mean())

    def score(self, model) -> tuple[float, float]:
        """(PSNR above grey, colourfulness minus the photos')."""
        settings = colorize.ColorizeSettings(render_size=EVAL_SIZE)
        results = np.stack([colorize.colorize_pixels(pixels, model, settings) for pixels in self.grey_pixels])
        predicted = torch.from_numpy(results).permute(0, 3, 1, 2).float() / 255
        return float(psnr(predicted, self.truth).mean()) - self.grey_psnr, float(colorfulness(predicted).mean()) - self.truth_colourfulness


def classification_model(spec: str):
    """The model to calibrate; only a classification head has a readout."""
    model = load_model(find_model(spec))
    if model.net.head_kind != "classification":
        raise SystemExit("only classification models have a readout to calibrate")
    return model


def numbers(text: str) -> list[float]:
    return [float(value) for value in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("train", help="the photos the model was trained on (to recount the rebalancing weights)")
    parser.add_argument("val", nargs="+", help="held-out folders, scored at 256x256")
    parser.add_argument("--strengths", type=numbers, default=[0.0, 0.5, 0.75, 1.0])
    parser.add_argument("--temperatures", type=numbers, default=[1.0])
    parser.add_argument("--gains", type=numbers, default=[1.0, 1.1, 1.2, 1.3])
    parser.add_argument("--max-delta-cf", type=float, default=4.0)
    args = parser.parse_args()
    model = classification_model(args.model)
    net = model.net
    unit_offsets = rebalancing_offsets(args.train, net.bin_centres, 1.0)
    folders = [Folder(path) for path in args.val]
    print("grey PSNR: " + ", ".join(f"{folder.name} {folder.grey_psnr:.2f}" for folder in folders))
    print("strength  T     gain  " + "  ".join(f"{folder.name[:14]:>14} dB/ΔCF" for folder in folders))
    eligible = []
    with network_runs_once():
        for strength, temperature, gain in itertools.product(args.strengths, args.temperatures, args.gains):
            net.readout_offsets.copy_(strength * unit_offsets)
            net.temperature, net.chroma_gain = temperature, gain
            scores = [folder.score(model) for folder in folders]
            cells = "  ".join(f"{above:+14.2f} /{delta:+5.1f}" for above, delta in scores)
            print(f"{strength:8.2f} {temperature:5.2f} {gain:5.2f}  {cells}", flush=True)
            if all(abs(delta) <= args.max_delta_cf for _, delta in scores):
                eligible.append((min(above for above, _ in scores), strength, temperature, gain))
    if eligible:
        worst, strength, temperature, gain = max(eligible)
        print(
            f"best: --prior-strength {strength} --temperature {temperature} --chroma-gain {gain} (worst folder {worst:+.2f} dB over grey)"
        )
    else:
        print(f"no readout keeps |ΔCF| <= {args.max_delta_cf} on every folder")


if __name__ == "__main__":
    main()
