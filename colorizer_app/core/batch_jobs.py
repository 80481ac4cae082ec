"""A batch of several jobs (photos that share a model and settings) planned as one, before it runs.

Why in the engine: which result each photo gets, which photos are already done and which
results would replace an original are the batch's rules, not the window's. All photos are
planned together, so two photos never write one file; photos whose results exist are set
aside (unless their job replaces results), so counts and the time left cover only the work
to do; and no result may replace any photo in ``protect`` (the window's whole list, not just
this batch), which fails that photo with the reason, as a photo whose result exists is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from colorizer_app.core.batch import BatchItem, BatchPlan, ItemResult, is_done, plan_photos
from colorizer_app.core.batch_plan import InputPhoto

REPLACES_ORIGINAL = "its result would replace an original photo in the list; choose another output folder"
ALREADY_DONE = "output exists"


def plan_jobs(
    jobs: Sequence[tuple[Sequence[InputPhoto], bool]],
    output_folder: str | Path,
    file_format: str | None,
    hints: dict[Path, list] | None = None,
    protect: Sequence[Path] = (),
) -> tuple[list[tuple[int, BatchPlan]], list[ItemResult]]:
    """``jobs``: (photos, overwrite) each. Returns (job index, plan of the photos still to do) for
    each job with work left, and the results known before anything runs (skipped, failed)."""
    hints = hints or {}
    photos = [photo for job_photos, _ in jobs for photo in job_photos]
    plan = plan_photos(photos, output_folder, file_format)
    by_source = {item.source: item for item in plan.items}
    originals = {_real(path) for path in [*protect, *(photo.source for photo in photos)]}
    parts, already = [], []
    for index, (job_photos, overwrite) in enumerate(jobs):
        items = [by_source[photo.source] for photo in job_photos if photo.source in by_source]
        already += [_unplanned(photo.source, plan.problems) for photo in job_photos if photo.source not in by_source]
        refused = [item for item in items if _is_original(item.output, originals)]
        already += [ItemResult(item, "failed", REPLACES_ORIGINAL) for item in refused]
        items = [item for item in items if item not in refused]
        done = [] if overwrite else [item for item in items if is_done(item, hints.get(Path(item.source)))]
        already += [ItemResult(item, "skipped", ALREADY_DONE) for item in done]
        todo = [item for item in items if item not in done]
        if todo:
            parts.append((index, BatchPlan(items=todo, output_dir=plan.output_dir)))
    return parts, already


def _unplanned(source: Path, problems: list[str]) -> ItemResult:
    """A photo the plan refused (its result would be itself, or another photo's): failed, with why."""
    prefix = f"{source}: "
    reason = next((problem[len(prefix) :] for problem in problems if problem.startswith(prefix)), REPLACES_ORIGINAL)
    return ItemResult(BatchItem(source, source), "failed", reason.removesuffix("; skipped"))


def _real(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path)


def _is_original(output: Path, originals: set[Path]) -> bool:
    return output.exists() and _real(output) in originals
