"""The desktop app, driven like a user would: drops, clicks, cancel, compare view."""

import numpy as np
import pytest
from conftest import make_model_file, natural_image
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from colorizer_app.core.model_files import user_models_dir  # noqa: E402
from colorizer_app.ui.app.window import MainWindow  # noqa: E402
from colorizer_app.ui.colorize.viewing.compare_view import CompareView  # noqa: E402
from colorizer_app.ui.settings import AppSettings  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path):
    make_model_file(user_models_dir(), name="tiny")
    settings = AppSettings(model="tiny", render_size=64, output_folder=str(tmp_path / "results"))
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    return main


def drop(widget, paths):
    """A real drag: enter (which the window must accept), then drop."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_dropping_a_folder_fills_the_queue_once(window, photo_folder):
    drop(window, [photo_folder])
    queue = window.colorize.queue
    assert queue.count() == 3
    drop(window, [photo_folder, photo_folder / "portrait.jpg"])
    assert queue.count() == 3  # duplicates are not added twice
    names = sorted(record.source.name for record in queue.list_model.rows())
    assert names == ["beach.png", "house.tif", "portrait.jpg"]


def test_batch_writes_outputs_and_reports_each_photo(window, photo_folder, qtbot, tmp_path):
    (photo_folder / "broken.jpg").write_bytes(b"not a jpeg")  # found when added: left out of the batch
    whole = (photo_folder / "portrait.jpg").read_bytes()
    (photo_folder / "cut.jpg").write_bytes(whole[: len(whole) * 3 // 10])  # a good header: fails in the batch
    window.colorize.add_paths([photo_folder])
    qtbot.waitUntil(lambda: window.colorize.queue.failed_count() == 1, timeout=10000)
    assert window.colorize.run_button.isEnabled()
    with qtbot.waitSignal(window.colorize.batch_done, timeout=60000) as finished:
        qtbot.mouseClick(window.colorize.run_button, Qt.MouseButton.LeftButton)
    summary = finished.args[0]
    assert summary.count("done") == 3 and summary.count("failed") == 1 and len(summary.results) == 4
    assert (tmp_path / "results" / "album" / "1950s" / "beach.png").is_file()
    states = [record.text.split("\n")[1] for record in window.colorize.queue.list_model.rows()]
    assert sorted(states) == ["Done", "Done", "Done", "Failed", "Failed"]
    assert window.colorize.progress_label.text() == "Finished. 3 colorized, 1 failed. 1 photo that cannot be used was left out (see Retry)."


def test_cancel_stops_the_batch_and_leaves_no_partial_file(window, tmp_path, qtbot):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(30):
        Image.fromarray(natural_image(200, 300, seed=index)).convert("L").save(folder / f"{index:02d}.png")
    window.colorize.add_paths([folder])
    window.colorize.worker = None
    with qtbot.waitSignal(window.colorize.batch_done, timeout=60000) as finished:
        window.colorize.start_batch()
        qtbot.waitUntil(lambda: window.colorize.progress.value() >= 1, timeout=30000)
        qtbot.mouseClick(window.colorize.cancel_button, Qt.MouseButton.LeftButton)
    summary = finished.args[0]
    assert summary.cancelled and len(summary.results) < 30
    written = list((tmp_path / "results").rglob("*"))
    assert not [path for path in written if path.name.endswith(".part")]
    assert len([path for path in written if path.is_file()]) == summary.count("done")
    assert window.colorize.run_button.isEnabled()


def test_divider_position_maps_to_what_is_drawn(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    before = QImage(200, 100, QImage.Format.Format_RGB888)
    before.fill(QColor("black"))
    after = QImage(200, 100, QImage.Format.Format_RGB888)
    after.fill(QColor("white"))
    view.set_images(before, after)
    qtbot.mouseMove(view, QPoint(200, 100))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))  # grab the divider at the middle
    qtbot.mouseMove(view, QPoint(100, 100))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert view.divider == pytest.approx(0.25, abs=0.01)
    assert view.image_column_at_divider() == pytest.approx(50, abs=1)  # fitted at 2x, centred
    picture = view.grab().toImage()
    assert QColor(picture.pixel(80, 100)).lightness() < 30  # before (grey original) left of the divider
    assert QColor(picture.pixel(140, 100)).lightness() > 220  # after right of it


def test_wheel_zoom_keeps_the_point_under_the_cursor(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(400, 200)
    image = QImage(200, 100, QImage.Format.Format_RGB888)
    image.fill(QColor("grey"))
    view.set_images(image, image)
    anchor = QPointF(300, 60)
    image_point = (anchor - view.origin) / view.scale
    view.zoom_to(view.scale * 3, anchor)
    assert (anchor - view.origin) / view.scale == image_point
    view.actual_size()
    assert view.scale == 1.0
    view.fit()
    assert view.scale == 2.0


def test_a_model_named_as_a_built_in_one_is_imported_under_a_free_name(window, tmp_path):
    # imported as "default", it was used in the built-in default's place
    from colorizer_app.core.model_files import builtin_models_dir, find_model

    make_model_file(builtin_models_dir(), name="default")
    window.colorize.controls.models.reload()
    source = make_model_file(tmp_path / "downloads", name="default", seed=3)
    drop(window, [source])
    assert window.colorize.controls.models.current_name() == "default-2"
    assert find_model("default").origin == "built-in" and find_model("default-2").origin == "user"
    assert "comes with Colorizer" in window.statusBar().currentMessage()


def test_dropping_a_model_file_imports_it(window, tmp_path, monkeypatch):
    source = make_model_file(tmp_path / "downloads", name="from a friend")
    drop(window, [source])
    selector = window.colorize.controls.models
    assert selector.current_name() == "from a friend"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"junk")
    drop(window, [broken])
    assert warnings and "missing" in warnings[0]


def test_without_a_model_run_is_disabled_and_says_why(qtbot, photo_folder, tmp_path):
    main = MainWindow(AppSettings(output_folder=str(tmp_path / "out")))
    qtbot.addWidget(main)
    main.colorize.add_paths([photo_folder])
    assert not main.colorize.run_button.isEnabled()
    assert "No trained model" in main.colorize.run_button.toolTip()


def test_settings_are_remembered(qtbot, tmp_path):
    main = MainWindow(AppSettings(output_folder=str(tmp_path / "out")))
    qtbot.addWidget(main)
    main.colorize.controls.render_size.setValue(768)
    main.colorize.controls.saturation.setValue(1.3)
    for colour in ("#2050d0", "#c83232"):
        main.colorize.hints_panel.palette.remember(colour)
    main.close()
    restored = AppSettings.load()
    assert restored.render_size == 768 and restored.saturation == pytest.approx(1.3)
    assert restored.output_folder == str(tmp_path / "out") and restored.window_geometry
    assert restored.recent_colours == ["#c83232", "#2050d0"]  # the hint palette's, most recent first
    again = MainWindow(restored)
    qtbot.addWidget(again)
    assert again.colorize.hints_panel.palette.recent == ["#c83232", "#2050d0"]


def test_damaged_recent_colours_are_dropped_not_trusted():
    assert AppSettings(recent_colours=["#c83232", "red; DROP", 7, "#00ff00"]).recent_colours == ["#c83232", "#00ff00"]


def test_output_folder_defaults_to_pictures_not_the_inputs():
    assert AppSettings().output_folder.endswith("Colorizer")


def test_preview_shows_the_selected_photo_colorized(window, photo_folder, qtbot):
    window.colorize.add_paths([photo_folder / "portrait.jpg"])
    qtbot.waitUntil(lambda: window.colorize.compare.after is not None, timeout=30000)
    after = window.colorize.compare.after
    assert after.width() == 128 and after.height() == 96
    pixels = np.array([[QColor(after.pixel(x, y)).saturation() for x in range(0, 128, 8)] for y in range(0, 96, 8)])
    assert pixels.mean() > 5  # colour, not grey


def test_the_default_model_is_preselected_among_several(qtbot):
    from colorizer_app.core.model_files import builtin_models_dir
    from colorizer_app.ui.colorize.controls import ModelSelector

    for name in ("aardvark", "default", "fast"):
        make_model_file(builtin_models_dir(), name=name)
    selector = ModelSelector()
    qtbot.addWidget(selector)
    selector.reload()
    assert selector.current_name() == "default" and selector.count() == 3
    selector.reload(select="a model since deleted")
    assert selector.current_name() == "default"


def test_a_maximised_window_comes_back_maximised(qtbot, tmp_path):
    from colorizer_app.ui.app.starting_window import StartingWindow

    main = MainWindow(AppSettings(output_folder=str(tmp_path / "out")))
    qtbot.addWidget(main)
    main.showMaximized()
    qtbot.waitUntil(main.isMaximized)
    main.close()
    restored = AppSettings.load()
    assert restored.window_maximized
    starting = StartingWindow(restored)
    qtbot.addWidget(starting)
    built = []
    starting.hand_over(lambda: built.append(MainWindow(restored)) or built[0])
    qtbot.waitUntil(lambda: bool(built) and built[0].isVisible(), timeout=10000)
    qtbot.addWidget(built[0])
    assert built[0].windowState() & Qt.WindowState.WindowMaximized
