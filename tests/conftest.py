"""Shared fixtures: an isolated user data folder, no built-in models, small test models and photos."""

from __future__ import annotations

import contextlib
import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One torch (OpenMP) thread for the tests and the children they start, unless the caller sets it.
# The tests' tensors are small, and on a 2-core machine shared with anything else (CI, the lead's
# build) two threads spin-wait for each other: the training tests took 430 s with two threads and
# 56 s with one under the same load. Set before torch is imported, which reads it then.
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Tests let Qt run with qtbot.wait(ms), not QApplication.processEvents(): a habit from PySide6 6.12.0, whose
# void calls dropped a reference to None until Python aborted ("Fatal Python error: none_dealloc"). That
# release is excluded in pyproject.toml, and tests/ui/app/test_qt_binding.py checks the installed one.

import numpy as np
import pytest
import torch
from PIL import Image

from colorizer_app.core.model_files import ModelCard, load_model, read_entry, save_model
from colorizer_app.core.models import build_model

TINY_CONFIG = {"decoder_width": 16, "context_dilations": [2]}
TINY_TRAINING = {"batch_size": 8, "crop": 32, "precision": "fp32"}  # a training run of a few seconds


@pytest.fixture(scope="session", autouse=True)
def one_qt_application():
    """A QApplication made before any test: the self-test runs in-process and makes a plain
    QCoreApplication when none exists, and every widget made after that aborts the run."""
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:  # the engine's tests run without Qt
        freeze_what_lives_for_the_session()
        return None
    app = QApplication.instance() or QApplication(["colorizer-tests"])
    with contextlib.suppress(Exception):  # a broken window module is reported by the window's own tests
        import colorizer_app.ui.app.window  # noqa: F401 (the app's modules, before the freeze)
    freeze_what_lives_for_the_session()
    return app


def freeze_what_lives_for_the_session() -> None:
    """Move the objects alive now (modules, classes: torch, Qt, the app; ~400,000) out of the
    cycle collector's sight. They live to the end anyway, and every window test's gc.collect()
    (collect_closed_windows) took 0.15 s scanning them (tests/ui/colorize/edits, look and
    tasks: 51 s -> 47 s). What the tests make is still collected."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path_factory, monkeypatch):
    """Each test gets empty built-in and user model folders, never the developer's own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the error log
    resources = home / "resources"
    (resources / "models").mkdir(parents=True)
    monkeypatch.setenv("COLORIZER_RESOURCES", str(resources))
    return home


def make_model_file(folder, name="tiny", architecture="unet_resnet18", config=None, seed=0):
    torch.manual_seed(seed)
    net = build_model(architecture, TINY_CONFIG if config is None else config)
    card = ModelCard(name=name, architecture=architecture, config=TINY_CONFIG if config is None else config, description="test model")
    return save_model(net, card, folder / f"{name}.safetensors").weights_path


@pytest.fixture
def tiny_model_path(tmp_path):
    return make_model_file(tmp_path / "models")


@pytest.fixture
def tiny_model(tiny_model_path):
    return load_model(read_entry(tiny_model_path))


def natural_image(height=96, width=128, seed=0) -> np.ndarray:
    """A smooth, colourful test picture (gradients and blobs) as uint8 RGB."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width] / max(height, width)
    channels = []
    for _ in range(3):
        fx, fy, phase = rng.uniform(1, 6, 3)
        channels.append(0.5 + 0.45 * np.sin(fx * x * 3 + phase) * np.cos(fy * y * 3))
    return (np.stack(channels, axis=2) * 255).round().astype(np.uint8)


@pytest.fixture
def photo_folder(tmp_path):
    """A small tree of photos: nested folders, a greyscale and a colour one."""
    root = tmp_path / "album"
    (root / "1950s").mkdir(parents=True)
    Image.fromarray(natural_image(seed=1)).convert("L").save(root / "portrait.jpg", quality=90)
    Image.fromarray(natural_image(seed=2)).save(root / "1950s" / "beach.png")
    Image.fromarray(natural_image(seed=3)).convert("L").save(root / "1950s" / "house.tif")
    (root / "notes.txt").write_text("not a photo")
    return root


@pytest.fixture
def quick_validation(monkeypatch):
    """In-process training runs score their validation photos as 64×64 squares, not 256×256: the
    practice photos are 64 pixels, and at 256 validation was most of a test run's time. Runs in
    child processes (the Train tab, DDP, SIGTERM) still validate at the real size."""
    from trainer import model_export, run

    monkeypatch.setattr(run, "VALIDATION_SIZE", 64)
    monkeypatch.setattr(model_export, "VALIDATION_SIZE", 64)


def run_config(folder, name, **settings):
    """A Train-tab run of the quick practice set-up (the tab picks its folder when it starts)."""
    from trainer.config import TrainConfig

    return TrainConfig(data=str(folder), out="", name=name, arch="constant_resolution", loss="l1", device="cpu", **settings)


def open_tiny_model_window(qtbot, tmp_path, size=(1200, 800)):
    """The main window with a tiny user model "tiny" selected at render size 64 (quick
    renders), shown at ``size``, writing results under ``tmp_path``."""
    from colorizer_app.core.model_files import user_models_dir
    from colorizer_app.ui.app.window import MainWindow
    from colorizer_app.ui.settings import AppSettings

    make_model_file(user_models_dir(), name="tiny")
    window = MainWindow(AppSettings(model="tiny", render_size=64, output_folder=str(tmp_path / "results")))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    return window


def open_app_window(qtbot, tmp_path, train_tab: bool = False):
    """The app's main window, shown, writing results under ``tmp_path`` (optionally on the Train tab)."""
    from colorizer_app.ui.app.window import MainWindow
    from colorizer_app.ui.settings import AppSettings

    window = MainWindow(AppSettings(output_folder=str(tmp_path / "results")))
    qtbot.addWidget(window)
    window.show()
    if train_tab:
        window.tabs.setCurrentWidget(window.train)
    return window


def set_row_selected(queue, row: int, selected: bool = True) -> None:
    """Select or deselect one row of the photo list, leaving the rest (as a Ctrl+click would)."""
    from PySide6.QtCore import QItemSelectionModel

    flag = QItemSelectionModel.SelectionFlag.Select if selected else QItemSelectionModel.SelectionFlag.Deselect
    queue.selectionModel().select(queue.list_model.index(row), flag)


@pytest.fixture
def shipped_default(isolated_folders):
    """The real default model among the built-in ones (tests that fine-tune or resume exactly it)."""
    import shutil
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "resources" / "models"
    for suffix in (".json", ".safetensors"):
        shutil.copy(shipped / f"default{suffix}", Path(os.environ["COLORIZER_RESOURCES"]) / "models")


@pytest.fixture(autouse=True)
def collect_closed_windows(request):
    """After a window test, free its closed widgets now, on the main thread.

    Left to Python's cycle collector, a closed window's wrappers could be collected later on a
    worker thread; Shiboken then deletes the widgets in the main thread at a random moment, and
    once (CI on 2026-12-05) that deletion, holding the GIL, waited on a Qt signal lock that a
    thumbnail worker held while it waited for the GIL: the suite hung.
    """
    yield
    if "qtbot" in request.fixturenames:
        gc.collect()



def open_train_tab(qtbot, tmp_path, monkeypatch):
    """The window on its Train tab, training children held to one thread (tests run beside them)."""
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    return open_app_window(qtbot, tmp_path, train_tab=True)
