"""When a model is memorising its training text, said in plain words.

A model memorises (overfits) when the validation loss rises while the training loss still
falls: it gets better at the text it reads and worse at text it has not seen. The window's
Train page and the command line's `train` both ask `detect_overfitting` about the curves in
metrics.jsonl, and say the same sentences (`Overfitting.sentences`).

Both curves are noisy: a validation loss measured on a small text moves up and down by a
few hundredths between evaluations, and each training step's loss by much more. So one
evaluation above the best is not enough: the validation loss must stay above its best for
the evaluations after it (their median at least `MIN_RISE` above, the last one too), and
the training loss, averaged over the steps around each point, must have fallen meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from lmstudio_app.core.i18n import N_, Text

# Validation must rise by this much (nats per token, or this share of the best loss if
# larger) to count: less is the noise of measuring a few thousand tokens.
MIN_RISE = 0.02
MIN_RISE_SHARE = 0.01
# Evaluations after the best one needed before calling it a rise rather than a bump.
MIN_EVALS_AFTER = 2

# What the app offers against memorising: a setting (on the Model page) or a page. The
# window turns each into a button that shows the setting; the command line names the flag.
REMEDIES: tuple[tuple[str, Text], ...] = (
    ("dropout", N_("More dropout")),
    ("weight_decay", N_("Weight decay")),
    ("smaller", N_("A smaller model")),
    ("corpus", N_("More text")),
    ("patience", N_("Early stopping")),
)


@dataclass(frozen=True)
class Overfitting:
    """Where a run began memorising, and what its curves did since."""

    began_step: int  # the evaluation with the lowest validation loss: it rose after it
    best_valid: float
    last_step: int
    last_valid: float
    train_then: float  # the training loss around `began_step`
    train_now: float  # the training loss around `last_step`

    def sentence(self) -> Text:
        return N_(
            "The model is memorising its training text: since step {step}, the validation "
            "loss rose from {best:.3f} to {last:.3f} while the training loss fell from "
            "{then:.3f} to {now:.3f}.",
            step=self.began_step,
            best=self.best_valid,
            last=self.last_valid,
            then=self.train_then,
            now=self.train_now,
        )


def plain_count(value: float) -> Text:
    """1400000 as "1.4 million", 52000 as "52 thousand": a number a class can say."""
    value = float(value)
    if value >= 1e9:
        return N_("{count} billion", count=f"{value / 1e9:.3g}")
    if value >= 1e6:
        return N_("{count} million", count=f"{value / 1e6:.3g}")
    if value >= 1e4:
        return N_("{count} thousand", count=f"{value / 1e3:.3g}")
    return N_("{count}", count=f"{value:,.0f}")


def why_memorising(parameters: int | None, train_chars: int | None) -> Text | None:
    """ "1.4 million numbers for one million characters": how much room the model has to learn
    the text by heart (None when either is unknown)."""
    if not parameters or not train_chars:
        return None
    return N_(
        "The model has {params} numbers to learn {chars} characters of training text: "
        "{ratio} for each character, room enough to learn much of it by heart.",
        params=plain_count(parameters),
        chars=plain_count(train_chars),
        ratio=f"{parameters / train_chars:.2g}",
    )


def remedies_sentence() -> Text:
    return N_(
        "What helps: more dropout, weight decay, a smaller model, more text, or early "
        "stopping (which keeps the best weights)."
    )


def _mean_around(steps: np.ndarray, losses: np.ndarray, lo: float, hi: float) -> float | None:
    inside = (steps > lo) & (steps <= hi)
    return float(losses[inside].mean()) if inside.any() else None


def detect_overfitting(
    train_steps: Sequence[int],
    train_losses: Sequence[float],
    valid_steps: Sequence[int],
    valid_losses: Sequence[float],
) -> Overfitting | None:
    """The step where validation began rising while training fell, or None (not yet, or not
    clearly: see the module's note on noise)."""
    v_steps = np.asarray(valid_steps, dtype=np.int64)
    v_loss = np.asarray(valid_losses, dtype=np.float64)
    t_steps = np.asarray(train_steps, dtype=np.int64)
    t_loss = np.asarray(train_losses, dtype=np.float64)
    finite = np.isfinite(v_loss)
    v_steps, v_loss = v_steps[finite], v_loss[finite]
    finite = np.isfinite(t_loss)
    t_steps, t_loss = t_steps[finite], t_loss[finite]
    if len(v_loss) < MIN_EVALS_AFTER + 2 or len(t_loss) == 0:
        return None
    best = int(np.argmin(v_loss))
    after = v_loss[best + 1 :]
    if len(after) < MIN_EVALS_AFTER:
        return None
    margin = max(MIN_RISE, MIN_RISE_SHARE * v_loss[best])
    if float(np.median(after)) < v_loss[best] + margin or after[-1] < v_loss[best] + margin:
        return None
    # The training loss over the interval before the best evaluation, and before the last.
    previous = float(v_steps[best - 1]) if best > 0 else -1.0
    then = _mean_around(t_steps, t_loss, previous, float(v_steps[best]))
    now = _mean_around(t_steps, t_loss, float(v_steps[-2]), float(v_steps[-1]))
    if then is None or now is None:
        return None
    if now > then - max(MIN_RISE, MIN_RISE_SHARE * then):
        return None  # training is not falling: not memorising (a too high rate, say)
    return Overfitting(
        began_step=int(v_steps[best]),
        best_valid=float(v_loss[best]),
        last_step=int(v_steps[-1]),
        last_valid=float(v_loss[-1]),
        train_then=then,
        train_now=now,
    )


@dataclass(frozen=True)
class OverfittingReport:
    """What the Train page and `train` say about a run that memorises."""

    found: Overfitting
    why: Text | None

    def sentences(self) -> list[Text]:
        lines = [self.found.sentence()]
        if self.why is not None:
            lines.append(self.why)
        lines.append(remedies_sentence())
        return lines


def report_from(
    curves: Any, parameters: int | None, train_chars: int | None
) -> OverfittingReport | None:
    """A report from a run's curves (`runs.curves.RunCurves`), or None when it does not
    memorise."""
    found = detect_overfitting(
        curves.train.steps, curves.train.losses, curves.valid.steps, curves.valid.losses
    )
    if found is None:
        return None
    return OverfittingReport(found, why_memorising(parameters, train_chars))


def run_size(run: dict[str, Any]) -> tuple[int | None, int | None]:
    """(parameters, training characters) as run.json records them (None where it does not)."""
    info = run.get("model_info") if isinstance(run.get("model_info"), dict) else {}
    corpus = run.get("corpus") if isinstance(run.get("corpus"), dict) else {}
    chars = corpus.get("chars") if isinstance(corpus.get("chars"), dict) else {}
    params, train = info.get("parameters"), chars.get("train")
    return (params if isinstance(params, int) else None, train if isinstance(train, int) else None)


def report_of_run(folder: Path) -> OverfittingReport | None:
    """The report on the run in `folder`, from its metrics.jsonl and run.json."""
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.runs import read_run_json
    from lmstudio_app.core.runs.curves import read_curves

    try:
        run = read_run_json(Path(folder))
    except (StudioError, OSError):  # a report is a help: a damaged run.json loses the sizes
        run = {}
    return report_from(read_curves(Path(folder)), *run_size(run))
