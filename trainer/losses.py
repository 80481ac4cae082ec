"""Training objectives, chosen by name: each compares a network's raw output with the
ground-truth ab at the output's resolution.

Regression losses (mse, l1, huber, perceptual, contrastive, adversarial) train a
regression head; "classification" trains the binned head. The adversarial term can
be added to any of them (it needs the critic in ``gan.py``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional

from colorizer_app.core.color import AB_LIMIT, lab_to_rgb
from trainer.bins import soft_encode
from trainer.loss_names import ADVERSARIAL_WEIGHT, LOSSES  # noqa: F401 (re-exported)

_VGG16_FILE = "vgg16-397923af.pth"
_VGG16_SHA256_PREFIX = "397923af"


class MissingPretrainedWeightsError(Exception):
    """ImageNet weights are needed and are not on this computer."""


def head_for(loss: str) -> str:
    return "classification" if loss == "classification" else "regression"


class Objective(nn.Module):
    """Loss by name. ``forward(output, target_ab, lightness)`` returns (loss, parts)."""

    def __init__(
        self, loss: str, bin_centres: torch.Tensor | None = None, bin_weights: torch.Tensor | None = None, regression_weight: float = 0.0
    ) -> None:
        super().__init__()
        self.regression_weight = regression_weight
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
        self.loss = loss
        if loss == "classification":
            if bin_centres is None or bin_weights is None:
                raise ValueError("the classification loss needs bin centres and rebalancing weights")
            self.register_buffer("bin_centres", bin_centres)
            self.register_buffer("bin_weights", bin_weights)
        self.features = VGGFeatures() if loss == "perceptual" else None

    def forward(self, output: torch.Tensor, target_ab: torch.Tensor, lightness: torch.Tensor) -> tuple[torch.Tensor, dict]:
        output = output.float()
        if self.loss == "classification":
            soft, nearest = soft_encode(target_ab, self.bin_centres)
            cross_entropy = -(soft * functional.log_softmax(output, dim=1)).sum(dim=1)
            loss = (cross_entropy * self.bin_weights[nearest]).mean()
            parts = {"classification": loss.item()}
            if self.regression_weight:
                # the distribution's mean colour pulled to the truth: fewer confident wrong hues
                mean_ab = (functional.softmax(output, dim=1).permute(0, 2, 3, 1) @ self.bin_centres).permute(0, 3, 1, 2)
                regression = functional.huber_loss(mean_ab / AB_LIMIT, target_ab / AB_LIMIT, delta=0.1)
                loss = loss + self.regression_weight * regression
                parts["regression"] = regression.item()
            return loss, parts
        predicted, target = output, target_ab / AB_LIMIT
        if self.loss == "mse":
            loss = functional.mse_loss(predicted, target)
        elif self.loss in ("l1", "adversarial"):
            loss = functional.l1_loss(predicted, target)
        elif self.loss == "huber":
            loss = functional.huber_loss(predicted, target, delta=0.1)
        elif self.loss == "contrastive":
            loss = contrastive_loss(predicted, target)
        else:
            l1 = functional.l1_loss(predicted, target)
            perceptual = self.features.distance(_to_rgb(lightness, predicted), _to_rgb(lightness, target))
            loss = l1 + 0.1 * perceptual
        return loss, {self.loss: loss.item()}


def contrastive_loss(predicted: torch.Tensor, target: torch.Tensor, margin: float = 0.2) -> torch.Tensor:
    """Pull the prediction to the colour target, push it from the greyscale input (ab = 0).

    A triplet margin per pixel: the prediction must be closer to the truth than to
    grey by ``margin`` (in ab/110 units), plus the plain pull term.
    """
    to_truth = (predicted - target).abs().sum(dim=1)
    to_grey = predicted.abs().sum(dim=1)
    colourful = (target.abs().sum(dim=1) > 0.05).float()  # grey truth gives no push
    push = functional.relu(to_truth - to_grey + margin) * colourful
    return to_truth.mean() / 2 + push.mean()


def _to_rgb(lightness: torch.Tensor, ab_scaled: torch.Tensor) -> torch.Tensor:
    return lab_to_rgb(torch.cat((lightness, ab_scaled * AB_LIMIT), dim=1))


class VGGFeatures(nn.Module):
    """VGG16 ImageNet features up to relu3_3, frozen: the perceptual loss's judge."""

    def __init__(self) -> None:
        super().__init__()
        from torchvision.models import vgg16

        state = load_imagenet_weights(_VGG16_FILE, _VGG16_SHA256_PREFIX, "the perceptual loss (VGG16)")
        network = vgg16(weights=None)
        network.load_state_dict(state)
        self.layers = network.features[:16].eval()
        for parameter in self.layers.parameters():
            parameter.requires_grad_(False)
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))

    def distance(self, first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
        both = (torch.cat((first, second)) - self.mean) / self.std
        total = torch.zeros((), device=first.device)
        for index, layer in enumerate(self.layers):
            both = layer(both)
            if index in (3, 8, 15):  # relu1_2, relu2_2, relu3_3
                half = both.shape[0] // 2
                total = total + functional.l1_loss(both[:half], both[half:])
        return total


def load_imagenet_weights(file_name: str, sha256_prefix: str, purpose: str) -> dict:
    """torchvision's ImageNet weights from the local torch hub cache, or a clear refusal.

    Loaded with ``weights_only=True`` (no code runs) after checking torchvision's hash.
    """
    path = Path(torch.hub.get_dir()) / "checkpoints" / file_name
    if not path.is_file():
        raise MissingPretrainedWeightsError(
            f"{purpose} needs torchvision's ImageNet weights, which are not on this computer "
            f"(expected {path}); this machine cannot download them. Copy the file there, or choose another loss/option."
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if not digest.startswith(sha256_prefix):
        raise MissingPretrainedWeightsError(f"{path}: does not match torchvision's published checksum; refusing to load it")
    return torch.load(path, map_location="cpu", weights_only=True)
