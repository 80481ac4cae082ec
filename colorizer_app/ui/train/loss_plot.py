"""Live plots of a training run: training loss per step, validation loss and metrics; and the
latest validation preview picture.

Each legend sits in its own row under the plot, outside the data area, so it never covers a curve.
The plots take the theme's base and text colours, and curve colours from state_colours that
reach 4.5:1 contrast on that base, again whenever the theme changes.
"""

from __future__ import annotations

import pyqtgraph
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette, QPixmap
from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget

from colorizer_app.ui.look.fit_picture import FitPicture
from colorizer_app.ui.look.state_colours import series_colour

SMOOTHING = 0.9  # exponential moving average of the noisy per-step loss
LEGEND_ROW = 4  # a PlotItem's grid: title 0, top axis 1, data 2, bottom axis 3; the legend below


def legend_below(plot: pyqtgraph.PlotWidget) -> pyqtgraph.LegendItem:
    """A legend in a row of its own under the plot's axis, never over the data."""
    legend = pyqtgraph.LegendItem(colCount=2)
    plot.plotItem.layout.addItem(legend, LEGEND_ROW, 1)
    return legend


def plot_with_legend(title: str) -> tuple[pyqtgraph.PlotWidget, pyqtgraph.LegendItem]:
    plot = pyqtgraph.PlotWidget(title=title)
    plot.setLabel("bottom", "step")
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setMinimumHeight(PLOT_HEIGHT)
    return plot, legend_below(plot)


PLOT_HEIGHT = 170  # below this a plot's own area is too small to read


class TrainingPlots(QWidget):
    """The error plot and the validation plot: one above the other, or side by side when the
    page is too short for two (1366×768 at 150% leaves the Train tab about 330 pixels)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pyqtgraph.setConfigOptions(antialias=True)
        self.loss_plot, self.loss_legend = plot_with_legend("Error (lower is better)")
        self.train_curve = self.loss_plot.plot()
        self.val_curve = self.loss_plot.plot(symbol="o", symbolSize=6)
        self.loss_legend.addItem(self.train_curve, "training photos (smoothed)")
        self.loss_legend.addItem(self.val_curve, "validation photos")
        self.metric_plot, self.metric_legend = plot_with_legend("Validation photos")
        self.psnr_curve = self.metric_plot.plot(symbol="o", symbolSize=6)
        self.cf_curve = self.metric_plot.plot(symbol="t", symbolSize=6)
        self.curves = {
            "training": self.train_curve,
            "validation": self.val_curve,
            "accuracy": self.psnr_curve,
            "colourfulness": self.cf_curve,
        }
        self.colours: dict[str, str] = {}  # series -> colour now drawn, and "background", "text"
        self.metric_legend.addItem(self.psnr_curve, "accuracy (higher is better)")
        self.metric_legend.addItem(self.cf_curve, "colourfulness gap (lower is better)")
        layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # minimumSizeHint below decides
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot, 1)
        layout.addWidget(self.metric_plot, 1)
        self.apply_palette()
        self.reset()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Side by side's: the page may be as short as one plot."""
        return QSize(2 * self.loss_plot.minimumSizeHint().width(), PLOT_HEIGHT)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        stacked = self.height() >= 2 * PLOT_HEIGHT + self.layout().spacing()
        self.layout().setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)
        for legend in (self.loss_legend, self.metric_legend):  # half the width: one entry a row
            if legend.columnCount != (2 if stacked else 1):
                legend.setColumnCount(2 if stacked else 1)

    def apply_palette(self) -> None:
        """Background, axes, titles, legends and curves in the current theme's colours."""
        background = self.palette().color(QPalette.ColorRole.Base)
        text = self.palette().color(QPalette.ColorRole.Text)
        self.colours = {"background": background.name(), "text": text.name()}
        for plot, legend in ((self.loss_plot, self.loss_legend), (self.metric_plot, self.metric_legend)):
            plot.setBackground(background)
            plot.setTitle(plot.plotItem.titleLabel.text, color=text.name())
            for side in ("bottom", "left"):
                plot.getAxis(side).setPen(text)
                plot.getAxis(side).setTextPen(text)
            legend.setLabelTextColor(text)
            for _sample, label in legend.items:  # labels already there keep their colour otherwise
                label.setText(label.text, color=text.name())
        for series, curve in self.curves.items():
            colour = series_colour(series, background, text).name()
            self.colours[series] = colour
            curve.setPen(pyqtgraph.mkPen(colour, width=2))
            if series != "training":
                curve.setSymbolBrush(colour)
                curve.setSymbolPen(colour)
                curve.scatter.setBrush(colour)  # the legend's sample draws from these, even before any point
                curve.scatter.setPen(colour)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(600, 420)  # not a plot's 640x480 each: the run page must fit a 768 px screen

    def reset(self) -> None:
        self.steps: list[int] = []
        self.losses: list[float] = []
        self.val_steps: list[int] = []
        self.val_losses: list[float] = []
        self.psnr: list[float] = []
        self.delta_cf: list[float] = []
        self._smoothed: float | None = None
        self._redraw()

    def add_step(self, step: int, loss: float) -> None:
        if self.steps and step <= self.steps[-1]:  # a run resumed from an earlier checkpoint trains these again
            self._forget_from(step)
        self._smoothed = loss if self._smoothed is None else SMOOTHING * self._smoothed + (1 - SMOOTHING) * loss
        self.steps.append(step)
        self.losses.append(self._smoothed)
        self.train_curve.setData(self.steps, self.losses)

    def add_validation(self, step: int, loss: float, metrics: dict) -> None:
        if self.val_steps and step <= self.val_steps[-1]:
            self._forget_from(step)
        self.val_steps.append(step)
        self.val_losses.append(loss)
        self.psnr.append(metrics.get("psnr", float("nan")))
        self.delta_cf.append(metrics.get("delta_colorfulness", float("nan")))
        self._redraw()

    def load_history(self, events: list[dict]) -> None:
        """Start from a run's earlier events (a resumed run), drawn once."""
        self.reset()
        for event in events:
            if event.get("type") == "step":
                loss = event["loss"]
                self._smoothed = loss if self._smoothed is None else SMOOTHING * self._smoothed + (1 - SMOOTHING) * loss
                self.steps.append(event["step"])
                self.losses.append(self._smoothed)
            elif event.get("type") == "validation":
                self.val_steps.append(event["step"])
                self.val_losses.append(event["loss"])
                self.psnr.append(event["metrics"].get("psnr", float("nan")))
                self.delta_cf.append(event["metrics"].get("delta_colorfulness", float("nan")))
        self._redraw()

    def _forget_from(self, step: int) -> None:
        """Drop what was drawn from ``step`` on: after a crash, Resume goes back to the last
        checkpoint and those steps come again (the line jumped back and a validation showed twice)."""
        kept = sum(drawn < step for drawn in self.steps)
        del self.steps[kept:], self.losses[kept:]
        kept_val = sum(drawn < step for drawn in self.val_steps)
        del self.val_steps[kept_val:], self.val_losses[kept_val:], self.psnr[kept_val:], self.delta_cf[kept_val:]
        self._smoothed = self.losses[-1] if self.losses else None
        self._redraw()

    def _redraw(self) -> None:
        self.train_curve.setData(self.steps, self.losses)
        self.val_curve.setData(self.val_steps, self.val_losses)
        self.psnr_curve.setData(self.val_steps, self.psnr)
        self.cf_curve.setData(self.val_steps, self.delta_cf)


NO_PREVIEW = "Validation previews appear here after each pass over the photos."


class ValidationPreview(FitPicture):
    """The run's latest validation preview (grey · predicted · truth), shrunk to fit.

    A picture stays until a newer one comes or ``blank`` (a new run): on Resume the last
    ones stay on screen (issue 26: they went back to the empty-state text for a pass).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(NO_PREVIEW, parent)
        self.setMinimumWidth(300)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)

    def show_file(self, path: str) -> bool:
        """Show the picture at ``path``; False if it cannot be read (the one on screen stays)."""
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            return False
        self.setPixmap(pixmap.scaledToWidth(min(420, pixmap.width()), Qt.TransformationMode.SmoothTransformation))
        return True

    def blank(self) -> None:
        """No picture: the empty-state text (a new run)."""
        self.show_text(NO_PREVIEW)
