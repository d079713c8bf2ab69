"""How a run ends: finished (the best weights kept, the final figures measured and written),
diverged (the last good weights kept, and a plain sentence), or failed."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmstudio_app.core import runs
from lmstudio_app.core.errors import StudioError, TrainingError
from lmstudio_app.core.losses import figures
from lmstudio_app.core.training.events import FailedEvent, FinishedEvent
from lmstudio_app.core.training.loop.evaluation import (
    Diverged,
    all_finite,
    count_parameters,
    format_loss,
)
from lmstudio_app.core.training.loop.saving import flush_metrics, save_model_file

if TYPE_CHECKING:
    from lmstudio_app.core.training.loop.trainer import Trainer

# The final test score reads at most this many tokens of the test part (the first ones).
FINAL_TEST_TOKENS = 1 << 21


def finish(trainer: Trainer, reason: str) -> FinishedEvent:
    """Keep the best weights, measure the test text, write the final metrics."""
    state, session = trainer.state, trainer._session
    model = session.model
    if state.best_weights:
        trainer.family.load_weights(model, state.best_weights, trainer.folder or Path("."))
    losses = session.recent_losses
    metrics: dict[str, Any] = {
        "steps": state.step,
        "epochs": round(state.epoch + state.index / session.batches.steps_per_epoch, 4),
        "train_loss": sum(losses) / len(losses) if losses else None,
        "tokens_per_s": session.tokens / session.step_seconds if session.step_seconds else 0.0,
        "train_tokens": state.train_tokens,
        "elapsed_s": round(state.elapsed, 2),
        "parameters": count_parameters(model),
        "stop_reason": reason,
    }
    data = trainer.data
    if math.isfinite(state.best_valid):
        valid = figures(state.best_valid, data.chars_per_token("valid") or 1.0)
        metrics.update(
            valid_loss=valid.loss,
            valid_perplexity=valid.perplexity,
            valid_bits_per_token=valid.bits_per_token,
            valid_bits_per_char=valid.bits_per_char,
        )
    leads = trainer.dist is None or trainer.dist.leads  # rank 0 measures for everyone
    if data.test.size >= 2 and reason != "cancelled" and leads:
        # The whole test part, up to `FINAL_TEST_TOKENS`: a large text's (a 1 GB corpus has
        # tens of millions of test tokens) kept a finished run scoring for many minutes.
        limit = FINAL_TEST_TOKENS if data.test.size > FINAL_TEST_TOKENS else 0
        result = trainer._evaluate(model, data.test, limit)
        if result is not None:
            test = figures(result[0], data.chars_per_token("test") or 1.0)
            metrics.update(
                test_loss=test.loss,
                test_perplexity=test.perplexity,
                test_bits_per_char=test.bits_per_char,
            )
            if limit:
                metrics["test_tokens"] = int(result[1])
    trainer.metrics = metrics
    if trainer.folder is not None:
        flush_metrics(trainer)
        save_model_file(trainer, None)
        status = "cancelled" if reason == "cancelled" else "finished"
        runs.update_run_json(trainer.folder, status=status, metrics=metrics)
    return FinishedEvent(state.step, reason, metrics)


def diverged(trainer: Trainer, exc: Diverged) -> FailedEvent:
    """Keep the last good weights, explain, and end with a FailedEvent."""
    state, session = trainer.state, trainer._session
    model = session.model
    kept = state.best_weights or session.good_weights
    if kept:
        trainer.family.load_weights(model, kept, trainer.folder or Path("."))
    step = state.step
    # The learning rate the person set, not the schedule's value at this step: a warm-up
    # reported 100 for --lr 1000, a number they never chose.
    lr = trainer.spec.lr
    # At the very first step nothing was learned: "the last good weights were kept" would
    # promise more than the untrained model the folder holds.
    code = "diverged_untrained" if step == 0 and not kept else "diverged"
    error = TrainingError(code, step=step + 1, value=format_loss(exc.value), lr=lr)
    if trainer.folder is not None:
        flush_metrics(trainer)
        if kept or all_finite(model):
            save_model_file(trainer, None)
        runs.update_run_json(
            trainer.folder,
            status="diverged",
            metrics={"steps": step, "error": error.message},
        )
    return FailedEvent(step, error.code, error.message, dict(error.params))


def mark_failed(folder: Path | None, message: str) -> None:
    """Record in run.json that the run failed, if the folder is (still) a run folder."""
    if folder is None or not runs.is_run_folder(folder):
        return
    with contextlib.suppress(StudioError):
        runs.update_run_json(folder, status="failed", error=message)
