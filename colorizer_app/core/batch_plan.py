"""Which photos a batch colorizes, and where each result goes.

Files and folders (recursively) become a plan of (input, output) pairs; the output folder
mirrors each input folder under its own name. Nothing the program writes is taken as
input, and no result may be its own photo. Apart from core/batch.py (which runs a plan)
because planning is what the window does, quickly, for 20,000 photos at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from colorizer_app.core.film import is_video_name
from colorizer_app.core.images import IMAGE_EXTENSIONS, result_name
from colorizer_app.core.path_lookup import Resolver, resolved_or_none
from colorizer_app.core.result_origin import made_by_colorizer


@dataclass
class BatchItem:
    source: Path
    output: Path


@dataclass
class BatchPlan:
    items: list[BatchItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # inputs that could not be planned
    output_dir: Path | None = None  # checked before the first photo (core/batch_io.check_output_folder)


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_EXTENSIONS and not path.name.startswith(".")


@dataclass(frozen=True)
class InputPhoto:
    """A photo to colorize and where it goes, relative to the output folder."""

    source: Path
    relative_output: Path
    resolved: Path | None = field(default=None, compare=False, repr=False)  # source resolved, where already known


def expand_inputs(
    inputs: Iterable[str | os.PathLike], skip_folder: str | os.PathLike | None = None, films: bool = False
) -> tuple[list[InputPhoto], list[str]]:
    """Files and folders -> photos: a file goes to ``name``, a folder ``F`` to ``F/...``.

    Nothing the program writes is taken as input: the output folder (``skip_folder``)
    and the folders it mirrors the inputs into are never walked, so ``colorize F -o F``
    run twice does not colorize its own results; given inputs in the output folder keep only what
    does not carry a result's note. Returns the photos and one message per
    input that cannot be used (missing, a symlink loop, an unreadable or too deep folder).
    ``films``: folders give their films too (the command line; the app's list has no films yet).
    """
    output = resolved_or_none(Path(skip_folder)) if skip_folder else None
    skips = _output_folders(inputs, output)
    photos: list[InputPhoto] = []
    problems: list[str] = []
    resolve = Resolver()
    for raw in inputs:
        path = Path(raw)
        resolved_input = resolved_or_none(path)
        in_output = _inside(resolved_input, output)
        if path.is_dir():
            mirror = Path(resolved_input.name)
            found, ours = [], 0
            for source in walk_images(path, skips, problems, films):
                resolved = resolve(source)
                if resolved is None:
                    problems.append(f"{source}: a symbolic link that leads nowhere (a loop or a missing target); skipped")
                elif in_output and made_by_colorizer(resolved):
                    ours += 1
                else:
                    found.append(InputPhoto(source, mirror / source.relative_to(path), resolved))
            photos += found
            if ours:
                problems.append(f"{path}: in the output folder; {ours} result{'s' * (ours != 1)} Colorizer made there left out")
        elif path.is_file() and in_output and made_by_colorizer(path):
            problems.append(f"{path}: a result Colorizer made (it is in the output folder); left out")
        elif path.is_file() and not _maybe_photo(path):
            problems.append(f"{path}: not a photo or a film Colorizer can read; left out")
        elif path.is_file():
            photos.append(InputPhoto(path, Path(path.name)))
        elif resolved_or_none(path) is None:
            problems.append(f"{path}: a symbolic link that leads nowhere (a loop or a missing target)")
        else:
            problems.append(f"{path}: no such file or folder")
    return photos, problems


def _maybe_photo(path: Path) -> bool:
    """A file named by the user is taken when its name says photo or film, or, named otherwise,
    when its first bytes are a picture Pillow knows (a scan saved as ``.dat``).

    Why: a notes file dropped with the photos was listed, then marked failed with "cannot
    identify image file"; it is not a photo that failed, it is not a photo at all."""
    if is_image_name(path) or is_video_name(path) or not path.suffix:
        return True  # a name without a suffix: let the reading say what it is
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path):
            return True
    except UnidentifiedImageError:
        return False
    except (OSError, ValueError, Image.DecompressionBombError):
        return True  # unreadable or huge: the reading says why, on the photo's row (with its own pixel limit)


def _inside(resolved: Path | None, output: Path | None) -> bool:
    """Whether a given file or folder is the output folder or lies in it: there, what carries a
    result's note is Colorizer's own work, not a photo (an output folder dropped on the window
    was taken in, and its results then refused as "would replace an original")."""
    return resolved is not None and output is not None and (resolved == output or output in resolved.parents)


def _output_folders(inputs: Iterable[str | os.PathLike], output: Path | None) -> set[Path]:
    """The output folder and, inside it, the mirror of each input folder (``OUT/F`` for ``F``)."""
    if output is None:
        return set()
    folders = {output}
    for raw in inputs:
        resolved = resolved_or_none(Path(raw))
        if resolved is not None and resolved.is_dir():
            folders.add(output / resolved.name)
    return folders


def plan_photos(photos: Iterable[InputPhoto], output_dir: str | os.PathLike, file_format: str | None = None) -> BatchPlan:
    """Pair photos with output paths; a photo listed twice is planned once.

    Photos of one name but different types (``X.gif`` and ``X.png``, or any two under
    ``--format png``) would write the same result: the one already called so keeps the plain
    name (``X.png``), or else the first; each other gets its type in its name (``X (gif).png``).
    The names depend only on which photos are there, so a second run finds them done. The same
    name from two folders mirrored to one place is reported and skipped, as before. A file of
    the result's name beside the photo that Colorizer did not write (another original, not
    given) counts as a photo already called so (core/result_origin.py).
    """
    output_dir = resolved_or_none(Path(output_dir)) or Path(output_dir).absolute()  # a loop is reported when it is checked
    plan = BatchPlan(output_dir=output_dir)
    seen_sources: set[Path] = set()
    wanted: list[tuple[InputPhoto, Path, Path]] = []  # (photo, its resolved path, the result it would write)
    resolve = Resolver()
    for photo in photos:
        resolved = photo.resolved or resolve(photo.source)
        if resolved is None:
            plan.problems.append(f"{photo.source}: a symbolic link that leads nowhere (a loop or a missing target); skipped")
            continue
        if resolved in seen_sources:
            continue
        seen_sources.add(resolved)
        output = (
            result_name(output_dir / photo.relative_output, file_format)
            if not is_video_name(photo.source)
            else _film_output(output_dir / photo.relative_output, photo.source)
        )
        if output != resolved and _an_original_beside(output, resolved):
            output = _distinct_name(output, photo.source, {output})
        wanted.append((photo, resolved, output))
    owners: dict[Path, int] = {}  # a result's plain name -> the photo (index in wanted) that keeps it
    for index, (photo, _, output) in enumerate(wanted):
        owner = owners.get(output)
        if owner is None or (photo.source.name == output.name != wanted[owner][0].source.name):
            owners[output] = index
    taken = set(owners)
    for index, (photo, resolved, output) in enumerate(wanted):
        owner = wanted[owners[output]][0]
        if owners[output] != index:
            if owner.source.name == photo.source.name:
                plan.problems.append(f"{photo.source}: another input already writes {output}; skipped")
                continue
            output = _distinct_name(output, photo.source, taken)
            taken.add(output)
        if output == resolved:
            kind = "film" if is_video_name(photo.source) else "photo"
            plan.problems.append(f"{photo.source}: its result would replace the {kind} itself; choose another output folder")
            continue
        plan.items.append(BatchItem(photo.source, output))
    return plan


def _an_original_beside(output: Path, source: Path) -> bool:
    """A file of the result's name, in the photo's own folder, that Colorizer did not write:
    another original (``holiday.mp4`` beside ``holiday.mov``), never to be skipped as done or
    replaced; the result takes the type-named name instead. Only there is the metadata read:
    a re-run of a folder coloured elsewhere checks no file."""
    if output.parent != source.parent or not output.is_file():
        return False
    return not made_by_colorizer(output)


def _distinct_name(output: Path, source: Path, taken: set[Path]) -> Path:
    """``X (gif).png`` for ``X.gif`` when ``X.png`` is another photo's result (``X (gif 2).png``
    if that is taken too)."""
    kind = source.suffix.lstrip(".") or "2"
    for number in range(1, len(taken) + 2):
        label = kind if number == 1 else f"{kind} {number}"
        candidate = output.with_name(f"{output.stem} ({label}){output.suffix}")
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: more candidates than names taken")


def plan_batch(inputs: Iterable[str | os.PathLike], output_dir: str | os.PathLike, file_format: str | None = None) -> BatchPlan:
    """Pair every photo in the inputs with its output path, mirroring folder trees.

    The output folder itself is never scanned as input.
    """
    inputs = list(inputs)
    photos, problems = expand_inputs(inputs, output_dir, films=True)  # the command line takes films (issue 24)
    plan = plan_photos(photos, output_dir, file_format)
    plan.problems[:0] = problems
    return plan


def walk_images(
    folder: Path, skip: Path | Iterable[Path] | None = None, problems: list[str] | None = None, films: bool = False
) -> list[Path]:
    """Photo files under ``folder`` (recursive, sorted, hidden names left out), not entering ``skip``.

    Folders that cannot be listed (no permission, deeper than the system's path
    limit) are reported in ``problems`` instead of being passed over silently.
    """
    skips = {skip} if isinstance(skip, Path) else set(skip or ())

    def report(error: OSError) -> None:
        if problems is not None:
            problems.append(f"{error.filename}: cannot be read ({error.strerror or error}); skipped")

    found = []
    for root, folders, files in os.walk(folder, onerror=report):
        root_path = Path(root)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and resolved_or_none(root_path / name) not in skips)
        found += [root_path / name for name in sorted(files) if is_image_name(Path(name)) or (films and is_video_name(name))]
    return found


def _film_output(mirrored: Path, source: Path) -> Path:
    from colorizer_app.core.film.item import output_for

    return output_for(mirrored, source)
