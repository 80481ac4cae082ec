"""How a training run is put together: its photos, its starting weights, which parameters learn
at what rate, and which photos each epoch draws. Apart from loading the photos, pure functions
of the run's config and step, so a resumed run rebuilds exactly the same pieces."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.distributed as distributed

from colorizer_app.core.model_files import ModelFileError, find_model, load_model
from colorizer_app.core.models import ColorizationNet, build_model
from trainer.config import TrainConfig
from trainer.data import PhotoCache, split_indices
from trainer.events import say
from trainer.film_look import film_lightness
from trainer.hints import simulate_hints
from trainer.pretrained import LITE_ENCODERS


def parameter_groups(net: ColorizationNet, config: TrainConfig) -> list[dict]:
    """Optimiser groups: the decoder and head at --lr; an ImageNet encoder frozen, or its trained
    part at --lr x --encoder-lr-scale (so fine-tuning does not wash out what it knows).
    With --train-only hint-spread, only that part learns; everything else is frozen."""
    if config.train_only == "hint-spread":
        for parameter in net.parameters():
            parameter.requires_grad_(False)
        trained = list(net.hint_spread.parameters())
        for parameter in trained:
            parameter.requires_grad_(True)
        return [{"params": trained}]
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


def set_training_mode(model: torch.nn.Module, net: ColorizationNet, config: TrainConfig) -> None:
    """Train mode for what learns; a frozen network stays in eval mode so its batch-norm
    statistics, and with them its automatic colour, do not drift. A self-distilling run
    (trainer/self_distill.py) learns in eval mode for the same reason."""
    if config.self_distill:
        model.eval()
    elif config.train_only == "hint-spread":
        model.eval()
        net.hint_spread.train()
    else:
        model.train()


def training_hints(target_ab: torch.Tensor, config: TrainConfig, generator: torch.Generator) -> tuple:
    """Simulated hints for a training batch: none with --no-hints; half the photos hinted, or
    all of them when only the hint-spreading part learns (a photo without hints teaches it nothing)."""
    if not config.hints:
        return None, None
    hint_free = 0.0 if config.train_only == "hint-spread" else 0.5
    hint_ab, hint_mask = simulate_hints(target_ab.cpu(), generator, hint_free)
    return hint_ab.to(target_ab.device), hint_mask.to(target_ab.device)


def validation_hints(target_ab: torch.Tensor, config: TrainConfig, batch_start: int) -> tuple:
    """Hints for a validation batch: none, except when only the hint-spreading part learns
    (its loss without hints never moves); then simulated ones, the same at every validation."""
    if config.train_only != "hint-spread":
        return None, None
    generator = torch.Generator().manual_seed(batch_start)
    hint_ab, hint_mask = simulate_hints(target_ab.cpu(), generator, no_hint_probability=0.0)
    return hint_ab.to(target_ab.device), hint_mask.to(target_ab.device)


def validation_lightness(rgb: torch.Tensor, lightness: torch.Tensor, config: TrainConfig, batch_start: int) -> torch.Tensor:
    """What the network sees of a validation batch: the photos' own L, or, in a run that trains
    on old-film looks, that look on about half of them (the same at every validation), so the
    best checkpoint is the best on clean and old photos alike. Metrics keep the truth's L."""
    if not config.film_look:
        return lightness
    generator = torch.Generator().manual_seed(1_000_003 + batch_start)
    return film_lightness(rgb, generator, chance=0.5, clean=lightness).to(lightness.device)


def start_from_model(spec: str, arch: str, arch_config: dict, add_hint_spread: bool = False) -> tuple[ColorizationNet, dict]:
    """The network of an existing model file, checked to fit this run (fine-tuning).

    Weights come from safetensors through the model loader, never from a pickle.
    ``add_hint_spread`` gives a model without the hint-spreading part a new one (a no-op
    until trained).
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
    if add_hint_spread and not card.config.get("hint_spread"):
        config = {**card.config, "hint_spread": True}
        net = build_model(card.architecture, config)
        missing, unexpected = net.load_state_dict(loaded.net.state_dict(), strict=False)
        assert not unexpected and all(key.startswith("hint_spread.") for key in missing), (missing, unexpected)
        return net.train(), config
    return loaded.net.train(), dict(card.config)


def encoder_credit(config: TrainConfig) -> str | bool:
    """What the card says about an ImageNet start (with the licence of the weights). A fine-tune
    says what the model it started from says: its encoder came from there."""
    if config.init:
        try:
            return find_model(config.init).card.training.get("imagenet_encoder", False)
        except ModelFileError:
            return False
    if not config.pretrained:
        return False
    if config.arch in LITE_ENCODERS:
        return f"{LITE_ENCODERS[config.arch].title} (Tan & Le 2019, Apache-2.0), encoder {config.encoder_training}"
    return "ResNet18 (torchvision, BSD-3-Clause)"


def learning_rate(step: int, peak: float, total_steps: int | None, warmup_steps: int) -> float:
    """A linear warm-up to ``peak``, then a cosine down to zero at ``total_steps`` (ten warm-ups
    while the run's length is not known yet). A function of the step alone, so a resumed run
    follows the same schedule."""
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    total = total_steps or (warmup_steps * 10)
    progress = min(1.0, (step - warmup_steps) / max(1, total - warmup_steps))
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


def load_photos(training) -> tuple:
    """The training and validation photo caches and the photos each uses (``--val`` or a split),
    with the scan reported; under torchrun rank 0 builds the shared cache first."""
    config = training.config
    progress_every = 500

    def progress(done: int, total: int) -> None:
        if done % progress_every == 0 or done == total:
            say(f"scanning {done}/{total}")

    cache_dir = None if training.world == 1 else training.out / "cache"
    if training.world > 1 and not training.is_writer:
        distributed.barrier()  # rank 0 builds the cache first
    train_cache = PhotoCache.build(config.data, config.cache_size, cache_dir, progress if training.is_writer else None)
    if config.val:
        val_cache = PhotoCache.build(config.val, config.cache_size, cache_dir)
        train_indices = np.arange(len(train_cache))
        val_indices = np.arange(len(val_cache))
    else:
        val_cache = train_cache
        train_indices, val_indices = split_indices(train_cache.paths, config.val_fraction, config.val_max)
    if training.world > 1 and training.is_writer:
        distributed.barrier()
    scan = train_cache.report.as_event()
    training.events.emit("scan", **scan, train_images=len(train_indices), val_images=len(val_indices))
    say(f"{scan['usable']} usable photos, {scan['skipped']} skipped {scan['skipped_reasons'] or ''}".rstrip())
    if len(train_indices) < config.batch_size * training.world:
        raise ValueError(
            f"{config.data}: only {len(train_indices)} usable training photos; need at least one batch "
            f"({config.batch_size * training.world}): add photos, or give a smaller --batch-size"
        )
    return train_cache, val_cache, train_indices, val_indices
