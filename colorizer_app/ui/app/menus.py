"""The window's menus: File, Edit, View, Photo and Help, each action with its icon and shortcut.

Why one place: every shortcut has a single owner here (Qt ignores a key bound twice in one
window), so the hints panel and the pages keep none of Ctrl+Z, Ctrl+Shift+Z or Ctrl+A.
Undo and Redo follow the selected photo's hint edits through a QUndoGroup. The keys that move
between photos (Page Up/Down, Home, End) work when the photo view has focus, leaving those keys
to the list, text boxes and sliders elsewhere; Delete belongs to the photo list's own action;
Colorize all (Ctrl+Enter) and Cancel (Escape) are the Colorize tab's (ui/colorize/layout.RunControls),
listed here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from colorizer_app.ui.colorize.commands import ColorizeCommands
from colorizer_app.ui.look import theme as themes

Key = QKeySequence.StandardKey


class WindowMenus(QObject):
    """Builds the menu bar of ``window`` (a MainWindow) and keeps its actions' states current;
    the Colorize tab is reached only through its ``ColorizeCommands``."""

    def __init__(self, window: QMainWindow, colorize: ColorizeCommands) -> None:
        super().__init__(window)
        self.window = window
        self.colorize = colorize
        self.queue = colorize.photos
        bar = window.menuBar()

        file_menu = bar.addMenu("&File")
        self.add_photos = self._action(file_menu, "Add &photos…", colorize.add_photos, "image-plus", Key.Open)
        self.add_folder = self._action(file_menu, "Add &folder…", colorize.add_folder, "folder-plus")
        self.import_model = self._action(file_menu, "&Import model…", window.choose_model_file, "file-input")
        file_menu.addSeparator()
        self.open_output = self._action(file_menu, "&Open output folder", colorize.open_output, "folder-open")
        file_menu.addSeparator()
        self.quit = self._action(file_menu, "&Quit", window.close, "log-out", Key.Quit)

        edit_menu = bar.addMenu("&Edit")
        self.undo_group = QUndoGroup(self)
        self.undo = self.undo_group.createUndoAction(window, "&Undo")
        self.redo = self.undo_group.createRedoAction(window, "&Redo")
        for action, key, icon in ((self.undo, Key.Undo, "undo-2"), (self.redo, Key.Redo, "redo-2")):
            action.setShortcuts(key)
            action.setToolTip(f"{action.text().replace('&', '')} the last change to the selected photo's colour hints")
            edit_menu.addAction(action)
            window.icons.give(action, icon, window.palette())
        edit_menu.addSeparator()
        self.select_all = self._action(edit_menu, "Select &all photos", self._select_all, "list-checks", Key.SelectAll)

        view_menu = bar.addMenu("&View")
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for choice, text, icon in (
            (themes.SYSTEM, "Follow the &system", "monitor"),
            (themes.LIGHT, "&Light", "sun"),
            (themes.DARK, "&Dark", "moon"),
        ):
            action = self._action(theme_menu, text, lambda checked=False, chosen=choice: window.set_theme(chosen), icon)
            action.setCheckable(True)
            action.setChecked(choice == themes.normalised(window.settings.theme))
            self.theme_group.addAction(action)
            self.theme_actions[choice] = action
        view_menu.addSeparator()
        self.fit = self._action(view_menu, "&Fit the photo in the view", colorize.fit, "scan")
        self.actual_size = self._action(view_menu, "&Actual size (1:1)", colorize.actual_size, "scan-search")
        view_menu.addSeparator()
        self.side_by_side, self.compare_models = colorize.side_by_side, colorize.compare_models
        for action, icon in ((self.side_by_side, "columns-2"), (self.compare_models, "layout-grid")):
            view_menu.addAction(action)
            window.icons.give(action, icon, window.palette())

        photo_menu = bar.addMenu("&Photo")
        self.previous = self._photo_key(photo_menu, "&Previous photo", lambda: self.queue.step(-1), "chevron-up", Qt.Key.Key_PageUp)
        self.next = self._photo_key(photo_menu, "&Next photo", lambda: self.queue.step(1), "chevron-down", Qt.Key.Key_PageDown)
        self.first = self._photo_key(photo_menu, "F&irst photo", lambda: self.queue.go_to(0), "arrow-up-to-line", Qt.Key.Key_Home)
        self.last = self._photo_key(
            photo_menu, "&Last photo", lambda: self.queue.go_to(self.queue.count() - 1), "arrow-down-to-line", Qt.Key.Key_End
        )
        photo_menu.addSeparator()
        self.save_photo = colorize.save_photo
        self.save_photo.setShortcut(Key.Save)
        self.save_photo.triggered.connect(lambda: self.window.tabs.setCurrentWidget(self.colorize.tab))
        photo_menu.addAction(self.save_photo)
        window.icons.give(self.save_photo, "save", window.palette())
        photo_menu.addSeparator()
        self.colorize_all, self.cancel = colorize.colorize_all, colorize.cancel
        for action, icon in ((self.colorize_all, "palette"), (self.cancel, "circle-x")):
            action.setParent(self.window)
            action.triggered.connect(lambda: self.window.tabs.setCurrentWidget(self.colorize.tab))
            photo_menu.addAction(action)
            window.icons.give(action, icon, window.palette())
        photo_menu.addSeparator()
        self.remove = colorize.remove_photos
        photo_menu.addAction(self.remove)
        window.icons.give(self.remove, "list-minus", window.palette())

        help_menu = bar.addMenu("&Help")
        self.about = self._action(help_menu, "&About Colorizer", window.show_about, "info")

        self.queue.current_changed.connect(self.follow_hints)  # after the page has shown the photo's hints
        self.queue.count_changed.connect(self.update_actions)
        self.queue.selection_changed.connect(self.update_actions)
        window.tabs.currentChanged.connect(self.follow_hints)
        window.tabs.currentChanged.connect(self.update_actions)
        self.follow_hints()
        self.update_actions()
        self.claim_keys()

    def claim_keys(self) -> None:
        """The menu is the one owner of Undo, Redo and Select all: any other action in the window
        that binds one of those keys loses that key (else Qt calls the key ambiguous and does nothing)."""
        mine = (self.undo, self.redo, self.select_all)
        owned = {sequence.toString() for action in mine for sequence in action.shortcuts()}
        for action in self.window.findChildren(QAction):
            if any(action is own for own in mine):
                continue
            keep = [sequence for sequence in action.shortcuts() if sequence.toString() not in owned]
            if len(keep) != len(action.shortcuts()):
                action.setShortcuts(keep)

    def _action(self, menu: QMenu, text: str, slot, icon: str, shortcut=None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.window.icons.give(action, icon, self.window.palette())
        return action

    def _photo_key(self, menu: QMenu, text: str, slot, icon: str, key: Qt.Key) -> QAction:
        """A Photo menu action whose key works while the photo view has focus."""
        action = self._action(menu, text, lambda: self._on_colorize_tab(slot), icon, QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.colorize.photo_view.addAction(action)
        return action

    def _on_colorize_tab(self, slot) -> None:
        self.window.tabs.setCurrentWidget(self.colorize.tab)
        slot()

    def _select_all(self) -> None:
        self.window.tabs.setCurrentWidget(self.colorize.tab)
        self.queue.selectAll()

    def follow_hints(self, *_) -> None:
        """Undo and Redo act on the selected photo's hints, while the Colorize tab is shown."""
        stack = self.colorize.hint_undo_stack() if self.window.tabs.currentWidget() is self.colorize.tab else None
        for old in self.undo_group.stacks():
            if old is not stack:
                self.undo_group.removeStack(old)
        if stack is not None and not self.undo_group.stacks():
            self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(stack)

    def update_actions(self, *_) -> None:
        has_photos = self.queue.count() > 0
        for action in (self.select_all, self.previous, self.next, self.first, self.last):
            action.setEnabled(has_photos)
        self.remove.setEnabled(self.queue.selectionModel().hasSelection() and not self.queue.batch_running)
