"""Nothing the program wrote is taken as input, and nothing is lost (issue 13, findings 5 and 7)."""

import errno
import json

import pytest
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core import atomic
from colorizer_app.core import batch as batch_module
from colorizer_app.core.atomic import atomic_writer, remove_leftovers
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.hints import ColorHint, load_hints, sidecar_path
from colorizer_app.core.hints import save_hints as real_save_hints

FAST = ColorizeSettings(render_size=64)
HINTS = [ColorHint(0.5, 0.5, "#2040ff")]


def test_input_folder_as_output_folder_never_colorizes_its_own_results(photo_folder, tiny_model_path, capsys):
    args = ["colorize", str(photo_folder), "-o", str(photo_folder), "--model", str(tiny_model_path), "--render-size", "64"]
    assert main(args) == 0
    assert main(args) == 0
    assert "Done: 0, skipped (output exists): 3" in capsys.readouterr().err
    assert not (photo_folder / photo_folder.name / photo_folder.name).exists()
    assert len(list(photo_folder.rglob("*.png"))) == 2  # beach.png and its one result


def test_a_sidecar_lost_to_a_full_disk_is_written_on_the_re_run(photo_folder, tmp_path, tiny_model, monkeypatch):
    def full_disk(path, hints):
        raise OSError(errno.ENOSPC, "No space left on device")

    plan = plan_batch([photo_folder / "portrait.jpg"], tmp_path / "out")
    output = plan.items[0].output
    monkeypatch.setattr(batch_module, "save_hints", full_disk)
    first = run_batch(plan, tiny_model, FAST, hints_for=lambda source: HINTS)
    assert "is full" in first.stopped_reason and output.exists() and not sidecar_path(output).exists()
    monkeypatch.setattr(batch_module, "save_hints", real_save_hints)
    second = run_batch(plan, tiny_model, FAST, hints_for=lambda source: HINTS)
    assert second.count("done") == 1  # not "skipped": the result was incomplete
    assert load_hints(sidecar_path(output)) == HINTS
    third = run_batch(plan, tiny_model, FAST, hints_for=lambda source: HINTS)
    assert third.count("skipped") == 1


def _leave_a_killed_write(target, monkeypatch) -> list:
    """What a kill -9 in the middle of a write leaves: the temporary file (os.replace never ran)."""

    def killed(source, destination):
        raise KeyboardInterrupt  # stands in for the kill: nothing after this point runs

    monkeypatch.setattr(atomic.os, "replace", killed)
    monkeypatch.setattr(atomic.Path, "unlink", lambda self, missing_ok=False: None)  # a killed process cleans nothing
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as stream:
        stream.write(b"half a photo")
    monkeypatch.undo()
    return [path for path in target.parent.iterdir() if path.name.endswith(".part")]


def test_leftovers_of_a_killed_write_are_cleaned_on_the_next_run(photo_folder, tmp_path, tiny_model, monkeypatch):
    plan = plan_batch([photo_folder], tmp_path / "out")
    output = plan.items[0].output
    left = _leave_a_killed_write(output, monkeypatch)
    left += _leave_a_killed_write(sidecar_path(plan.items[1].output), monkeypatch)
    older_scheme = output.with_name(f".{output.name}.ab12cd34.part")
    older_scheme.write_bytes(b"from an older version")
    not_ours = [output.with_name("notes.part"), output.with_name(f".{output.name}.keep.part")]
    for path in not_ours:
        path.write_bytes(b"the user's")
    assert len(left) == 2
    summary = run_batch(plan, tiny_model, FAST)
    assert summary.count("done") == 3
    assert not any(path.exists() for path in [*left, older_scheme])
    assert all(path.read_bytes() == b"the user's" for path in not_ours)


def test_leftovers_of_a_skipped_result_are_cleaned_too(photo_folder, tmp_path, tiny_model, monkeypatch):
    plan = plan_batch([photo_folder / "portrait.jpg"], tmp_path / "out")
    run_batch(plan, tiny_model, FAST)
    left = _leave_a_killed_write(plan.items[0].output, monkeypatch)  # killed during an --overwrite run
    assert run_batch(plan, tiny_model, FAST).count("skipped") == 1
    assert not any(path.exists() for path in left)


def test_long_names_get_short_temporary_names_and_their_leftovers_are_found(tmp_path, monkeypatch):
    target = tmp_path / ("x" * 250 + ".png")
    left = _leave_a_killed_write(target, monkeypatch)
    assert len(left) == 1 and len(left[0].name.encode()) < 120
    assert remove_leftovers(tmp_path / ("x" * 249 + ".png")) == 0  # another long name with the same start
    assert remove_leftovers(target) == 1


def test_hints_sidecar_of_a_long_name_is_written(tmp_path, tiny_model):
    name = "p" * 235 + ".png"  # its sidecar name is 250 bytes, just under the limit
    Image.new("L", (32, 32), 120).save(tmp_path / name)
    plan = plan_batch([tmp_path / name], tmp_path / "out")
    assert run_batch(plan, tiny_model, FAST, hints_for=lambda source: HINTS).ok
    assert json.loads(sidecar_path(plan.items[0].output).read_text())["hints"]


@pytest.mark.skipif(atomic.fcntl is None, reason="file locks are POSIX; on Windows an open file cannot be deleted anyway")
def test_a_file_another_process_is_writing_is_not_taken_for_a_leftover(tmp_path):
    """Two trainings filling one training-data cache: the second writer's clean-up deleted the
    first's temporary file mid-write ("No such file or directory: .NAME.npy....part")."""
    import multiprocessing

    target = tmp_path / "cache.npy"
    context = multiprocessing.get_context("spawn")
    started, release = context.Event(), context.Event()
    writer = context.Process(target=_slow_write, args=(target, started, release))
    writer.start()
    try:
        assert started.wait(60)
        assert remove_leftovers(target) == 0  # the live writer's file stays
        with atomic_writer(target) as stream:  # and a second writer of the same target leaves it too
            stream.write(b"second")
        release.set()
        writer.join(60)
        assert writer.exitcode == 0 and target.read_bytes() == b"first"
    finally:
        release.set()
        writer.join(5)
    killed = tmp_path / f".{target.name}.ab12cd34.part"  # a dead writer's file is still cleaned
    killed.write_bytes(b"half")
    assert remove_leftovers(target) == 1 and not killed.exists()


def _slow_write(target, started, release) -> None:
    with atomic_writer(target) as stream:
        stream.write(b"first")
        started.set()
        release.wait(60)


@pytest.mark.skipif(atomic.fcntl is None, reason="file locks are POSIX")
def test_a_file_system_without_locks_still_writes_and_cleans_only_old_leftovers(tmp_path, monkeypatch):
    """Some network shares refuse flock (ENOLCK): writing must go on as before locks were used,
    and only a temporary file untouched for an hour is taken for a leftover."""
    import os

    def no_locks(handle, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(atomic.fcntl, "flock", no_locks)
    target = tmp_path / "photo.png"
    with atomic_writer(target) as stream:
        stream.write(b"written")
    assert target.read_bytes() == b"written"
    recent, old = tmp_path / f".{target.name}.ab12cd34.part", tmp_path / f".{target.name}.ef56gh78.part"
    recent.write_bytes(b"maybe live")
    old.write_bytes(b"dead")
    an_hour_ago = old.stat().st_mtime - atomic.UNLOCKED_LEFTOVER_AGE - 10
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert remove_leftovers(target) == 1 and recent.exists() and not old.exists()
