"""Before and after, split by a draggable divider or side by side, zoomed in the photo's real pixels.

Zoom is counted in the photo's own pixels (1:1 = one screen pixel per photo pixel), though the
pictures it is given are the shrunk preview; when zoomed in past the preview, a sharp window
of the visible region (rendered elsewhere, see colorize/viewing/zoom.py) is drawn over it. Until that
arrives the preview is shown scaled up. Side by side, both panes share one zoom and pan.

In hints mode the view shows the colour result with the user's hint pins: click to add
one, drag a pin to move it, right-click (or Delete) to remove it. The view only reports
these gestures; the page turns them into undoable changes. Drawing is in colorize/viewing/compare_paint.py.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from colorizer_app.core.hints import DEFAULT_SIZE, ColorHint
from colorizer_app.ui.colorize.viewing import compare_paint
from colorizer_app.ui.colorize.viewing.compare_paint import PIN_RADIUS
from colorizer_app.ui.colorize.viewing.view_geometry import ViewGeometry
from colorizer_app.ui.colorize.viewing.view_keys import ViewKeys

GRAB_DISTANCE = 10  # pixels either side of the divider that grab it
CLICK_SLOP = 4  # a press that moves less than this is a click, not a pan


class CompareView(QWidget, ViewGeometry):
    """Left of the divider (or the left pane): the greyscale original; right: the colorized result."""

    zoom_changed = Signal(float)  # screen pixels per photo pixel
    view_changed = Signal()  # zoom, pan, size or layout: what is visible changed
    hint_added = Signal(float, float)  # relative x, y
    hint_moved = Signal(int, float, float)
    hint_removed = Signal(int)
    hint_selected = Signal(int)  # -1: none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before: QImage | None = None
        self.after: QImage | None = None
        self.photo_size: tuple[int, int] = (1, 1)  # (width, height) of the real photo
        self.sharp: tuple[QRectF, QImage | None, QImage | None] | None = None  # photo region, before, after
        self.divider = 0.5  # fraction of the widget's width
        self.side_by_side = False
        self.only_after = False  # a pane that shows one colour picture (Compare models)
        self.caption = ""
        self.busy = False  # a new picture is on its way: a marker says so
        self.busy_text = "Colorizing…"
        self.moving = False  # a film's preview plays: pins wait for the still frame
        self._hints_wanted = False
        self.scale = 1.0
        self.origin = QPointF(0, 0)  # where the photo's top-left corner is drawn (in the first pane)
        self.message = "Drop photos, films or folders here"
        self._dragging: str | None = None
        self._last = QPointF()
        self._fitted = True
        self.near_divider = False
        self.hints_mode = False
        self.hints: list[ColorHint] = []
        self.selected_hint: int | None = None
        self.brush_size = DEFAULT_SIZE  # the hint patch, as a fraction of the photo's long side
        self.hover: QPointF | None = None
        self._press = QPointF()
        self._drag_origin = QPointF()
        self.setMinimumSize(260, 200)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Photo: before and after")
        self.keys = ViewKeys(self)  # zoom, pan, divider and hints by keyboard
        self._by_keyboard = False

    # ----- content ------------------------------------------------------------------
    def set_images(self, before: QImage, after: QImage | None, photo_size: tuple[int, int] | None = None) -> None:
        """Show a new pair; a new photo is fitted, a re-colorized one keeps zoom and pan.

        ``photo_size`` (width, height): the real photo's, when ``before`` is a shrunk preview.
        """
        size = tuple(photo_size) if photo_size else (before.width(), before.height())
        same = self.before is not None and size == self.photo_size
        self.before, self.after, self.photo_size = before, after, size
        if not same:
            self.sharp = None
        elif self.sharp is not None:
            self.sharp = (self.sharp[0], self.sharp[1], None)  # the colours changed: only the grey side still holds
        if not same or self._fitted:
            self.fit()
        self.update()

    def set_sharp(self, region: QRectF, before: QImage | None, after: QImage | None) -> None:
        """A sharp rendering of ``region`` (photo pixels), drawn over the scaled-up preview."""
        self.sharp = (QRectF(region), before, after)
        self.update()

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def set_busy(self, busy: bool, text: str = "Colorizing…") -> None:
        """The corner marker: ``text`` says what is on its way (a film's preview counts its frames)."""
        self.busy, self.busy_text = busy, text
        self.update()

    def clear(self, message: str = "Drop photos, films or folders here") -> None:
        self.before = self.after = self.sharp = None
        self.set_message(message)

    def set_side_by_side(self, enabled: bool) -> None:
        """Before and after in two panes that zoom and pan together, instead of the divider."""
        if enabled == self.side_by_side:
            return
        centre = self._photo_point_at_centre()
        self.side_by_side = enabled
        if self._fitted or centre is None:
            self.fit()
        else:
            self.origin = self.pane_centre() - centre * self.scale
            self._changed()

    # ----- hints --------------------------------------------------------------------
    def set_hints_mode(self, enabled: bool) -> None:
        """Pins are placed by clicking (``enabled``); never while a film's preview plays (``set_moving``)."""
        self._hints_wanted = enabled
        self.hints_mode = enabled and not self.moving
        self._rest_cursor()
        if self._fitted:
            self.fit()
        else:
            self._changed()

    def set_moving(self, moving: bool) -> None:
        """A film's preview plays here: a click must not pin the still frame where another frame is shown."""
        self.moving = moving
        self.set_hints_mode(self._hints_wanted)

    def _rest_cursor(self) -> None:
        if self.hints_mode:
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.unsetCursor()

    def set_hints(self, hints: list[ColorHint], selected: int | None = None) -> None:
        self.keys.forget()  # (a pin moved by arrows and not yet reported belongs to the hints replaced)
        self.hints = list(hints)
        self.selected_hint = selected if selected is not None and selected < len(hints) else None
        self.update()

    def set_brush_size(self, size: float) -> None:
        self.brush_size = size
        self.update()

    def brush_side(self) -> float:
        """The brush's side on screen, in pixels."""
        return self.brush_size * max(self.photo_size) * self.scale

    def pin_position(self, hint: ColorHint) -> QPointF:
        rect = self.image_rect()
        return QPointF(rect.x() + hint.x * rect.width(), rect.y() + hint.y * rect.height())

    def relative_point(self, position: QPointF) -> tuple[float, float] | None:
        rect = self.image_rect()
        if rect.isEmpty() or not rect.contains(position):
            return None
        return (position.x() - rect.x()) / rect.width(), (position.y() - rect.y()) / rect.height()

    def hint_at(self, position: QPointF) -> int | None:
        for index in reversed(range(len(self.hints))):
            offset = self.pin_position(self.hints[index]) - position
            if offset.x() ** 2 + offset.y() ** 2 <= (PIN_RADIUS + 3) ** 2:
                return index
        return None

    def select_hint(self, index: int | None) -> None:
        self._select(index)

    def _select(self, index: int | None) -> None:
        self.selected_hint = index
        self.hint_selected.emit(-1 if index is None else index)
        self.update()

    def _hint_press(self, event) -> None:
        position = event.position()
        index = self.hint_at(position)
        if event.button() == Qt.MouseButton.RightButton:
            if index is not None:
                self.hint_removed.emit(index)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = self._last = position
        if index is not None:
            self._select(index)
            self._dragging = "hint"
        else:
            self._dragging = "click-or-pan"

    def _hint_release(self, event) -> None:
        position = event.position()
        moved = (position - self._press).manhattanLength() > CLICK_SLOP
        if self._dragging == "hint" and moved and self.selected_hint is not None:
            hint = self.hints[self.selected_hint]
            self.hint_moved.emit(self.selected_hint, hint.x, hint.y)
        elif self._dragging == "click-or-pan" and not moved:
            point = self.relative_point(position)
            if point is not None:
                self.hint_added.emit(*point)

    # ----- events -------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """Moved to a screen of another scaling: the zoom's percentage and the sharp render count
        the new screen's pixels (the label kept the old screen's figure until the next zoom).
        Before a shortcut or a click acts, a pin moved by arrows is reported (Ctrl+Z within the
        moment undid the step before and dropped the move); Escape lets a pin go here rather
        than cancel a batch."""
        kind = event.type()
        if kind == QEvent.Type.DevicePixelRatioChange:
            self._changed()
        elif kind == QEvent.Type.ShortcutOverride and self.keys.takes(event):
            event.accept()
            return True
        elif kind == QEvent.Type.ShortcutOverride and not self.keys.own_key(event) or kind == QEvent.Type.MouseButtonPress:
            self.keys.report_move()
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._fitted:
            self.fit()
        else:
            self.view_changed.emit()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        if not self.before:
            return
        steps = event.angleDelta().y() / 120
        self.zoom_to(self.scale * (1.25**steps), event.position())

    def _divider_grabbable(self, position: QPointF) -> bool:
        if self.hints_mode or self.only_after or self.panes_shown() or self.after is None or not self.before:
            return False
        distance = abs(position.x() - self.divider_x())
        on_grip = abs(position.y() - self.height() / 2) <= compare_paint.GRIP_HEIGHT / 2 + 4
        return distance <= (compare_paint.GRIP_WIDTH / 2 + 4 if on_grip else GRAB_DISTANCE)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._drag_origin = QPointF(self.origin)  # where a pan puts the photo before it is snapped to the screen's pixels
        if self.hints_mode and self.before:
            self._hint_press(event)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        near_divider = self._divider_grabbable(event.position())
        self._dragging = "divider" if near_divider else "pan"
        self._last = event.position()
        self.setCursor(Qt.CursorShape.SplitHCursor if near_divider else Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        position = event.position()
        self.hover = position
        if self._dragging == "hint" and self.selected_hint is not None:
            rect = self.image_rect()
            x = min(1.0, max(0.0, (position.x() - rect.x()) / rect.width()))
            y = min(1.0, max(0.0, (position.y() - rect.y()) / rect.height()))
            old = self.hints[self.selected_hint]
            self.hints[self.selected_hint] = ColorHint(x, y, old.color, old.size)
            self.update()
            return
        if self._dragging == "click-or-pan" and (position - self._press).manhattanLength() > CLICK_SLOP:
            self._dragging = "pan"
        if self._dragging == "divider":
            self.divider = min(1.0, max(0.0, position.x() / max(1, self.width())))
            self.update()
        elif self._dragging == "pan":
            self._drag_origin = self._kept_in_view(self._drag_origin + position - self._last)
            self.origin = QPointF(self._drag_origin)
            self._snap_to_screen_pixels()
            self._last = position
            self._fitted = False
            self.view_changed.emit()
            self.update()
        elif self.hints_mode:
            self.update()  # the brush outline follows the pointer
        else:
            near = self._divider_grabbable(position)
            if near != self.near_divider:
                self.near_divider = near
                self.update()
            self.setCursor(Qt.CursorShape.SplitHCursor if near else Qt.CursorShape.OpenHandCursor)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.hover, self.near_divider = None, False
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.hints_mode:
            self._hint_release(event)
        self._dragging = None
        self._rest_cursor()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.fit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.keys.press(event):
            self._by_keyboard = True
            self.update()
        else:
            super().keyPressEvent(event)

    def keyboard_focus(self) -> bool:
        """Focus came by keyboard (Tab) or keys were used here: the frame and the keys' help show
        (a click on the photo gives it focus too, with no frame: the mouse user knows where it is)."""
        return self.hasFocus() and self._by_keyboard

    def focusInEvent(self, event) -> None:  # noqa: N802
        reasons = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason)
        self._by_keyboard = event.reason() in reasons
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.keys.report_move()  # a pin moved by arrows, before a swatch or a button acts on it
        self.update()
        super().focusOutEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            compare_paint.paint(self, painter)
        finally:
            painter.end()
