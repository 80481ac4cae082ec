"""Compare models: the selected photo coloured by two or more models, side by side.

Why: choosing a model is easier by seeing them on one's own photo. This window only looks:
the model the batch uses and the photo's own edits stay as they are (each pane uses the
photo's saturation and colour hints, whatever model it shows). Its pictures are rendered on
a thread of its own, one at a time; the panes zoom and pan together, and zoomed in they
show the photo's real pixels like the main view (colorize/viewing/zoom.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from colorizer_app.core.colorize_settings import ColorizeSettings
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.colorize.photos.recipe import Recipe
from colorizer_app.ui.colorize.viewing.compare_view import CompareView
from colorizer_app.ui.colorize.viewing.render import PreviewPicture, render_preview
from colorizer_app.ui.colorize.viewing.zoom import ZoomRenderer
from colorizer_app.ui.look.model_words import item_text
from colorizer_app.ui.tasks.lane import Lane
from colorizer_app.ui.tasks.latest import Latest

MAX_PANES = 4
NOTE = "Each picture uses this photo's saturation and colour hints. Nothing here changes the photo or the batch."


class ModelPane(QWidget):
    """One model's picture of the photo, with a picker for the model."""

    def __init__(self, window: CompareModelsWindow) -> None:
        super().__init__()
        self.owner = window
        self.lane = window.lane  # for the sharp zoom window too: the editor is only used on this thread
        self.latest = Latest(self.lane, self)
        self.editor = None
        self.picker = QComboBox()
        self.picker.setAccessibleName("Model")
        for entry in window.entries:
            self.picker.addItem(item_text(entry), entry.name)
        self.view = CompareView()
        self.view.setAccessibleName("The photo coloured by this model")
        self.view.only_after = True
        self.view.setMinimumSize(240, 200)
        self.zoom = ZoomRenderer(self.view, self, self)
        self.picker.currentIndexChanged.connect(lambda _index: self.render())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        layout.addWidget(self.view, 1)

    def entry(self):
        index = self.picker.currentIndex()
        return self.owner.entries[index] if 0 <= index < len(self.owner.entries) else None

    def render(self) -> None:
        path, entry = self.owner.path, self.entry()
        if path is None or entry is None:
            return
        self.editor = None
        self.view.set_message(f"Colorizing with {item_text(entry)}…")
        models, settings, hints = self.owner.models, self.owner.settings(), self.owner.hints()
        self.latest.request(
            lambda task: render_preview(task, path, entry, models, settings, hints),  # the main preview's own render
            on_done=self._ready,
            on_error=lambda number, error: self._failed(number, error),
        )

    def _failed(self, number: int, error: Exception) -> None:
        if self.latest.is_newest(number):
            self.view.clear(f"Cannot colour this photo with this model: {error}")

    def _ready(self, number: int, picture: PreviewPicture) -> None:
        if not self.latest.is_newest(number):
            return
        new_photo = self.zoom.path != self.owner.path
        self.editor = picture.editor
        if new_photo:
            self.zoom.photo_changed(self.owner.path)
            self.view.before = None  # a new photo is fitted
        self.view.caption = self.picker.currentText()
        self.view.set_images(picture.after, picture.after, picture.photo_size)
        self.view.set_message("")
        self.zoom.picture_changed()
        self.owner.pane_ready(self)


@dataclass
class PhotoSource:
    """What Compare models reads of the Colorize tab: the selected photo and what it is made with."""

    current_path: Callable[[], Path | None]
    recipe_of: Callable[[Path], Recipe]  # the photo's model, saturation and hints (its own or the batch's)
    render_size: Callable[[], int]
    batch_model: Callable[[], str]
    entries: list  # the installed models (ModelEntry), in the selector's order
    models: ModelCache


class CompareModelsWindow(QWidget):
    """A separate window (not modal) that follows the photo selected in the Colorize tab: the tab
    calls ``show_photo`` when another photo is selected and ``photo_edited`` when its picture changes."""

    rendered = Signal()  # a pane has a new picture

    def __init__(self, source: PhotoSource, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.source = source
        self.models = source.models
        self.entries = list(source.entries)
        self.lane = Lane(1, self)  # every pane's pictures, one at a time
        self.path: Path | None = None
        self._shown_recipe = None
        self._syncing = False
        self.setWindowTitle("Compare models")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.note = QLabel(NOTE)
        self.note.setWordWrap(True)
        self.add_button = QPushButton("Add a model")
        self.remove_button = QPushButton("Remove the last")
        self.add_button.clicked.connect(self.add_pane)
        self.remove_button.clicked.connect(self.remove_pane)
        self.panes: list[ModelPane] = []
        self.pane_row = QHBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.pane_row, 1)
        layout.addLayout(buttons)
        for _ in range(min(2, max(1, len(self.entries)))):
            self.add_pane(render=False)
        self.resize(1100, 600)
        self.setFocusProxy(self.panes[0].picker)  # it opened with the keys on "Remove the last"
        closing = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)  # a window of its own: Escape closes it
        closing.activated.connect(self.close)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Never wider or taller than the screen it opens on (150% scaling, a small laptop)."""
        super().showEvent(event)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and (self.width() > screen.width() or self.height() > screen.height()):
            self.resize(min(self.width(), screen.width()), min(self.height(), screen.height()))

    # ----- what is shown ------------------------------------------------------------
    def recipe(self):
        return self.source.recipe_of(self.path) if self.path is not None else None

    def settings(self) -> ColorizeSettings:
        return ColorizeSettings(self.source.render_size(), self.recipe().saturation)

    def hints(self) -> list:
        return list(self.recipe().hints)

    def show_photo(self) -> None:
        """Show (and raise) the window for the photo selected in the Colorize tab."""
        first_time = not self.isVisible()
        self.show()
        self.raise_()
        if first_time:
            self.activateWindow()
            self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # the first model's picker
        self.path = self.source.current_path()
        if self.path is None:
            self.title.setText("Select a photo in the Colorize tab to compare models on it.")
            return
        if len(self.entries) < 2:
            self.title.setText(f"<b>{self.path.name}</b> — only one model is installed: train or import another to compare.")
        else:
            self.title.setText(f"<b>{self.path.name}</b> coloured by each model")
        self._render_all()

    def _render_all(self) -> None:
        self._shown_recipe = (self.path, self.recipe(), self.source.render_size())
        for pane in self.panes:
            pane.render()

    def photo_edited(self) -> None:
        """The photo's hints or saturation changed in the main window: the panes follow."""
        if self.isVisible() and self.path is not None and self.path == self.source.current_path():
            if self._shown_recipe != (self.path, self.recipe(), self.source.render_size()):
                self._render_all()

    # ----- panes --------------------------------------------------------------------
    def add_pane(self, render: bool = True) -> None:
        if len(self.panes) >= MAX_PANES:
            return
        pane = ModelPane(self)
        taken = {other.entry().name for other in self.panes if other.entry()}
        photo_model = self.recipe().model if self.path is not None else self.source.batch_model()
        names = [entry.name for entry in self.entries]
        wanted = photo_model if photo_model not in taken else next((name for name in names if name not in taken), None)
        if wanted in names:
            pane.picker.blockSignals(True)
            pane.picker.setCurrentIndex(names.index(wanted))
            pane.picker.blockSignals(False)
        pane.view.view_changed.connect(lambda source=pane: self._sync(source))
        self.panes.append(pane)
        self.pane_row.addWidget(pane, 1)
        self._update_buttons()
        if render:
            pane.render()

    def remove_pane(self) -> None:
        if len(self.panes) > 1:
            pane = self.panes.pop()
            pane.setParent(None)
            pane.deleteLater()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(len(self.panes) < min(MAX_PANES, len(self.entries)))
        self.remove_button.setEnabled(len(self.panes) > 1)

    def _sync(self, source: ModelPane) -> None:
        """Panes zoom and pan together."""
        if self._syncing or source.view.before is None:
            return
        self._syncing = True
        try:
            for pane in self.panes:
                if pane is not source and pane.view.before is not None and pane.zoom.path == source.zoom.path:
                    pane.view.set_view(source.view.scale, source.view.origin)
        finally:
            self._syncing = False

    def pane_ready(self, pane: ModelPane) -> None:
        others = [
            other for other in self.panes if other is not pane and other.view.before is not None and other.zoom.path == pane.zoom.path
        ]
        if others:  # a pane that arrives later takes the others' zoom and pan
            pane.view.set_view(others[0].view.scale, others[0].view.origin)
        self.rendered.emit()
