"""The Train tab's set-up pieces: presets, the runs folder, and the folder scan on a thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QWidget

from colorizer_app.core.user_folders import training_runs_dir
from trainer.config import TrainConfig
from trainer.loss_names import DEFAULT_LOSS, LOSSES

PRESETS = [
    ("Photo-aware U-Net, starts from an ImageNet-trained encoder", "unet_efficientnet_lite0", "classification"),
    ("Colorizer U-Net, classification (learns everything from your photos)", "unet_resnet18", "classification"),
    ("Fast U-Net, classification (small, for slow computers)", "fast_unet", "classification"),
    ("Plain CNN, L2 (the sepia baseline)", "plain_cnn", "mse"),
    ("ResNet18 encoder-decoder, L1", "resnet18_encoder_decoder", "l1"),
    ("Constant-resolution net, Huber", "constant_resolution", "huber"),
    ("GAN: generator + PatchGAN, L1 + adversarial", "gan_generator", "adversarial"),
    ("Colorizer U-Net, contrastive", "unet_resnet18", "contrastive"),
]
LOSS_NAMES = [DEFAULT_LOSS, *(name for name in LOSSES if name != DEFAULT_LOSS)]  # the default first
# architectures whose encoder starts from ImageNet weights that install with the program
IMAGENET_START = {"unet_efficientnet_lite0": {"pretrained": True}}


def runs_folder() -> Path:
    return training_runs_dir()


def centred(content: QWidget, width: int = 860) -> QWidget:
    """A wizard page: content in a readable column in the middle of the tab."""
    content.setMaximumWidth(width)
    page = QWidget()
    layout = QHBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(content, 100)
    layout.addStretch(1)
    return page


def scan_folder(folder: str):
    """The task that scans (and caches) a training folder, reporting (done, total) as it goes.

    The cache size is the trainer's, so the training child reuses what the scan decoded."""

    def scan(task):
        from trainer.data import PhotoCache

        return PhotoCache.build(folder, TrainConfig.cache_size, progress=lambda done, total: task.report((done, total))).report

    return scan
