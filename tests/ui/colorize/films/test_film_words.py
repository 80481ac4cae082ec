"""The words the window uses for films: counts, the progress line inside a film, the scrubber."""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.batch import BatchSummary
from colorizer_app.ui.colorize.batch.progress import item_noun, stage_text, start_text, summary_text
from colorizer_app.ui.colorize.photos.adding import added_words, list_words
from colorizer_app.ui.colorize.viewing.film_bar import FilmBar
from colorizer_app.ui.look.words import photos_and_films_words


def test_photos_and_films_are_counted_apart_without_brackets():
    assert photos_and_films_words(3, 0) == "3 photos"
    assert photos_and_films_words(0, 1) == "1 film"
    assert photos_and_films_words(1, 2) == "1 photo and 2 films"
    added = [Path("a.jpg"), Path("b.MP4"), Path("c.mkv")]
    assert added_words(added, 1, [], 0, 0) == "Added 1 photo and 2 films. 1 was already in the list."
    assert added_words([], 2, [], 0, 0) == "Nothing added. 2 were already in the list."
    assert added_words([], 0, [], 0, 0) == "Nothing added: no photos or films were found there."  # was "Added 0 photos."
    assert added_words([], 0, ["/r: in the output folder; 2 results Colorizer made there left out"], 0, 0) == (
        "Nothing added. Not used: /r: in the output folder; 2 results Colorizer made there left out."
    )
    problems = ["/a: no such file or folder", "/b/notes.txt: not a photo or a film; left out"]
    assert added_words(added[:1], 0, problems, 0, 0) == "Added 1 photo. Not used: /a: no such file or folder (and 1 more)"
    assert added_words(added[:1], 0, [], 0, 2) == "Added 1 photo. 2 saved hints files could not be read (see the photo)."
    assert list_words(added) == "1 photo and 2 films. Drop more anywhere on the window."


def test_the_progress_line_counts_frames_inside_a_film():
    mixed, films = [Path("a.mp4"), Path("b.jpg"), Path("c.png")], [Path("a.mp4"), Path("b.MKV")]
    assert item_noun(mixed) == "Item" and item_noun(films) == "Film" and item_noun(mixed[1:]) == "Photo"
    said = stage_text(0, 3, "frame 103/132, 2 s left", 0.78, item_noun(mixed))
    assert said == "Item 1 of 3 · film 78% (frame 103 of 132) · 2 s left"
    assert stage_text(1, 3, "colorizing", 0.5, item_noun(mixed)) == "Item 2 of 3 · Colorizing (50%)…"
    assert stage_text(1, 2, "frame 5/60, 9 s left", 0.08, item_noun(films)) == "Film 2 of 2 · 8% (frame 5 of 60) · 9 s left"
    assert stage_text(1, 3, "colorizing", 0.5) == "Photo 2 of 3 · Colorizing (50%)…"


def test_the_start_of_a_batch_names_films_as_films():
    assert start_text([Path("holiday.mov")], []) == "Starting 1 film…"  # was "Starting 1 photo…"
    assert start_text([Path("a.jpg"), Path("b.mp4")], [Path("c.png")]) == "Starting 1 photo and 1 film (1 already colorized)…"
    assert start_text([], [Path("holiday.mov")]) == "Nothing left to colorize: 1 film already colorized."
    assert start_text([], []) == "Nothing to colorize."


def test_the_scrubber_says_where_it_is_and_offers_the_pinned_frames(qtbot):
    bar = FilmBar()
    qtbot.addWidget(bar)
    bar.show_film(frames=250, rate=25, duration=10, index=100)
    assert bar.slider.maximum() == 249 and bar.place.text() == "0:04 / 0:10 · frame 101"
    bar.show_pinned([30, 200])
    assert not bar.pins.isHidden() and bar.pins.text() == "Pins on 2 frames"
    bar.show_pinned([30, 200], current=100)
    assert bar.pins.text() == "Pins on 2 frames (not this one)"  # a still frame shows only its own pins
    with qtbot.waitSignal(bar.frame_chosen) as chosen:
        bar.pins.menu().actions()[1].trigger()
    assert chosen.args == [200] and bar.frame() == 200
    bar.show_pinned([])
    assert bar.pins.isHidden()  # no pins: no menu
    bar.resize(300, 60)  # narrow (150% scaling): the slider takes a line of its own
    qtbot.waitUntil(lambda: bar.two_lines is True)
    bar.resize(900, 40)
    qtbot.waitUntil(lambda: bar.two_lines is False)


def test_a_film_whose_rate_varies_says_each_frames_own_time(qtbot):
    bar = FilmBar()
    qtbot.addWidget(bar)
    seconds = tuple(index / 25 if index < 20 else 0.8 + (index - 20) * 0.12 for index in range(40))
    bar.show_film(frames=40, rate=10, duration=3.2, index=30, frame_seconds=seconds)  # 10: the average rate
    assert bar.place.text() == "0:02 / 0:03 · frame 31"  # 2.0 s in, not 30 / 10 = 3 s
    bar.show_pinned([10])
    assert bar.pins.menu().actions()[0].text() == "Frame 11 (0:00)"


def test_a_cancel_inside_a_film_says_the_film_carries_on():
    said = summary_text(BatchSummary(cancelled=True, film_stopped_partway=True), 0)
    assert (
        said == "Cancelled. Nothing was finished. The film it stopped in carries on from its last saved point when it is colorized again."
    )
    assert summary_text(BatchSummary(cancelled=True), 0) == "Cancelled. Nothing was colorized."
