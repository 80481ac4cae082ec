"""One training contract: a TrainConfig survives the trip to a command line and back."""

import argparse
import dataclasses

import pytest

from trainer.config import TrainConfig, add_train_arguments


def parse(argv: list[str]) -> TrainConfig:
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    return TrainConfig.from_args(parser.parse_args(argv))


def test_every_option_survives_the_command_line_both_ways():
    changed = TrainConfig(
        data="/photos",
        out="/runs/a run",
        val="/val",
        arch="unet_efficientnet_lite0",
        loss="huber",
        minutes=12.5,
        epochs=3.0,
        batch_size=8,
        crop=96,
        lr=5e-4,
        adversarial_weight=0.1,
        hints=False,
        seed=7,
        device="cpu",
        precision="fp32",
        max_steps=40,
        name="family",
        register=False,
        replace=True,
        arch_config={"decoder_width": 32},
        pretrained=True,
        encoder_training="upper",
        encoder_lr_scale=0.3,
        regression_weight=0.5,
        folder_weights={"people-faces": 0.6, "old": 0.25},
        init="default",
        train_only="hint-spread",
        film_look=0.6,
        film_look_blur=1.5,
        self_distill=True,
        self_distill_truth=0.5,
        teacher="fast",
    )
    defaults = TrainConfig(data="/photos", out="/runs/a run")
    untouched = {"cache_size", "weight_decay", "val_fraction", "val_max", "checkpoint_minutes"}
    for spec in dataclasses.fields(TrainConfig):  # the test itself must change every option
        assert spec.name in untouched | {"data", "out"} or getattr(changed, spec.name) != getattr(defaults, spec.name), spec.name
    assert parse(changed.to_argv()) == changed
    assert parse(defaults.to_argv()) == defaults
    assert defaults.to_argv() == ["/photos", "--out", "/runs/a run"]


def test_a_setting_without_an_option_is_refused_not_dropped():
    with pytest.raises(ValueError, match="cache_size"):
        TrainConfig(data="d", out="o", cache_size=64).to_argv()


def test_a_bad_folder_weight_is_a_clear_error():
    with pytest.raises(ValueError, match="FOLDER=W"):
        parse(["d", "--out", "o", "--folder-weight", "faces"])


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--crop", "400"], "--crop must be between 16 and 352 px, not 400"),
        (["--batch-size", "0"], "--batch-size must be at least 1, not 0"),
    ],
)
def test_a_crop_or_batch_out_of_range_says_which_and_why(option, said):
    # a crop of 400 was told "batch size must be >= 1 and crop >= 16 px"
    with pytest.raises(ValueError, match=said):
        TrainConfig.from_args(parse_namespace(["d", "--out", "o", "--minutes", "1", *option])).validate()


def parse_namespace(argv):
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    return parser.parse_args(argv)


def test_a_learning_rate_out_of_range_is_refused_before_the_photos_are_read():
    with pytest.raises(ValueError, match="--lr must be in"):
        TrainConfig.from_args(parse_namespace(["d", "--out", "o", "--minutes", "1", "--lr", "-1"])).validate()
