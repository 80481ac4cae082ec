"""How a training run is put together: its starting weights, which parameters learn at what
rate, and which photos each epoch draws. Pure functions of the run's config, so a resumed
run rebuilds exactly the same pieces."""

from __future__ import annotations

import numpy as np
import torch

from colorizer_app.core.model_files import find_model, load_model
from colorizer_app.core.models import ColorizationNet
from trainer.config import TrainConfig


def parameter_groups(net: ColorizationNet, config: TrainConfig) -> list[dict]:
    """Optimiser groups: the decoder and head at --lr; an ImageNet encoder frozen, or its trained
    part at --lr x --encoder-lr-scale (so fine-tuning does not wash out what it knows)."""
    if not hasattr(net, "encoder_parameters") or (config.encoder_training == "all" and config.encoder_lr_scale == 1.0):
        return [{"params": list(net.parameters())}]
    encoder = net.encoder_parameters("all")
    trained = [] if config.encoder_training == "frozen" else net.encoder_parameters(config.encoder_training)
    trained_ids, encoder_ids = {id(p) for p in trained}, {id(p) for p in encoder}
    for parameter in encoder:
        parameter.requires_grad_(id(parameter) in trained_ids)
    groups = [{"params": [p for p in net.parameters() if id(p) not in encoder_ids]}]
    if trained:
        groups.append({"params": trained, "lr_scale": config.encoder_lr_scale})
    return groups


def draw_chances(paths: list[str], indices: np.ndarray, folder_weights: dict) -> np.ndarray:
    """Each training photo's chance of being drawn in an epoch (1 unless its top folder is weighed)."""
    chances = np.ones(len(indices))
    for prefix, weight in folder_weights.items():
        under = np.array([paths[i].split("/", 1)[0].startswith(prefix) for i in indices], dtype=bool)
        chances[under] = float(weight)
    return chances


def epoch_order(draw_chance: np.ndarray, seed: int) -> torch.Tensor:
    """One epoch: positions into the training photos, shuffled, each kept with its draw chance.
    A function of the seed alone, so a resumed run draws the same photos."""
    generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(draw_chance), generator=generator)
    keep = torch.rand(len(draw_chance), generator=generator, dtype=torch.float64) < torch.from_numpy(draw_chance)[order]
    return order[keep] if keep.any() else order


def start_from_model(spec: str, arch: str, arch_config: dict) -> tuple[ColorizationNet, dict]:
    """The network of an existing model file, checked to fit this run (fine-tuning).

    Weights come from safetensors through the model loader, never from a pickle.
    """
    loaded = load_model(find_model(spec))
    card = loaded.card
    if card.architecture != arch:
        raise ValueError(f"--init: {spec!r} is a {card.architecture} model, this run trains {arch}")
    head = card.config.get("head", "regression")
    if head != arch_config["head"]:
        raise ValueError(f"--init: {spec!r} has a {head} head; the chosen loss needs a {arch_config['head']} head")
    if head == "classification" and len(card.config.get("bins", [])) != len(arch_config["bins"]):
        raise ValueError(f"--init: {spec!r} uses different colour bins from this trainer's")
    differing = sorted(key for key, value in arch_config.items() if key not in ("head", "bins") and card.config.get(key) != value)
    if differing:
        raise ValueError(f"--init: {spec!r} was built with other {', '.join(differing)}; leave out --arch-config to use its own")
    return loaded.net.train(), dict(card.config)


def encoder_credit(config: TrainConfig) -> str | bool:
    """What the card says about an ImageNet start (with the licence of the weights)."""
    if not config.pretrained:
        return False
    if config.arch == "unet_efficientnet_lite0":
        return f"EfficientNet-Lite0 (Tan & Le 2019, Apache-2.0), encoder {config.encoder_training}"
    return "ResNet18 (torchvision, BSD-3-Clause)"
