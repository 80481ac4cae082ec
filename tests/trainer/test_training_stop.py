"""Issue 26: Stop is prompt. A run stopped by the window (SIGTERM) does not run one more
validation pass when one is on record (that pass was most of the ~20 s a Stop took); the
checkpoint still holds every step, and a run stopped before any validation still gets one."""

import pytest
from trainer_helpers import make_colour_folder

pytest.importorskip("torch")

from trainer.config import TrainConfig  # noqa: E402
from trainer.events import read_events  # noqa: E402
from trainer.run import STOPPED_BY, Training  # noqa: E402


@pytest.fixture(autouse=True)
def small_validation(quick_validation):
    """Validation at 64×64 (conftest.quick_validation): these runs are not about its size."""


@pytest.fixture(scope="module")
def colour_folder(tmp_path_factory):
    return make_colour_folder(tmp_path_factory.mktemp("data") / "photos")


def config(data, out):
    return TrainConfig(
        data=str(data), out=str(out), arch="constant_resolution", loss="l1", epochs=4, batch_size=8, crop=32,
        cache_size=40, precision="fp32", arch_config={}, checkpoint_minutes=100, device="cpu",
    )  # fmt: skip


def run_stopped_after(colour_folder, out, steps: int) -> list[dict]:
    training = Training(config(colour_folder, out))
    step = training.train_step

    def counted():
        result = step()
        if training.step >= steps:
            training.stop_reason = f"{STOPPED_BY} SIGTERM"  # as the signal handler sets it
        return result

    training.train_step = counted
    training.run()
    return read_events(out / "events.jsonl")


@pytest.mark.slow
def test_a_stop_after_a_validation_skips_the_last_pass(colour_folder, tmp_path):
    probe = Training(config(colour_folder, tmp_path / "probe"))
    probe.prepare()
    per_epoch = probe.steps_per_epoch
    events = run_stopped_after(colour_folder, tmp_path / "run", per_epoch + 1)
    validations = [event["step"] for event in events if event["type"] == "validation"]
    assert validations == [per_epoch]  # the epoch's, not another at the stop
    assert events[-1]["type"] == "stopped" and events[-1]["step"] == per_epoch + 1
    checkpoint = next(event for event in reversed(events) if event["type"] == "checkpoint")
    assert checkpoint["step"] == per_epoch + 1  # Resume continues from the very step it stopped at
    assert (tmp_path / "run" / "best.safetensors").is_file()


def test_a_stop_before_any_validation_still_validates_once(colour_folder, tmp_path):
    events = run_stopped_after(colour_folder, tmp_path / "early", 1)
    assert [event["type"] for event in events].count("validation") == 1
    assert events[-1]["type"] == "stopped"
