"""The photo list's model over a photo session, without a view: what each row serves, which rows
repaint, look-ups by path, duplicates refused, and the session's failed count."""

import gc
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QIcon  # noqa: E402

from colorizer_app.core.batch import InputPhoto  # noqa: E402
from colorizer_app.ui.colorize.photos.list_model import CHANGED_LABEL, ROW_HEIGHT, PhotoListModel  # noqa: E402
from colorizer_app.ui.colorize.photos.session import PhotoSession  # noqa: E402
from colorizer_app.ui.look.state_colours import LIGHT  # noqa: E402

Role = Qt.ItemDataRole


def photos(*names):
    return [InputPhoto(Path("/photos") / name, Path(name)) for name in names]


@pytest.fixture
def session(qapp):
    return PhotoSession()


@pytest.fixture
def model(session):
    model = PhotoListModel(session, QIcon())
    model.set_colours(QColor("#ffffff"), QColor("#000000"))
    session.add(photos("a.jpg", "b.png", "c.tif", "d.jpg", "e.jpg"))
    return model


def test_each_row_serves_its_two_lines_icon_colour_tooltip_and_one_height(model):
    record = model.find("/photos/b.png")
    index = model.index(1)
    assert model.data(index, Role.DisplayRole) == "b.png\nWaiting"
    assert model.data(index, Role.DecorationRole) is model.icon_of(record)
    assert model.data(index, Role.ForegroundRole).color() == QColor(LIGHT["waiting"])
    assert model.data(index, Role.SizeHintRole) == QSize(72, ROW_HEIGHT)
    assert model.data(index, Role.EditRole) is None and model.data(model.index(9), Role.DisplayRole) is None
    model.session.set_state(record, "failed", "The file is empty")
    assert model.data(index, Role.ToolTipRole) == "/photos/b.png\nFailed: The file is empty"
    assert model.data(index, Role.AccessibleDescriptionRole) == model.data(index, Role.ToolTipRole)  # read out too
    model.session.set_state(record, "done")
    model.session.set_note(record, True, "Colorized with tiny.")
    assert record.text == f"b.png\n{CHANGED_LABEL}"  # an edit not saved outranks Done...
    assert model.data(index, Role.ToolTipRole) == f"/photos/b.png\n{CHANGED_LABEL}\nColorized with tiny."
    assert model.data(index, Role.ForegroundRole).color() == QColor(LIGHT["changed"])
    model.session.set_state(record, "failed")
    assert record.label == "Failed"  # ...never a failure


def test_a_change_repaints_its_own_row_only(model, qtbot):
    changed = []
    model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row())))
    model.session.set_state(model.find("/photos/d.jpg"), "working")
    assert changed == [(3, 3)]
    changed.clear()
    model.set_colours(QColor("#1e1e1e"), QColor("#e8eaed"))  # a dark theme: every row's colour
    assert changed == [(0, 4)]


def test_rows_are_found_by_path_after_removals(model):
    a, b, c, d, e = model.rows()
    removed = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    model.session.remove([d, b, a])
    assert removed == [(3, 3), (0, 1)]  # each run of neighbours in one step, the last run first
    assert model.rows() == [c, e] and model.rowCount() == 2
    assert model.find("/photos/b.png") is None and model.find(Path("/photos/e.jpg")) is e
    assert model.row_of(c) == 0 and model.row_of(e) == 1 and model.row_of(b) == -1 and not model.index_of(a).isValid()
    model.session.add(photos("b.png"))  # added again: a new record, at the end
    again = model.find("/photos/b.png")
    assert again is not b and model.row_of(again) == 2 and model.row_of(b) == -1
    model.session.clear()
    assert model.rowCount() == 0 and model.find("/photos/e.jpg") is None


def test_the_model_keeps_qts_rules(model, qtmodeltester):
    qtmodeltester.check(model)


def test_repainting_rows_never_wears_down_pythons_true(model):
    """PySide6 6.12.0 dropped a reference to True on every emit (excluded in pyproject.toml; tests/ui/app/test_qt_binding.py)."""
    record = model.find("/photos/a.jpg")
    gc.collect()
    before = sys.getrefcount(True)
    for number in range(2000):
        model.session.set_state(record, "waiting", str(number))
    gc.collect()
    assert sys.getrefcount(True) >= before - 20


def test_a_photo_is_listed_once_and_failures_are_counted_by_the_session(model):
    session = model.session
    assert session.add(photos("a.jpg", "f.jpg", "f.jpg")) and session.count() == 6  # a.jpg is listed; f.jpg once
    counts = []
    session.failed_changed.connect(counts.append)
    a, b = session.find("/photos/a.jpg"), session.find("/photos/b.png")
    session.set_state(a, "failed", "The file is empty")
    session.set_state(b, "failed", "Not a photo")
    session.set_state(a, "waiting")
    assert counts == [1, 2, 1] and session.failed() == [b]
    session.remove([b])
    assert counts[-1] == 0 and session.failed_count() == 0


def test_edits_and_hints_live_on_the_photos_record(model):
    """The session is the one owner: what the edits rule and the hints store keep is on the Photo."""
    from colorizer_app.core.hints import ColorHint
    from colorizer_app.ui.colorize.edits.photo_edits import PhotoEdits
    from colorizer_app.ui.colorize.hints.store import HintsStore

    session = model.session
    store = HintsStore(session)
    edits = PhotoEdits(store.hints_of, "default", 1.0, records=session)
    b = session.find("/photos/b.png")
    store.of(b.source).add(ColorHint(0.5, 0.5, "#c83232"))
    edits.pin(b.source)
    assert b.own == ("default", 1.0) and b.hints.hints == [ColorHint(0.5, 0.5, "#c83232")]
    assert edits.recipe(b.source).hints == (ColorHint(0.5, 0.5, "#c83232"),)
    session.remove([b])  # gone from the list: its edits and hints go with it
    assert edits.own(b.source) is None and store.hints_of(b.source) == []
    edits.keep_own(b.source, "fast", 1.5)  # an edit to a photo no longer listed goes nowhere
    assert edits.own(b.source) is None
