"""Words and looks (issue 14): the theme switch, icons, the Edit menu and moving between photos."""

import pytest
from conftest import make_model_file, natural_image, open_app_window

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QPalette  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication  # noqa: E402

from colorizer_app.core.model_files import user_models_dir  # noqa: E402
from colorizer_app.ui.app.window import MainWindow  # noqa: E402
from colorizer_app.ui.look import theme as themes  # noqa: E402
from colorizer_app.ui.look.icons import BUTTON_ICONS, icons_dir  # noqa: E402
from colorizer_app.ui.look.state_colours import MIN_CONTRAST, SERIES, contrast_ratio, state_colour  # noqa: E402
from colorizer_app.ui.settings import AppSettings  # noqa: E402
from colorizer_app.ui.train.loss_plot import TrainingPlots  # noqa: E402

Role = QPalette.ColorRole
MAIN_BUTTONS = (
    "Add photos…",
    "Add folder…",
    "Remove",
    "Clear",
    "Fit",
    "1:1",
    "Colorize all",
    "Cancel",
    "Save this photo",
    "Export selected",
    "Export all changed",
    "Open output folder",
    "Edit colour hints",
    "Undo",
    "Redo",
    "Clear all",
    "Scan folder",
    "Start training",
    "Stop",
    "Resume",
    "Save as a model",
)


@pytest.fixture(autouse=True)
def back_to_the_system_look():
    yield
    themes.app_theme().set_choice(themes.SYSTEM)  # the look is the application's: leave it as found


def photos(tmp_path, count=3):
    paths = []
    for index in range(count):
        paths.append(tmp_path / f"photo-{index}.png")
        Image.fromarray(natural_image(48, 64, seed=index)).convert("L").save(paths[-1])
    return paths


def is_dark() -> bool:
    return QApplication.palette().color(Role.Window).lightnessF() < 0.5


def icon_colour(icon) -> QColor:
    """The colour of an icon's strokes (its most opaque pixel)."""
    image = icon.pixmap(24, 24).toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return max(pixels, key=lambda colour: colour.alpha())


# ----- the theme ----------------------------------------------------------------------
def test_view_menu_switches_to_dark_and_back_and_the_choice_survives_a_restart(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    assert window.menus.theme_actions["system"].isChecked()
    window.menus.theme_actions["dark"].trigger()
    assert is_dark() and window.theme.is_dark()
    palette = QApplication.palette()
    assert contrast_ratio(palette.color(Role.Text), palette.color(Role.Base)) >= MIN_CONTRAST
    assert contrast_ratio(palette.color(Role.WindowText), palette.color(Role.Window)) >= MIN_CONTRAST
    # icons were drawn again in the dark theme's text colour, so they read on dark buttons
    assert icon_colour(window.menus.add_photos.icon()).name() == palette.color(Role.ButtonText).name()
    assert contrast_ratio(icon_colour(window.menus.undo.icon()), palette.color(Role.Button)) >= MIN_CONTRAST
    window.close()

    assert AppSettings.load().theme == "dark"
    again = MainWindow(AppSettings.load())
    qtbot.addWidget(again)
    assert is_dark() and again.menus.theme_actions["dark"].isChecked()
    again.menus.theme_actions["light"].trigger()
    assert not is_dark() and AppSettings.load().theme == "light"
    assert icon_colour(again.menus.add_photos.icon()).lightnessF() < 0.5
    again.menus.theme_actions["system"].trigger()
    assert AppSettings.load().theme == "system"


def test_following_the_system_changes_with_the_system(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)

    class DarkSystem:  # the offscreen platform has no colour scheme of its own
        @staticmethod
        def colorScheme():  # noqa: N802 (Qt's name)
            return Qt.ColorScheme.Dark

        @staticmethod
        def setColorScheme(scheme):  # noqa: N802
            pass

    real = window.theme.hints
    window.theme.hints = DarkSystem()
    try:
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert is_dark()
        window.menus.theme_actions["light"].trigger()
        assert not is_dark()  # a chosen look wins over the system's
    finally:
        window.theme.hints = real


def test_a_damaged_theme_setting_follows_the_system():
    assert themes.normalised("purple") == themes.SYSTEM
    assert themes.normalised("dark") == themes.DARK


def test_list_and_plot_colours_meet_the_contrast_in_both_themes(qtbot):
    for dark in (False, True):
        palette = themes.make_palette(dark)
        base, text = palette.color(Role.Base), palette.color(Role.Text)
        assert contrast_ratio(text, base) >= MIN_CONTRAST
        assert contrast_ratio(palette.color(Role.PlaceholderText), base) >= MIN_CONTRAST
        assert contrast_ratio(palette.color(Role.HighlightedText), palette.color(Role.Highlight)) >= MIN_CONTRAST
        assert contrast_ratio(palette.color(Role.ButtonText), palette.color(Role.Button)) >= MIN_CONTRAST
        for state in ("waiting", "working", "done", "failed", "changed"):
            colour = state_colour(state, base, text)
            assert colour != text and contrast_ratio(colour, base) >= MIN_CONTRAST, (dark, state)

    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.show()
    for choice in (themes.DARK, themes.LIGHT):
        themes.app_theme().set_choice(choice)
        qtbot.wait(20)  # Qt posts the new palette to each widget
        background = QColor(plots.colours["background"])
        assert (background.lightnessF() < 0.5) == (choice == themes.DARK)
        assert contrast_ratio(QColor(plots.colours["text"]), background) >= MIN_CONTRAST
        for series in SERIES:
            assert contrast_ratio(QColor(plots.colours[series]), background) >= MIN_CONTRAST, (choice, series)
        for series in ("validation", "accuracy", "colourfulness"):  # the legend's sample too
            assert plots.curves[series].scatter.opts["brush"].color().name() == plots.colours[series]


def test_list_rows_take_the_new_themes_colours(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    queue = window.colorize.queue
    window.colorize.add_paths(photos(tmp_path, 1))
    window.menus.theme_actions["dark"].trigger()
    qtbot.wait(20)
    base = queue.palette().base().color()
    assert base.lightnessF() < 0.5
    assert contrast_ratio(queue.list_model.foreground(queue.list_model.row(0)).color(), base) >= MIN_CONTRAST


# ----- icons --------------------------------------------------------------------------
def test_every_main_action_has_an_icon(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    buttons = {button.text().split(" (")[0]: button for button in window.findChildren(QAbstractButton) if button.text()}
    for text in MAIN_BUTTONS:
        assert text in buttons, text
        assert not buttons[text].icon().isNull(), text
    menus = window.menus
    for action in (
        menus.add_photos,
        menus.add_folder,
        menus.import_model,
        menus.open_output,
        menus.undo,
        menus.redo,
        menus.select_all,
        menus.previous,
        menus.next,
        menus.first,
        menus.last,
        menus.remove,
        menus.fit,
        *menus.theme_actions.values(),
    ):
        assert not action.icon().isNull(), action.text()
    shipped = {path.stem for path in icons_dir().glob("*.svg")}
    assert set(window.icons.names().values()) | set(BUTTON_ICONS.values()) == shipped  # all there, none unused
    assert "ISC License" in (icons_dir() / "LICENSE").read_text()
    assert '"resources" / "icons"' in (icons_dir().parents[1] / "build.spec").read_text()  # bundled


# ----- the Edit menu ------------------------------------------------------------------
def test_edit_undo_and_ctrl_z_undo_the_last_hint(qtbot, tmp_path):
    make_model_file(user_models_dir(), name="tiny")
    window = MainWindow(AppSettings(model="tiny", render_size=64, output_folder=str(tmp_path / "results")))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    page = window.colorize
    page.add_paths(photos(tmp_path, 2))
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    page.hints_panel.edit.setChecked(True)
    rect = page.compare.image_rect()
    for x in (0.3, 0.6):
        point = QPoint(round(rect.x() + x * rect.width()), round(rect.center().y()))
        qtbot.mouseClick(page.compare, Qt.MouseButton.LeftButton, pos=point)
    hints = page.hints_panel.photo_hints
    assert len(hints.hints) == 2
    assert window.menus.undo.isEnabled() and window.menus.undo.text() == "&Undo Add hint"

    window.menus.undo.trigger()
    assert len(hints.hints) == 1
    window.menus.redo.trigger()
    assert len(hints.hints) == 2

    page.compare.setFocus()
    qtbot.keyClick(page.compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one owner: once, not ambiguous
    assert len(hints.hints) == 1
    qtbot.keyClick(page.compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert hints.hints == []
    qtbot.keyClick(page.compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(hints.hints) == 1

    page.queue.setCurrentRow(1)  # another photo: nothing of its own to undo
    assert not window.menus.undo.isEnabled()
    page.queue.setCurrentRow(0)
    assert window.menus.undo.isEnabled()
    window.tabs.setCurrentWidget(window.train)  # hints are not on screen there
    assert not window.menus.undo.isEnabled()


def test_select_all_selects_every_photo(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    queue = window.colorize.queue
    assert not window.menus.select_all.isEnabled()
    window.colorize.add_paths(photos(tmp_path, 3))
    window.menus.select_all.trigger()
    assert len(queue.selected_photos()) == 3
    queue.clearSelection()
    window.colorize.compare.setFocus()
    qtbot.keyClick(window.colorize.compare, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(queue.selected_photos()) == 3


# ----- moving between photos ----------------------------------------------------------
def test_photo_keys_move_the_selection_and_delete_takes_a_photo_off_the_list_only(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    queue, view = window.colorize.queue, window.colorize.compare
    files = photos(tmp_path, 3)
    window.colorize.add_paths(files)
    assert queue.currentRow() == 0
    view.setFocus()
    for key, row in (
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_PageDown, 2),
        (Qt.Key.Key_PageDown, 2),
        (Qt.Key.Key_PageUp, 1),
        (Qt.Key.Key_Home, 0),
        (Qt.Key.Key_End, 2),
    ):
        qtbot.keyClick(view, key)
        assert queue.currentRow() == row, key
        assert [index.row() for index in queue.selectionModel().selectedIndexes()] == [row]
    window.menus.first.trigger()
    assert queue.currentRow() == 0
    window.menus.next.trigger()
    assert queue.currentRow() == 1
    assert window.menus.next.shortcut().toString() == "PgDown"  # shown in the Photo menu

    qtbot.keyClick(view, Qt.Key.Key_Delete)  # in the photo view Delete is for hints, never photos
    assert queue.count() == 3
    queue.setFocus()
    qtbot.keyClick(queue, Qt.Key.Key_Delete)
    assert queue.count() == 2 and all(path.exists() for path in files)
    assert queue.currentRow() == 1 and len(queue.selected_photos()) == 1  # the next photo, selected:
    qtbot.keyClick(queue, Qt.Key.Key_Delete)  # Delete again goes on (it did nothing)
    assert queue.count() == 1 and len(queue.selected_photos()) == 1
    queue.clearSelection()
    assert not window.menus.remove.isEnabled()  # nothing selected, nothing to remove


def test_in_a_text_box_ctrl_z_and_ctrl_a_keep_their_usual_meaning(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.colorize.add_paths(photos(tmp_path, 2))
    window.colorize.queue.clearSelection()
    box = window.colorize.controls.output_folder
    box.setFocus()
    before = box.text()
    qtbot.keyClicks(box, "-more")
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert box.selectedText() == box.text() and window.colorize.queue.selected_photos() == []
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == before


def test_view_menu_holds_side_by_side_and_compare_models_sharing_the_buttons_state(qtbot, tmp_path):
    window = open_app_window(qtbot, tmp_path)
    view_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&View")
    listed = [action.text() for action in view_menu.actions()]
    assert "&Side by side" in listed and "Co&mpare models…" in listed  # each with its Alt letter
    window.menus.side_by_side.trigger()
    assert window.colorize.compare.side_by_side and window.colorize.view_bar.side_by_side_action.isChecked()
    window.menus.side_by_side.trigger()
    assert not window.colorize.compare.side_by_side
    assert not window.menus.compare_models.icon().isNull()
