"""Words and looks: models in plain words, plain training choices, legends off the data, a run page that fits."""

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import TINY_CONFIG, open_app_window
from trainer_helpers import make_colour_folder

pytest.importorskip("PySide6")

import torch  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget  # noqa: E402

from colorizer_app.core.model_config import ARCHITECTURE_NAMES  # noqa: E402
from colorizer_app.core.model_files import ModelCard, builtin_models_dir, find_model, save_model, user_models_dir  # noqa: E402
from colorizer_app.core.models import build_model  # noqa: E402
from colorizer_app.ui.look.words import duration_words  # noqa: E402
from colorizer_app.ui.train import page as train_page
from colorizer_app.ui.train import questions as train_questions  # noqa: E402
from colorizer_app.ui.train.choices import IMPROVE_DEFAULT, NEW_MODEL  # noqa: E402
from colorizer_app.ui.train.loss_plot import TrainingPlots  # noqa: E402
from trainer.loss_names import LOSSES  # noqa: E402

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "models"
TINY = ["--batch-size", "8", "--crop", "32", "--precision", "fp32"]
JARGON = re.compile(
    r"\b(" + "|".join(map(re.escape, [*ARCHITECTURE_NAMES, *LOSSES])) + r")\b|PSNR|ΔCF|T=\d|SIGTERM|#[0-9a-fA-F]{6}|U-Net|ImageNet",
    re.IGNORECASE,
)


def install_shipped_models(*names):
    for name in names:
        for suffix in (".json", ".safetensors"):
            shutil.copy(SHIPPED / f"{name}{suffix}", builtin_models_dir() / f"{name}{suffix}")


def make_user_model(name="family"):
    torch.manual_seed(0)
    card = ModelCard(
        name=name,
        architecture="unet_resnet18",
        config=TINY_CONFIG,
        description="unet_resnet18 trained with the mse loss",
        training={"data": "/home/ann/Pictures/family", "images": 1234, "time_seconds": 1500.0, "loss": "mse"},
        metrics={"psnr": 21.0, "delta_colorfulness": 3.0},
        created="2026-11-24T10:00:00+00:00",
    )
    save_model(build_model("unet_resnet18", TINY_CONFIG), card, user_models_dir() / f"{name}.safetensors")


def visible_texts(root: QWidget) -> list[str]:
    """The words a user can see in ROOT now (labels, buttons, chosen combo entries, fields)."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.text() or widget.placeholderText())
    return [text for text in texts if text]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    return open_app_window(qtbot, tmp_path)


# ----- the model selector -------------------------------------------------------------
def test_the_model_selector_speaks_plain_words_and_keeps_the_facts_under_details(window, qtbot):
    install_shipped_models("default", "fast")
    make_user_model()
    controls = window.colorize.controls
    controls.models.reload("default")
    items = [controls.models.itemText(index) for index in range(controls.models.count())]
    tooltips = [controls.models.itemData(index, Qt.ItemDataRole.ToolTipRole) for index in range(controls.models.count())]
    assert items == ["Default — best quality", "Fast — quicker, rougher colour", "family — your model"]
    card = json.loads((builtin_models_dir() / "default.json").read_text())
    shipped = card["created"][:10]  # the file's date
    trained_for = duration_words(card["training"]["time_seconds"])
    assert tooltips[0] == f"Best quality · trained on 23,618 photos for {trained_for} · {shipped}"
    assert tooltips[1].startswith("About 3 times quicker than Default, with less accurate colour (now and then a colour cast")
    fast = json.loads((builtin_models_dir() / "fast.json").read_text())["training"]
    assert f"trained on {fast['images']:,} photos for {duration_words(fast['time_seconds'])}" in tooltips[1]
    assert tooltips[2] == "Your model · trained on 1,234 photos from “family” for about 25 minutes · 2026-11-24"
    assert controls.model_words.text() == tooltips[0]
    assert not controls.model_details.isVisible()
    for text in [*items, *tooltips, *visible_texts(controls)]:
        assert not JARGON.search(text), text
    qtbot.mouseClick(controls.details_button, Qt.MouseButton.LeftButton)  # the facts, when asked for
    assert controls.model_details.isVisible() and not controls.model_details.isModal()
    assert (
        "unet_efficientnet_lite0" in controls.model_details.facts()
        and f"PSNR {card['metrics']['psnr']:.2f}" in controls.model_details.facts()
    )
    assert "\nHardware: CPU (2 threads)\n" in controls.model_details.facts()  # not "CPU (2 threads) then CPU (2 threads)"
    controls.models.setCurrentIndex(2)  # the details follow the selector
    assert "Loss: mse" in controls.model_details.facts() and controls.model_words.text() == tooltips[2]


# ----- the Train tab's choices --------------------------------------------------------
def options_page(window):
    page = window.train
    window.tabs.setCurrentWidget(page)
    page._show_options()
    return page, page.stack.currentWidget()


def test_the_train_tab_leads_with_plain_choices_and_hides_research_under_advanced(window, qtbot, monkeypatch):
    install_shipped_models("default")
    page, options = options_page(window)
    assert page.choice.improve.isEnabled() and page.choice.improve.isChecked()
    texts = visible_texts(options)
    assert IMPROVE_DEFAULT.title in texts and NEW_MODEL.title in texts
    for text in texts:
        assert not JARGON.search(text), text
    assert not page.choice.preset.isVisibleTo(options)
    starts = []
    monkeypatch.setattr(page, "start", lambda *arguments: starts.append(arguments))
    page._start_from_form()
    config, title = starts[-1]
    assert (config.arch, config.loss, title) == ("unet_efficientnet_lite0", "classification", IMPROVE_DEFAULT.title)
    assert config.init == "default" and not config.pretrained
    assert config.encoder_training == "upper" and config.crop == 176

    qtbot.mouseClick(page.choice.advanced_button, Qt.MouseButton.LeftButton)  # the research set-ups
    assert page.choice.preset.isVisibleTo(options) and page.choice.arch.isVisibleTo(options)
    plain_cnn = [page.choice.preset.itemData(index) for index in range(page.choice.preset.count())].index(("plain_cnn", "mse"))
    page.choice.preset.setCurrentIndex(plain_cnn)
    page.choice.preset.activated.emit(plain_cnn)  # as a user's pick
    assert page.choice.research.isChecked()
    page._start_from_form()
    config, title = starts[-1]
    assert (config.arch, config.loss, title) == ("plain_cnn", "mse", "Research set-up")


def test_without_the_default_model_a_new_model_uses_the_recommended_recipe(window, monkeypatch):
    page, _options = options_page(window)  # the tests' built-in folder is empty
    assert not page.choice.improve.isEnabled() and page.choice.new_model.isChecked()
    assert "not installed" in page.choice.improve.text()
    starts = []
    monkeypatch.setattr(page, "start", lambda *arguments: starts.append(arguments))
    page._start_from_form()
    config, title = starts[0]
    assert (config.arch, config.loss, title) == ("unet_efficientnet_lite0", "classification", NEW_MODEL.title)
    assert config.pretrained and config.init is None
    assert config.encoder_lr_scale == 0.3 and config.arch_config == {"decoder_width": 32, "hint_spread": True}


def test_a_small_folder_is_warned_about_and_a_big_one_is_not(window, tmp_path, qtbot):
    page = window.train
    window.tabs.setCurrentWidget(page)
    page.folder.setText(str(make_colour_folder(tmp_path / "colour", count=40)))
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=60000)
    assert "fewer than 200 photos" in page.summary.text() and "worse than the default" in page.summary.text()
    assert page.summary_next.isEnabled()  # a warning, not a refusal
    report = SimpleNamespace(usable=[Path(f"{index}.jpg") for index in range(250)], skipped=[], reasons=dict)
    page._scan_finished(report)
    assert "250 usable photos" in page.summary.text() and "fewer than" not in page.summary.text()


@pytest.mark.slow
def test_improving_the_default_model_really_trains_from_it(window, tmp_path, qtbot, monkeypatch):
    """The first choice's arguments fit the shipped default model: a real child fine-tunes it."""
    install_shipped_models("default")
    monkeypatch.setattr(train_questions, "ask_use_model", lambda parent, name, finished: False)
    real_command = train_page.training_command
    monkeypatch.setattr(train_page, "training_command", lambda arguments: real_command([*arguments, *TINY]))  # seconds, not hours
    page, _options = options_page(window)
    page.folder.setText(str(make_colour_folder(tmp_path / "colour", count=40)))
    page.by_epochs.setChecked(True)
    page.epochs.setValue(0.5)
    page.name.setText("family")
    with qtbot.waitSignal(page.model_added, timeout=180000) as added:
        page._start_from_form()
        assert IMPROVE_DEFAULT.title in page.run_title.text() and not JARGON.search(page.run_title.text())
    qtbot.waitUntil(lambda: not page.is_running(), timeout=60000)
    assert "--init" in page.last_command and page.last_command[page.last_command.index("--init") + 1] == "default"
    card = find_model(added.args[0]).card
    assert card.architecture == "unet_efficientnet_lite0" and card.config["decoder_width"] == 32
    assert card.training["started_from"] == "default" and card.training["steps"] >= 1


# ----- the run page -------------------------------------------------------------------
def test_the_plot_legends_sit_beside_the_data_never_over_it(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.resize(600, 420)
    plots.show()
    for step in range(1, 200):
        plots.add_step(step, 5.0 - step / 100)
    for step in (50, 100, 150, 199):
        plots.add_validation(step, 4.0, {"psnr": 22.0 + step / 100, "delta_colorfulness": 3.0})
    qtbot.wait(50)
    for plot, legend in ((plots.loss_plot, plots.loss_legend), (plots.metric_plot, plots.metric_legend)):
        data_area = plot.plotItem.vb.sceneBoundingRect()
        box = legend.sceneBoundingRect()
        assert box.height() > 0 and not box.intersects(data_area), (box, data_area)
        assert plot.viewRect().isValid()


def test_the_run_page_fits_a_768_px_screen_even_with_a_tall_preview(window, qtbot):
    page = window.train
    run = page.stack.widget(3)
    tall = QPixmap(420, 1400)
    tall.fill(Qt.GlobalColor.gray)
    page.preview.setPixmap(tall)
    page.run_status.setText("Stopped at step 120. Resume continues where it stopped; “Save as a model” adds it. " * 3)
    for widget in (run, page):
        assert widget.sizeHint().height() <= 700, widget.sizeHint()
        assert widget.minimumSizeHint().height() <= 700, widget.minimumSizeHint()
    assert not page.preview.pixmap().isNull() and page.preview.pixmap().height() == 1400
