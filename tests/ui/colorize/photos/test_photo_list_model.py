"""The photo list's model on its own: what each row serves, which rows repaint, look-ups by path."""

import gc
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QIcon  # noqa: E402

from colorizer_app.ui.colorize.photos.list_model import CHANGED_LABEL, ROW_HEIGHT, PhotoListModel, PhotoRow  # noqa: E402
from colorizer_app.ui.look.state_colours import LIGHT  # noqa: E402

Role = Qt.ItemDataRole


def records(*names):
    return [PhotoRow(Path("/photos") / name, Path(name), QIcon()) for name in names]


@pytest.fixture
def model(qapp):
    model = PhotoListModel()
    model.set_colours(QColor("#ffffff"), QColor("#000000"))
    model.append(records("a.jpg", "b.png", "c.tif", "d.jpg", "e.jpg"))
    return model


def test_each_row_serves_its_two_lines_icon_colour_tooltip_and_one_height(model):
    record = model.find("/photos/b.png")
    index = model.index(1)
    assert model.data(index, Role.DisplayRole) == "b.png\nWaiting"
    assert model.data(index, Role.DecorationRole) is record.icon
    assert model.data(index, Role.ForegroundRole).color() == QColor(LIGHT["waiting"])
    assert model.data(index, Role.SizeHintRole) == QSize(72, ROW_HEIGHT)
    assert model.data(index, Role.EditRole) is None and model.data(model.index(9), Role.DisplayRole) is None
    model.update(record, state="failed", message="The file is empty")
    assert model.data(index, Role.ToolTipRole) == "/photos/b.png\nFailed: The file is empty"
    model.update(record, state="done", message="", changed=True, note="Colorized with tiny.")
    assert record.text == f"b.png\n{CHANGED_LABEL}"  # an edit not saved outranks Done...
    assert model.data(index, Role.ToolTipRole) == f"/photos/b.png\n{CHANGED_LABEL}\nColorized with tiny."
    assert model.data(index, Role.ForegroundRole).color() == QColor(LIGHT["changed"])
    model.update(record, state="failed")
    assert record.label == "Failed"  # ...never a failure


def test_a_change_repaints_its_own_row_only(model, qtbot):
    changed = []
    model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row())))
    model.update(model.find("/photos/d.jpg"), state="working")
    assert changed == [(3, 3)]
    changed.clear()
    model.set_colours(QColor("#1e1e1e"), QColor("#e8eaed"))  # a dark theme: every row's colour
    assert changed == [(0, 4)]


def test_rows_are_found_by_path_after_removals(model):
    a, b, c, d, e = model.rows()
    removed = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    model.remove([d, b, a])
    assert removed == [(3, 3), (0, 1)]  # each run of neighbours in one step, the last run first
    assert model.rows() == [c, e] and model.rowCount() == 2
    assert model.find("/photos/b.png") is None and model.find(Path("/photos/e.jpg")) is e
    assert model.row_of(c) == 0 and model.row_of(e) == 1 and model.row_of(b) == -1 and not model.index_of(a).isValid()
    model.append(records("b.png"))  # added again: a new record, at the end
    again = model.find("/photos/b.png")
    assert again is not b and model.row_of(again) == 2 and model.row_of(b) == -1
    model.clear()
    assert model.rowCount() == 0 and model.find("/photos/e.jpg") is None


def test_the_model_keeps_qts_rules(model, qtmodeltester):
    qtmodeltester.check(model)


def test_repainting_rows_never_wears_down_pythons_true(model):
    """PySide6 6.12.0 dropped a reference to True on every emit (excluded in pyproject.toml; tests/ui/app/test_qt_binding.py)."""
    record = model.find("/photos/a.jpg")
    gc.collect()
    before = sys.getrefcount(True)
    for number in range(2000):
        model.update(record, message=str(number))
    gc.collect()
    assert sys.getrefcount(True) >= before - 20
