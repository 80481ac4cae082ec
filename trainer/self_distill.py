"""Self-distillation: teach a trained model to colour an old print as it colours the clean photo.

Fine-tuning the default on old-print inputs against the photos' own colours drifted its colour
every time (over-saturated, then muted once recalibrated) and did not close the film-look gap
(docs/MODELS.md, "Levers for old photos"). Here the target is not the truth but the model's own
colour distribution for the clean version of each crop, from a frozen copy of the model it
started from (``--init``). On clean photos the target is what the model already predicts, so
its colour, its hints and its calibrated readout stay as they were; on old prints it learns to
give the colour it would have given the clean photo: invariance to the film look.

The batch-norm statistics stay frozen (the network runs in eval mode while it learns), for the
same reason: a clean photo must reach the same features as before.
"""

from __future__ import annotations

import torch

from colorizer_app.core.model_files import find_model, load_model
from colorizer_app.core.models import ColorizationNet


class Teacher:
    """The frozen model a self-distilling run started from, and the loss against it."""

    def __init__(self, spec: str, device: torch.device) -> None:
        self.net: ColorizationNet = load_model(find_model(spec)).net.to(device).eval()
        for parameter in self.net.parameters():
            parameter.requires_grad_(False)

    @torch.no_grad()
    def distribution(self, clean_input: torch.Tensor) -> torch.Tensor:
        """The teacher's colour distribution over the bins for the clean input, (B, bins, h, w)."""
        return torch.softmax(self.net(clean_input.contiguous(memory_format=torch.channels_last)).float(), dim=1)

    def objective(self, target: torch.Tensor, student_output: torch.Tensor, truth, truth_weight: float) -> tuple:
        """The loss to train on and its parts: the distillation loss, plus ``truth_weight`` x the
        loss against the photos' own colours (``truth()``), which keeps the model committing to
        one colour instead of the teacher's spread (``--self-distill-truth``)."""
        loss = self.loss(target, student_output)
        parts = {"distillation": loss.item()}
        if truth_weight:
            truth_loss = truth()
            loss = loss + truth_weight * truth_loss
            parts["truth"] = truth_loss.item()
        return loss, parts

    @staticmethod
    def loss(target: torch.Tensor, student_output: torch.Tensor) -> torch.Tensor:
        """KL(teacher || student), summed over the bins, averaged over every output cell."""
        log_student = torch.log_softmax(student_output.float(), dim=1)
        return (target * (torch.log(target.clamp_min(1e-12)) - log_student)).sum(dim=1).mean()
