"""The main window: tabs for colorizing and training, menus (app/menus.py), the theme, drag and drop anywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QTabWidget

from colorizer_app import __version__
from colorizer_app.core.model_files import (
    CARD_SUFFIX,
    WEIGHTS_SUFFIX,
    ModelExistsError,
    ModelFileError,
    builtin_models_dir,
    import_model,
    read_entry,
    user_models_dir,
)
from colorizer_app.ui.app.menus import WindowMenus
from colorizer_app.ui.app.quitting import stop_training_then_close
from colorizer_app.ui.colorize.commands import ColorizeCommands
from colorizer_app.ui.colorize.model_cache import ModelCache
from colorizer_app.ui.colorize.page import ColorizePage
from colorizer_app.ui.look import enter_clicks
from colorizer_app.ui.look.icons import IconSet
from colorizer_app.ui.look.theme import app_theme
from colorizer_app.ui.settings import AppSettings
from colorizer_app.ui.train import questions
from colorizer_app.ui.train.model_naming import import_name
from colorizer_app.ui.train.page import TrainPage

MODEL_SUFFIXES = (WEIGHTS_SUFFIX, CARD_SUFFIX)
FRAME_ROOM = 16  # pixels left around the first window for its frame (three times that for the title bar)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings.load()
        self.theme = app_theme()
        self.theme.set_choice(self.settings.theme)  # before the widgets: they start in the right colours
        self.icons = IconSet()
        self.setWindowTitle("Colorizer")
        self.setAcceptDrops(True)
        self.models = ModelCache()
        self.colorize = ColorizePage(self.settings, self.models)
        self.tabs = QTabWidget()
        self.train = TrainPage(self.settings)
        self.tabs.addTab(self.colorize, "Colorize")
        self.tabs.addTab(self.train, "Train")
        self.train.model_added.connect(self._model_added)
        self.train.use_model.connect(self._use_model)
        self.train.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.setCentralWidget(self.tabs)
        self.colorize.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.menus = WindowMenus(self, ColorizeCommands.of(self.colorize))
        self.icons.decorate(self, QApplication.palette())
        self.tabs.currentChanged.connect(lambda _: self.icons.decorate(self, QApplication.palette()))
        self.theme.changed.connect(self._theme_changed)
        self.resize(self._first_size())
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromHex(self.settings.window_geometry.encode()))
        self.statusBar().showMessage("Drop black-and-white photos, films or folders anywhere on the window.")
        enter_clicks.install(self)  # Enter on a focused button clicks it, as Space does
        self.colorize.queue.setFocus()  # the keys start in the photo list (the tab bar shows no focus)

    def _first_size(self) -> QSize:
        """1280×800, or less on a smaller screen: the window and its frame fit on the screen."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return QSize(1280, 800)
        return QSize(1280, 800).boundedTo(screen.availableGeometry().size() - QSize(FRAME_ROOM, FRAME_ROOM * 3))

    # ----- theme --------------------------------------------------------------------
    def set_theme(self, choice: str) -> None:
        """View ▸ Theme: "system", "light" or "dark", for the whole app and remembered at once."""
        self.settings.theme = choice
        self.settings.save()
        self.theme.set_choice(choice)
        self.menus.theme_actions[self.theme.choice].setChecked(True)

    def _theme_changed(self, _dark: bool) -> None:
        self.icons.refresh(QApplication.palette())

    # ----- drag and drop ------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        models = [path for path in paths if path.suffix.lower() in MODEL_SUFFIXES]
        photos = [path for path in paths if path not in models]
        for model in models:
            self.import_model_file(model)
        if photos:
            self.tabs.setCurrentWidget(self.colorize)
            self.colorize.add_paths(photos)
        event.acceptProposedAction()

    # ----- models -------------------------------------------------------------------
    def choose_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a model", self.settings.last_model_folder, "Colorizer models (*.safetensors)")
        if path:
            self.settings.last_model_folder = str(Path(path).parent)
            self.import_model_file(Path(path))

    def import_model_file(self, path: Path) -> bool:
        """Add a model file to the list. One named as a built-in model ("default") takes a free
        name instead ("default-2"): under the built-in's name it was used in its place."""
        try:
            name = import_name(read_entry(path).card.name)
            try:
                entry = import_model(path, name=name)
            except ModelExistsError as error:
                answer = QMessageBox.question(self, "Replace the model?", f"{error}.\n\nReplace it with this one?")
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                entry = import_model(path, name=name, replace=True)
        except ModelFileError as error:
            QMessageBox.warning(self, "Cannot import this model", str(error))
            return False
        self.colorize.use_model(entry.name)
        renamed = " (its own name is that of a model that comes with Colorizer)" if name else ""
        self.statusBar().showMessage(f"Imported model {entry.name}{renamed}.", 8000)
        return True

    def _model_added(self, name: str) -> None:
        self.colorize.controls.models.reload()  # the model in use stays selected
        self.statusBar().showMessage(f"New model “{name}” is in the model list.", 8000)

    def _use_model(self, name: str) -> None:
        self.colorize.use_model(name)
        self.statusBar().showMessage(f"Colorizing with “{name}” now.", 8000)

    def show_about(self) -> None:
        import PySide6
        import torch
        from PySide6.QtCore import qVersion

        QMessageBox.about(
            self,
            "About Colorizer",
            f"<h3>Colorizer {__version__}</h3>"
            "<p>Turns black-and-white photos into colour ones, and trains your own models.</p>"
            f"<p>PyTorch {torch.__version__} · Qt {qVersion()} · PySide6 {PySide6.__version__}</p>"
            f"<p>Built-in models: {builtin_models_dir()}<br>Your models: {user_models_dir()}</p>"
            "<p>The default model's encoder started from EfficientNet-Lite0 (Tan &amp; Le, 2019), "
            "ImageNet weights under the Apache License 2.0.</p>",
        )

    # ----- closing ------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802
        if self.train.is_running():
            event.ignore()
            if not self.train.quitting and questions.ask_stop_and_quit(self):
                stop_training_then_close(self)
            return
        if self.colorize.is_busy():
            left = len(self.colorize.queue.photos(leave_out=("done", "skipped", "failed")))
            if not questions.ask_stop_batch_and_quit(self, left):
                event.ignore()
                return
            self.colorize.cancel_batch()
        self.colorize.store_settings(self.settings)
        self.settings.window_geometry = bytes(self.saveGeometry().toHex()).decode()
        self.settings.window_maximized = self.isMaximized()
        self.settings.save()
        super().closeEvent(event)
