"""Issue 26: the preview follows the selection. Only the photo now selected is rendered and
shown (a photo left while it rendered never comes on screen), a marker says at once that
a picture is on its way, and one new pin asks for one render, not two."""

import time

import pytest
from conftest import natural_image, open_tiny_model_window
from PIL import Image

pytest.importorskip("PySide6")

from colorizer_app.core import interactive  # noqa: E402


@pytest.fixture
def slow_renders(monkeypatch):
    """Each network pass takes 0.3 s more, as on a slow computer."""
    render = interactive.InteractiveColorizer.render

    def slow(self, *args, **kwargs):
        time.sleep(0.3)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(interactive.InteractiveColorizer, "render", slow)


@pytest.fixture
def page(qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(6):
        Image.fromarray(natural_image(seed=number)).convert("L").save(folder / f"photo-{number}.png")
    page = open_tiny_model_window(qtbot, tmp_path).colorize
    page.add_paths([folder])
    qtbot.waitUntil(lambda: page.compare.after is not None and not page.previews.busy, timeout=30000)
    return page


def test_arrowing_down_shows_only_the_photo_selected_and_a_busy_marker_at_once(page, qtbot, slow_renders):
    shown = []
    page.previews.ready.connect(lambda *_: shown.append(page.previews.shown_path))
    busy_after = []
    for row in range(1, 6):  # faster than a render: most requests are out of date before they start
        started = time.monotonic()
        page.queue.setCurrentRow(row)
        qtbot.waitUntil(lambda: page.compare.busy, timeout=150)
        busy_after.append(time.monotonic() - started)
        qtbot.wait(60)
    last = page.current_path()
    assert last.name == "photo-5.png"
    qtbot.waitUntil(lambda: not page.previews.busy, timeout=30000)
    assert shown and set(shown) == {last}, [path.name for path in shown]  # never a photo left behind
    assert max(busy_after) < 0.15
    assert not page.compare.busy and page.compare.after is not None
    assert page.previews.shown_model == "tiny"


def test_one_new_pin_asks_for_one_render(page, qtbot, monkeypatch):
    page.hints_panel.edit.setChecked(True)
    requests = []
    request = page.previews.request
    monkeypatch.setattr(page.previews, "request", lambda *args: (requests.append(args), request(*args)))
    page.hints_ui.add_hint(0.4, 0.4)
    qtbot.waitUntil(lambda: not page.previews.busy, timeout=30000)
    assert len(requests) == 1
    assert requests[0][4] == (0.4, 0.4)  # with the model's suggestions for the new pin
    qtbot.waitUntil(lambda: bool(page.hints_panel.palette.suggested), timeout=30000)


def test_a_failed_photo_selected_mid_render_never_shows_the_photo_left(page, qtbot, slow_renders):
    shown = []
    page.previews.ready.connect(lambda *_: shown.append(page.previews.shown_path))
    page.queue.setCurrentRow(1)
    page.queue.set_state_for(page.queue.photos()[2].source, "failed", "broken file")
    page.queue.setCurrentRow(2)
    qtbot.wait(800)
    assert shown == [] and page.compare.after is None and not page.compare.busy


def test_a_photo_left_while_it_is_being_opened_gets_no_network_pass(page, qtbot, monkeypatch):
    from colorizer_app.ui.colorize.viewing import full_photo

    opened, rendered = [], []
    decode, render = full_photo.full_pixels, interactive.InteractiveColorizer.render
    monkeypatch.setattr(full_photo, "full_pixels", lambda path: (opened.append(path.name), time.sleep(0.4), decode(path))[2])
    monkeypatch.setattr(interactive.InteractiveColorizer, "render", lambda self, *a, **k: (rendered.append(1), render(self, *a, **k))[1])
    page.queue.setCurrentRow(1)
    qtbot.waitUntil(lambda: opened == ["photo-1.png"], timeout=5000)
    page.queue.setCurrentRow(2)  # while photo-1 is still being opened
    qtbot.waitUntil(lambda: not page.previews.busy, timeout=30000)
    assert opened == ["photo-1.png", "photo-2.png"] and len(rendered) == 1  # photo-2's only
    assert page.previews.shown_path.name == "photo-2.png"
