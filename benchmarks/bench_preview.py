"""Benchmark: time from selecting a photo in the list to its colour picture on screen, in the app's window.

Measures; asserts nothing. Runs the real Colorize tab offscreen (its preview thread, the
built-in default model at the default render size) over a few photos made from the sample
at a scan's size. Three figures:

* one selection, the window idle: selection -> the busy marker, and -> the picture;
* arrowing down: a new row every ``--interval`` ms through the list, then the time from the
  last selection to that photo's picture (a photo left behind must never be shown; counted);
* a new pin on the photo: -> the new picture, and how many renders it asked for.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_preview.py [--photos 6] [--size 3000] [--interval 150]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "astronaut-bw.jpg"


def wait_until(app, condition, timeout: float = 120.0) -> float:
    """Process events until ``condition()``; returns the seconds waited."""
    start = time.perf_counter()
    while not condition():
        app.processEvents()
        time.sleep(0.002)
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the picture never came")
    return time.perf_counter() - start


def make_photos(folder: Path, count: int, size: int) -> list[Path]:
    """``count`` different photos of ``size`` px on the long side (crops of the sample, scaled up)."""
    sample = Image.open(SAMPLE).convert("L")
    paths = []
    for number in range(count):
        box = (number * 15, number * 10, sample.width - number * 10, sample.height - number * 5)
        photo = sample.crop(box).resize((size, round(size * 2 / 3)), Image.Resampling.BICUBIC)
        path = folder / f"photo-{number}.jpg"
        photo.save(path, quality=92)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=6)
    parser.add_argument("--size", type=int, default=3000, help="long side of each photo in pixels")
    parser.add_argument("--interval", type=int, default=150, help="ms between rows while arrowing down")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = str(home / variable.lower())  # never the user's settings or session
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from colorizer_app.ui.app.window import MainWindow
    from colorizer_app.ui.settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv)
    folder = home / "photos"
    folder.mkdir()
    photos = make_photos(folder, args.photos, args.size)
    window = MainWindow(AppSettings(output_folder=str(home / "results")))
    window.resize(1280, 800)
    window.show()
    page = window.colorize
    entry = page.controls.models.current_entry()
    page.add_paths([folder])
    wait_until(app, lambda: page.compare.after is not None and not page.previews.busy)
    print(f"model {entry.name if entry else 'none'}, render size {page.controls.render_size.value()}, {len(photos)} photos of {args.size} px")

    marker, picture = [], []
    for _repeat in range(args.repeats):
        for row in (1, 0):
            start = time.perf_counter()
            page.queue.setCurrentRow(row)
            marker.append(wait_until(app, lambda: page.compare.busy))
            wait_until(app, lambda: not page.previews.busy and page.previews.shown_path == page.current_path())
            picture.append(time.perf_counter() - start)
    print(f"one selection -> busy marker: max {max(marker) * 1000:.0f} ms; -> picture: median {statistics.median(picture):.2f} s, max {max(picture):.2f} s")

    shown: list[Path] = []
    page.previews.ready.connect(lambda *_: shown.append(page.previews.shown_path))
    last_times, stale = [], 0
    for _repeat in range(args.repeats):
        page.queue.setCurrentRow(0)
        wait_until(app, lambda: not page.previews.busy)
        shown.clear()
        for row in range(1, len(photos)):
            page.queue.setCurrentRow(row)
            end = time.perf_counter() + args.interval / 1000
            while time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.002)
        start = time.perf_counter()
        wait_until(app, lambda: not page.previews.busy and page.previews.shown_path == page.current_path())
        last_times.append(time.perf_counter() - start)
        stale += sum(1 for path in shown if path != page.current_path())
    print(
        f"arrowing down {len(photos) - 1} rows, one every {args.interval} ms: last selection -> its picture "
        f"median {statistics.median(last_times):.2f} s, max {max(last_times):.2f} s; pictures of photos left behind shown: {stale}"
    )

    requests = []
    request = page.previews.request
    page.previews.request = lambda *a: (requests.append(a), request(*a))
    page.hints_panel.edit.setChecked(True)
    pins = []
    for number in range(args.repeats):
        requests.clear()
        start = time.perf_counter()
        page.hints_ui.add_hint(0.3 + 0.1 * number, 0.5)
        wait_until(app, lambda: not page.previews.busy)
        pins.append((time.perf_counter() - start, len(requests)))
    print(
        f"a new pin -> its picture: median {statistics.median(t for t, _ in pins):.2f} s; renders asked per pin: {sorted({n for _, n in pins})}"
    )
    window.hide()


if __name__ == "__main__":
    main()
