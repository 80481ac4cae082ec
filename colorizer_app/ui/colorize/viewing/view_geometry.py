"""Where the compare view draws the photo: zoom in the photo's real pixels, pan, the panes
side by side and the divider.

Why apart from compare_view: the view's gestures and content are one concern, the arithmetic
of where a photo pixel lands on screen another (the paint code, the sharp zoom renders and the
keys all ask it); a mixin of CompareView, on its attributes (``scale``, ``origin``, ``photo_size``…).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

MIN_SCALE, MAX_SCALE = 0.005, 32.0  # window pixels per photo pixel (screen_scale: the screen's own)
KEEP_IN_VIEW = 0.25  # of the pane, at least this much of the photo stays in view when dragged or zoomed


class ViewGeometry:
    def panes_shown(self) -> bool:
        return self.side_by_side and not self.hints_mode and not self.only_after and self.after is not None

    def pane_width(self) -> float:
        return self.width() / 2 if self.panes_shown() else float(self.width())

    def pane_centre(self) -> QPointF:
        return QPointF(self.pane_width() / 2, self.height() / 2)

    def centre_in_view(self) -> QPointF:
        """The middle of the part of the photo in view (where a pin placed by keyboard goes)."""
        shown = self.image_rect().intersected(QRectF(0, 0, self.pane_width(), self.height()))
        return shown.center() if not shown.isEmpty() else self.pane_centre()

    def divider_shown(self) -> bool:
        return not (self.hints_mode or self.only_after or self.panes_shown()) and self.after is not None

    def pan_by(self, step: QPointF) -> None:
        """Pan a photo larger than its pane (the arrows); one that fits stays where it is."""
        rect = self.image_rect()
        step = QPointF(step.x() if rect.width() > self.pane_width() else 0, step.y() if rect.height() > self.height() else 0)
        if step.isNull():
            return
        self.origin = self._kept_in_view(self.origin + step)
        self._fitted = False
        self._changed()

    def _photo_point_at_centre(self) -> QPointF | None:
        return (self.pane_centre() - self.origin) / self.scale if self.before else None

    def preview_factor(self) -> float:
        """Preview pixels per photo pixel (below 1 when the preview is a shrunk copy)."""
        return self.before.width() / self.photo_size[0] if self.before else 1.0

    def fit(self) -> None:
        if not self.before:
            return
        width, height = self.photo_size
        self.scale = max(MIN_SCALE, min(self.pane_width() / width, self.height() / height))
        self.origin = QPointF((self.pane_width() - width * self.scale) / 2, (self.height() - height * self.scale) / 2)
        self._fitted = True
        self._changed()

    def actual_size(self) -> None:
        """1:1: one screen pixel is one of the photo's real pixels."""
        self.zoom_to(1.0 / self.devicePixelRatioF(), self.pane_centre())

    def screen_scale(self) -> float:
        """The screen's own pixels per photo pixel. ``scale`` counts the window's pixels, and at
        150% display scaling each is 1.5 of the screen's: "100%" showed every photo pixel 1.5
        wide, and Fit said 64% of a photo drawn at 96%."""
        return self.scale * self.devicePixelRatioF()

    def zoom_to(self, scale: float, anchor: QPointF) -> None:
        """Zoom so the photo point under ``anchor`` (widget coordinates) stays put."""
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        anchor = QPointF(anchor.x() % self.pane_width() if self.panes_shown() else anchor.x(), anchor.y())
        photo_point = (anchor - self.origin) / self.scale
        self.scale = scale
        self.origin = self._kept_in_view(anchor - photo_point * scale)
        self._fitted = False
        self._changed()

    def _kept_in_view(self, origin: QPointF) -> QPointF:
        """``origin`` moved just enough that part of the photo stays in the pane (never dragged out of sight)."""
        width, height = self.photo_size[0] * self.scale, self.photo_size[1] * self.scale
        keep_x, keep_y = min(width, self.pane_width() * KEEP_IN_VIEW), min(height, self.height() * KEEP_IN_VIEW)
        x = min(max(origin.x(), keep_x - width), self.pane_width() - keep_x)
        y = min(max(origin.y(), keep_y - height), self.height() - keep_y)
        return QPointF(x, y)

    def set_view(self, scale: float, origin: QPointF) -> None:
        """Take another view's zoom and pan (panes that move together)."""
        if scale == self.scale and origin == self.origin:
            return
        self.scale, self.origin, self._fitted = scale, QPointF(origin), False
        self._changed()

    def _changed(self) -> None:
        self._snap_to_screen_pixels()
        self.zoom_changed.emit(self.screen_scale())
        self.view_changed.emit()
        self.update()

    def _snap_to_screen_pixels(self) -> None:
        """At 1:1 (or 2:1, …) each photo pixel must land on whole screen pixels: at 150% display
        scaling a pan of one window pixel moves the photo 1.5 screen pixels, and a photo drawn
        half a pixel off the screen's grid is smoothed over two of them (1:1 looked soft)."""
        ratio, zoom = self.devicePixelRatioF(), self.screen_scale()
        if zoom >= 1 and abs(zoom - round(zoom)) < 1e-6:
            self.origin = QPointF(round(self.origin.x() * ratio) / ratio, round(self.origin.y() * ratio) / ratio)

    def divider_x(self) -> float:
        return self.divider * self.width()

    def image_column_at_divider(self) -> float:
        """Which column of the photo the divider is over (may lie outside the photo)."""
        return (self.divider_x() - self.origin.x()) / self.scale

    def image_rect(self, pane: int = 0) -> QRectF:
        if not self.before:
            return QRectF()
        width, height = self.photo_size
        return QRectF(self.origin.x() + pane * self.pane_width(), self.origin.y(), width * self.scale, height * self.scale)

    def photo_rect_on_screen(self, region: QRectF, pane: int = 0) -> QRectF:
        """Where a region of the photo (photo pixels) is drawn."""
        left = self.origin.x() + pane * self.pane_width() + region.x() * self.scale
        return QRectF(left, self.origin.y() + region.y() * self.scale, region.width() * self.scale, region.height() * self.scale)

    def visible_region(self) -> QRectF:
        """The part of the photo on screen, in photo pixels (empty when none)."""
        if not self.before:
            return QRectF()
        seen = QRectF(
            -self.origin.x() / self.scale, -self.origin.y() / self.scale, self.pane_width() / self.scale, self.height() / self.scale
        )
        return seen.intersected(QRectF(0, 0, *self.photo_size))
