"""Before and after under a draggable divider, with zoom around the cursor and panning.

In hints mode the view shows the colour result with the user's hint pins: click to add
one, drag a pin to move it, right-click (or Delete) to remove it. The view only reports
these gestures; the page turns them into undoable changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from colorizer_app.core.hints import ColorHint

GRAB_DISTANCE = 8  # pixels either side of the divider that grab it
PIN_RADIUS = 8
CLICK_SLOP = 4  # a press that moves less than this is a click, not a pan
MIN_SCALE, MAX_SCALE = 0.02, 32.0


class CompareView(QWidget):
    """Left of the divider: the greyscale original; right: the colorized result."""

    zoom_changed = Signal(float)
    hint_added = Signal(float, float)  # relative x, y
    hint_moved = Signal(int, float, float)
    hint_removed = Signal(int)
    hint_selected = Signal(int)  # -1: none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before: QImage | None = None
        self.after: QImage | None = None
        self.divider = 0.5  # fraction of the widget's width
        self.scale = 1.0
        self.origin = QPointF(0, 0)  # where the image's top-left corner is drawn
        self.message = "Drop photos or folders here"
        self._dragging: str | None = None
        self._last = QPointF()
        self._fitted = True
        self.hints_mode = False
        self.hints: list[ColorHint] = []
        self.selected_hint: int | None = None
        self._press = QPointF()
        self.setMinimumSize(320, 240)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # ----- content ------------------------------------------------------------------
    def set_images(self, before: QImage, after: QImage | None) -> None:
        """Show a new pair; a new photo is fitted, a re-colorized one keeps zoom and pan."""
        same_size = self.before is not None and before.size() == self.before.size()
        self.before, self.after = before, after
        if not same_size or self._fitted:
            self.fit()
        self.update()

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def clear(self, message: str = "Drop photos or folders here") -> None:
        self.before = self.after = None
        self.set_message(message)

    # ----- geometry -----------------------------------------------------------------
    def fit(self) -> None:
        if not self.before:
            return
        width, height = self.before.width(), self.before.height()
        self.scale = max(MIN_SCALE, min(self.width() / width, self.height() / height))
        self.origin = QPointF((self.width() - width * self.scale) / 2, (self.height() - height * self.scale) / 2)
        self._fitted = True
        self.zoom_changed.emit(self.scale)
        self.update()

    def actual_size(self) -> None:
        self.zoom_to(1.0, QPointF(self.width() / 2, self.height() / 2))

    def zoom_to(self, scale: float, anchor: QPointF) -> None:
        """Zoom so the image point under ``anchor`` (widget coordinates) stays put."""
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        image_point = (anchor - self.origin) / self.scale
        self.scale = scale
        self.origin = anchor - image_point * scale
        self._fitted = False
        self.zoom_changed.emit(self.scale)
        self.update()

    def divider_x(self) -> float:
        return self.divider * self.width()

    def image_column_at_divider(self) -> float:
        """Which column of the photo the divider is over (may lie outside the photo)."""
        return (self.divider_x() - self.origin.x()) / self.scale

    def image_rect(self) -> QRectF:
        if not self.before:
            return QRectF()
        return QRectF(self.origin.x(), self.origin.y(), self.before.width() * self.scale, self.before.height() * self.scale)

    # ----- hints --------------------------------------------------------------------
    def set_hints_mode(self, enabled: bool) -> None:
        self.hints_mode = enabled
        self.update()

    def set_hints(self, hints: list[ColorHint], selected: int | None = None) -> None:
        self.hints = list(hints)
        self.selected_hint = selected if selected is not None and selected < len(hints) else None
        self.update()

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
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._fitted:
            self.fit()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        if not self.before:
            return
        steps = event.angleDelta().y() / 120
        self.zoom_to(self.scale * (1.25**steps), event.position())

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.hints_mode and self.before:
            self._hint_press(event)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        near_divider = abs(event.position().x() - self.divider_x()) <= GRAB_DISTANCE
        self._dragging = "divider" if near_divider else "pan"
        self._last = event.position()
        self.setCursor(Qt.CursorShape.SplitHCursor if near_divider else Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        position = event.position()
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
            self.origin += position - self._last
            self._last = position
            self._fitted = False
            self.update()
        else:
            near = abs(position.x() - self.divider_x()) <= GRAB_DISTANCE
            self.setCursor(Qt.CursorShape.SplitHCursor if near else Qt.CursorShape.OpenHandCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.hints_mode:
            self._hint_release(event)
        self._dragging = None
        self.unsetCursor()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.fit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        centre = QPointF(self.width() / 2, self.height() / 2)
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_to(self.scale * 1.25, centre)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_to(self.scale / 1.25, centre)
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        elif event.key() == Qt.Key.Key_1:
            self.actual_size()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.hints_mode and self.selected_hint is not None:
            self.hint_removed.emit(self.selected_hint)
        else:
            super().keyPressEvent(event)

    # ----- drawing ------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#26282b"))
        if not self.before:
            painter.setPen(QColor("#9aa0a6"))
            font = painter.font()
            font.setPointSize(13)
            painter.setFont(font)
            painter.drawText(self.rect().adjusted(20, 0, -20, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.scale < 2)
        target = self.image_rect()
        if self.hints_mode:
            painter.drawImage(target, self.after if self.after is not None else self.before)
            self._draw_pins(painter)
            self._draw_label(
                painter, "Colour hints: click to add, drag to move, right-click to remove", self.width() / 2, Qt.AlignmentFlag.AlignHCenter
            )
            return
        split = self.divider_x()
        if self.after is not None:
            painter.drawImage(target, self.after)
        painter.save()
        painter.setClipRect(QRectF(0, 0, split, self.height()) if self.after is not None else QRectF(self.rect()))
        painter.drawImage(target, self.before)
        painter.restore()
        if self.after is not None:
            painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
            painter.drawLine(QPointF(split, 0), QPointF(split, self.height()))
            painter.setBrush(QColor(255, 255, 255, 230))
            painter.drawEllipse(QPointF(split, self.height() / 2), 9, 9)
            self._draw_label(painter, "Before", 12, Qt.AlignmentFlag.AlignLeft)
            self._draw_label(painter, "After", self.width() - 12, Qt.AlignmentFlag.AlignRight)
        if self.message and self.after is None:
            self._draw_label(painter, self.message, self.width() / 2, Qt.AlignmentFlag.AlignHCenter)

    def _draw_pins(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for index, hint in enumerate(self.hints):
            centre = self.pin_position(hint)
            selected = index == self.selected_hint
            painter.setPen(QPen(QColor("black"), 4 if selected else 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, PIN_RADIUS + 2, PIN_RADIUS + 2)
            painter.setPen(QPen(QColor("#ffd54f") if selected else QColor("white"), 2))
            painter.setBrush(QColor(hint.color))
            painter.drawEllipse(centre, PIN_RADIUS, PIN_RADIUS)

    def _draw_label(self, painter: QPainter, text: str, x: float, align) -> None:
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 16
        left = x if align == Qt.AlignmentFlag.AlignLeft else x - width if align == Qt.AlignmentFlag.AlignRight else x - width / 2
        box = QRectF(left, 10, width, metrics.height() + 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
