"""A picture label that shrinks with its space instead of growing the window to the picture's size."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FitPicture(QLabel):
    """Shows its pixmap scaled to fit (never enlarged); a tall preview never makes the page taller."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._source = QPixmap()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setWordWrap(True)

    def setPixmap(self, pixmap: QPixmap) -> None:  # noqa: N802 (Qt's name)
        self._source = QPixmap(pixmap)
        self._show_scaled()

    def show_text(self, text: str) -> None:
        """No picture any more: ``text`` in its place."""
        self._source = QPixmap()
        self.clear()
        self.setText(text)

    def pixmap(self) -> QPixmap:
        """The whole picture, not the scaled copy on screen."""
        return self._source if not self._source.isNull() else super().pixmap()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(300, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(120, 80)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._show_scaled()

    def _show_scaled(self) -> None:
        if self._source.isNull():
            return
        size = self._source.size().boundedTo(self.size()) if self.width() > 1 and self.height() > 1 else self._source.size()
        shown = self._source.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        super().setPixmap(shown)
