"""A batch of several jobs planned as one (core/batch_jobs.py): what the window's Colorize all
runs. Results already there are set aside unless their job replaces them, a hints sidecar that
is missing makes a photo with hints not done, and no result may replace a photo in the list."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import InputPhoto
from colorizer_app.core.batch_jobs import ALREADY_DONE, REPLACES_ORIGINAL, plan_jobs
from colorizer_app.core.hints import ColorHint, sidecar_path


def photos(folder: Path, *names: str) -> list[InputPhoto]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in names:
        (folder / name).write_bytes(b"a photo: the planner reads names only")
        made.append(InputPhoto(folder / name, Path(name)))
    return made


def test_each_job_keeps_its_photos_and_all_are_planned_together(tmp_path):
    first, second = photos(tmp_path / "in", "a.jpg", "b.jpg"), photos(tmp_path / "in", "c.jpg")
    parts, already = plan_jobs([(first, False), (second, True)], tmp_path / "out", None)
    assert already == []
    assert [(index, [item.source.name for item in plan.items]) for index, plan in parts] == [(0, ["a.jpg", "b.jpg"]), (1, ["c.jpg"])]
    outputs = [item.output for _, plan in parts for item in plan.items]
    assert len(set(outputs)) == 3 and all(output.parent == tmp_path / "out" for output in outputs)


def test_results_already_there_are_set_aside_unless_the_job_replaces_them(tmp_path):
    keep, replace = photos(tmp_path / "in", "a.jpg"), photos(tmp_path / "in", "b.jpg")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.jpg").write_bytes(b"an earlier result")
    (tmp_path / "out" / "b.jpg").write_bytes(b"an earlier result")
    parts, already = plan_jobs([(keep, False), (replace, True)], tmp_path / "out", None)
    assert [(result.item.source.name, result.status, result.message) for result in already] == [("a.jpg", "skipped", ALREADY_DONE)]
    assert [(index, plan.items[0].source.name) for index, plan in parts] == [(1, "b.jpg")]  # a job with nothing left is not run


def test_a_photo_with_hints_whose_sidecar_is_missing_is_not_done(tmp_path):
    batch = photos(tmp_path / "in", "a.jpg")
    (tmp_path / "out").mkdir()
    result = tmp_path / "out" / "a.jpg"
    result.write_bytes(b"made without the hints")
    hints = {batch[0].source: [ColorHint(0.5, 0.5, "#c83232")]}
    parts, already = plan_jobs([(batch, False)], tmp_path / "out", None, hints)
    assert already == [] and len(parts) == 1  # redone: the file on disk was made without them
    sidecar_path(result).write_text("{}")
    parts, already = plan_jobs([(batch, False)], tmp_path / "out", None, hints)
    assert parts == [] and already[0].status == "skipped"


def test_no_result_replaces_a_photo_in_the_list_even_one_outside_this_batch(tmp_path):
    """The output folder is the folder of another listed photo of the same name: that photo fails, nothing is written over it."""
    listed = photos(tmp_path / "album", "a.jpg")  # in the list, not in this batch
    batch = photos(tmp_path / "elsewhere", "a.jpg")
    parts, already = plan_jobs([(batch, True)], tmp_path / "album", None, protect=[listed[0].source])
    assert parts == []
    assert [(result.status, result.message) for result in already] == [("failed", REPLACES_ORIGINAL)]
    assert (tmp_path / "album" / "a.jpg").read_bytes() == b"a photo: the planner reads names only"


def test_a_photo_whose_result_would_be_itself_fails_with_the_planners_reason(tmp_path):
    batch = photos(tmp_path / "in", "a.jpg")
    parts, already = plan_jobs([(batch, True)], tmp_path / "in", None)
    assert parts == [] and already[0].status == "failed"
    assert already[0].message and "\n" not in already[0].message and not already[0].message.endswith("; skipped")
