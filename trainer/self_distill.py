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

With ``--teacher`` the target comes from another, bigger model instead (the default teaching the
fast model): the student learns that model's colours and its readout with them.
"""

from __future__ import annotations

import torch

from colorizer_app.core.model_files import find_model, load_model
from colorizer_app.core.models import ColorizationNet
from trainer.calibration import Readout

#: how a classification model's logits become a colour (model_config.HEAD_OPTIONS less the bins),
#: and the scale it is shown photos at, which its gain was chosen with
READOUT_OPTIONS = ("temperature", "readout_offsets", "chroma_gain", "uncertain_fade", "view_scale")


class Teacher:
    """The frozen model a self-distilling run learns from (--teacher, else --init), and the loss against it."""

    def __init__(self, spec: str, device: torch.device) -> None:
        model = load_model(find_model(spec))
        self.name = spec
        self.net: ColorizationNet = model.net.to(device).eval()
        self.readout = {key: model.card.config[key] for key in READOUT_OPTIONS if key in model.card.config}
        for parameter in self.net.parameters():
            parameter.requires_grad_(False)

    def check_fits(self, student: ColorizationNet) -> None:
        """Refuse a teacher whose output the student cannot learn cell for cell, bin for bin."""
        if self.net.head_kind != "classification" or student.head_kind != "classification":
            raise ValueError(f"--teacher: {self.name!r} and the trained model must both predict colour classes")
        if self.net.output_stride != student.output_stride:
            raise ValueError(
                f"--teacher: {self.name!r} colours at 1/{self.net.output_stride} of the photo's size, the trained model at 1/{student.output_stride}"
            )
        if not torch.equal(self.net.bin_centres.cpu(), student.bin_centres.cpu()):
            raise ValueError(f"--teacher: {self.name!r} uses other colour bins than the trained model")

    def lend_readout(self, student: ColorizationNet, student_config: dict) -> dict:
        """Give the student the teacher's readout and return its config with it.

        Why: the student learns the teacher's distribution, the class rebalancing's lean
        towards vivid colours included, so the readout calibrated for the teacher is the one
        that fits it; its own would read the new distribution out too weakly or too strongly.
        """
        config = {key: value for key, value in student_config.items() if key not in READOUT_OPTIONS}
        config.update(self.readout)
        Readout(self.net.readout_offsets, float(self.net.temperature), float(self.net.chroma_gain)).apply_to(student)
        student.uncertain_fade = list(self.net.uncertain_fade) if self.net.uncertain_fade else None
        student.view_scale = self.net.view_scale
        return config

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
