"""Films in the window (issue 24): a dropped folder's film joins the list with its length and a
film-marked thumbnail, the scrubber chooses the frame shown, pins go on that frame, the short
preview plays and stops, Colorize all writes the film with its pins beside it, and the session
file keeps the pins by frame."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from colorizer_app.core.film import FilmFrame
from colorizer_app.core.film.film_hints import FilmHints
from colorizer_app.core.film.sample_clip import make_pan_clip, make_sound_only_file
from colorizer_app.core.hints import ColorHint, sidecar_path
from colorizer_app.ui.colorize.photos.session_file import read_session
from tests.conftest import natural_image, open_tiny_model_window


@pytest.fixture
def window_with_film(qtbot, tmp_path):
    folder = tmp_path / "home movies"
    folder.mkdir()
    film = make_pan_clip(folder / "picnic.mp4", 96, 64, 40, keyframe_every=12)
    Image.fromarray(natural_image(seed=4)).convert("L").save(folder / "aunt.jpg")
    make_sound_only_file(folder / "radio.mp4")
    window = open_tiny_model_window(qtbot, tmp_path)
    page = window.colorize
    page.add_paths([str(folder)])
    record = page.photos.find(film)
    qtbot.waitUntil(lambda: record.film is not None and page.photos.failed_count() == 1, timeout=20000)
    return window, page, film, record


@pytest.mark.slow  # a film coloured and a preview played
def test_a_film_is_listed_scrubbed_pinned_previewed_and_coloured_with_its_pins(qtbot, tmp_path, window_with_film):
    window, page, film, record = window_with_film
    # listed with its length; a film without picture says why; the thumbnail is the film's own
    assert record.text == "picnic.mp4\nWaiting · 0:01"
    assert "Film, 0:01, 96×64, 25 frames a second, with sound" in record.tooltip
    radio = page.photos.find(film.parent / "radio.mp4")
    assert radio.state == "failed" and "no video stream" in radio.message
    qtbot.waitUntil(
        lambda: not page.queue.list_model.icon_of(record).cacheKey() == page.queue.list_model.placeholder.cacheKey(), timeout=10000
    )

    # the film on screen: the scrubber, and its first frame at the film's real size
    page.queue.go_to(page.photos.row_of(record))
    bar = page.film_view.bar
    assert bar.isVisible() and bar.slider.maximum() == 39
    qtbot.waitUntil(lambda: page.compare.after is not None and not page.previews.busy, timeout=20000)
    assert page.compare.photo_size == (96, 64)
    first_before = page.compare.before.copy()

    # another frame: chosen once the scrubber rests; its picture, not the first one's
    bar.slider.setValue(25)
    qtbot.waitUntil(lambda: record.frame == 25, timeout=5000)
    assert page.current_picture() == FilmFrame(film, 25)
    assert "frame 26" in bar.place.text()
    qtbot.waitUntil(lambda: not page.previews.busy and page.compare.before != first_before, timeout=20000)

    # a pin goes on this frame only
    page.hints_ui.add_hint(0.5, 0.5)
    assert len(page.hints.of(FilmFrame(film, 25)).hints) == 1
    assert page.hints.of(FilmFrame(film, 0)).hints == []
    snapshot = page.hints.snapshot()[film]
    assert isinstance(snapshot, FilmHints) and list(snapshot.frames) == [25]
    assert page.hints.pinned_frames(film) == [25]
    assert page.hints_panel.selected_label.text() in ("1 hint on this frame", "Hint 1 of 1 selected")
    assert bar.pins.isVisible() and bar.pins.text() == "Pins on 1 frame"
    bar.go_to(3)  # away, and back through the Pins menu
    qtbot.waitUntil(lambda: record.frame == 3, timeout=5000)
    assert page.hints_ui.current_hints() == []
    bar.pins.menu().actions()[0].trigger()
    assert record.frame == 25 and len(page.hints_ui.current_hints()) == 1
    qtbot.waitUntil(lambda: not page.previews.busy, timeout=20000)

    # Compare models shows this frame too
    page.view_bar.compare_models_action.trigger()
    panes = page._compare_window.panes
    qtbot.waitUntil(lambda: panes[0].view.after is not None, timeout=30000)
    assert "picnic.mp4" in page._compare_window.title.text() and panes[0].view.photo_size == (96, 64)
    screen = page._compare_window.screen().availableGeometry()
    assert page._compare_window.width() <= screen.width() and page._compare_window.height() <= screen.height()
    qtbot.keyClick(page._compare_window, Qt.Key.Key_Escape)  # a window of its own: Escape closes it
    assert not page._compare_window.isVisible()

    # the short preview: coloured, played in the view, then stopped back to the still frame
    still_before = page.compare.before.copy()
    bar.play.click()
    qtbot.waitUntil(lambda: bool(page.film_view.player._frames), timeout=30000)
    assert page.film_view.playing and bar.play.text().endswith("Stop")
    assert len(page.film_view.player._frames) == 40  # a film shorter than 3 s plays whole
    bar.play.click()
    qtbot.waitUntil(lambda: not page.film_view.playing and not page.previews.busy, timeout=20000)
    assert bar.play.text().endswith("Play a preview")
    qtbot.wait(300)
    assert page.compare.before == still_before  # the still frame again, not the last frame played

    # Colorize all: the film and the photo; the film's pins saved beside it, by frame
    page.start_batch()
    qtbot.waitUntil(lambda: page.worker is None, timeout=120000)
    output = tmp_path / "results" / "home movies" / "picnic.mp4"
    assert output.is_file() and record.state == "done"
    saved = json.loads(sidecar_path(output).read_text())
    assert saved["format"] == "colorizer-film-hints" and [entry["frame"] for entry in saved["frames"]] == [25]
    assert (tmp_path / "results" / "home movies" / "aunt.jpg").is_file()
    assert "Saved as" not in page.edits_ui.made_with(film)  # picnic.mp4 -> picnic.mp4: nothing to say
    assert "Finished. 2 colorized" in page.progress_label.text()

    # the session file keeps the film's pins by frame
    page.session.save(wait=True)
    entry = next(photo for photo in read_session() if photo.photo.source == film)
    assert list(entry.film_frames) == [25] and len(entry.film_frames[25]) == 1


def test_a_restored_film_gets_its_pins_back_by_frame_and_its_scrubber_though_already_colorized(qtbot, tmp_path, window_with_film):
    window, page, film, record = window_with_film
    page.hints.of(FilmFrame(film, 7)).add(ColorHint(0.2, 0.3, "#2050d0", 0.1))
    result = tmp_path / "results" / "home movies" / "picnic.mp4"
    result.parent.mkdir(parents=True)
    result.write_bytes(film.read_bytes())  # a result on disk: it comes back "Already colorized"
    page.edits_ui.edits.record_result(film, result, page.edits_ui.edits.recipe(film))
    page.session.save(wait=True)
    saved = read_session()
    page.queue.clear_all()
    page.restore_photos(saved)
    restored = page.photos.find(film)
    assert restored.is_film and restored.state == "skipped" and page.hints.pinned_frames(film) == [7]
    assert page.hints.of(FilmFrame(film, 7)).hints[0].color == "#2050d0"
    qtbot.waitUntil(lambda: restored.film is not None, timeout=20000)  # its check still reads its length
    page.queue.go_to(page.photos.row_of(restored))
    assert restored.text == "picnic.mp4\nAlready colorized · 0:01"
    bar = page.film_view.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.pins.text() == "Pins on 1 frame (not this one)"
    radio = page.photos.find(film.parent / "radio.mp4")
    assert radio.state == "failed" and page.queue.list_model.icon_of(radio).cacheKey() != page.queue.list_model.placeholder.cacheKey()
    page.edits_ui.edits.record_result(film, result.with_suffix(".mkv"), page.edits_ui.edits.recipe(film))
    assert page.edits_ui.made_with(film).endswith("Saved as picnic.mkv.")  # a film whose sound needs MKV says where it went


def test_a_preview_near_the_end_plays_the_last_seconds_and_pins_wait_while_it_plays(qtbot, tmp_path, window_with_film):
    window, page, film, record = window_with_film
    page.queue.go_to(page.photos.row_of(record))
    qtbot.waitUntil(lambda: page.compare.after is not None and not page.previews.busy, timeout=20000)
    page.film_view.bar.go_to(39)  # the last frame
    qtbot.waitUntil(lambda: record.frame == 39 and not page.previews.busy, timeout=20000)
    page.hints_panel.edit.setChecked(True)
    assert page.compare.hints_mode
    page.film_view.bar.play.click()
    qtbot.waitUntil(lambda: bool(page.film_view.player._frames), timeout=30000)
    assert len(page.film_view.player._frames) == 40  # the whole 1.6 s film, not one frame
    assert not page.compare.hints_mode  # a click would pin the still frame where another is shown
    played = []
    page.film_view.player.frame.connect(lambda before, after, index: played.append(index))
    qtbot.waitUntil(lambda: len(played) >= 3, timeout=5000)
    assert page.film_view.bar.frame() == played[-1]  # the scrubber follows the frames played
    page.film_view.stop()
    assert page.compare.hints_mode and page.film_view.bar.frame() == 39 and record.frame == 39


def test_with_the_scrubber_focused_its_keys_move_in_the_film_and_in_the_photo_view_between_photos(qtbot, tmp_path, window_with_film):
    """One rule (issue 24, leftover): Page Up/Down, Home and End are the Photo menu's while the
    photo view has focus, and the film's (Page Down later) while its scrubber has."""
    from PySide6.QtWidgets import QApplication

    window, page, film, record = window_with_film
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    row = page.photos.row_of(record)
    page.queue.go_to(row)
    bar = page.film_view.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    bar.slider.setFocus()
    for key, frame in ((Qt.Key.Key_PageDown, 25), (Qt.Key.Key_End, 39), (Qt.Key.Key_PageUp, 14), (Qt.Key.Key_Home, 0)):
        qtbot.keyClick(bar.slider, key)
        assert bar.frame() == frame and page.queue.currentRow() == row, key
    page.compare.setFocus()
    qtbot.keyClick(page.compare, Qt.Key.Key_End)
    assert page.queue.currentRow() == page.queue.count() - 1 != row

    # a drag asks for its next frame once the one asked for before is on screen
    page.queue.go_to(row)
    qtbot.waitUntil(lambda: not page.previews.busy, timeout=20000)
    assert bar.ready_for_frame()
    page.compare.set_busy(True)
    assert not bar.ready_for_frame()
    page.compare.set_busy(False)
