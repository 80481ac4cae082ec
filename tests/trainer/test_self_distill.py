"""Self-distillation (--self-distill): a model learns, from old prints, its own colours of the clean photos."""

import json
import shutil

import pytest
import torch
from trainer_helpers import make_colour_folder
from trainer_helpers import tiny_config as shared_tiny_config

from colorizer_app.core.model_files import load_model, read_entry
from colorizer_app.core.models import make_model_input
from trainer.events import read_events
from trainer.run import TrainConfig, Training
from trainer.self_distill import Teacher


@pytest.fixture(scope="module")
def colour_folder(tmp_path_factory):
    return make_colour_folder(tmp_path_factory.mktemp("data") / "photos")


@pytest.fixture(autouse=True)
def small_validation(quick_validation):
    """Validation at 64×64: these runs are about the training step."""


def tiny_config(data, out, **overrides):
    return shared_tiny_config(data, out, **{"loss": "classification", **overrides})


@pytest.fixture(scope="module")
def trained_model(colour_folder, tmp_path_factory):
    return Training(tiny_config(colour_folder, tmp_path_factory.mktemp("first"), max_steps=2)).run()


def test_the_loss_is_zero_where_the_student_still_is_the_teacher_and_grows_on_another_input(trained_model):
    teacher = Teacher(str(trained_model), torch.device("cpu"))
    student = load_model(read_entry(trained_model)).net.eval()
    with torch.no_grad():  # two steps of training leave a nearly flat distribution: make it tell inputs apart
        for net in (teacher.net, student):
            net.head.weight.mul_(50)
    clean = torch.rand(2, 1, 32, 32) * 100
    target = teacher.distribution(make_model_input(clean))
    with torch.no_grad():
        assert float(Teacher.loss(target, student(make_model_input(clean)))) < 1e-6
        faded = 20 + clean * 0.5
        assert float(Teacher.loss(target, student(make_model_input(faded)))) > 1e-4


def test_a_self_distilling_run_keeps_its_starting_models_readout_and_learns(colour_folder, trained_model, tmp_path):
    start = load_model(read_entry(trained_model))
    run = Training(
        tiny_config(
            colour_folder,
            tmp_path / "distil",
            init=str(trained_model),
            film_look=1.0,
            self_distill=True,
            self_distill_truth=0.5,
            max_steps=3,
        )
    )
    model_path = run.run()
    steps = [event for event in read_events(tmp_path / "distil" / "events.jsonl") if event["type"] == "step"]
    assert all(set(event["parts"]) == {"distillation", "truth"} for event in steps)
    model = load_model(read_entry(model_path))
    for key in ("temperature", "chroma_gain", "readout_offsets"):
        assert model.card.config.get(key) == start.card.config.get(key), key
    assert model.card.training["self_distilled"] is True
    assert "readout_calibration" not in model.card.training
    assert not run.net.training  # batch norms stayed frozen while it learned
    changed = [key for key, tensor in model.net.state_dict().items() if not torch.equal(tensor, start.net.state_dict()[key])]
    assert changed


@pytest.mark.parametrize(
    "overrides",
    [
        dict(self_distill=True, film_look=0.5),
        dict(self_distill=True, init="default"),
        dict(self_distill=True, init="default", film_look=0.5, loss="l1"),
        dict(self_distill_truth=0.5, init="default", film_look=0.5),
        dict(self_distill=True, self_distill_truth=-1.0, init="default", film_look=0.5),
        dict(teacher="default", init="default", film_look=0.5),
    ],
    ids=["no-init", "no-film-look", "regression-loss", "truth-without-self-distill", "negative-truth-weight", "teacher-alone"],
)
def test_self_distill_refuses_a_run_it_cannot_teach(colour_folder, tmp_path, overrides):
    with pytest.raises(ValueError, match="--self-distill"):
        tiny_config(colour_folder, tmp_path, **overrides).validate()


def test_the_command_line_gives_self_distill_and_its_teacher_back(colour_folder, tmp_path):
    config = TrainConfig(
        data=str(colour_folder), out=str(tmp_path), init="fast", film_look=0.4, self_distill=True, teacher="default", minutes=1.0
    )
    argv = config.to_argv()
    assert "--self-distill" in argv and argv[argv.index("--teacher") + 1] == "default"


def test_a_student_learns_from_another_teacher_and_takes_its_readout(colour_folder, trained_model, tmp_path):
    teacher_path = tmp_path / "teacher.safetensors"
    shutil.copyfile(trained_model, teacher_path)
    card = json.loads(trained_model.with_suffix(".json").read_text())
    card["config"].update(temperature=0.55, chroma_gain=1.3, uncertain_fade=[0.6, 0.9, 0.5], view_scale=1.25)
    teacher_path.with_suffix(".json").write_text(json.dumps(card))
    config = tiny_config(
        colour_folder,
        tmp_path / "student",
        init=str(trained_model),
        teacher=str(teacher_path),
        film_look=1.0,
        self_distill=True,
        max_steps=2,
    )
    model = load_model(read_entry(Training(config).run()))
    assert (model.card.config["temperature"], model.card.config["chroma_gain"]) == (0.55, 1.3)
    assert model.card.config["uncertain_fade"] == [0.6, 0.9, 0.5]
    assert (model.net.temperature, model.net.chroma_gain, model.net.view_scale) == (0.55, 1.3, 1.25)
    assert model.card.config["view_scale"] == 1.25  # the gain was chosen at the teacher's view
    assert model.card.training["distilled_from"] == str(teacher_path)


def test_a_teacher_that_colours_at_another_scale_is_refused(trained_model, shipped_default):
    student = load_model(read_entry(trained_model)).net  # colours every pixel; the default at 1/4 of the size
    with pytest.raises(ValueError, match="--teacher: 'default' colours at 1/4"):
        Teacher("default", torch.device("cpu")).check_fits(student)
