"""Before and after under a draggable divider, with zoom around the cursor and panning."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

GRAB_DISTANCE = 8  # pixels either side of the divider that grab it
MIN_SCALE, MAX_SCALE = 0.02, 32.0


class CompareView(QWidget):
    """Left of the divider: the greyscale original; right: the colorized result."""

    zoom_changed = Signal(float)

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
        if event.button() != Qt.MouseButton.LeftButton:
            return
        near_divider = abs(event.position().x() - self.divider_x()) <= GRAB_DISTANCE
        self._dragging = "divider" if near_divider else "pan"
        self._last = event.position()
        self.setCursor(Qt.CursorShape.SplitHCursor if near_divider else Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        position = event.position()
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
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.scale < 2)
        target = self.image_rect()
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
