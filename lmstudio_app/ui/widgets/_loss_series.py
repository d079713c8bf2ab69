"""The loss plot's series: raw points in growing buffers, and what is drawn from them (smoothed,
as perplexity, on a log axis) kept up to date point by point, so that a new batch of steps
costs only those steps."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg

# exp(700) is near the largest float; a diverged loss must not overflow to inf as perplexity.
MAX_EXP = 700.0


def ema(
    values: np.ndarray, alpha: float, previous: float | None = None, count: int = 0
) -> np.ndarray:
    """Debiased exponential moving average, as TensorBoard draws it.

    b[t] = alpha * b[t-1] + (1 - alpha) * x[t] from b[-1] = 0, shown as b[t] / (1 - alpha **
    (t + 1)): every point so far weighs alpha ** age, normalised. Starting from x[0] instead
    would give the first point the weight alpha ** t, ten times its share at 0.9, and the
    curve would trail far above a loss that falls fast in its first steps.

    To continue a series, `previous` is the smoothed value of the point before and `count`
    how many points came before it.
    """
    x = np.asarray(values, dtype=np.float64)
    alpha = min(max(float(alpha), 0.0), 0.999999)
    if x.size == 0 or alpha == 0.0:
        return x.copy()
    log_alpha = math.log(alpha)
    before = 0.0
    if previous is not None and count > 0:
        before = previous * -math.expm1(count * log_alpha)  # the biased value behind it
    biased = _ema_from(x, alpha, before)
    ages = np.arange(count + 1, count + x.size + 1, dtype=np.float64)
    return biased / -np.expm1(ages * log_alpha)


def _ema_from(x: np.ndarray, alpha: float, start: float) -> np.ndarray:
    """Exponential moving average y[t] = alpha * y[t-1] + (1 - alpha) * x[t], y[-1] = `start`,
    vectorised, for 0 < alpha < 1. A Python loop
    would take about a second for a million points; this works on blocks: within a block the
    sum is a cumulative sum of x scaled by powers of alpha (the block is short enough that the
    powers stay within 1e6, so nothing overflows or loses precision), and the value carried
    from one block to the next decays by alpha ** block_length, at most 1e-6, so a few terms
    of it suffice.
    """
    n = x.size
    block = max(1, min(n, int(math.log(1e6) / -math.log(alpha))))
    blocks = -(-n // block)
    padded = np.zeros(blocks * block)
    padded[:n] = x
    grid = padded.reshape(blocks, block)
    k = np.arange(block)
    rise = alpha**-k
    fall = alpha**k
    # partial[b, k] = (1 - alpha) * sum over j <= k of alpha**(k - j) * x[b, j]
    partial = np.cumsum(grid * rise, axis=1) * fall * (1.0 - alpha)
    ends = partial[:, -1]
    decay = alpha**block
    # carry[b] = decay * carry[b - 1] + ends[b], carry[-1] = start: a short sum of terms.
    carry = ends.copy()
    power = decay
    shift = 1
    while shift < blocks and power > 1e-18:
        carry[shift:] += power * ends[:-shift]
        power *= decay
        shift += 1
    with np.errstate(under="ignore"):
        carry += start * decay ** np.arange(1, blocks + 1)
    before = np.empty(blocks)
    before[0] = start
    before[1:] = carry[:-1]
    smoothed = partial + before[:, None] * (alpha ** (k + 1))[None, :]
    return smoothed.reshape(-1)[:n]


class SeriesBuffer:
    """x and y float64 arrays that grow by doubling; views of the filled part are cheap."""

    def __init__(self, capacity: int = 1024) -> None:
        self.x = np.empty(capacity)
        self.y = np.empty(capacity)
        self.size = 0

    def clear(self) -> None:
        self.size = 0

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        need = self.size + x.size
        if need > self.x.size:
            capacity = max(self.x.size, 1)
            while capacity < need:
                capacity *= 2
            # New arrays: views handed to pyqtgraph earlier keep the old ones alive and valid.
            for name in ("x", "y"):
                grown = np.empty(capacity)
                grown[: self.size] = getattr(self, name)[: self.size]
                setattr(self, name, grown)
        self.x[self.size : need] = x
        self.y[self.size : need] = y
        self.size = need

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.size], self.y[: self.size]


@dataclass
class SeriesDisplay:
    """What is drawn for one series, kept up to date point by point.

    The key says how the raw points are turned into drawn ones (smoothing, perplexity, log
    axis); while it stays the same only new points are processed.
    """

    key: tuple[float, bool, bool] | None = None
    done: int = 0
    version: int = 0  # changes whenever the drawn data does
    shown: int = -1  # the version last handed to the plot item
    last_smoothed: float | None = None
    buffer: SeriesBuffer = field(default_factory=SeriesBuffer)

    def reset(self) -> None:
        """Start again from the first raw point at the next update."""
        self.key = None

    def update(
        self, raw: SeriesBuffer, smoothing: float, perplexity: bool, log: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        key = (smoothing, perplexity, log)
        if key != self.key or raw.size < self.done:
            self.key = key
            self.done = 0
            self.last_smoothed = None
            self.buffer.clear()
            self.version += 1
        if raw.size > self.done:
            x = raw.x[self.done : raw.size]
            y = raw.y[self.done : raw.size]
            if smoothing > 0:
                y = ema(y, smoothing, self.last_smoothed, self.done)
                self.last_smoothed = float(y[-1])
            if perplexity:
                y = np.exp(np.minimum(y, MAX_EXP))
            if log:  # a log axis cannot show 0 or less
                keep = y > 0
                x, y = x[keep], y[keep]
            self.buffer.extend(x, y)
            self.done = raw.size
            self.version += 1
        return self.buffer.data()

    def show_on(self, item: pg.PlotDataItem, *args: object) -> None:
        """Hand the data to `item`, unless it already shows this version (static overlays)."""
        x, y = self.update(*args)  # type: ignore[arg-type]
        if self.shown != self.version:
            item.setData(x, y)
            self.shown = self.version


@dataclass
class Overlay:
    name: str
    raw: SeriesBuffer
    item: pg.PlotDataItem
    display: SeriesDisplay = field(default_factory=SeriesDisplay)
