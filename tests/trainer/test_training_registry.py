"""A trained model never silently replaces one of the user's models."""

import hashlib

import pytest
from conftest import make_model_file
from trainer_helpers import make_colour_folder
from trainer_helpers import tiny_config as shared_tiny_config

from colorizer_app.cli import main
from colorizer_app.core.model_files import builtin_models_dir, list_models, user_models_dir
from trainer.events import read_events
from trainer.practice import quick_training_arguments
from trainer.registry import free_name, is_taken, register_model
from trainer.run import Training


@pytest.fixture(autouse=True)
def small_validation(quick_validation):
    """Validation at 64×64 (conftest.quick_validation): these runs are not about its size."""


@pytest.fixture(scope="module")
def colour_folder(tmp_path_factory):
    return make_colour_folder(tmp_path_factory.mktemp("data") / "photos")


def tiny_config(data, out, **overrides):
    return shared_tiny_config(data, out, **{"epochs": 1, **overrides})


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def exported(run_dir):
    return next(event for event in read_events(run_dir / "events.jsonl") if event["type"] == "exported")


def test_free_name_skips_built_in_and_user_names(tmp_path):
    make_model_file(builtin_models_dir(), name="default")
    make_model_file(user_models_dir(), name="my-model")
    make_model_file(user_models_dir(), name="my-model-2", seed=1)
    assert is_taken("default") and is_taken("my-model") and not is_taken("family")
    assert is_taken("my model")  # the same file name as "my-model"
    assert free_name("my-model") == "my-model-3"
    assert free_name("default") == "default-2"
    assert free_name("family") == "family"


def test_registering_a_taken_name_adds_a_new_name_unless_asked_to_replace(tmp_path):
    original = make_model_file(user_models_dir(), name="family")
    before = digest(original)
    newer = make_model_file(tmp_path / "run", name="family", seed=1)
    entry = register_model(newer, "family")
    assert entry.name == "family-2" and entry.card.name == "family-2"
    assert digest(original) == before
    replaced = register_model(newer, "family", replace=True)
    assert replaced.name == "family" and digest(original) == digest(newer)
    assert sorted(model.name for model in list_models()) == ["family", "family-2"]


def test_a_built_in_model_is_never_replaced(tmp_path):
    make_model_file(builtin_models_dir(), name="default")
    newer = make_model_file(tmp_path / "run", name="default", seed=1)
    assert register_model(newer, "default", replace=True).name == "default-2"


@pytest.mark.slow
def test_training_twice_with_one_name_keeps_both_models(colour_folder, tmp_path):
    Training(tiny_config(colour_folder, tmp_path / "first", name="album")).run()
    first = user_models_dir() / "album.safetensors"
    before = digest(first)
    Training(tiny_config(colour_folder, tmp_path / "second", name="album")).run()
    event = exported(tmp_path / "second")
    assert event["name"] == "album-2" and event["renamed_from"] == "album"
    assert event["registered"] == str(user_models_dir() / "album-2.safetensors")
    assert digest(first) == before
    assert sorted(model.name for model in list_models()) == ["album", "album-2"]


def test_replace_is_passed_from_the_command_line(colour_folder, tmp_path):
    make_model_file(user_models_dir(), name="album", architecture="plain_cnn", config={})
    code = main(["train", *quick_training_arguments(colour_folder, tmp_path / "run", 1, "--name", "album", "--replace")])
    assert code == 0
    assert exported(tmp_path / "run")["name"] == "album"
    assert [(model.name, model.card.architecture) for model in list_models()] == [("album", "constant_resolution")]


def test_a_run_stopped_early_is_not_added_as_a_model(colour_folder, tmp_path):
    model_path = Training(tiny_config(colour_folder, tmp_path / "run", name="partial", epochs=50, max_steps=2)).run()
    assert exported(tmp_path / "run")["registered"] is None
    assert model_path.is_file() and list_models() == []
    assert read_events(tmp_path / "run" / "events.jsonl")[-1]["type"] == "stopped"
