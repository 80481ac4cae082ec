"""One preview picture: the selected photo coloured at screen size with its hints, as a task.

Given the previous picture's ``editor`` (an InteractiveColorizer for the same photo and
settings) it only re-runs the network; otherwise it decodes the photo first. ``suggest_at``
(relative x, y) also asks for the model's likely colours at that point.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.core.model_files import ModelEntry


@dataclass
class PreviewPicture:
    editor: object  # the InteractiveColorizer, kept for the next picture of this photo
    before: object  # the grey QImage, or None when the editor was reused (the one on screen stays)
    after: object  # the coloured QImage
    suggestions: list | None
    photo_size: tuple[int, int] | None  # (width, height) at the photo's real size, when decoded


class Stale(Exception):
    """Given up: another photo was selected while this one decoded (no network pass for it)."""


def render_preview(
    task,
    path: Path,
    entry: ModelEntry,
    models,
    settings: ColorizeSettings,
    hints: list,
    editor=None,
    suggest_at: tuple[float, float] | None = None,
) -> PreviewPicture:
    from colorizer_app.core.interactive import InteractiveColorizer
    from colorizer_app.ui.colorize.viewing.full_photo import full_pixels, preview_pixels
    from colorizer_app.ui.colorize.viewing.imaging import greyscale, to_qimage

    before, photo_size = None, None
    if editor is None:
        full = full_pixels(path)
        photo_size = (full.shape[1], full.shape[0])
        pixels = preview_pixels(path, full)
        editor = InteractiveColorizer(pixels, models.get(entry), settings)
        before = to_qimage(greyscale(pixels))
    if task.cancelled.is_set():
        raise Stale
    suggestions = editor.suggestions(*suggest_at) if suggest_at and editor.output is not None else None
    after = to_qimage(editor.render(hints))
    if suggest_at and suggestions is None:
        suggestions = editor.suggestions(*suggest_at)
    return PreviewPicture(editor, before, after, suggestions, photo_size)
