"""The Colorize tab's photo list: broken files marked at once, Retry, results as thumbnails, progress."""

import io
import time

import pytest
from conftest import natural_image, open_tiny_model_window
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from colorizer_app.ui.colorize import output_folder  # noqa: E402
from colorizer_app.ui.colorize.photos.list_model import STATE_LABELS  # noqa: E402
from colorizer_app.ui.colorize.photos.list_view import PhotoQueue  # noqa: E402
from colorizer_app.ui.look.state_colours import DARK, LIGHT, MIN_CONTRAST, contrast_ratio  # noqa: E402
from colorizer_app.ui.look.words import duration_words, seconds_left  # noqa: E402

NOT_AN_IMAGE = "Not an image, or a format Colorizer cannot read"


@pytest.fixture
def page(qtbot, tmp_path):
    return open_tiny_model_window(qtbot, tmp_path).colorize


class OnGuiThread(QObject):
    """Calls ``function`` for a worker's signal on the GUI thread, after the page's own slots."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def call(self, *args):
        self.function(*args)


def state(queue, path):
    return queue.item_for(path).state


def icon_image(queue, record):
    return queue.list_model.icon_of(record).pixmap(72, 72).toImage()


def row_colour(queue, record):
    return queue.list_model.foreground(record).color()


def test_broken_files_are_marked_at_once_without_blocking_and_the_whole_reason_shows(page, qtbot, photo_folder):
    broken = photo_folder / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    (photo_folder / "empty.png").write_bytes(b"")
    page.add_paths([photo_folder])
    queue = page.queue
    assert state(queue, broken) == "waiting"  # add_paths returned before any check: the check runs on a worker thread
    qtbot.waitUntil(lambda: queue.failed_count() == 2, timeout=10000)
    assert state(queue, photo_folder / "portrait.jpg") == "waiting"
    record = queue.item_for(broken)
    assert record.text == "broken.jpg\nFailed"  # no reason cut off in the row...
    assert NOT_AN_IMAGE in record.tooltip
    assert icon_image(queue, record).pixelColor(10, 36) == QColor("#b3261e")  # the "cannot open" tile, not an empty one
    queue.set_current(broken)
    assert page.details.isVisible() and page.details.label.wordWrap()  # ...the whole reason is under the preview
    assert NOT_AN_IMAGE in page.details.label.text()
    assert page.details.label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.compare.before is None and "reason is below" in page.compare.message  # no render attempted
    assert page.failed_bar.isVisible() and "2 photos cannot be used" in page.failed_bar.label.text()
    queue.set_current(photo_folder / "portrait.jpg")
    assert not page.details.isVisible()


def test_a_folder_of_2000_photos_is_checked_while_the_window_stays_responsive(qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    data = io.BytesIO()
    Image.fromarray(natural_image(8, 8)).save(data, "JPEG")
    for index in range(2000):
        (folder / f"{index:04d}.jpg").write_bytes(data.getvalue())
    (folder / "9999.jpg").write_bytes(b"broken")
    queue = PhotoQueue()
    qtbot.addWidget(queue)
    queue.show()
    started = time.monotonic()
    queue.add_paths([folder])
    assert time.monotonic() - started < 5 and queue.count() == 2001
    ticks = [time.monotonic()]
    timer = QTimer(interval=20, timeout=lambda: ticks.append(time.monotonic()))
    timer.start()
    qtbot.waitUntil(lambda: queue.failed_count() == 1, timeout=60000)
    timer.stop()
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 2 and max(gaps) < 1.0  # the event loop kept running while 2,001 files were checked
    assert queue.item_for(folder / "9999.jpg").message == NOT_AN_IMAGE


def test_retry_checks_failed_photos_again_and_remove_failed_takes_them_off(page, qtbot, tmp_path):
    fixed, hopeless = tmp_path / "fixed.png", tmp_path / "hopeless.png"
    fixed.write_bytes(b"half-copied")
    hopeless.write_bytes(b"")
    page.add_paths([fixed, hopeless])
    qtbot.waitUntil(lambda: page.queue.failed_count() == 2, timeout=10000)
    assert page.queue.item_for(hopeless).message == "The file is empty"
    Image.fromarray(natural_image(seed=4)).save(fixed)  # the user copied the file again
    broken_tile = icon_image(page.queue, page.queue.item_for(fixed))
    qtbot.mouseClick(page.failed_bar.retry_button, Qt.MouseButton.LeftButton)
    assert state(page.queue, fixed) == "checking"
    qtbot.waitUntil(lambda: state(page.queue, fixed) == "waiting", timeout=10000)
    qtbot.waitUntil(lambda: icon_image(page.queue, page.queue.item_for(fixed)) != broken_tile, timeout=10000)  # its thumbnail now
    qtbot.waitUntil(lambda: state(page.queue, hopeless) == "failed", timeout=10000)
    assert page.failed_bar.isVisible() and "1 photo cannot be used" in page.failed_bar.label.text()
    qtbot.mouseClick(page.failed_bar.remove_button, Qt.MouseButton.LeftButton)
    assert page.queue.count() == 1 and page.queue.item_for(hopeless) is None
    assert not page.failed_bar.isVisible()
    page.add_paths([hopeless])  # removed for good: it can be added again
    assert page.queue.count() == 2


def test_rows_keep_one_height_and_finished_rows_show_the_colour_result(page, qtbot, photo_folder, tmp_path):
    (photo_folder / "broken.jpg").write_bytes(b"not a jpeg")
    page.add_paths([photo_folder])
    queue = page.queue

    def heights():
        return {queue.visualRect(queue.list_model.index(row)).height() for row in range(queue.count())}

    first = heights()
    qtbot.waitUntil(lambda: queue.failed_count() == 1, timeout=10000)
    qtbot.waitUntil(lambda: all(not icon_image(queue, record).isNull() for record in queue.list_model.rows()), timeout=10000)
    portrait = queue.item_for(photo_folder / "portrait.jpg")
    qtbot.waitUntil(lambda: icon_image(queue, portrait).pixelColor(36, 36) != QColor("#9aa0a6"), timeout=10000)
    grey_thumbnail = icon_image(queue, portrait)
    assert heights() == first and len(first) == 1
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
    result = tmp_path / "results" / "album" / "portrait.jpg"
    qtbot.waitUntil(lambda: queue.list_model.thumbnail_of(portrait) == result, timeout=10000)
    assert icon_image(queue, portrait) != grey_thumbnail
    assert heights() == first


def grey_roll(folder, count):
    """A folder of ``count`` small grey photos."""
    folder.mkdir()
    for index in range(count):
        Image.fromarray(natural_image(24, 32, seed=index)).convert("L").save(folder / f"{index:02d}.png")
    return folder


def test_the_list_follows_the_photo_being_colorized(page, qtbot, tmp_path):
    page.add_paths([grey_roll(tmp_path / "roll", 25)])
    page.queue.setFixedHeight(200)  # room for about two rows
    qtbot.wait(50)
    seen = []

    def check(path):
        index = page.queue.list_model.index_of(page.queue.item_for(path))
        seen.append(page.queue.viewport().rect().intersects(page.queue.visualRect(index)))

    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
        spy = OnGuiThread(check)
        page.worker.item_started.connect(spy.call)  # after the page's own slot, which scrolls
    assert len(seen) >= 20 and all(seen)


def test_the_list_cannot_be_emptied_while_a_batch_works_through_it(page, qtbot, tmp_path):
    # Clear during a batch emptied the list while the batch went on writing every photo, and it
    # ended "Finished. 12 colorized." beside an empty list
    page.add_paths([grey_roll(tmp_path / "roll", 6)])
    page.queue.selectAll()
    tried = []

    def try_to_empty(_path):
        if not tried:
            tried.append([button.isEnabled() for button in page.queue.list_changers] + [page.queue.remove_action.isEnabled()])
            page.queue.clear_all()  # as a click that got through, or the Delete key
            page.queue.remove_selected()
            page.queue.remove_failed()

    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
        spy = OnGuiThread(try_to_empty)
        page.worker.item_started.connect(spy.call)
    assert tried == [[False, False, False, False]]
    assert page.queue.count() == 6 and page.progress_label.text() == "Finished. 6 colorized."
    assert all(button.isEnabled() for button in page.queue.list_changers) and page.queue.remove_action.isEnabled()
    page.queue.clear_all()
    assert page.queue.count() == 0


def test_rows_say_what_is_in_the_output_folder_chosen_now(page, qtbot, photo_folder, tmp_path):
    # a new output folder left every row "Done" and "Colorized with …" beside an empty folder;
    # a photo added again whose result is there said "Waiting" (a restored session: "Already colorized")
    page.controls.output_folder.setText(str(tmp_path / "first"))
    page.add_paths([photo_folder])
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
    photos = [photo.source for photo in page.queue.photos()]
    assert {state(page.queue, path) for path in photos} == {"done"}
    page.edits_ui.edits.keep_own(photos[0], page.edits_ui.edits.default_model, 0.5)  # edited since its result
    assert page.edits_ui.edits.is_changed(photos[0])
    page.controls.output_folder.setText(str(tmp_path / "second"))
    qtbot.waitUntil(lambda: {state(page.queue, path) for path in photos} == {"waiting"}, timeout=5000)
    said = page.edits_ui.made_with(photos[1])
    assert said.startswith("Colorized with") and f"Saved in {tmp_path / 'first'}" in said and "not in the output folder chosen now" in said
    page.controls.output_folder.setText(str(tmp_path / "first"))
    qtbot.waitUntil(lambda: {state(page.queue, path) for path in photos} == {"skipped"}, timeout=5000)
    assert page.edits_ui.made_with(photos[1]).startswith("Colorized with") and "Saved in" not in page.edits_ui.made_with(photos[1])
    assert page.edits_ui.edits.is_changed(photos[0])  # what made each result is kept: Colorize all still redoes it
    page.queue.clear_all()
    page.add_paths([photo_folder])  # added again: its results are found
    assert {state(page.queue, path) for path in photos} == {"skipped"}


def test_a_typed_output_folder_is_looked_at_once_typing_ends_not_at_each_pause(page, qtbot, photo_folder, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page.add_paths([photo_folder])
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        page.start_batch()
    field = page.controls.output_folder
    page.window().activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    field.selectAll()
    QTest.keyClicks(field, str(tmp_path / "other"))
    qtbot.wait(600)  # a pause: every row would be planned again for a half-typed path
    assert {record.state for record in page.queue.session.photos()} == {"done"}
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert {record.state for record in page.queue.session.photos()} == {"waiting"}


def test_progress_and_time_left_count_only_photos_still_to_do(page, qtbot, photo_folder, tmp_path, monkeypatch):
    photos = [photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png", photo_folder / "1950s" / "house.tif"]
    (tmp_path / "results").mkdir()
    Image.fromarray(natural_image(seed=7)).save(tmp_path / "results" / "portrait.jpg")  # already colorized
    Image.fromarray(natural_image(seed=8)).save(tmp_path / "results" / "house.tif")
    page.add_paths(photos)
    totals, labels, plans = [], [], []
    planned_spy = OnGuiThread(lambda todo, already: plans.append((len(todo), len(already))))
    make_worker = page.edits_ui.worker_for

    def worker_with_plan_spy(*arguments):  # the plan comes at once: connected before the worker's thread starts
        worker = make_worker(*arguments)
        worker.planned.connect(planned_spy.call)
        return worker

    monkeypatch.setattr(page.edits_ui, "worker_for", worker_with_plan_spy)
    with qtbot.waitSignal(page.batch_done, timeout=60000) as finished:
        page.start_batch()
        # after the page's own slot (it sets the label), and long before a photo can be finished
        spy = OnGuiThread(lambda index, total, result, eta: (totals.append(total), labels.append(page.progress_label.text())))
        page.worker.item_finished.connect(spy.call)
    assert plans == [(1, 2)]
    assert totals == [1] and page.progress.maximum() == 100
    assert labels == ["1 of 1 colorized (2 already colorized)"]
    assert finished.args[0].count("skipped") == 2
    assert page.progress_label.text() == "Finished. 1 colorized, 2 already colorized."
    portrait = page.queue.item_for(photos[0])
    assert portrait.text.endswith("Already colorized") and STATE_LABELS["skipped"] == "Already colorized"
    assert row_colour(page.queue, portrait) == row_colour(page.queue, page.queue.item_for(photos[1]))  # calm, like Done
    page.queue.set_current(photos[0])
    assert not page.details.isVisible()  # nothing to warn about


def test_time_left_in_plain_words():
    assert seconds_left(elapsed=10, finished=2, total=5) == 15
    assert seconds_left(elapsed=0, finished=0, total=5) == 0
    assert duration_words(4) == "a few seconds"
    assert duration_words(42) == "about 40 seconds"
    assert duration_words(185) == "about 3 minutes"
    assert duration_words(4800) == "about 1 hour 20 minutes"


def test_state_colours_are_readable_on_light_and_dark_lists(page, qtbot, tmp_path):
    for colours, backgrounds in ((LIGHT, ["#ffffff", "#f5f5f5"]), (DARK, ["#1e1e1e", "#2d2d2d", "#353535"])):
        for background in backgrounds:
            for state_name, colour in colours.items():
                ratio = contrast_ratio(QColor(colour), QColor(background))
                assert ratio >= MIN_CONTRAST, (state_name, colour, background, ratio)
    assert LIGHT["skipped"] == LIGHT["done"] and DARK["skipped"] == DARK["done"]  # not a warning colour
    photo = tmp_path / "a.png"
    Image.fromarray(natural_image()).save(photo)
    page.add_paths([photo])
    record = page.queue.list_model.row(0)
    base = page.queue.palette().base().color()
    for state_name in STATE_LABELS:
        page.queue.set_state(record, state_name)
        assert contrast_ratio(row_colour(page.queue, record), base) >= MIN_CONTRAST, state_name


def test_open_output_folder_says_where_the_results_are_when_no_file_manager_opens(page, qtbot, monkeypatch, tmp_path):
    class NoFileManager:
        @staticmethod
        def openUrl(url):  # noqa: N802 (Qt's name)
            return False

    monkeypatch.setattr(output_folder, "QDesktopServices", NoFileManager)
    folder = tmp_path / "results"
    with qtbot.waitSignal(page.status) as status:
        qtbot.mouseClick(page.open_output, Qt.MouseButton.LeftButton)
    assert str(folder) in status.args[0] and "No file manager" in status.args[0]
    box = next(widget for widget in QApplication.topLevelWidgets() if widget.objectName() == "output-folder-message")
    assert box.isVisible() and str(folder) in box.text()
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    copy = next(button for button in box.buttons() if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole)
    copy.click()
    assert QGuiApplication.clipboard().text() == str(folder)
