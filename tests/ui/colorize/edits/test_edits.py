"""Per-photo edits reach the file: changed marks, Save this photo, exports, made-with words, session restore."""

import json

import numpy as np
import pytest
from conftest import make_model_file, open_tiny_model_window, set_row_selected
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from colorizer_app.core.hints import ColorHint, sidecar_path  # noqa: E402
from colorizer_app.core.model_files import user_models_dir  # noqa: E402
from colorizer_app.core.user_folders import session_file  # noqa: E402
from colorizer_app.ui.colorize.photos.list_model import CHANGED_LABEL  # noqa: E402


def open_window(qtbot, tmp_path):
    return open_tiny_model_window(qtbot, tmp_path, size=(1280, 800))


@pytest.fixture
def models():
    make_model_file(user_models_dir(), name="tiny")
    make_model_file(user_models_dir(), name="other", seed=5)


@pytest.fixture
def page(qtbot, tmp_path, photo_folder, models):
    colorize = open_window(qtbot, tmp_path).colorize
    colorize.add_paths([photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png", photo_folder / "1950s" / "house.tif"])
    qtbot.waitUntil(lambda: colorize.compare.after is not None, timeout=30000)
    return colorize


def colorize_all(page, qtbot):
    with qtbot.waitSignal(page.batch_done, timeout=60000) as done:
        click(qtbot, page.run_button)
    return done.args[0]


def click(qtbot, button):
    """Click once the button is enabled (the buttons follow the list a moment later)."""
    qtbot.waitUntil(button.isEnabled)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def row_state(page, path):
    return page.queue.item_for(path).text.split("\n")[1]


def pixels(path):
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)


def select(page, qtbot, path):
    page.queue.set_current(path)
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)


def choose_model(page, name):
    page.controls.models.setCurrentIndex(page.controls.models.findData(name))


def test_a_hint_marks_the_photo_changed_and_save_this_photo_writes_only_its_output(page, qtbot, tmp_path, photo_folder):
    portrait, beach = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"
    assert colorize_all(page, qtbot).count("done") == 3
    output = tmp_path / "results" / "portrait.jpg"
    other = tmp_path / "results" / "beach.png"
    first, input_bytes, other_bytes = pixels(output), portrait.read_bytes(), other.read_bytes()
    assert "Colorized with tiny — your model, saturation 1.0, no hints" in page.edits_ui.result_line.text()
    assert page.edits_ui.result_line.isVisible()

    page.hints_ui.current.add(ColorHint(0.5, 0.5, "#ff0000", 0.2))  # a big red patch: the colours must move
    assert row_state(page, portrait) == CHANGED_LABEL
    assert "Preview: tiny — your model, saturation 1.0, 1 hint" in page.queue.item_for(portrait).tooltip
    assert "Save this photo" in page.edits_ui.result_line.text()
    assert row_state(page, beach) == "Done"  # the others are not touched
    qtbot.waitUntil(lambda: page.edits_ui.buttons.changed.text() == "Export all changed (1)")  # counted a moment later

    with qtbot.waitSignal(page.batch_done, timeout=60000) as done:
        click(qtbot, page.edits_ui.buttons.save)
    assert done.args[0].count("done") == 1 and len(done.args[0].results) == 1
    assert np.abs(pixels(output) - first).mean() > 1  # the hint reached the file
    assert portrait.read_bytes() == input_bytes  # the input is never written
    assert other.read_bytes() == other_bytes  # nor another photo's result
    assert sidecar_path(output).is_file()
    assert row_state(page, portrait) == "Done"
    assert "saturation 1.0, 1 hint." in page.edits_ui.result_line.text()
    qtbot.waitUntil(lambda: not page.edits_ui.buttons.changed.isEnabled())


def only_this_photo(page, qtbot, ticked=True):
    """Tick (or clear) *Only this photo* under the settings, as a click would."""
    check = page.edits_ui.scope.check
    assert check.isVisible() and check.isChecked() != ticked
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert check.isChecked() == ticked


def test_the_selector_sets_the_batch_and_only_this_photo_keeps_its_own(page, qtbot, photo_folder, tmp_path):
    """Issue 26 (the whole-story trial): switching the model with a photo selected is the batch's
    choice, not a silent edit of that photo; *Only this photo* makes one photo differ."""
    portrait, beach, house = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png", photo_folder / "1950s" / "house.tif"
    select(page, qtbot, portrait)
    choose_model(page, "other")  # every photo follows it; none gets a choice of its own
    assert [page.edits_ui.edits.own(path) for path in (portrait, beach, house)] == [None] * 3
    assert page.edits_ui.edits.default_model == "other"
    assert "the batch's" in page.edits_ui.scope.label.text() and not page.edits_ui.scope.check.isChecked()
    select(page, qtbot, beach)
    assert page.controls.models.current_name() == "other"
    only_this_photo(page, qtbot)  # beach's own from now on: only beach
    assert "this photo's own" in page.edits_ui.scope.label.text()
    choose_model(page, "tiny")
    page.controls.saturation.setValue(1.5)
    assert page.edits_ui.edits.own(beach) == ("tiny", 1.5) and page.edits_ui.edits.default_model == "other"
    select(page, qtbot, portrait)
    assert page.controls.models.current_name() == "other" and page.controls.saturation.value() == 1.0
    assert not page.edits_ui.scope.check.isChecked()
    select(page, qtbot, house)
    assert page.controls.models.current_name() == "other" and page.controls.saturation.value() == 1.0
    select(page, qtbot, beach)
    assert page.controls.models.current_name() == "tiny" and page.controls.saturation.value() == 1.5

    assert colorize_all(page, qtbot).count("done") == 3
    words = {path.name: page.queue.item_for(path).tooltip for path in (portrait, beach, house)}
    assert "Colorized with other — your model, saturation 1.0" in words["portrait.jpg"]
    assert "Colorized with tiny — your model, saturation 1.5" in words["beach.png"]
    assert "Colorized with other — your model, saturation 1.0" in words["house.tif"]
    assert "unet" not in " ".join(words.values())  # no architecture names in the window

    only_this_photo(page, qtbot, ticked=False)  # beach follows the batch again
    assert page.edits_ui.edits.own(beach) is None and page.controls.saturation.value() == 1.0
    assert page.controls.models.current_name() == "other"


def test_a_hint_still_gives_the_photo_its_own_settings(page, qtbot, photo_folder):
    portrait, beach = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"
    select(page, qtbot, portrait)
    page.hints_ui.current.add(ColorHint(0.5, 0.5, "#ff0000"))
    assert page.edits_ui.edits.own(portrait) == ("tiny", 1.0)  # its hints were placed on that picture
    assert page.edits_ui.scope.check.isChecked()
    choose_model(page, "other")  # now this photo's alone
    assert page.edits_ui.edits.own(portrait) == ("other", 1.0) and page.edits_ui.edits.default_model == "tiny"
    select(page, qtbot, beach)
    assert page.controls.models.current_name() == "tiny"


def test_use_it_makes_the_model_the_batchs_even_with_a_photo_of_its_own_selected(page, qtbot, photo_folder):
    """The second trial: "Use it" after training switched only the selected photo (it had hints)."""
    portrait, beach = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"
    select(page, qtbot, portrait)
    page.hints_ui.current.add(ColorHint(0.5, 0.5, "#ff0000"))  # its settings are its own now
    page.use_model("other")
    assert page.edits_ui.edits.default_model == "other"  # the batch colorizes with it
    assert page.edits_ui.edits.own(portrait) == ("tiny", 1.0)  # the photo with its own settings keeps them
    assert page.controls.models.current_name() == "tiny"  # and the selector says what it is made with
    select(page, qtbot, beach)
    assert page.controls.models.current_name() == "other" and page.edits_ui.edits.recipe(beach).model == "other"


def test_a_restored_session_shows_the_photo_that_was_on_screen(qtbot, tmp_path, photo_folder, models):
    """The second trial: restoring selected the first photo, not the one being worked on."""
    beach = photo_folder / "1950s" / "beach.png"
    first = open_window(qtbot, tmp_path)
    first.colorize.add_paths([photo_folder / "portrait.jpg", beach])
    select(first.colorize, qtbot, beach)
    first.close()
    again = open_window(qtbot, tmp_path).colorize
    qtbot.mouseClick(again.session.bar.restore_button, Qt.MouseButton.LeftButton)
    assert again.current_path() == beach


def test_a_model_switch_is_not_offered_back_as_edits_of_their_own(qtbot, tmp_path, photo_folder, models):
    """The trial's surprise: one switch with a photo selected, and the next launch spoke of
    photos "with edits of their own"."""
    first = open_window(qtbot, tmp_path)
    first.colorize.add_paths([photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"])
    select(first.colorize, qtbot, photo_folder / "portrait.jpg")
    choose_model(first.colorize, "other")
    first.close()
    bar = open_window(qtbot, tmp_path).colorize.session.bar
    assert "2 photos" in bar.label.text() and "of their own" not in bar.label.text()


def test_colorize_all_redoes_changed_photos_and_export_all_changed_writes_only_those(page, qtbot, photo_folder, tmp_path):
    portrait, beach, house = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png", photo_folder / "1950s" / "house.tif"
    colorize_all(page, qtbot)
    results = tmp_path / "results"
    select(page, qtbot, beach)
    page.edits_ui.edits.keep_own(beach, "tiny", 1.0)  # beach's own choice: the change is beach's alone
    page.controls.saturation.setValue(0.0)  # grey
    assert row_state(page, beach) == CHANGED_LABEL
    summary = colorize_all(page, qtbot)  # no "Already colorized" for a photo changed since
    assert summary.count("done") == 1 and summary.count("skipped") == 2
    assert np.ptp(pixels(results / "beach.png"), axis=2).max() <= 2  # saturation 0: grey
    assert row_state(page, beach) == "Done"

    select(page, qtbot, portrait)
    page.controls.saturation.setValue(2.0)
    select(page, qtbot, house)
    page.controls.saturation.setValue(1.8)
    qtbot.waitUntil(lambda: page.edits_ui.buttons.changed.text() == "Export all changed (2)")
    untouched = (results / "beach.png").stat().st_mtime_ns
    with qtbot.waitSignal(page.batch_done, timeout=60000) as done:
        click(qtbot, page.edits_ui.buttons.changed)
    assert sorted(result.item.source.name for result in done.args[0].results) == ["house.tif", "portrait.jpg"]
    assert (results / "beach.png").stat().st_mtime_ns == untouched
    assert [row_state(page, path) for path in (portrait, beach, house)] == ["Done", "Done", "Done"]


def test_switching_the_batch_model_after_a_run_redoes_every_photo_that_follows_it(page, qtbot, photo_folder, tmp_path):
    """Issue 26: after "Colorize all", a new model is not "already colorized" with the old one."""
    portrait, beach, house = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png", photo_folder / "1950s" / "house.tif"
    assert colorize_all(page, qtbot).count("done") == 3
    results = tmp_path / "results"
    before = pixels(results / "portrait.jpg")
    select(page, qtbot, portrait)
    choose_model(page, "other")
    assert [row_state(page, path) for path in (portrait, beach, house)] == [CHANGED_LABEL] * 3
    line = page.edits_ui.result_line.text()
    assert line.startswith("Preview: other — your model") and "The saved file: colorized with tiny" in line
    summary = colorize_all(page, qtbot)
    assert summary.count("done") == 3 and summary.count("skipped") == 0
    assert np.abs(pixels(results / "portrait.jpg") - before).mean() > 0.5  # really redone
    assert [row_state(page, path) for path in (portrait, beach, house)] == ["Done"] * 3
    assert page.edits_ui.result_line.text().startswith("Colorized with other — your model")


def test_export_selected_rewrites_the_selected_rows(page, qtbot, photo_folder, tmp_path):
    colorize_all(page, qtbot)
    set_row_selected(page.queue, 0)
    set_row_selected(page.queue, 2)
    set_row_selected(page.queue, 1, False)
    qtbot.waitUntil(lambda: page.edits_ui.buttons.selected.text() == "Export selected (2)")
    with qtbot.waitSignal(page.batch_done, timeout=60000) as done:
        click(qtbot, page.edits_ui.buttons.selected)
    assert done.args[0].count("done") == 2


def test_a_saved_photo_without_hints_loses_its_old_hints_file(page, qtbot, tmp_path, photo_folder):
    page.hints_ui.current.add(ColorHint(0.5, 0.5, "#00ff00"))
    colorize_all(page, qtbot)
    sidecar = sidecar_path(tmp_path / "results" / "portrait.jpg")
    assert sidecar.is_file()
    page.hints_ui.current.clear()
    assert row_state(page, photo_folder / "portrait.jpg") == CHANGED_LABEL
    with qtbot.waitSignal(page.batch_done, timeout=60000):
        click(qtbot, page.edits_ui.buttons.save)
    assert not sidecar.exists()  # else the photo would reopen with hints the user removed


def test_the_last_session_comes_back_when_asked(qtbot, tmp_path, photo_folder, models):
    gone = tmp_path / "gone.png"
    Image.fromarray(np.full((40, 60), 128, np.uint8)).save(gone)
    first = open_window(qtbot, tmp_path)
    page = first.colorize
    portrait, beach = photo_folder / "portrait.jpg", photo_folder / "1950s" / "beach.png"
    page.add_paths([photo_folder, gone])  # a folder: its photos go to results/album/...
    qtbot.waitUntil(lambda: page.compare.after is not None, timeout=30000)
    colorize_all(page, qtbot)
    select(page, qtbot, portrait)
    choose_model(page, "other")  # changed since it was saved
    page.hints_ui.current.add(ColorHint(0.25, 0.75, "#123456"))
    first.close()
    gone.unlink()
    assert json.loads(session_file().read_text())["format"] == "colorizer-session"

    second = open_window(qtbot, tmp_path)
    restored = second.colorize
    assert restored.queue.count() == 0  # never silently
    assert restored.session.bar.isVisible() and "4 photos" in restored.session.bar.label.text()
    assert "1 with edits of their own (portrait.jpg)" in restored.session.bar.label.text()  # named
    qtbot.mouseClick(restored.session.bar.restore_button, Qt.MouseButton.LeftButton)
    assert restored.queue.count() == 3
    assert "gone.png" in restored.session.bar.label.text() and "no longer there" in restored.session.bar.label.text()
    assert restored.hints.of(portrait).hints == [ColorHint(0.25, 0.75, "#123456")]
    assert restored.edits_ui.edits.own(portrait) == ("other", 1.0) and restored.edits_ui.edits.own(beach) is None
    assert row_state(restored, portrait) == CHANGED_LABEL
    assert "Colorized with tiny — your model" in restored.queue.item_for(beach).tooltip
    assert row_state(restored, beach) == "Already colorized"  # its result is on disk: not "Waiting"
    select(restored, qtbot, portrait)
    assert restored.controls.models.current_name() == "other"
    with qtbot.waitSignal(restored.batch_done, timeout=60000):
        click(qtbot, restored.edits_ui.buttons.save)
    assert (tmp_path / "results" / "album" / "portrait.jpg").is_file()  # its place in the output tree is kept
    assert row_state(restored, portrait) == "Done"


def test_not_now_keeps_the_last_session_for_later_and_an_empty_list_does_not_replace_it(qtbot, tmp_path, photo_folder, models):
    first = open_window(qtbot, tmp_path)
    first.colorize.add_paths([photo_folder / "portrait.jpg"])
    first.close()
    second = open_window(qtbot, tmp_path)
    qtbot.mouseClick(second.colorize.session.bar.dismiss_button, Qt.MouseButton.LeftButton)
    assert not second.colorize.session.bar.isVisible() and second.colorize.queue.count() == 0


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe garbage", b'{"format": "colorizer-session", "version": 1, "photos": 7}', b"[]", b""],
)
def test_a_damaged_session_file_is_ignored(qtbot, tmp_path, models, content):
    session_file().parent.mkdir(parents=True, exist_ok=True)
    session_file().write_bytes(content)
    window = open_window(qtbot, tmp_path)
    assert not window.colorize.session.bar.isVisible() and window.colorize.queue.count() == 0


def test_bad_entries_are_left_out_and_the_rest_come_back(qtbot, tmp_path, photo_folder, models):
    good = {"source": str(photo_folder / "portrait.jpg"), "relative_output": "portrait.jpg", "own": None, "hints": [], "result": None}
    bad = [
        {"source": str(photo_folder / "1950s" / "beach.png"), "relative_output": "../../etc/x.png"},  # outside the output folder
        {"source": 3},
        {**good, "source": str(photo_folder / "1950s" / "house.tif"), "own": {"model": "tiny", "saturation": float("inf")}},
        "nonsense",
    ]
    session_file().parent.mkdir(parents=True, exist_ok=True)
    session_file().write_text(json.dumps({"format": "colorizer-session", "version": 1, "photos": [good, *bad]}))
    window = open_window(qtbot, tmp_path)
    assert "1 photo" in window.colorize.session.bar.label.text()
    qtbot.mouseClick(window.colorize.session.bar.restore_button, Qt.MouseButton.LeftButton)
    assert window.colorize.queue.count() == 1


def test_saving_never_replaces_an_original_in_the_list(qtbot, tmp_path, photo_folder, models):
    page = open_window(qtbot, tmp_path).colorize
    original = tmp_path / "results" / "portrait.jpg"  # an original photo where the result would go
    original.parent.mkdir()
    Image.fromarray(np.full((40, 60), 90, np.uint8)).save(original)
    kept = original.read_bytes()
    page.add_paths([photo_folder / "portrait.jpg", original])
    select(page, qtbot, photo_folder / "portrait.jpg")
    with qtbot.waitSignal(page.batch_done, timeout=60000) as done:
        click(qtbot, page.edits_ui.buttons.save)
    assert done.args[0].count("failed") == 1
    assert original.read_bytes() == kept
    assert row_state(page, photo_folder / "portrait.jpg") == "Failed"
    assert "replace an original" in page.details.label.text()


def test_the_session_is_written_on_a_writer_thread_and_the_last_save_wins(page, monkeypatch):
    import threading

    from colorizer_app.ui.colorize.photos import session_keeper

    writers = []
    real_write = session_keeper.write_session
    monkeypatch.setattr(session_keeper, "write_session", lambda entries: writers.append(threading.current_thread()) or real_write(entries))
    source = page.current_path()
    page.session.save()
    page.hints.of(source).replace_all([ColorHint(0.5, 0.5, "#c83232")])
    page.session.save(wait=True)
    assert writers and all(writer is not threading.main_thread() for writer in writers)
    saved = {entry["source"]: entry for entry in json.loads(session_file().read_text())["photos"]}
    assert saved[str(source)]["hints"][0]["color"] == "#c83232"


def test_the_saved_file_says_its_colours_are_simulated_and_the_corner_mark_is_a_setting(page, qtbot, tmp_path):
    assert not page.controls.mark.isChecked()  # off by default
    colorize_all(page, qtbot)
    plain = pixels(tmp_path / "results" / "portrait.jpg")
    with Image.open(tmp_path / "results" / "portrait.jpg") as result:
        assert result.getexif().get(0x010E).startswith("Colours simulated by Colorizer, model tiny, ")
    page.controls.mark.setChecked(True)
    page.overwrite.setChecked(True)
    colorize_all(page, qtbot)
    marked = pixels(tmp_path / "results" / "portrait.jpg")
    assert np.abs(marked[-8:, -30:] - plain[-8:, -30:]).mean() > 10  # the mark is in the corner
    page.controls.store(page.settings)
    assert page.settings.mark_results is True
