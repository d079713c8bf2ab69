"""The live loss curve: training loss per step, validation loss per evaluation, past runs.

Built to keep up with a training loop without slowing it down:
- each series is ONE pyqtgraph item over a numpy buffer that doubles when full, so appending a
  batch of points copies only those points and never creates items;
- appends only mark the plot dirty; a timer redraws at most ten times a second, and only when
  something changed;
- what is drawn (smoothed, as perplexity) is computed incrementally for the new points only,
  and recomputed in full only when a display setting changes;
- pyqtgraph clips to the visible range and downsamples with "peak" (keeps the spikes), so a
  million points draw as a few thousand.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from lmstudio_app.ui.widgets._loss_series import Overlay, SeriesBuffer, SeriesDisplay, ema
from lmstudio_app.ui.widgets._plotting import (
    PlainLogAxis,
    restyle_legend,
    text_points,
)
from lmstudio_app.ui.widgets._style import blend, faint, is_dark, series_colors
from lmstudio_app.ui.widgets._time_axis import StepOrTimeAxis

REDRAW_INTERVAL_MS = 100  # at most ten redraws a second
MAX_SMOOTHING = 0.99
# Per-step losses are noisy; 0.9 averages over about ten steps and shows the trend.
DEFAULT_SMOOTHING = 0.9

__all__ = ["DEFAULT_SMOOTHING", "MAX_SMOOTHING", "REDRAW_INTERVAL_MS", "LossPlot", "ema"]


class LossPlot(QWidget):
    """Loss against training step, with perplexity, log scale, smoothing and past runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._train = SeriesBuffer()
        self._valid = SeriesBuffer()
        self._appended = {"train": 0, "valid": 0}
        self._train_display = SeriesDisplay()
        self._raw_display = SeriesDisplay()
        self._valid_display = SeriesDisplay()
        self._overlays: list[Overlay] = []
        self._presentation = False
        self._dirty = False
        self.last_redraw_ms = 0.0
        self.redraw_count = 0

        # ---- controls
        self.perplexity_check = QCheckBox(self.tr("Show perplexity"))
        self.perplexity_check.setAccessibleName("Show perplexity")
        self.perplexity_check.setToolTip(
            self.tr(
                "Perplexity is e to the power of the loss: how many tokens the model hesitates "
                "between, on average. A perplexity of 10 means the model is as unsure as if it "
                "picked among 10 equally likely tokens."
            )
        )
        self.log_check = QCheckBox(self.tr("Log scale"))
        self.log_check.setAccessibleName("Log scale")
        self.log_check.setToolTip(
            self.tr(
                "Space the vertical axis by powers of ten, so that small improvements late in "
                "training stay visible next to the big drop at the start."
            )
        )
        self.smoothing_slider = QSlider(Qt.Orientation.Horizontal)
        self.smoothing_slider.setRange(0, round(MAX_SMOOTHING * 100))
        self.smoothing_slider.setValue(round(DEFAULT_SMOOTHING * 100))
        self.smoothing_slider.setPageStep(10)
        self.smoothing_slider.setAccessibleName("Smoothing")
        self.smoothing_slider.setToolTip(
            self.tr(
                "Average each point with the ones before it to see the trend through the "
                "noise. The unsmoothed curve stays faint behind. Only the drawing changes, "
                "not the training."
            )
        )
        self.smoothing_slider.setMinimumWidth(120)
        self.smoothing_label = QLabel()
        self.smoothing_label.setAccessibleName("Smoothing amount")
        self.smoothing_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0.00") + 8)
        smoothing_title = QLabel(self.tr("Smoothing"))
        smoothing_title.setBuddy(self.smoothing_slider)
        smoothing_title.setToolTip(self.smoothing_slider.toolTip())

        controls = QHBoxLayout()
        controls.addWidget(self.perplexity_check)
        controls.addSpacing(12)
        controls.addWidget(self.log_check)
        controls.addSpacing(12)
        controls.addWidget(smoothing_title)
        controls.addWidget(self.smoothing_slider, 1)
        controls.addWidget(self.smoothing_label)

        # ---- the plot
        # By step, or by training time; its title follows the unit its ticks read in.
        self._x_axis = StepOrTimeAxis("bottom", on_unit_changed=self._update_axis_labels)
        self.plot_widget = pg.PlotWidget(
            axisItems={"left": PlainLogAxis("left"), "bottom": self._x_axis}
        )
        self.plot_widget.setAccessibleName("Loss plot")
        self.plot_widget.setToolTip(
            self.tr(
                "How wrong the model's guesses are, step after step: lower is better. "
                "Drag to move, scroll to zoom, right-click for more."
            )
        )
        self.plot_widget.setMinimumSize(240, 160)
        plot = self.plot_widget.getPlotItem()
        self._plot = plot
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        plot.showGrid(x=True, y=True, alpha=0.15)
        # The grid is drawn opaque (fast, see GridAxis), so it goes behind the curves: the
        # axes under the view box (z -100) that holds them, rather than over it (z 0.5).
        for name in ("left", "bottom"):
            plot.getAxis(name).setZValue(-200)
        plot.setMenuEnabled(True)
        # Flat curves only (n-gram levels): pyqtgraph zoomed into a span of nothing and
        # labelled its ticks "2.050284984044440".
        plot.getViewBox().setLimits(minYRange=0.05)
        self._legend = plot.addLegend(offset=(-12, 12), labelTextSize="10pt")

        # Pens, by measurement (100,000 noisy points, 800 px wide, after peak downsampling):
        # an antialiased line 2 px wide takes 475 ms to paint, because Qt strokes the outline
        # of every zigzag; without antialiasing pyqtgraph draws separate segments (9 ms); a
        # 1 px line is fast either way (5 ms). Dashes and see-through colours force the slow
        # stroking too. So: long curves are opaque, solid, not antialiased; the faint raw
        # curve is 1 px, antialiased, its faintness blended into an opaque colour; only the
        # validation curve, a few dozen points, is antialiased at full width.
        self._raw_item = pg.PlotDataItem(antialias=True, skipFiniteCheck=True)
        self._train_item = pg.PlotDataItem(
            name=self.tr("training"), antialias=False, skipFiniteCheck=True
        )
        self._valid_item = pg.PlotDataItem(
            name=self.tr("validation"), antialias=True, skipFiniteCheck=True, symbol="o"
        )
        plot.addItem(self._raw_item)
        plot.addItem(self._train_item)
        plot.addItem(self._valid_item)

        # Shown over the empty plot, so that a blank chart explains itself.
        self.empty_label = QLabel(
            self.tr("The loss curve appears here once training starts. Lower is better."),
            self.plot_widget,
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.plot_widget.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.plot_widget, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_INTERVAL_MS)
        self._timer.timeout.connect(self.redraw)

        self.perplexity_check.toggled.connect(self._settings_changed)
        self.log_check.toggled.connect(self._settings_changed)
        self.smoothing_slider.valueChanged.connect(self._settings_changed)
        self._apply_theme()
        self._update_axis_labels()
        self._update_smoothing_label()
        self._place_empty_label()

    # ---- data

    def append_train(self, steps: np.ndarray, losses: np.ndarray) -> None:
        """Add training losses (a batch: arrays of equal length). NaN and inf are not drawn."""
        self._append(self._train, "train", steps, losses)

    def append_valid(self, step: int, loss: float) -> None:
        """Add one validation loss."""
        self._append(self._valid, "valid", np.array([step]), np.array([loss]))

    def _append(self, buffer: SeriesBuffer, series: str, steps: object, losses: object) -> None:
        x = np.asarray(steps, dtype=np.float64).reshape(-1)
        y = np.asarray(losses, dtype=np.float64).reshape(-1)
        if x.size != y.size:
            raise ValueError("steps and losses must have the same length")
        self._appended[series] += int(x.size)
        finite = np.isfinite(x) & np.isfinite(y)
        if not finite.all():
            x, y = x[finite], y[finite]
        if x.size:
            buffer.extend(x, y)
        self._schedule()

    def clear(self) -> None:
        """Forget the current run's points (overlays stay)."""
        self._train.clear()
        self._valid.clear()
        for display in (self._train_display, self._raw_display, self._valid_display):
            display.reset()
        self._appended = {"train": 0, "valid": 0}
        self._schedule()

    def point_count(self, series: str) -> int:
        """How many points were appended to "train" or "valid" (NaN and inf included)."""
        if series not in self._appended:
            raise ValueError(f"unknown series {series!r}: use 'train' or 'valid'")
        return self._appended[series]

    def drawn_count(self, series: str) -> int:
        """How many of them are finite, hence drawn."""
        buffer = {"train": self._train, "valid": self._valid}[series]
        return buffer.size

    def series_data(self, series: str) -> tuple[np.ndarray, np.ndarray]:
        """The x and y that the plot shows now for "train", "raw" or "valid" (after redraw)."""
        item = {"train": self._train_item, "raw": self._raw_item, "valid": self._valid_item}
        # The data handed to the item, before pyqtgraph's own log transform and downsampling.
        x, y = item[series].xData, item[series].yData
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x), np.asarray(y)

    # ---- overlays

    def add_overlay(self, name: str, steps: np.ndarray, losses: np.ndarray) -> None:
        """Draw another run's training loss beside this one, to compare."""
        raw = SeriesBuffer(max(1, np.size(steps)))
        x = np.asarray(steps, dtype=np.float64).reshape(-1)
        y = np.asarray(losses, dtype=np.float64).reshape(-1)
        if x.size != y.size:
            raise ValueError("steps and losses must have the same length")
        finite = np.isfinite(x) & np.isfinite(y)
        raw.extend(x[finite], y[finite])
        item = pg.PlotDataItem(name=name, antialias=False, skipFiniteCheck=True)
        self._plot.addItem(item)
        self._overlays.append(Overlay(name, raw, item))
        self._style_items()
        self._apply_theme()  # the new legend label takes the palette's text colour
        self._schedule()

    def leave_own_curves_out_of_the_legend(self) -> None:
        """For a plot that only compares other runs (the Runs page): its own training and
        validation curves stay empty, and a legend naming them would name nothing."""
        self._legend.removeItem(self._train_item)
        self._legend.removeItem(self._valid_item)

    def legend_names(self) -> list[str]:
        return [label.text for _, label in self._legend.items]

    def clear_overlays(self) -> None:
        for overlay in self._overlays:
            self._plot.removeItem(overlay.item)
        self._overlays.clear()
        self._schedule()

    def overlay_names(self) -> list[str]:
        return [overlay.name for overlay in self._overlays]

    def overlay_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The x and y that the plot shows now for the overlay `name` (after redraw)."""
        for overlay in self._overlays:
            if overlay.name == name:
                x, y = overlay.item.xData, overlay.item.yData
                if x is None or y is None:
                    break
                return np.asarray(x), np.asarray(y)
        return np.empty(0), np.empty(0)

    # ---- x axis: training steps or training time (the Runs page compares runs by time)

    def set_x_axis(self, mode: str) -> None:
        """Lay the horizontal axis out by "steps" or by "time" (seconds of training); the
        caller hands the points in that unit."""
        self._x_axis.set_mode(mode)
        self._update_axis_labels()
        self._plot.enableAutoRange()  # a view zoomed in steps means nothing in seconds

    def x_axis(self) -> str:
        return self._x_axis.mode

    def x_axis_title(self) -> str:
        return self._x_axis.title()

    # ---- settings

    def smoothing(self) -> float:
        return self.smoothing_slider.value() / 100.0

    def set_smoothing(self, value: float) -> None:
        self.smoothing_slider.setValue(round(min(max(value, 0.0), MAX_SMOOTHING) * 100))

    def set_perplexity(self, enabled: bool) -> None:
        self.perplexity_check.setChecked(enabled)

    def set_log_scale(self, enabled: bool) -> None:
        self.log_check.setChecked(enabled)

    def set_presentation(self, enabled: bool) -> None:
        """Thicker lines and markers, for a projector at the back of a classroom (the text
        grows with the window's font, which presentation mode enlarges)."""
        self._presentation = bool(enabled)
        self._apply_theme()

    def is_presentation(self) -> bool:
        return self._presentation

    def _settings_changed(self, *_: object) -> None:
        self._update_axis_labels()
        self._update_smoothing_label()
        self._plot.setLogMode(x=False, y=self.log_check.isChecked())
        self._style_items()
        self._schedule()

    def _update_smoothing_label(self) -> None:
        self.smoothing_label.setText(self.locale().toString(self.smoothing(), "f", 2))

    # ---- drawing

    def _schedule(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def redraw(self) -> None:
        """Hand the current data to the plot now (the timer calls this when data changed)."""
        self._timer.stop()
        started = time.perf_counter()
        self._dirty = False
        smoothing = self.smoothing()
        perplexity = self.perplexity_check.isChecked()
        log = self.log_check.isChecked()

        self._train_display.show_on(self._train_item, self._train, smoothing, perplexity, log)
        if smoothing > 0:
            self._raw_display.show_on(self._raw_item, self._train, 0.0, perplexity, log)
            self._raw_item.show()
        else:
            self._raw_item.hide()
        self._valid_display.show_on(self._valid_item, self._valid, 0.0, perplexity, log)
        for overlay in self._overlays:
            overlay.display.show_on(overlay.item, overlay.raw, smoothing, perplexity, log)
        self.empty_label.setVisible(
            self._train.size == 0 and self._valid.size == 0 and not self._overlays
        )
        # Fit the view to the new data now. pyqtgraph does it when the paint starts, and the
        # axes and curves that the new range changes then ask for a second paint of the whole
        # plot right after the first: two paints per redraw instead of one.
        self._plot.getViewBox().prepareForPaint()
        self.last_redraw_ms = (time.perf_counter() - started) * 1000.0
        self.redraw_count += 1

    def is_dirty(self) -> bool:
        return self._dirty

    def _update_axis_labels(self) -> None:
        self._plot.setLabel("bottom", self._x_axis.title(), **self._label_style())
        left = (
            self.tr("perplexity")
            if self.perplexity_check.isChecked()
            else self.tr("loss (nats per token)")
        )
        self._plot.setLabel("left", left, **self._label_style())

    def _label_style(self) -> dict[str, str]:
        size = self._font_points(1.1)
        color = self.palette().color(QPalette.ColorRole.Text).name()
        return {"color": color, "font-size": f"{size}pt"}

    def _font_points(self, factor: float = 1.0) -> int:
        return text_points(self.font(), factor)

    def _apply_theme(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        self.plot_widget.setBackground(background)
        tick_font = QFont(self.font())
        tick_font.setPointSize(self._font_points())
        for name in ("left", "bottom"):
            axis = self._plot.getAxis(name)
            axis.set_background(background)
            axis.setPen(faint(text, 160))
            axis.setTextPen(text)
            axis.setTickFont(tick_font)
        self._legend.setBrush(faint(background, 210))
        self._legend.setPen(faint(text, 60))
        restyle_legend(self._legend, text, f"{self._font_points()}pt")
        empty_font = QFont(self.font())
        empty_font.setPointSize(self._font_points(1.1))
        self.empty_label.setFont(empty_font)
        self.empty_label.setStyleSheet(
            f"color: {faint(text, 170).name(QColor.NameFormat.HexArgb)};"
        )
        self._update_axis_labels()
        self._style_items()

    def _style_items(self) -> None:
        colors = series_colors(is_dark(self.palette()))
        width = 4.0 if self._presentation else 2.0
        smoothing = self.smoothing() > 0
        background = self.palette().color(QPalette.ColorRole.Base)
        train = QColor(colors[0])
        self._train_item.setPen(pg.mkPen(train, width=width))
        self._raw_item.setPen(pg.mkPen(blend(train, background, 0.35), width=1))
        valid = QColor(colors[1])
        self._valid_item.setPen(pg.mkPen(valid, width=width))
        self._valid_item.setSymbol("o")
        self._valid_item.setSymbolSize(11 if self._presentation else 7)
        self._valid_item.setSymbolBrush(valid)
        self._valid_item.setSymbolPen(pg.mkPen(self.palette().color(QPalette.ColorRole.Base)))
        for number, overlay in enumerate(self._overlays):
            color = QColor(colors[(number + 2) % len(colors)])
            overlay.item.setPen(pg.mkPen(color, width=width * 0.75))
        self._raw_item.setVisible(smoothing)

    # ---- events

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_theme()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.plot_widget and event.type() == QEvent.Type.Resize:
            self._place_empty_label()
        return super().eventFilter(watched, event)

    def _place_empty_label(self) -> None:
        rect = self.plot_widget.rect()
        margin = rect.width() // 8
        self.empty_label.setGeometry(rect.adjusted(margin, 0, -margin, 0))
