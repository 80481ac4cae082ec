import json

import pytest
import torch
from conftest import TINY_CONFIG, make_model_file

from colorizer_app.core.model_files import (
    ModelFileError,
    NoModelInstalledError,
    builtin_models_dir,
    find_model,
    list_models,
    load_model,
    read_entry,
    user_models_dir,
)
from colorizer_app.core.models import make_model_input


def test_save_and_load_round_trip_in_fp16(tmp_path):
    path = make_model_file(tmp_path)
    loaded = load_model(read_entry(path))
    assert loaded.card.architecture == "unet_resnet18" and loaded.card.config == TINY_CONFIG
    assert loaded.card.weights_sha256 and loaded.card.created
    from safetensors.torch import load_file

    stored = load_file(path)
    assert all(t.dtype == torch.float16 for k, t in stored.items() if t.is_floating_point())
    out = loaded.net.predict_ab(make_model_input(torch.full((1, 1, 32, 32), 50.0)))
    assert torch.isfinite(out).all()


def test_either_file_of_the_pair_finds_the_model(tmp_path):
    path = make_model_file(tmp_path)
    assert read_entry(path.with_suffix(".json")).weights_path == path


def _break(path, change):
    card_path = path.with_suffix(".json")
    card = json.loads(card_path.read_text())
    change(card)
    card_path.write_text(json.dumps(card))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda card: card.update(format_version=99), "format_version 99 is not supported"),
        (lambda card: card.update(architecture="transformer9000"), "unknown architecture 'transformer9000'"),
        (lambda card: card.pop("architecture"), "has no 'architecture'"),
        (lambda card: card.update(config="big"), "'config' in the model card must be a dict"),
        (lambda card: card.update(surprise=1), "unknown field"),
    ],
)
def test_bad_cards_are_named(tmp_path, change, message):
    path = make_model_file(tmp_path)
    _break(path, change)
    with pytest.raises(ModelFileError, match=message):
        read_entry(path)


def test_weights_that_do_not_fit_the_card_are_named(tmp_path):
    path = make_model_file(tmp_path)
    _break(path, lambda card: card.update(config={"decoder_width": 32, "context_dilations": [2]}, weights_sha256=""))
    with pytest.raises(ModelFileError, match="has shape"):
        load_model(read_entry(path))
    _break(path, lambda card: card.update(architecture="plain_cnn", config={}))
    with pytest.raises(ModelFileError, match="do not fit the card's architecture"):
        load_model(read_entry(path))


def test_damaged_weights_fail_the_checksum(tmp_path):
    path = make_model_file(tmp_path)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="checksum"):
        load_model(read_entry(path))


def test_a_pickle_is_refused_not_executed(tmp_path):
    path = make_model_file(tmp_path)
    torch.save({"weights": torch.zeros(3)}, path)  # a pickle, where safetensors belongs
    _break(path, lambda card: card.update(weights_sha256=""))
    with pytest.raises(ModelFileError, match="not a valid safetensors file"):
        load_model(read_entry(path))


def test_missing_card_or_weights(tmp_path):
    path = make_model_file(tmp_path)
    path.with_suffix(".json").unlink()
    with pytest.raises(ModelFileError, match="missing"):
        read_entry(path)
    with pytest.raises(ModelFileError, match="a model is a .safetensors file"):
        read_entry(tmp_path / "model.pt")


def test_no_model_installed_is_said_plainly():
    assert list_models() == []
    with pytest.raises(NoModelInstalledError, match="No trained model is installed"):
        find_model()


def test_models_are_found_by_name_built_in_first():
    make_model_file(builtin_models_dir(), name="default")
    make_model_file(user_models_dir(), name="my-family-model")
    names = [(entry.name, entry.origin) for entry in list_models()]
    assert names == [("default", "built-in"), ("my-family-model", "user")]
    assert find_model().origin == "built-in"
    assert find_model("my-family-model").origin == "user"
    with pytest.raises(ModelFileError, match="no model named 'other'.*default, my-family-model"):
        find_model("other")


def test_import_checks_then_copies_under_a_new_name(tmp_path):
    from colorizer_app.core.model_files import import_model

    source = make_model_file(tmp_path / "downloads", name="someone's model")
    entry = import_model(source, name="Grandma's album")
    assert entry.weights_path.parent == user_models_dir()
    assert entry.weights_path.name == "Grandma-s-album.safetensors"
    assert find_model("Grandma's album").card.weights_sha256 == read_entry(source).card.weights_sha256
    broken = make_model_file(tmp_path / "broken", name="broken")
    broken.write_bytes(broken.read_bytes()[:-10])
    with pytest.raises(ModelFileError):
        import_model(broken)
    assert [entry.name for entry in list_models()] == ["Grandma's album"]


def test_a_model_cannot_take_a_built_in_models_name_nor_an_empty_or_path_like_one(tmp_path):
    # an imported "default" was used in the built-in default's place by the window; an import
    # refused for its empty name had already written its files (then listed as unusable)
    from colorizer_app.core.model_files import import_model, unusable_models

    make_model_file(builtin_models_dir(), name="default")
    source = make_model_file(tmp_path / "downloads", name="default")
    for name, said in (
        (None, "is the name of a model that comes with Colorizer"),
        ("Default", "is the name of a model that comes with Colorizer"),
        ("   ", "name is empty"),
        ("../evil", "cannot hold /"),
    ):
        with pytest.raises(ModelFileError, match=said):
            import_model(source, name=name)
    assert not user_models_dir().exists() or not any(user_models_dir().iterdir())  # nothing written
    shadow = make_model_file(user_models_dir(), name="default")  # one imported before this rule
    assert [(entry.name, entry.origin) for entry in list_models()] == [("default", "built-in")]
    assert unusable_models() == [(shadow.stem, "its name is that of a model that comes with Colorizer; import it again under another name")]
