"""A film's row picture: a frame from early in the film with sprocket holes down its sides and
its length in a corner, so a film is told from a photo at a glance.

Drawn on a worker thread (QImage and QPainter on an image are safe off the GUI thread).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from colorizer_app.core.film import clock

FIRST_SECONDS = 1.0  # a frame this far in (or a tenth of a short film): the first is often black


def read_film_thumbnail(path: str, size: int) -> QImage:
    """A small picture of the film at ``path`` fitting ``size`` pixels; a null image when unreadable."""
    from colorizer_app.core.film.frames import early_frame
    from colorizer_app.core.shrink import shrink

    try:
        frame, duration = early_frame(path, FIRST_SECONDS)
        pixels = shrink(frame, size)
    except Exception:  # noqa: BLE001 (the row shows its "cannot open" tile; the check says why)
        return QImage()
    height, width, _ = pixels.shape
    image = QImage(pixels.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888).convertToFormat(
        QImage.Format.Format_ARGB32_Premultiplied
    )
    mark_as_film(image, clock(duration))
    return image


def mark_as_film(image: QImage, length: str) -> None:
    """Sprocket holes on dark bands down both sides, and the film's length in the lower right corner."""
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    band = max(6, image.width() // 12)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(20, 20, 20, 220))
    painter.drawRect(QRectF(0, 0, band, image.height()))
    painter.drawRect(QRectF(image.width() - band, 0, band, image.height()))
    painter.setBrush(QColor(235, 235, 235))
    hole = band * 0.5
    for top in range(int(band * 0.4), image.height() - int(hole), int(band * 1.2)):
        for left in (band * 0.25, image.width() - band * 0.75):
            painter.drawRoundedRect(QRectF(left, top, hole, hole), 1.5, 1.5)
    font = QFont()
    font.setPixelSize(max(10, image.height() // 6))
    font.setBold(True)
    painter.setFont(font)
    text_rect = painter.fontMetrics().boundingRect(length).adjusted(-4, -1, 4, 1)
    text_rect.moveBottomRight(image.rect().bottomRight())
    text_rect.translate(-band - 2, -3)
    painter.setBrush(QColor(0, 0, 0, 190))
    painter.drawRoundedRect(QRectF(text_rect), 3, 3)
    painter.setPen(QColor("white"))
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, length)
    painter.end()
