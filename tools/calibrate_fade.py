"""Choose a classification model's readout on photos like users': uncertain-colour fade, gain,
view scale and (with ``--train``) the share of class rebalancing taken out and the temperature.

The fade (``uncertain_fade`` = [start, end, strength] on the card) greys the read-out colour
where the model's colour distribution is flat; the gain then gives the sure colours back their
strength. Neither changes the network's output, so each photo goes through the network once
and every setting is scored from that, through the product's own colour path. The view scale
(``view_scale``: how much larger than the render size the network is shown a photo) does: each
scale is one more network pass a photo.

Folders are scored as `colorizer eval` scores them: ``PATH`` squashed to 256x256, ``own:PATH``
at each photo's own size, ``film:PATH`` as old prints (trainer/film_look.py) at 256x256.
Recommends the setting whose worst folder is furthest above the grey photo in PSNR with
colourfulness within ``--max-delta-cf`` of the photos' on every folder. ``--strengths`` and
``--temperatures`` do what they do in ``calibrate_readout.py`` (which scores at 256x256 only).

    .venv/bin/python tools/calibrate_fade.py default ../shared/data/val/mixed own:../shared/data/val/mixed \\
        film:../shared/data/val/mixed --fades none,0.6:0.8:0.5 --gains 1.1,1.2,1.3 --limit 150
"""

from __future__ import annotations

import argparse
import itertools

from calibrate_readout import classification_model, network_runs_once, numbers

from trainer.bins import rebalancing_offsets
from trainer.evaluate import EVAL_SIZE, evaluate, load_eval_photos


class Folder:
    """One folder's photos, loaded the way its spec says, and how it is scored."""

    def __init__(self, spec: str, limit: int | None) -> None:
        kind, _, path = spec.partition(":") if spec.split(":", 1)[0] in ("own", "film") else ("", "", spec)
        self.name = f"{kind + ':' if kind else ''}{path.rstrip('/').rsplit('/', 1)[-1]}"
        self.film_look = kind == "film"
        self.photos, _ = load_eval_photos(path, limit, long_side=None if kind == "own" else EVAL_SIZE)

    def score(self, model) -> tuple[float, float]:
        """(PSNR above the grey photo, colourfulness minus the photos')."""
        results = evaluate(model, self.photos, film_look=self.film_look)
        ours = results["model"]
        return ours["psnr"] - results["grey"]["psnr"], ours["colorfulness"] - ours["colorfulness_truth"]


def fade_setting(text: str) -> list[float] | None:
    return None if text == "none" else [float(value) for value in text.split(":")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("folders", nargs="+", metavar="[own:|film:]PATH")
    parser.add_argument("--fades", default="none", help="comma-separated start:end:strength settings, or none")
    parser.add_argument("--gains", default="", help="comma-separated colour gains (default: the model's own)")
    parser.add_argument("--view-scales", type=numbers, help="comma-separated view scales (default: the model's own)")
    parser.add_argument("--temperatures", type=numbers, help="comma-separated readout temperatures (default: the model's own)")
    parser.add_argument("--strengths", type=numbers, help="shares of the rebalancing taken out (needs --train; default: the model's own)")
    parser.add_argument("--train", help="the photos the model was trained on, to recount the rebalancing weights")
    parser.add_argument("--limit", type=int, help="at most this many photos per folder")
    parser.add_argument("--max-delta-cf", type=float, default=4.0)
    args = parser.parse_args()
    model = classification_model(args.model)
    net = model.net
    if args.strengths and not args.train:
        parser.error("--strengths needs --train (the photos the model was trained on)")
    unit_offsets = rebalancing_offsets(args.train, net.bin_centres, 1.0) if args.strengths else None
    strengths = args.strengths or [None]
    temperatures = args.temperatures or [net.temperature]
    folders = [Folder(spec, args.limit) for spec in args.folders]
    gains = [float(value) for value in args.gains.split(",")] if args.gains else [net.chroma_gain]
    fades = [fade_setting(text) for text in args.fades.split(",")]
    scales = args.view_scales or [net.view_scale]
    print("strength  T     fade             scale  gain  " + "  ".join(f"{folder.name[:18]:>18} dB/ΔCF" for folder in folders))
    eligible = []
    with network_runs_once():
        for scale, strength, temperature, fade, gain in itertools.product(scales, strengths, temperatures, fades, gains):
            if strength is not None:
                net.readout_offsets.copy_(strength * unit_offsets)
            net.view_scale, net.temperature, net.uncertain_fade, net.chroma_gain = scale, temperature, fade, gain
            scores = [folder.score(model) for folder in folders]
            cells = "  ".join(f"{above:+18.2f} /{delta:+5.1f}" for above, delta in scores)
            label = "none" if fade is None else ":".join(f"{value:g}" for value in fade)
            shown = "own" if strength is None else f"{strength:.2f}"
            print(f"{shown:>8} {temperature:5.2f} {label:<16} {scale:5.2f} {gain:5.2f}  {cells}", flush=True)
            if all(abs(delta) <= args.max_delta_cf for _, delta in scores):
                eligible.append((min(above for above, _ in scores), shown, temperature, label, scale, gain))
    if eligible:
        worst, shown, temperature, label, scale, gain = max(eligible)
        print(
            f"best: strength {shown}, T {temperature}, fade {label}, view scale {scale}, gain {gain} (worst folder {worst:+.2f} dB over grey)"
        )
    else:
        print(f"no setting keeps |ΔCF| <= {args.max_delta_cf} on every folder")


if __name__ == "__main__":
    main()
