"""Open the app's window as a user would see it at a display scale, and check that it fits.

Run in a child process (the scale is fixed when Qt starts): ``QT_SCALE_FACTOR=1.5 python
tests/scaled_window.py 910 512 [shot.png]``. WIDTH×HEIGHT is the screen's size in the
window's own (device-independent) pixels: 1366×768 at 150% is 910×512. Exits 0 when the
window's minimum size fits, and at that size every label and button of the Colorize tab's
side column is reachable (ui/app/test_layout.check_column), hints being edited too; the
Train tab's pages fit as well. ``shot.png``: a picture of the window at that size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE), str(HERE / "ui" / "app")]


def wait_for(app, condition, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window never got there")
        app.processEvents()
        time.sleep(0.01)


def main(width: int, height: int, shot: str | None) -> None:
    home = Path(tempfile.mkdtemp(prefix="scaled-window-"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = str(home / variable.lower())
    os.environ["COLORIZER_RESOURCES"] = str(home / "resources")
    (home / "resources" / "models").mkdir(parents=True)
    from conftest import make_model_file, natural_image
    from PIL import Image
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    from test_layout import check_column

    from colorizer_app.core.model_files import user_models_dir
    from colorizer_app.ui.app.window import MainWindow
    from colorizer_app.ui.settings import AppSettings

    make_model_file(user_models_dir(), name="tiny")
    folder = home / "album"
    folder.mkdir()
    for number in range(3):
        Image.fromarray(natural_image(seed=number)).convert("L").save(folder / f"old photo {number}.jpg")
    window = MainWindow(AppSettings(model="tiny", render_size=64, output_folder=str(home / "results")))
    window.show()
    page = window.colorize
    page.add_paths([folder])
    wait_for(app, lambda: page.compare.after is not None)
    page.hints_panel.edit.setChecked(True)
    page.hints_ui.add_hint(0.5, 0.5)
    wait_for(app, lambda: bool(page.hints_panel.palette.suggested) and not page.previews.busy)
    scale = window.devicePixelRatioF()
    sizes = {"window": window.minimumSizeHint(), "train": window.train.minimumSizeHint()}
    for index in range(window.train.stack.count()):
        sizes[f"train page {index}"] = window.train.stack.widget(index).minimumSizeHint()
    for name, size in sizes.items():
        print(f"{name}: minimum {size.width()}×{size.height()} at scale {scale}")
        assert size.width() <= width and size.height() <= height, f"{name} needs {size.width()}×{size.height()}, the screen has {width}×{height}"
    title_bar = 32  # a window manager's title bar (openbox: 16-24) must fit on the screen too
    assert sizes["window"].height() <= height - title_bar, f"no room for a title bar: {sizes['window'].height()} of {height}"
    window.resize(width, height - title_bar)
    wait_for(app, lambda: (window.width(), window.height()) == (width, height - title_bar), 5)
    app.processEvents()
    check_column(window)  # everything in the side column reachable, nothing squeezed
    column = page.side_column
    for tool in (page.hints_panel.brush, page.hints_panel.palette.more, page.hints_panel.palette):
        top_left = tool.mapTo(column.viewport(), tool.rect().topLeft())
        bottom = tool.mapTo(column.viewport(), tool.rect().bottomLeft()).y()
        assert top_left.y() >= 0 and bottom <= column.viewport().height(), f"{type(tool).__name__} needs scrolling"
    if shot:
        window.grab().save(shot)
    print("fits")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
