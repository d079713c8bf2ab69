"""The loss plot's horizontal axis: training steps, or training time with readable ticks.

By step, pyqtgraph's own ticks are kept. By time, ticks fall on round durations (10 s, 30 s,
1 min, 5 min, 1 h...) and read as durations: "45", "90" while the view ends before two
minutes (the title then says seconds), "1m30s", "2m", "1h05m" past it (the title says
minutes), which is how a class reads a stopwatch.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication

from lmstudio_app.ui.widgets._plotting import GridAxis

# The axis is a graphics item: its strings share the loss plot's translation context,
# written out at each call for lupdate to find.
translate = QCoreApplication.translate

STEPS = "steps"
TIME = "time"
# Past two minutes, seconds alone (150, 300, 450) are harder to read than 2m30s, 5m, 7m30s.
MINUTES_FROM_S = 120.0
# Round durations in seconds a tick may fall on, from a tenth of a second to a day.
_NICE_SECONDS = (
    0.1,
    0.2,
    0.5,
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
    43200,
    86400,
)
PIXELS_PER_LABEL = 90  # "1h05m" in a 10-point font with room on both sides


def time_unit(view_end: float) -> str:
    """ "s" or "min": the unit a time axis whose view ends at `view_end` seconds reads in."""
    return "min" if abs(view_end) >= MINUTES_FROM_S else "s"


def format_duration(seconds: float) -> str:
    """A duration as a stopwatch reads: 45s, 1m30s, 2m, 1h05m (tenths under a minute)."""
    if seconds < 0:
        return "−" + format_duration(-seconds)
    if seconds < 60:
        text = np.format_float_positional(round(seconds, 1), precision=1, trim="-")
        return translate("LossPlot", "{s}s").format(s=text)
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return translate("LossPlot", "{h}h{m:02d}m").format(h=hours, m=minutes)
    if secs:
        return translate("LossPlot", "{m}m{s:02d}s").format(m=minutes, s=secs)
    return translate("LossPlot", "{m}m").format(m=minutes)


def nice_spacing(span: float, size: float) -> tuple[float, float]:
    """(major, minor) tick spacing in seconds for `span` seconds over `size` pixels."""
    wanted = span / max(1.0, size / PIXELS_PER_LABEL)
    major_index = next(
        (i for i, s in enumerate(_NICE_SECONDS) if s >= wanted), len(_NICE_SECONDS) - 1
    )
    major = float(_NICE_SECONDS[major_index])
    if wanted > major:  # longer than a day per label: whole days, a power-of-ten count
        major = 86400.0 * 10 ** math.ceil(math.log10(wanted / 86400.0))
    minor = float(_NICE_SECONDS[major_index - 1]) if major_index > 0 else major / 2
    return major, minor


class StepOrTimeAxis(GridAxis):  # its grid drawn opaque and fast, as the others
    """Ticks by step (pyqtgraph's) or by training time (round durations, see the module).

    `on_unit_changed` is called when the title should change: the mode changed, or the view
    crossed two minutes and the ticks now read in minutes (or back in seconds).
    """

    def __init__(
        self,
        orientation: str,
        on_unit_changed: Callable[[], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(orientation, **kwargs)
        self.mode = STEPS
        self._unit = STEPS
        self._on_unit_changed = on_unit_changed

    def set_mode(self, mode: str) -> None:
        if mode not in (STEPS, TIME):
            raise ValueError(f"unknown axis mode {mode!r}: use {STEPS!r} or {TIME!r}")
        self.mode = mode
        self._unit = self.unit()
        self.picture = None  # drawn again with the new ticks
        self.update()

    def unit(self) -> str:
        """ "steps", or the unit time ticks read in now: "s" or "min"."""
        if self.mode != TIME:
            return STEPS
        return time_unit(self.range[1] if self.range else 0.0)

    def title(self) -> str:
        unit = self.unit()
        if unit == "s":
            return translate("LossPlot", "training time (s)")
        if unit == "min":
            return translate("LossPlot", "training time (min)")
        return translate("LossPlot", "step")

    def linkedViewChanged(self, view, newRange=None):  # type: ignore[no-untyped-def]
        super().linkedViewChanged(view, newRange)
        unit = self.unit()
        if unit != self._unit:
            self._unit = unit
            if self._on_unit_changed is not None:
                self._on_unit_changed()

    def tickSpacing(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]
        if self.mode != TIME or maxVal <= minVal:
            return super().tickSpacing(minVal, maxVal, size)
        major, minor = nice_spacing(maxVal - minVal, size)
        return [(major, 0.0), (minor, 0.0)]

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        if self.mode != TIME:
            return super().tickStrings(values, scale, spacing)
        if self.unit() == "s":
            decimals = 0 if spacing >= 1 else 1
            return [f"{value:.{decimals}f}" for value in values]
        return [format_duration(value) for value in values]
