"""Narrow a trained ``fast_unet`` model to a smaller width: the start of a faster fast model.

Why: the fast model must stay 3x faster than the default in the network, and a narrower
network trained from scratch on two CPU cores is far worse than a narrowed copy of a trained
one taught by the original (``colorizer train --init NARROWED --teacher fast --self-distill``).

Each layer keeps the channels that carry the most signal to the layers that read them (the
root-mean-square of the channel's output on real photos times the norm of the weights that
read it). A dropped channel's average output is taken out of the batch-norm means (or the
head's bias) of the layers that read it, so the narrowed network starts close to the original.

    .venv/bin/python tools/narrow_fast_model.py fast /work/runs/narrow18 --width 18 --photos DIR
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from colorizer_app.core.color import rgb_to_lightness  # noqa: E402
from colorizer_app.core.model_files import ModelCard, find_model, load_model, save_model  # noqa: E402
from colorizer_app.core.models import build_model, make_model_input  # noqa: E402
from trainer.data import list_photo_files  # noqa: E402

#: each conv block of FastUNet, in order, with the blocks whose output it reads (a join reads
#: the upsampled features first, then the skip): the wiring of models/fast.py
BLOCKS = {
    "to_half": (),
    "to_quarter.0": ("to_half",),
    "to_quarter.1": ("to_quarter.0",),
    "to_eighth.0": ("to_quarter.1",),
    "to_eighth.1": ("to_eighth.0",),
    "to_sixteenth.0": ("to_eighth.1",),
    "to_sixteenth.1": ("to_sixteenth.0",),
    "to_sixteenth.2": ("to_sixteenth.1",),
    "up_eighth": ("to_sixteenth.2", "to_eighth.1"),
    "up_quarter": ("up_eighth", "to_quarter.1"),
}
HEAD_READS = "up_quarter"


def photo_inputs(folder: Path, count: int, side: int = 256, seed: int = 0) -> torch.Tensor:
    """Network inputs (no hints) from ``count`` photos of ``folder``, centre-cropped squares."""
    paths = list_photo_files(folder)
    if not paths:
        raise SystemExit(f"no photos in {folder}")
    random.Random(seed).shuffle(paths)
    batch = []
    for path in paths[:count]:
        with Image.open(path) as image:
            image = image.convert("RGB")
            scale = side / min(image.size)
            image = image.resize((max(side, round(image.width * scale)), max(side, round(image.height * scale))), Image.BICUBIC)
            left, top = (image.width - side) // 2, (image.height - side) // 2
            array = np.asarray(image.crop((left, top, left + side, top + side)), dtype=np.float32) / 255
        batch.append(torch.from_numpy(array).permute(2, 0, 1))
    return make_model_input(rgb_to_lightness(torch.stack(batch)))


def channel_statistics(net: torch.nn.Module, inputs: torch.Tensor) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Each block's per-channel mean and root-mean-square output over the photos."""
    sums: dict[str, list[torch.Tensor]] = {}

    def record(name):
        def hook(module, args, output):
            flat = output.detach().transpose(0, 1).reshape(output.shape[1], -1)
            total = sums.setdefault(name, [torch.zeros(flat.shape[0]), torch.zeros(flat.shape[0]), 0])
            total[0] += flat.sum(1)
            total[1] += (flat**2).sum(1)
            total[2] += flat.shape[1]

        return hook

    modules = dict(net.named_modules())
    hooks = [modules[name].register_forward_hook(record(name)) for name in BLOCKS]
    with torch.no_grad():
        for start in range(0, len(inputs), 8):
            net(inputs[start : start + 8])
    for hook in hooks:
        hook.remove()
    return {name: (total[0] / total[2], (total[1] / total[2]).sqrt()) for name, total in sums.items()}


def narrow(net: torch.nn.Module, config: dict, width: int, stats: dict) -> torch.nn.Module:
    """A copy of ``net`` at ``width``, keeping each block's most useful channels."""
    modules = dict(net.named_modules())
    conv = {name: modules[name][0] for name in BLOCKS}
    weight_of_reader = {**{name: conv[name].weight for name in BLOCKS}, "head": net.head.weight}
    sources_of = {**BLOCKS, "head": (HEAD_READS,)}

    def input_slices(reader: str) -> dict[str, slice]:
        offset, slices = 0, {}
        for source in sources_of[reader]:
            channels = conv[source].out_channels
            slices[source] = slice(offset, offset + channels)
            offset += channels
        return slices

    keep: dict[str, torch.Tensor] = {}
    for name in BLOCKS:
        outgoing = torch.zeros(conv[name].out_channels)
        for reader in sources_of:
            if name in sources_of[reader]:
                part = weight_of_reader[reader][:, input_slices(reader)[name]]
                outgoing += part.float().pow(2).sum(dim=(0, 2, 3))
        importance = stats[name][1] * outgoing.sqrt()
        kept_count = conv[name].out_channels * width // conv["to_half"].out_channels
        keep[name] = importance.argsort(descending=True)[:kept_count].sort().values

    narrowed = build_model("fast_unet", {**config, "width": width}).eval()
    narrowed.readout_offsets.copy_(net.readout_offsets)
    new_modules = dict(narrowed.named_modules())
    for reader in sources_of:
        old_weight = weight_of_reader[reader].detach().float()
        sources = sources_of[reader]
        columns = (
            torch.cat([input_slices(reader)[source].start + keep[source] for source in sources])
            if sources
            else torch.arange(old_weight.shape[1])
        )
        dropped_effect = torch.zeros(old_weight.shape[0])
        for source in sources:
            part = old_weight[:, input_slices(reader)[source]]
            mask = torch.ones(part.shape[1], dtype=torch.bool)
            mask[keep[source]] = False
            # a dropped channel's average output, as the reader saw it (borders aside)
            dropped_effect += (part[:, mask].sum(dim=(2, 3)) * stats[source][0][mask]).sum(1)
        if reader == "head":  # every bin stays; the dropped channels' average goes into its bias
            narrowed.head.weight.data.copy_(old_weight[:, columns])
            narrowed.head.bias.data.copy_(net.head.bias.detach().float() + dropped_effect)
            continue
        rows = keep[reader]
        new_conv, new_norm = new_modules[reader][0], new_modules[reader][1]
        old_norm = modules[reader][1]
        new_conv.weight.data.copy_(old_weight[rows][:, columns])
        for field in ("weight", "bias", "running_var"):
            getattr(new_norm, field).data.copy_(getattr(old_norm, field).detach().float()[rows])
        new_norm.running_mean.data.copy_((old_norm.running_mean.detach().float() - dropped_effect)[rows])
    return narrowed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a fast_unet model: name or file")
    parser.add_argument("out", type=Path, help="the narrowed model file to write (.safetensors, and its card)")
    parser.add_argument("--width", type=int, required=True, help="the new width (the fast model has 24)")
    parser.add_argument("--photos", type=Path, required=True, help="a folder of photos to measure the channels on")
    parser.add_argument("--count", type=int, default=96, help="how many photos to measure on")
    args = parser.parse_args()
    with torch.no_grad():  # only within: tests run main() in their own process, which goes on training
        narrow_model_file(args)


def narrow_model_file(args: argparse.Namespace) -> None:
    loaded = load_model(find_model(args.model))
    if loaded.card.architecture != "fast_unet":
        raise SystemExit(f"{args.model} is a {loaded.card.architecture} model; this narrows fast_unet models")
    net = loaded.net.float().to(memory_format=torch.contiguous_format)
    if args.width >= net.to_half[0].out_channels:
        raise SystemExit(f"--width must be below the model's {net.to_half[0].out_channels}")
    inputs = photo_inputs(args.photos, args.count)
    narrowed = narrow(net, loaded.card.config, args.width, channel_statistics(net, inputs))
    check = inputs[:16]
    before = net.ab_from_output(net(check))
    after = narrowed.ab_from_output(narrowed(check))
    print(f"narrowed to width {args.width}: colour differs from the original by {(after - before).abs().mean():.2f} ab on average")
    card = ModelCard(
        name=args.out.stem,
        architecture="fast_unet",
        config={**loaded.card.config, "width": args.width},
        description=f"{args.model} narrowed to width {args.width} (a start for distillation, not for colouring)",
        training={"narrowed_from": args.model, "photos": str(args.photos), "count": args.count},
        metrics={},
    )
    save_model(narrowed, card, args.out, half=False)
    print(f"wrote {args.out.with_suffix('.safetensors')}")


if __name__ == "__main__":
    main()
