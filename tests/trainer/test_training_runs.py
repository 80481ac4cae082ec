import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import torch
from PIL import Image
from trainer_helpers import make_colour_folder, tiny_config

from colorizer_app.cli import main
from colorizer_app.core.model_files import list_models, load_model, read_entry
from colorizer_app.core.models import ARCHITECTURES
from trainer import losses
from trainer.data import PhotoCache, split_indices
from trainer.events import read_events
from trainer.losses import LOSSES, MissingPretrainedWeightsError
from trainer.practice import quick_training_arguments
from trainer.run import Training


@pytest.fixture(scope="module")
def colour_folder(tmp_path_factory):
    return make_colour_folder(tmp_path_factory.mktemp("data") / "photos")


@pytest.fixture(autouse=True)
def small_validation(quick_validation):
    """Validation at 64×64: the runs here are about training, not the validation view's size."""


def step_losses(run_dir):
    return [event["loss"] for event in read_events(run_dir / "events.jsonl") if event["type"] == "step"]


def test_scan_reports_usable_and_skipped_photos_with_reasons(tmp_path):
    folder = make_colour_folder(tmp_path / "mixed", count=4)
    Image.new("L", (64, 64), 128).save(folder / "grey.png")
    Image.new("RGB", (20, 20), (200, 0, 0)).save(folder / "tiny.png")
    (folder / "sub").mkdir()
    (folder / "sub" / "broken.jpg").write_bytes(b"nope")
    cache = PhotoCache.build(folder, 40, tmp_path / "cache")
    reasons = {path.name: reason for path, reason in cache.report.skipped}
    assert len(cache) == 4 and cache.pixels.shape == (4, 40, 40, 3)
    assert reasons["grey.png"].startswith("greyscale")
    assert reasons["tiny.png"].startswith("too small")
    assert reasons["broken.jpg"].startswith("unreadable")
    again = PhotoCache.build(folder, 40, tmp_path / "cache")  # from the cache, same answer
    assert again.paths == cache.paths and len(again.report.skipped) == 3


def test_validation_split_is_deterministic_and_disjoint():
    paths = [f"photo-{i}.jpg" for i in range(200)]
    train, val = split_indices(paths, 0.1, 500)
    assert len(val) == 20 and not set(train) & set(val)
    assert np.array_equal(val, split_indices(list(reversed(paths))[::-1], 0.1, 500)[1])


@pytest.mark.slow
@pytest.mark.parametrize("arch", sorted(ARCHITECTURES))
def test_every_architecture_trains_and_exports_a_usable_model(arch, colour_folder, tmp_path):
    out = tmp_path / "run"
    model_path = Training(tiny_config(colour_folder, out, arch=arch, epochs=4, lr=3e-3)).run()
    found = step_losses(out)
    assert np.mean(found[-3:]) < np.mean(found[:3])  # it learned something
    loaded = load_model(read_entry(model_path))
    assert loaded.card.architecture == arch and loaded.card.metrics["psnr"] > 0
    validated_steps = [e["step"] for e in read_events(out / "events.jsonl") if e["type"] == "validation"]
    assert validated_steps == [4, 8, 12, 16]  # once per epoch of 38 // 8 steps
    assert loaded.card.training["images"] == 38 and loaded.card.training["steps"] in validated_steps  # the best one
    assert any(entry.name == loaded.card.name and entry.origin == "user" for entry in list_models())


@pytest.mark.slow
@pytest.mark.parametrize("loss", [loss for loss in LOSSES if loss != "perceptual"])
def test_every_loss_trains(loss, colour_folder, tmp_path):
    out = tmp_path / "run"
    # fast_unet: a third of constant_resolution's time; the critic needs a full-resolution output of a 32-pixel crop
    arch = "constant_resolution" if loss == "adversarial" else "fast_unet"
    Training(tiny_config(colour_folder, out, arch=arch, loss=loss, epochs=4, lr=3e-3, hints=False)).run()  # hints: noise here
    found = step_losses(out)
    assert np.mean(found[-3:]) < np.mean(found[:3])
    kinds = [event["type"] for event in read_events(out / "events.jsonl")]
    assert kinds[0] == "scan" and "validation" in kinds and "preview" in kinds and kinds[-1] == "finished"


def test_perceptual_loss_refuses_clearly_without_imagenet_weights(colour_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "empty-torch-home"))
    with pytest.raises(MissingPretrainedWeightsError, match="needs torchvision's ImageNet weights"):
        Training(tiny_config(colour_folder, tmp_path / "run", loss="perceptual")).run()


@pytest.mark.slow
def test_perceptual_loss_trains_when_weights_exist(colour_folder, tmp_path, monkeypatch):
    from torchvision.models import vgg16

    monkeypatch.setattr(losses, "load_imagenet_weights", lambda *args: vgg16(weights=None).state_dict())
    out = tmp_path / "run"
    Training(tiny_config(colour_folder, out, loss="perceptual", epochs=3, lr=3e-3)).run()
    found = step_losses(out)
    assert np.mean(found[-3:]) < np.mean(found[:3])


@pytest.mark.slow
def test_resume_continues_exactly(colour_folder, tmp_path):
    straight = tmp_path / "straight"
    Training(tiny_config(colour_folder, straight, arch="plain_cnn", loss="classification")).run()
    interrupted = tmp_path / "interrupted"
    Training(tiny_config(colour_folder, interrupted, arch="plain_cnn", loss="classification", max_steps=5)).run()
    assert [e["type"] for e in read_events(interrupted / "events.jsonl")][-1] == "stopped"
    Training(tiny_config(colour_folder, interrupted, arch="plain_cnn", loss="classification"), resume=True).run()
    assert step_losses(interrupted) == step_losses(straight)
    first = torch.load(straight / "checkpoint.pt", weights_only=True)["model"]
    second = torch.load(interrupted / "checkpoint.pt", weights_only=True)["model"]
    assert all(torch.equal(first[key], second[key]) for key in first)


def test_resume_refuses_a_different_setup(colour_folder, tmp_path):
    Training(tiny_config(colour_folder, tmp_path / "run", max_steps=1)).run()
    with pytest.raises(ValueError, match="loss differs"):
        Training(tiny_config(colour_folder, tmp_path / "run", loss="mse"), resume=True).run()


@pytest.mark.slow
def test_init_fine_tunes_from_an_existing_model_file(colour_folder, tmp_path):
    first = Training(tiny_config(colour_folder, tmp_path / "first", loss="classification", max_steps=2)).run()
    start = load_model(read_entry(first)).net.state_dict()
    fine_tune = Training(tiny_config(colour_folder, tmp_path / "second", loss="classification", init=str(first)))
    fine_tune.prepare()
    for key, tensor in fine_tune.net.state_dict().items():
        assert torch.equal(tensor.cpu().to(start[key].dtype), start[key]), key
    fine_tune = Training(tiny_config(colour_folder, tmp_path / "second", loss="classification", init=str(first)))
    model_path = fine_tune.run()
    assert load_model(read_entry(model_path)).card.training["started_from"] == str(first)


def test_init_refuses_a_model_that_does_not_fit_the_run(colour_folder, tmp_path):
    first = Training(tiny_config(colour_folder, tmp_path / "first", loss="l1", max_steps=1)).run()
    with pytest.raises(ValueError, match="head"):
        Training(tiny_config(colour_folder, tmp_path / "b", loss="classification", init=str(first))).prepare()
    with pytest.raises(ValueError, match="constant_resolution model"):
        Training(tiny_config(colour_folder, tmp_path / "c", arch="plain_cnn", loss="l1", init=str(first))).prepare()


@pytest.mark.slow
def test_time_budget_is_honoured(colour_folder, tmp_path):
    out = tmp_path / "run"
    start = time.monotonic()
    Training(tiny_config(colour_folder, out, epochs=None, minutes=0.15)).run()  # 9 s, of which 5 are kept for the end
    assert time.monotonic() - start < 0.15 * 60 + 10
    assert read_events(out / "events.jsonl")[-1]["type"] in ("finished", "stopped")


def _run_cli(args, env_extra=None, **kwargs):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "colorizer_app", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )


@pytest.mark.slow
def test_sigterm_stops_gracefully_with_a_checkpoint(colour_folder, tmp_path):
    out = tmp_path / "run"
    process = _run_cli(["train", *quick_training_arguments(colour_folder, out, 1000, "--no-register")])
    deadline = time.monotonic() + 120
    while not any(e["type"] == "step" for e in read_events(out / "events.jsonl")):
        assert time.monotonic() < deadline and process.poll() is None, process.stderr.read() if process.poll() is not None else "no step"
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 0
    last = read_events(out / "events.jsonl")[-1]
    assert last["type"] == "stopped" and "SIGTERM" in last["reason"]
    assert (out / "checkpoint.pt").is_file()


@pytest.mark.slow
def test_ddp_with_two_processes_on_the_cpu(colour_folder, tmp_path):
    out = tmp_path / "ddp"
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc-per-node",
        "2",
        "--master-port",
        "29517",
        "-m",
        "trainer",
        str(colour_folder),
        "--out",
        str(out),
        "--arch",
        "constant_resolution",
        "--loss",
        "l1",
        "--epochs",
        "1",
        "--batch-size",
        "4",
        "--crop",
        "32",
        "--device",
        "cpu",
        "--precision",
        "fp32",
        "--no-register",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    events = read_events(out / "events.jsonl")
    start = next(e for e in events if e["type"] == "start")
    assert start["world_size"] == 2
    assert events[-1]["type"] == "finished" and events[-1]["step"] == 38 // 8  # each rank's batch of 4: 8 photos a step


def test_train_cli_reports_a_missing_folder(tmp_path, capsys):
    assert main(["train", str(tmp_path / "nowhere"), "--out", str(tmp_path / "run"), "--epochs", "1"]) == 2
    assert "no such folder" in capsys.readouterr().err


@pytest.mark.slow
def test_a_trained_model_colorizes_photos_from_the_command_line(colour_folder, tmp_path, capsys):
    arguments = quick_training_arguments(
        colour_folder, tmp_path / "run", 15, "--lr", "0.01", "--name", "orange-blue", "--arch", "fast_unet"
    )
    code = main(["train", *arguments])  # fast_unet: a quarter of the practice network's time, the same lesson learnt
    assert code == 0
    grey = tmp_path / "grey"
    grey.mkdir()
    Image.open(colour_folder / "photo-000.png").convert("L").save(grey / "old.png")
    assert main(["colorize", str(grey), "-o", str(tmp_path / "out"), "--model", "orange-blue", "--render-size", "64"]) == 0
    result = np.asarray(Image.open(tmp_path / "out" / "grey" / "old.png")).astype(int)
    original = np.asarray(Image.open(colour_folder / "photo-000.png")).astype(int)
    bright = original[:, :, 0] > 128
    assert result[bright, 0].mean() > result[bright, 2].mean()  # orange where the truth is orange
    assert result[~bright, 2].mean() > result[~bright, 0].mean()  # blue where it is blue
    capsys.readouterr()
    assert main(["eval", str(colour_folder), "--model", "orange-blue", "--json", "--limit", "8"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model"]["psnr"] > report["grey"]["psnr"]


def test_pretrained_encoder_refuses_clearly_without_weights(colour_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "empty-torch-home"))
    with pytest.raises(MissingPretrainedWeightsError, match="--pretrained"):
        Training(tiny_config(colour_folder, tmp_path / "run", arch="unet_resnet18", pretrained=True)).run()
    failed = read_events(tmp_path / "run" / "events.jsonl")[-1]
    assert failed["type"] == "failed" and "ImageNet" in failed["message"]


@pytest.mark.parametrize("arch", ["unet_resnet18", "resnet18_encoder_decoder"])
def test_pretrained_encoder_loads_imagenet_weights_into_the_l_channel(arch, tmp_path, monkeypatch):
    from torchvision.models import resnet18

    from colorizer_app.core.models import build_model
    from trainer import pretrained

    torch.manual_seed(1)
    imagenet = resnet18(weights=None).state_dict()
    monkeypatch.setattr(pretrained, "load_imagenet_weights", lambda *args: imagenet)
    net = build_model(arch)
    pretrained.load_imagenet_encoder(net)
    conv1 = net.resnet_modules()["conv1"].weight
    assert torch.allclose(conv1[:, 0], imagenet["conv1.weight"].sum(dim=1))
    assert conv1[:, 1:].abs().max() == 0  # hint channels start silent
    assert torch.equal(net.resnet_modules()["layer1"].state_dict()["0.conv1.weight"], imagenet["layer1.0.conv1.weight"])
