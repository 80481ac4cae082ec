"""A batch split by recipe: photos that share a model, a saturation and whether to replace
their results run together through one ``run_batch``.

Why: each photo may keep its own model and saturation (colorize/edits/photo_edits.py), while
core/batch.run_batch colorizes a plan with one model and one setting; the worker runs
one job after another, on one progress bar, with one cancel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from colorizer_app.core.batch import InputPhoto
from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.model_cards import ModelEntry


@dataclass
class BatchJob:
    """Photos colorized with one model and settings; ``overwrite`` replaces their existing results."""

    entry: ModelEntry
    settings: ColorizeSettings
    overwrite: bool
    photos: list[InputPhoto] = field(default_factory=list)


def group_jobs(photos: list[InputPhoto], job_for) -> list[BatchJob]:
    """One job per distinct (model, settings, overwrite), in the order photos first ask for it.

    ``job_for(photo)`` gives (ModelEntry, ColorizeSettings, overwrite) for one photo.
    """
    jobs: dict[tuple, BatchJob] = {}
    for photo in photos:
        entry, settings, overwrite = job_for(photo)
        key = (Path(entry.weights_path), settings.render_size, settings.saturation, overwrite)
        if key not in jobs:
            jobs[key] = BatchJob(entry, settings, overwrite)
        jobs[key].photos.append(photo)
    return list(jobs.values())
