"""Choose a classification model's annealed-mean temperature by measurement.

The temperature T only changes how the predicted colour distribution is read out
(lower: more vivid, higher: closer to the mean), so it can be tuned after training on
photos held out from both training and validation. Recommends the temperature with the
highest PSNR among those whose colourfulness is within 3 of the photos'.

    .venv/bin/python tools/calibrate_temperature.py MODEL DATA_DIR [--temperatures 0.3,0.38,0.5] [--limit 300]
"""

from __future__ import annotations

import argparse

from colorizer_app.core.model_files import find_model, load_model
from trainer.evaluate import evaluate, load_eval_photos

# The product's target (issue 4) is colourfulness within 5 of real photos' on every
# validation folder; calibrating to within 3 on one folder leaves a margin for the others.
# Within it, the temperature with the best PSNR is the least risky readout.
MAX_DELTA_COLORFULNESS = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("data")
    parser.add_argument("--temperatures", default="0.3,0.38,0.45,0.55,0.7,1.0")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--max-delta-cf", type=float, default=MAX_DELTA_COLORFULNESS, help="colourfulness margin for the recommendation")
    args = parser.parse_args()
    model = load_model(find_model(args.model))
    if model.net.head_kind != "classification":
        raise SystemExit("only classification models have a readout temperature")
    photos, _ = load_eval_photos(args.data, args.limit)
    print(f"{len(photos)} photos from {args.data}")
    print(f"{'T':>5}{'PSNR dB':>9}{'CF':>7}{'CF truth':>10}{'ΔCF':>7}{'CIEDE2000':>11}")
    rows = {}
    for temperature in (float(value) for value in args.temperatures.split(",")):
        model.net.temperature = temperature
        row = rows[temperature] = evaluate(model, photos)["model"]
        print(
            f"{temperature:>5.2f}{row['psnr']:>9.2f}{row['colorfulness']:>7.1f}{row['colorfulness_truth']:>10.1f}"
            f"{row['delta_colorfulness']:>7.1f}{row['ciede2000']:>11.2f}",
            flush=True,
        )
    within = {t: row for t, row in rows.items() if row["delta_colorfulness"] <= args.max_delta_cf}
    if within:
        best = max(within, key=lambda t: within[t]["psnr"])
        print(f"best: T={best} (highest PSNR with ΔCF <= {args.max_delta_cf})")
    else:
        print(f"no temperature keeps ΔCF <= {args.max_delta_cf}")


if __name__ == "__main__":
    main()
