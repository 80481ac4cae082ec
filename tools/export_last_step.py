"""Write a run's last weights (its checkpoint) as a model file, with the run's own card.

Why: a run exports its best validation loss, which is the truth's loss. For a distilled run
(``--teacher``) that is a poor judge: the narrowed fast model's last step beat its best
validation loss at every colour strength (docs/MODELS.md, "A narrower fast model").

    .venv/bin/python tools/export_last_step.py RUNS/fast18 RUNS/fast18/last.safetensors
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from colorizer_app.core.model_files import read_entry, save_model  # noqa: E402
from trainer.checkpoints import read_checkpoint, saved_network  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="the run folder (its checkpoint.pt and best.safetensors)")
    parser.add_argument("out", type=Path, help="the model file to write (.safetensors, and its card)")
    args = parser.parse_args()
    state = read_checkpoint(args.run)  # weights only: no code runs from the file
    built = saved_network(state)
    if built is None:
        raise SystemExit(f"{args.run}: the checkpoint does not describe its network (an older run)")
    net, _ = built
    net.load_state_dict(state["model"])
    card = read_entry(args.run / "best.safetensors", "file").card  # the readout the run gave its model
    steps, batch = state["step"], state["config"]["batch_size"]
    training = {**card.training, "steps": steps, "samples_seen": steps * batch, "time_seconds": round(state["trained_seconds"], 1)}
    card = dataclasses.replace(card, name=args.out.stem, training=training, metrics={}, weights_sha256="", created="")
    save_model(net, card, args.out)
    print(f"wrote {args.out.with_suffix('.safetensors')}: step {steps}, {steps * batch:,} samples")


if __name__ == "__main__":
    main()
