"""A film as one item of a batch (the command line's folders, Colorize all): where its result
goes, and colouring it with the batch's model and settings.

A film comes out as H.264 in MP4 (``NAME.mp4``), or in MKV (``NAME.mkv``) when its sound's or
its subtitles' codec cannot be copied into MP4. Hints for a film are saved beside the result like a photo's
(``NAME.mp4.hints.json``) in the film hints format.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.film.film_hints import FORMAT_NAME, FORMAT_VERSION, FilmHints
from colorizer_app.core.film.pipeline import FilmJob, colorize_film, describe_seconds
from colorizer_app.core.film.sound_out import codec_of, container_for
from colorizer_app.core.film.video_in import FilmReadError, open_container
from colorizer_app.core.film.video_out import DEFAULT_CRF
from colorizer_app.core.hints import ColorHint, sidecar_path
from colorizer_app.core.model_files import LoadedModel
from colorizer_app.core.photo_metadata import ResultNote


def output_for(mirrored: Path, source: Path) -> Path:
    """The result's path for a film planned at ``mirrored`` (the input's name under the output folder)."""
    try:
        container = open_container(source)
    except FilmReadError:
        return mirrored.with_suffix(".mp4")  # its failure is reported when its turn comes
    with container:
        audio = [codec_of(stream) for stream in container.streams.audio]
        subtitles = [codec_of(stream) for stream in container.streams.subtitles]
    return mirrored.with_suffix("." + container_for(audio, subtitles))


def as_film_hints(hints: FilmHints | list[ColorHint] | None) -> FilmHints | None:
    """A photo hints list given for a film pins frame 0."""
    if not hints:
        return None
    return hints if isinstance(hints, FilmHints) else FilmHints({0: list(hints)})


def save_film_hints(path: Path, hints: FilmHints) -> None:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "frames": [{"frame": index, "hints": [asdict(hint) for hint in pins]} for index, pins in sorted(hints.frames.items())],
    }
    with atomic_writer(path) as stream:
        stream.write((json.dumps(document, indent=2) + "\n").encode("utf-8"))


def colorize_film_item(
    source: Path,
    output: Path,
    model: LoadedModel,
    settings: ColorizeSettings | None,
    hints: FilmHints | list[ColorHint] | None,
    should_stop: Callable[[], bool] | None,
    on_stage: Callable[[str, float], None] | None,
    crf: int = DEFAULT_CRF,
    mark: bool = False,
) -> str:
    """Colour one film for the batch; returns its note ("" or what the user should know).
    ``mark``: the "Colours simulated" mark in each frame's corner; the file's comment always says so."""
    settings = settings or ColorizeSettings()
    film_hints = as_film_hints(hints)

    def progress(done: int, total: int, seconds_left: float | None) -> None:
        if on_stage:
            on_stage(f"frame {done}/{total}, {describe_seconds(seconds_left)} left", done / max(1, total))

    note = ResultNote(model.card.name, mark).text()
    job = FilmJob(source, output, settings.render_size, settings.saturation, crf, hints=film_hints, mark=mark, note=note)
    result = colorize_film(job, model, should_stop, progress)
    if film_hints:
        save_film_hints(sidecar_path(output), film_hints)
    notes = list(result.notes)
    if result.reused:
        notes.insert(0, f"carried on from frame {result.reused} of an interrupted run")
    return "; ".join(notes)
