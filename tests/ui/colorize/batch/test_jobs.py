"""group_jobs (issue 25): a batch split into one run per distinct model, render size,
saturation and overwrite, in the order photos first ask for them, photos kept in order.

No window: job_for is a plain function here, as the edits controller's is in the app."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import InputPhoto
from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.model_cards import ModelCard, ModelEntry
from colorizer_app.ui.colorize.batch.jobs import group_jobs


def entry(name: str, folder: Path = Path("/models")) -> ModelEntry:
    card = ModelCard(name=name, architecture="unet_resnet18")
    return ModelEntry(name, "user", folder / f"{name}.safetensors", folder / f"{name}.json", card)


FAST, DEFAULT = entry("fast"), entry("default")


def photos(*names: str) -> list[InputPhoto]:
    return [InputPhoto(Path("/in") / name, Path(name)) for name in names]


def by_name(table: dict):
    """job_for from a table: photo name -> (entry, render size, saturation, overwrite)."""

    def job_for(photo: InputPhoto):
        model, size, saturation, overwrite = table[photo.source.name]
        return model, ColorizeSettings(size, saturation), overwrite

    return job_for


def names(job) -> list[str]:
    return [photo.source.name for photo in job.photos]


def test_photos_that_share_everything_are_one_job_in_their_own_order():
    batch = photos("c.jpg", "a.jpg", "b.jpg")
    jobs = group_jobs(batch, lambda photo: (DEFAULT, ColorizeSettings(256, 1.0), False))
    assert len(jobs) == 1
    assert jobs[0].photos == batch  # the list's order, not sorted
    assert jobs[0].entry is DEFAULT and jobs[0].settings.saturation == 1.0 and jobs[0].overwrite is False


def test_each_difference_makes_a_job_of_its_own():
    table = {
        "base.jpg": (DEFAULT, 256, 1.0, False),
        "model.jpg": (FAST, 256, 1.0, False),
        "size.jpg": (DEFAULT, 512, 1.0, False),
        "saturation.jpg": (DEFAULT, 256, 1.5, False),
        "overwrite.jpg": (DEFAULT, 256, 1.0, True),
    }
    jobs = group_jobs(photos(*table), by_name(table))
    assert [names(job) for job in jobs] == [[name] for name in table]
    assert [(job.entry.name, job.settings.render_size, job.settings.saturation, job.overwrite) for job in jobs] == [
        (model.name, size, saturation, overwrite) for model, size, saturation, overwrite in table.values()
    ]


def test_jobs_come_in_the_order_first_asked_and_gather_later_photos():
    table = {
        "1.jpg": (FAST, 256, 1.0, False),
        "2.jpg": (DEFAULT, 256, 1.0, False),
        "3.jpg": (FAST, 256, 1.0, True),
        "4.jpg": (DEFAULT, 256, 1.0, False),
        "5.jpg": (FAST, 256, 1.0, False),
        "6.jpg": (FAST, 256, 1.0, True),
    }
    jobs = group_jobs(photos(*table), by_name(table))
    assert [names(job) for job in jobs] == [["1.jpg", "5.jpg"], ["2.jpg", "4.jpg"], ["3.jpg", "6.jpg"]]
    assert [(job.entry.name, job.overwrite) for job in jobs] == [("fast", False), ("default", False), ("fast", True)]


def test_a_model_is_told_by_its_weights_file_not_its_name():
    """Two entries for one file (a name looked up twice) are one model; two files of one name are two."""
    again = entry("default")
    elsewhere = entry("default", Path("/other"))
    table = {"a.jpg": (DEFAULT, 256, 1.0, False), "b.jpg": (again, 256, 1.0, False), "c.jpg": (elsewhere, 256, 1.0, False)}
    jobs = group_jobs(photos(*table), by_name(table))
    assert [names(job) for job in jobs] == [["a.jpg", "b.jpg"], ["c.jpg"]]
    assert jobs[0].entry is DEFAULT and jobs[1].entry is elsewhere


def test_every_photo_is_in_exactly_one_job_and_each_job_has_its_own_list():
    table = {f"{index}.jpg": ((FAST, DEFAULT)[index % 2], 256, (1.0, 0.5, 2.0)[index % 3], index % 5 == 0) for index in range(30)}
    batch = photos(*table)
    jobs = group_jobs(batch, by_name(table))
    assert len(jobs) == len({(model.name, saturation, overwrite) for model, _, saturation, overwrite in table.values()})
    gathered = [photo for job in jobs for photo in job.photos]
    assert sorted(gathered, key=batch.index) == batch and len(gathered) == len(batch)
    for job in jobs:
        assert {table[photo.source.name][0].name for photo in job.photos} == {job.entry.name}
        assert {table[photo.source.name][2] for photo in job.photos} == {job.settings.saturation}
    assert len({id(job.photos) for job in jobs}) == len(jobs)  # no shared default list


def test_no_photos_no_jobs_and_job_for_is_asked_once_per_photo():
    asked = []

    def job_for(photo):
        asked.append(photo.source.name)
        return DEFAULT, ColorizeSettings(), False

    assert group_jobs([], job_for) == []
    group_jobs(photos("a.jpg", "b.jpg"), job_for)
    assert asked == ["a.jpg", "b.jpg"]
