"""The last session's file (issue 25): what write_session writes, read_session gives back, and
what it refuses. Every test passes its own path; the user's real session file is never touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from colorizer_app.core.batch import InputPhoto
from colorizer_app.core.hints import MAX_HINTS, ColorHint
from colorizer_app.ui.colorize.photos import session_file as module
from colorizer_app.ui.colorize.photos.recipe import Recipe, SavedResult
from colorizer_app.ui.colorize.photos.session_file import photo_data, read_session, write_session

RED = ColorHint(0.25, 0.5, "#c83232", 0.02)
BLUE = ColorHint(0.75, 0.1, "#3232c8")
MADE_WITH = Recipe("fast", 1.2, (RED,))


def photo(name: str = "portrait.jpg", folder: str = "album") -> InputPhoto:
    return InputPhoto(Path("/photos") / folder / name, Path(folder) / name)


def saved(tmp_path, name="portrait.jpg", content=b"result bytes", recipe=MADE_WITH, known=True) -> SavedResult:
    output = tmp_path / "results" / name
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
    return SavedResult(output, recipe, known)


def round_trip(tmp_path, entries: list[dict]):
    path = tmp_path / "session.json"
    assert write_session(entries, path)
    return read_session(path)


def write_document(tmp_path, document) -> Path:
    path = tmp_path / "session.json"
    path.write_text(json.dumps(document))
    return path


def good_entry(**changes) -> dict:
    return {**photo_data(photo(), None, [], None), **changes}


def document(*entries) -> dict:
    return {"format": "colorizer-session", "version": 1, "photos": list(entries)}


# ----- what comes back ------------------------------------------------------------------


def test_photos_come_back_in_order_with_their_own_settings_and_hints(tmp_path):
    entries = [
        photo_data(photo("a.jpg"), ("fast", 1.25), [RED, BLUE], None),
        photo_data(photo("b.png", "album/1950s"), None, [], None),
        photo_data(photo("c.tif"), ("default", 0.0), [BLUE], None),
    ]
    back = round_trip(tmp_path, entries)
    assert [item.photo for item in back] == [photo("a.jpg"), photo("b.png", "album/1950s"), photo("c.tif")]
    assert [item.own for item in back] == [("fast", 1.25), None, ("default", 0.0)]
    assert [item.hints for item in back] == [[RED, BLUE], [], [BLUE]]
    assert all(item.result is None and item.failed == "" and item.unfinished is False for item in back)


def test_failed_and_unfinished_photos_keep_saying_so(tmp_path):
    entries = [
        photo_data(photo("broken.jpg"), None, [], None, failed="the file is damaged (cut short)"),
        photo_data(photo("next.jpg"), None, [], None, unfinished=True),
    ]
    data = [dict(entry) for entry in entries]
    assert "failed" not in data[1] and "unfinished" not in data[0]  # written only when they say something
    broken, waiting = round_trip(tmp_path, entries)
    assert (broken.failed, broken.unfinished) == ("the file is damaged (cut short)", False)
    assert (waiting.failed, waiting.unfinished) == ("", True)


def test_a_result_whose_file_is_unchanged_comes_back_as_recorded(tmp_path):
    result = saved(tmp_path)
    (back,) = round_trip(tmp_path, [photo_data(photo(), ("fast", 1.2), [RED], result)])
    assert back.result == SavedResult(result.output, Recipe("fast", 1.2, (RED,)), known=True)


def test_an_assumed_result_stays_assumed(tmp_path):
    result = saved(tmp_path, known=False)
    (back,) = round_trip(tmp_path, [photo_data(photo(), None, [], result)])
    assert back.result is not None and back.result.known is False


def test_a_result_changed_on_disk_since_is_no_longer_trusted(tmp_path):
    result = saved(tmp_path)
    path = tmp_path / "session.json"
    write_session([photo_data(photo(), None, [], result)], path)
    result.output.write_bytes(b"another program wrote this")  # another size
    (back,) = read_session(path)
    assert back.result.output == result.output and back.result.recipe == result.recipe and back.result.known is False


def test_a_result_touched_since_is_no_longer_trusted(tmp_path):
    result = saved(tmp_path)
    path = tmp_path / "session.json"
    write_session([photo_data(photo(), None, [], result)], path)
    status = result.output.stat()
    os.utime(result.output, ns=(status.st_atime_ns, status.st_mtime_ns + 5_000_000_000))  # same size, another time
    (back,) = read_session(path)
    assert back.result.known is False


def test_a_result_gone_since_leaves_the_photo_without_one(tmp_path):
    result = saved(tmp_path)
    path = tmp_path / "session.json"
    write_session([photo_data(photo(), ("fast", 1.0), [RED], result)], path)
    result.output.unlink()
    (back,) = read_session(path)
    assert back.result is None and back.own == ("fast", 1.0) and back.hints == [RED]  # the rest of the photo stays


def test_a_result_record_without_its_stamp_is_not_trusted(tmp_path):
    result = saved(tmp_path)
    entry = photo_data(photo(), None, [], result)
    del entry["result"]["mtime_ns"]
    (back,) = read_session(write_document(tmp_path, document(entry)))
    assert back.result.known is False


def test_saturation_is_kept_to_two_decimals_on_reading(tmp_path):
    entry = good_entry(own={"model": "fast", "saturation": 1.234567})
    (back,) = read_session(write_document(tmp_path, document(entry)))
    assert back.own == ("fast", 1.23)


def test_an_entry_without_hints_or_result_is_a_plain_photo(tmp_path):
    entry = {"source": "/photos/album/a.jpg", "relative_output": "album/a.jpg"}
    (back,) = read_session(write_document(tmp_path, document(entry)))
    assert back.photo == photo("a.jpg") and back.own is None and back.hints == [] and back.result is None


# ----- what is refused -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe garbage",
        b"[]",
        b"null",
        b'{"format": "colorizer-session", "version": 1, "photos": 7}',
        b'{"format": "colorizer-session", "version": 1}',
        b'{"format": "colorizer-hints", "version": 1, "photos": []}',  # another file of ours
        b'{"version": 1, "photos": []}',
        b'{"format": "colorizer-session", "version": 2, "photos": []}',  # a later app's
        b'{"format": "colorizer-session", "version": "1", "photos": []}',
        b"[" * 100_000 + b"]" * 100_000,  # nested too deeply to parse
    ],
)
def test_a_damaged_or_foreign_file_is_ignored(tmp_path, content):
    path = tmp_path / "session.json"
    path.write_bytes(content)
    assert read_session(path) == []


def test_a_missing_file_or_a_folder_is_no_session(tmp_path):
    assert read_session(tmp_path / "none.json") == []
    (tmp_path / "folder.json").mkdir()
    assert read_session(tmp_path / "folder.json") == []


def test_a_file_over_the_size_limit_is_ignored_even_when_it_is_a_sane_session(tmp_path):
    path = tmp_path / "session.json"
    text = json.dumps(document(good_entry()))
    path.write_text(text[:-1] + " " * (module.MAX_BYTES - len(text) + 1) + "}")
    assert path.stat().st_size == module.MAX_BYTES + 1
    assert read_session(path) == []
    path.write_text(text[:-1] + " " * (module.MAX_BYTES - len(text)) + "}")  # at the limit: read
    assert len(read_session(path)) == 1


def hints_of(count: int) -> list[dict]:
    return [{"x": 0.5, "y": 0.5, "color": "#808080"}] * count


BAD_ENTRIES = {
    "not an object": "nonsense",
    "a list": ["/photos/a.jpg", "a.jpg"],
    "no source": {"relative_output": "album/x.jpg"},
    "a number for a source": good_entry(source=3),
    "an empty source": good_entry(source=""),
    "no output": {"source": "/photos/album/x.jpg"},
    "an output outside the folder": good_entry(relative_output="../../etc/x.png"),
    "an output inside but through ..": good_entry(relative_output="album/../../x.png"),
    "an absolute output": good_entry(relative_output="/etc/x.png"),
    "saturation above 2": good_entry(own={"model": "fast", "saturation": 2.01}),
    "a negative saturation": good_entry(own={"model": "fast", "saturation": -0.5}),
    "saturation as text": good_entry(own={"model": "fast", "saturation": "1.0"}),
    "saturation true": good_entry(own={"model": "fast", "saturation": True}),
    "an infinite saturation": good_entry(own={"model": "fast", "saturation": float("inf")}),
    "no model": good_entry(own={"model": "", "saturation": 1.0}),
    "own as text": good_entry(own="fast"),
    "hints as an object": good_entry(hints={"x": 0.5}),
    "a hint outside the photo": good_entry(hints=[{"x": 1.5, "y": 0.5, "color": "#808080"}]),
    "a hint position as text": good_entry(hints=[{"x": "0.5", "y": 0.5, "color": "#808080"}]),
    "a hint colour that is not one": good_entry(hints=[{"x": 0.5, "y": 0.5, "color": "red"}]),
    "a hint with an unknown field": good_entry(hints=[{"x": 0.5, "y": 0.5, "color": "#808080", "weight": 3}]),
    "too many hints": good_entry(hints=hints_of(MAX_HINTS + 1)),
    "a result's saturation above 2": good_entry(result={"output": "/r/x.jpg", "model": "fast", "saturation": 3.0, "hints": []}),
    "a result's bad hint": good_entry(result={"output": "/r/x.jpg", "model": "fast", "saturation": 1.0, "hints": [7]}),
    "a result without an output": good_entry(result={"model": "fast", "saturation": 1.0}),
    "a result as text": good_entry(result="/r/x.jpg"),
}


@pytest.mark.parametrize("reason", list(BAD_ENTRIES))
def test_a_bad_entry_drops_that_photo_and_keeps_the_others(tmp_path, reason):
    first = photo_data(photo("first.jpg"), ("fast", 1.0), [RED], None)
    last = photo_data(photo("last.jpg"), None, [BLUE], None)
    back = read_session(write_document(tmp_path, document(first, BAD_ENTRIES[reason], last)))
    assert [item.photo.source.name for item in back] == ["first.jpg", "last.jpg"], reason
    assert back[0].own == ("fast", 1.0) and back[1].hints == [BLUE]


def test_the_most_hints_allowed_still_come_back(tmp_path):
    (back,) = read_session(write_document(tmp_path, document(good_entry(hints=hints_of(MAX_HINTS)))))
    assert len(back.hints) == MAX_HINTS


# ----- writing ---------------------------------------------------------------------------


def test_the_file_says_what_it_is_and_records_the_results_stamp(tmp_path):
    result = saved(tmp_path)
    path = tmp_path / "deeper" / "session.json"  # its folder is made when missing
    assert write_session([photo_data(photo(), ("fast", 1.2), [RED], result)], path)
    data = json.loads(path.read_text())
    assert data["format"] == "colorizer-session" and data["version"] == 1
    (entry,) = data["photos"]
    assert entry["source"] == str(photo().source) and entry["relative_output"] == str(photo().relative_output)
    assert entry["own"] == {"model": "fast", "saturation": 1.2}
    assert entry["hints"] == [{"x": 0.25, "y": 0.5, "color": "#c83232", "size": 0.02}]
    status = result.output.stat()
    assert entry["result"]["mtime_ns"] == status.st_mtime_ns and entry["result"]["size"] == status.st_size
    assert entry["result"]["known"] is True and entry["result"]["model"] == "fast"


def test_a_session_that_cannot_be_written_says_false_and_keeps_the_last_one(tmp_path):
    path = tmp_path / "session.json"
    assert write_session([photo_data(photo(), None, [RED], None)], path)
    before = path.read_bytes()
    looped: dict = {}
    looped["self"] = looped  # json.dumps refuses it with ValueError, after the temporary file is made
    assert write_session([looped], path) is False
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["session.json"]  # no leftover
    (tmp_path / "taken").write_text("a file where the folder would be")
    assert write_session([], tmp_path / "taken" / "session.json") is False


def test_an_empty_session_is_a_session_of_no_photos(tmp_path):
    assert round_trip(tmp_path, []) == []
