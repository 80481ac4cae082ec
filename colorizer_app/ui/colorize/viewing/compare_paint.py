"""Drawing the compare view: pictures (with the sharp zoomed-in window over them), the divider
and its grip, the side-by-side panes, hint pins and the brush outline, and the labels.

Why apart from compare_view: the view's geometry and gestures are one concern, how it looks
another; each stays small enough to read.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen

from colorizer_app.ui.colorize.viewing.view_keys import KEYS_HELP

GRIP_WIDTH, GRIP_HEIGHT = 22, 52
PIN_RADIUS = 8
BACKGROUND = QColor("#26282b")


def paint(view, painter: QPainter) -> None:
    _content(view, painter)
    if view.keyboard_focus():  # the keys act on the photo: a frame says so (the view had no sign of focus)
        painter.setPen(QPen(view.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(view.rect()).adjusted(1, 1, -1, -1))
    if view.busy:
        busy_marker(view, painter)


def busy_marker(view, painter: QPainter) -> None:
    """ "Colorizing…" in the bottom-right corner while a new picture is on its way."""
    text = view.busy_text
    metrics = painter.fontMetrics()
    width, height = metrics.horizontalAdvance(text) + 34, metrics.height() + 10
    box = QRectF(view.width() - width - 10, view.height() - height - 10, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QPen(QColor("#8ab4f8"), 2.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    dot = QRectF(box.left() + 9, box.center().y() - 6, 12, 12)
    painter.drawArc(dot, 90 * 16, -270 * 16)  # a spinner's still: "working"
    painter.setPen(QColor("white"))
    painter.drawText(box.adjusted(26, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    painter.restore()


def _content(view, painter: QPainter) -> None:
    painter.fillRect(view.rect(), BACKGROUND)
    if not view.before:
        painter.setPen(QColor("#9aa0a6"))
        font = painter.font()
        font.setPointSize(13)
        painter.setFont(font)
        painter.drawText(view.rect().adjusted(20, 0, -20, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, view.message)
        return
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, view.screen_scale() < 2)
    if view.hints_mode or view.only_after:
        _picture(view, painter, "after", 0)
        if view.hints_mode:
            _pins(view, painter)
            _brush(view, painter)
            _label(
                painter,
                KEYS_HELP if view.keyboard_focus() else "Colour hints: click to add, drag to move, right\u2011click to remove",
                view.width() / 2,
                Qt.AlignmentFlag.AlignHCenter,
            )
        elif view.caption:
            _label(painter, view.caption, view.width() / 2, Qt.AlignmentFlag.AlignHCenter)
        return
    if view.panes_shown():
        _side_by_side(view, painter)
        return
    split = view.divider_x()
    if view.after is not None:
        _picture(view, painter, "after", 0)
    painter.save()
    painter.setClipRect(QRectF(0, 0, split, view.height()) if view.after is not None else QRectF(view.rect()))
    _picture(view, painter, "before", 0)
    painter.restore()
    if view.after is not None:
        _divider(view, painter, split)
        _label(painter, "Before", 12, Qt.AlignmentFlag.AlignLeft)
        _label(painter, "After", view.width() - 12, Qt.AlignmentFlag.AlignRight)
    if view.message and view.after is None:
        _label(painter, view.message, view.width() / 2, Qt.AlignmentFlag.AlignHCenter)


def _picture(view, painter: QPainter, side: str, pane: int) -> None:
    """The preview scaled to the zoom, then the sharp window of the same side over it."""
    image: QImage = view.after if side == "after" and view.after is not None else view.before
    painter.drawImage(view.image_rect(pane), image)
    if view.sharp is None:
        return
    region, sharp_before, sharp_after = view.sharp
    sharp = sharp_after if side == "after" and view.after is not None else sharp_before
    if sharp is not None:
        painter.drawImage(view.photo_rect_on_screen(region, pane), sharp)


def _side_by_side(view, painter: QPainter) -> None:
    half = view.pane_width()
    for pane, side in enumerate(("before", "after")):
        painter.save()
        painter.setClipRect(QRectF(pane * half, 0, half, view.height()))
        _picture(view, painter, side, pane)
        painter.restore()
    painter.setPen(QPen(QColor(0, 0, 0, 200), 3))
    painter.drawLine(QPointF(half, 0), QPointF(half, view.height()))
    _label(painter, "Before", 12, Qt.AlignmentFlag.AlignLeft)
    _label(painter, "After", half + 12, Qt.AlignmentFlag.AlignLeft)


def _divider(view, painter: QPainter, split: float) -> None:
    """The divider line and a grip in its middle that reads as "drag me sideways"."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    hot = view.near_divider or view._dragging == "divider"
    painter.setPen(QPen(QColor(0, 0, 0, 110), 4))
    painter.drawLine(QPointF(split, 0), QPointF(split, view.height()))
    painter.setPen(QPen(QColor(255, 255, 255, 240), 2))
    painter.drawLine(QPointF(split, 0), QPointF(split, view.height()))
    grip = QRectF(split - GRIP_WIDTH / 2, view.height() / 2 - GRIP_HEIGHT / 2, GRIP_WIDTH, GRIP_HEIGHT)
    painter.setPen(QPen(QColor(0, 0, 0, 160), 1.5))
    painter.setBrush(QColor("#ffd54f") if hot else QColor(255, 255, 255, 240))
    painter.drawRoundedRect(grip, GRIP_WIDTH / 2, GRIP_WIDTH / 2)
    centre = grip.center()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#3c4043"))
    for direction in (-1, 1):  # a small arrow each way
        tip = QPointF(centre.x() + direction * 7, centre.y())
        arrow = QPainterPath(tip)
        arrow.lineTo(tip.x() - direction * 5, centre.y() - 5)
        arrow.lineTo(tip.x() - direction * 5, centre.y() + 5)
        arrow.closeSubpath()
        painter.drawPath(arrow)
    for offset in (-14, 14):  # grip lines above and below the arrows
        painter.setPen(QPen(QColor("#3c4043"), 1.5))
        painter.drawLine(QPointF(centre.x() - 4, centre.y() + offset), QPointF(centre.x() + 4, centre.y() + offset))


def _pins(view, painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for index, hint in enumerate(view.hints):
        centre = view.pin_position(hint)
        selected = index == view.selected_hint
        if selected:  # the patch of colour this pin gives the model
            side = hint.size * max(view.photo_size) * view.scale
            painter.setPen(QPen(QColor("#ffd54f"), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side))
        painter.setPen(QPen(QColor("black"), 4 if selected else 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, PIN_RADIUS + 2, PIN_RADIUS + 2)
        painter.setPen(QPen(QColor("#ffd54f") if selected else QColor("white"), 2))
        painter.setBrush(QColor(hint.color))
        painter.drawEllipse(centre, PIN_RADIUS, PIN_RADIUS)


def _brush(view, painter: QPainter) -> None:
    """The brush's patch under the pointer: what a click would pin."""
    if view.hover is None or view.relative_point(view.hover) is None or view.hint_at(view.hover) is not None:
        return
    side = max(4.0, view.brush_side())
    box = QRectF(view.hover.x() - side / 2, view.hover.y() - side / 2, side, side)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(0, 0, 0, 200), 3))
    painter.drawRect(box)
    painter.setPen(QPen(QColor(255, 255, 255, 230), 1.5))
    painter.drawRect(box)


def _label(painter: QPainter, text: str, x: float, align) -> None:
    metrics = painter.fontMetrics()
    room = painter.window().width()  # the view's width in its own pixels
    # a narrow view (150% scaling, a small window) wraps the label onto more lines, never cuts it
    limit = int(room - 40) if room > 60 else metrics.horizontalAdvance(text)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    bound = metrics.boundingRect(QRect(0, 0, limit, 10_000), flags, text)
    width = bound.width() + 16
    left = x if align == Qt.AlignmentFlag.AlignLeft else x - width if align == Qt.AlignmentFlag.AlignRight else x - width / 2
    box = QRectF(left, 10, width, bound.height() + 8)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 150))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QColor("white"))
    painter.drawText(box, flags, text)
