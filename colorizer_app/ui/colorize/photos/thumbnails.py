"""Thumbnails for the photo list: decoded off the GUI thread, with stand-ins of the same size.

Every row always shows a picture of the same size (a blank tile while the thumbnail is
decoded, a "cannot open" tile for a broken file), so rows never change height.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QImageReader, QPainter, QPen, QPixmap

from colorizer_app.core.film import is_video_name

THUMBNAIL = 72


def read_thumbnail(path: str) -> QImage:
    """A small picture of ``path`` for the list (JPEGs decode scaled, cheaply); a null image when unreadable.

    ``path`` is the photo itself, or its colour result once that is written; a film's is a frame
    from early in it, marked as a film (film_thumbnail.py)."""
    if is_video_name(path):
        from colorizer_app.ui.colorize.photos.film_thumbnail import read_film_thumbnail

        return read_film_thumbnail(path, THUMBNAIL * 2)
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        reader.setScaledSize(size.scaled(THUMBNAIL * 2, THUMBNAIL * 2, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def _tile(fill: str) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(THUMBNAIL, THUMBNAIL)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(QRectF(4, 4, THUMBNAIL - 8, THUMBNAIL - 8), 6, 6)
    return pixmap, painter


def placeholder_icon() -> QIcon:
    """A plain grey tile, shown until the thumbnail is decoded."""
    pixmap, painter = _tile("#9aa0a6")
    painter.end()
    return QIcon(pixmap)


def broken_icon() -> QIcon:
    """A tile with a large "!" for a file that cannot be opened."""
    pixmap, painter = _tile("#b3261e")
    painter.setPen(QPen(QColor("white")))
    font = QFont()
    font.setPixelSize(THUMBNAIL // 2)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def square_icon(image) -> QIcon:
    """``image`` centred on a transparent square, so wide and tall photos take the same room."""
    pixmap = QPixmap(THUMBNAIL, THUMBNAIL)
    pixmap.fill(Qt.GlobalColor.transparent)
    scaled = QPixmap.fromImage(image).scaled(
        THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    painter = QPainter(pixmap)
    painter.drawPixmap((THUMBNAIL - scaled.width()) // 2, (THUMBNAIL - scaled.height()) // 2, scaled)
    painter.end()
    return QIcon(pixmap)
