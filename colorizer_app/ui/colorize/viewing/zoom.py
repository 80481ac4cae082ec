"""Sharp pixels when zoomed in past the preview: the visible part of the photo, rendered at
the screen's resolution (at most the photo's real pixels) on the preview's thread.

Why: the preview is 1280 pixels long; a 6000 x 4000 scan at 1:1 would show it blown up
five times. The window is coloured from the network's ab for the whole photo (the preview
render's, see core/region_colour.py), so it matches the preview and the saved file; the
network never runs on a crop. Panning asks again only when the view leaves the rendered
window (which has a margin around what is visible), requests wait a moment to coalesce, one
render runs at a time, and a result for an older photo or older colours is dropped.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QRectF, QTimer

from colorizer_app.ui.tasks.latest import Latest

MARGIN = 0.25  # of the visible size, rendered around it on each side so small pans need nothing new
DELAY_MS = 60  # requests closer together than this (wheel, panning) become one
SHARP_FROM = 1.05  # the preview is drawn at more than this many screen pixels per preview pixel


def render_window(path: Path, editor, region: QRectF, level: float) -> tuple[QRectF, object, object]:
    """One window of the photo, its real pixels shrunk to ``level`` (1.0 = real size): (region, before, after)."""
    from colorizer_app.core import fast_colour
    from colorizer_app.core.region_colour import colour_window, network_ab
    from colorizer_app.core.shrink import shrink
    from colorizer_app.ui.colorize.viewing.full_photo import full_pixels
    from colorizer_app.ui.colorize.viewing.imaging import eight_bit_picture, grey_picture, to_qimage

    pixels = full_pixels(path)
    top, left = int(region.top()), int(region.left())
    bottom, right = int(region.bottom()), int(region.right())
    crop = pixels[top:bottom, left:right]
    if level < 1:
        crop = shrink(crop, max(1, round(max(crop.shape[:2]) * level)))
    lightness = fast_colour.lightness(np.ascontiguousarray(crop))
    ab, valid = network_ab(editor)
    rgb = colour_window(lightness, ab, valid, pixels.shape[:2], (top, bottom), (left, right), editor.settings.saturation)
    return QRectF(left, top, right - left, bottom - top), to_qimage(grey_picture(lightness)), to_qimage(eight_bit_picture(rgb))


class ZoomRenderer(QObject):
    """Keeps the compare view's sharp window up to date with its zoom and pan."""

    def __init__(self, view, previews, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.previews = view, previews
        self.path: Path | None = None
        self.generation = 0
        self._level = 0.0
        self.latest = Latest(previews.lane, self)  # the preview's one thread: never at the same time as a preview render
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._request)
        view.view_changed.connect(self.schedule)

    def photo_changed(self, path: Path | None) -> None:
        self.path = path
        self.generation += 1

    def picture_changed(self) -> None:
        """New colours on screen (hints, saturation, model): the sharp window is coloured again."""
        self.generation += 1
        self.schedule()

    def wanted(self) -> bool:
        """Is the preview drawn blown up (more screen pixels than it has)?"""
        view = self.view
        return view.before is not None and view.screen_scale() / view.preview_factor() > SHARP_FROM and self.path is not None

    def schedule(self) -> None:
        if not self.wanted():
            if self.view.sharp is not None and self.view.before is not None:
                self.view.sharp = None  # the preview is sharp enough again
                self.view.update()
            return
        if not self._covered():
            self._timer.start()

    def _covered(self) -> bool:
        """The sharp window on screen holds all that is visible, at this zoom's detail and in these colours."""
        sharp = self.view.sharp
        if sharp is None or sharp[2] is None and self.view.after is not None or self._level != self._wanted_level():
            return False
        return sharp[0].contains(self.view.visible_region())

    def _wanted_level(self) -> float:
        return min(1.0, self.view.screen_scale())

    def _region(self) -> QRectF:
        visible = self.view.visible_region()
        grown = visible.adjusted(-visible.width() * MARGIN, -visible.height() * MARGIN, visible.width() * MARGIN, visible.height() * MARGIN)
        grown = grown.intersected(QRectF(0, 0, *self.view.photo_size))
        left, top = math.floor(grown.left()), math.floor(grown.top())
        return QRectF(left, top, math.ceil(grown.right()) - left, math.ceil(grown.bottom()) - top)

    def _request(self) -> None:
        editor = self.previews.editor
        if not self.wanted() or editor is None or self._covered():
            return
        region = self._region()
        if region.isEmpty():
            return
        generation, path, level = self.generation, self.path, self._wanted_level()
        self.latest.request(
            lambda task: render_window(path, editor, region, level),
            on_done=lambda number, window: self._ready(generation, level, *window),
            on_error=lambda number, error: None,  # the scaled-up preview stays; the next request tries again
        )

    def _ready(self, generation: int, level: float, region, before, after) -> None:
        if generation == self.generation and self.wanted():
            self._level = level
            self.view.set_sharp(region, before, after)
