"""The curves the Runs page compares, by step or by training time.

By step, a run's training loss as the session holds it. By time, the points as its
metrics.jsonl records them (`core.runs.curves`), each at its seconds of training: a fast
n-gram, a quick LSTM and a slow GPT then meet on one clock. An n-gram is a level, its
validation loss, from the moment its counting was done across the others' time. A run whose
folder recorded no times is left out of the time view and named, rather than drawn by step on
an axis of seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.runs.curves import RunCurves, read_curves
from lmstudio_app.core.runs.folder import METRICS_JSONL
from lmstudio_app.ui.session import RunRecord

STEPS = "steps"
TIME = "time"


@dataclass
class Drawn:
    name: str
    x: np.ndarray
    y: np.ndarray
    timed: bool = True  # False: a run the time view cannot place, drawn empty


@dataclass
class Layout:
    """What to draw, and the runs the time view cannot place."""

    curves: list[Drawn] = field(default_factory=list)
    untimed: list[str] = field(default_factory=list)


class CurveCache:
    """Each run folder's curves read once, again only when its metrics.jsonl changed (a run
    still training, or resumed)."""

    def __init__(self) -> None:
        self._held: dict[Path, tuple[tuple[int, int], RunCurves]] = {}

    def get(self, folder: Path | None) -> RunCurves | None:
        if folder is None:
            return None
        try:
            stat = (folder / METRICS_JSONL).stat()
            key = (stat.st_size, stat.st_mtime_ns)
            held = self._held.get(folder)
            if held is not None and held[0] == key:
                return held[1]
            curves = read_curves(folder)
        except (OSError, StudioError):
            return None  # a folder gone or damaged since it was opened: no times
        self._held[folder] = (key, curves)
        return curves


def _float(value: object) -> float | None:
    try:
        return None if value is None else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def lay_out(
    records: list[RunRecord],
    mode: str,
    level_of: Callable[[RunRecord], float | None],
    cache: CurveCache,
) -> Layout:
    """The curves of `records` along "steps" or "time", in their order (which gives their
    colours). `level_of` gives a run's validation loss, the level an n-gram (a run with no
    training curve) is drawn at."""
    if mode == TIME:
        return _by_time(records, level_of, cache)
    layout = Layout()
    last_step = max((r.train_curve[0][-1] for r in records if r.train_curve[0]), default=1)
    for record in records:
        steps, losses = record.train_curve
        level = level_of(record)
        if steps:
            layout.curves.append(Drawn(record.name, np.asarray(steps), np.asarray(losses)))
        elif level is not None:
            # An n-gram is counted, not trained step by step: its validation loss is a
            # level across the networks' curves, the mark they have to beat.
            x = np.array([0.0, float(last_step)])
            layout.curves.append(Drawn(record.name, x, np.array([level, level])))
    return layout


def _by_time(
    records: list[RunRecord], level_of: Callable[[RunRecord], float | None], cache: CurveCache
) -> Layout:
    layout = Layout()
    placed: list[Drawn | tuple[str, float, float]] = []  # a curve, or a level to place
    for record in records:
        curves = cache.get(record.folder)
        level = level_of(record)
        counted = _float(record.metrics.get("build_seconds"))
        if counted is None and curves is not None:
            counted = curves.build_seconds
        if record.train_curve[0] or (curves is not None and curves.train.steps):
            if curves is not None and curves.train.has_times():
                x = np.asarray(curves.train.times, dtype=np.float64)
                placed.append(Drawn(record.name, x, np.asarray(curves.train.losses)))
                continue
        elif level is not None and counted is not None:
            placed.append((record.name, counted, level))
            continue
        elif level is None:
            continue  # nothing to draw by step either
        # Kept in the list, empty: the others keep the colours they have by step.
        placed.append(Drawn(record.name, np.empty(0), np.empty(0), timed=False))
        layout.untimed.append(record.name)
    # A level runs across the networks' time; alone, over as long again as its counting.
    end = max(
        [float(p.x[-1]) for p in placed if isinstance(p, Drawn) and p.x.size]
        + [2.0 * p[1] for p in placed if isinstance(p, tuple)],
        default=0.0,
    )
    for item in placed:
        if isinstance(item, tuple):
            name, counted, level = item
            x = np.array([counted, max(end, counted)])
            item = Drawn(name, x, np.array([level, level]))
        layout.curves.append(item)
    return layout
