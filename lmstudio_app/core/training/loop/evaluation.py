"""Measuring a model while it trains: the mean loss on a text, a short sample, the figures
reported at the end, and what counts as a loss that has blown up."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lmstudio_app.core.data import eval_windows
from lmstudio_app.core.data_lines import LineTokens, eval_lines, line_tokens
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.losses import figures
from lmstudio_app.core.models.line_start import rule_out
from lmstudio_app.core.models.weights import model_tensors
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.events import EvalEvent
from lmstudio_app.core.training.family import Family
from lmstudio_app.core.training.schedule import schedule_progress

if TYPE_CHECKING:
    from lmstudio_app.core.training.loop.trainer import Trainer

SAMPLE_TEMPERATURE = 0.8


def divergence_threshold(vocab_size: int) -> float:
    """A loss above this means training has blown up, even when it is still a number.

    Guessing uniformly costs ln(vocab) nats per token; a network with bounded activations
    (tanh, sigmoid) rarely reaches NaN when its learning rate is far too high, its loss
    instead climbs to hundreds or thousands. Three times the uniform loss, plus a margin for
    tiny vocabularies, is far beyond anything a network that is still learning produces.
    """
    return 3.0 * math.log(max(vocab_size, 2)) + 5.0


class Diverged(Exception):
    """The loss (or the gradient's length) became NaN, infinite, or absurdly large."""

    def __init__(self, value: float) -> None:
        super().__init__(value)
        self.value = value


def format_loss(value: float) -> str:
    if math.isnan(value):
        return "NaN (not a number)"
    if math.isinf(value):
        return "infinite"
    return f"{value:.4g}"


def validate(trainer: Trainer) -> EvalEvent | None:
    """Measure the validation text; keep the best weights; None if cancelled meanwhile."""
    s, state, spec = trainer._session, trainer.state, trainer.spec
    result = trainer._evaluate(s.model, trainer.data.valid, spec.eval_tokens)
    if result is None:
        return None
    loss, tokens = result
    state.last_eval_step = state.step
    if not math.isfinite(loss) or loss > trainer._limit:
        raise Diverged(loss)
    improved = loss < state.best_valid
    if improved:
        state.best_valid = loss
        state.best_weights = {k: v.clone() for k, v in model_tensors(s.model).items()}
        state.evals_without_improvement = 0
    else:
        state.evals_without_improvement += 1
    s.schedule.after_eval(improved)
    figure = figures(loss, trainer.data.chars_per_token("valid") or 1.0)
    sample = sample_text(trainer.family, s.model, trainer.tokenizer, trainer.device,
                         spec.sample_tokens, spec.seed, trainer._cancel.is_set,
                         lines=spec.batching == "lines")
    epochs = trainer._epochs()
    lr_now = s.schedule.lr(
        state.step, state.epoch, schedule_progress(spec, state.step, epochs, state.elapsed)
    )
    state.last_valid = {"loss": loss, "bits_per_char": figure.bits_per_char}
    s.metric_lines.append({
        "kind": "eval", "step": state.step, "epoch": round(epochs, 4),
        "valid_loss": loss, "valid_perplexity": figure.perplexity,
        "bits_per_token": figure.bits_per_token, "bits_per_char": figure.bits_per_char,
        "tokens": tokens, "time": round(state.elapsed, 3),
        # Kept for the Train page's "Samples over time": what it wrote at each evaluation.
        **({"sample": sample} if sample else {}),
    })
    return EvalEvent(
        step=state.step, epoch=epochs, valid_loss=loss, perplexity=figure.perplexity,
        bits_per_token=figure.bits_per_token, bits_per_char=figure.bits_per_char,
        sample=sample, best=improved, lr=lr_now,
    )


def mean_loss(
    family: Family,
    module: nn.Module,
    ids: np.ndarray,
    streams: int,
    seq_len: int,
    device: torch.device,
    cancelled: Callable[[], bool],
    lines: LineTokens | None = None,
) -> tuple[float, int] | None:
    """Mean loss (nats per token) over `ids`, read as `streams` contiguous streams side by
    side (or, with `lines`, line by line from `<bos>`, padding ignored, as a model trained on
    lines reads), and the number of tokens predicted; None if cancelled or too short."""
    module.eval()
    total = 0.0  # summed on the host: Apple's GPU has no float64
    count = 0
    state: Any = None
    started = False
    try:
        with torch.no_grad():
            ignore = lines.pad if lines is not None else -100
            windows = (
                eval_lines(ids, streams, seq_len, lines)
                if lines is not None
                else eval_windows(ids, streams, seq_len)
            )
            for inputs, targets in windows:
                if cancelled():
                    return None
                if lines is not None:  # every line from an empty memory
                    state = family.initial_state(module, inputs.size(1), device)
                elif not started:
                    state = family.initial_state(module, inputs.size(1), device)
                    started = True
                output, state = family.forward(module, inputs.to(device), state)
                if lines is not None:  # as the run model reads it: never <bos> or <pad>
                    output = rule_out(output, never_written(lines))
                total += float(
                    F.cross_entropy(
                        output.view(-1, output.size(-1)),
                        targets.to(device).view(-1),
                        reduction="sum",
                        ignore_index=ignore,
                    )
                )
                count += int((targets != ignore).sum())
    finally:
        module.train()
    if count == 0:
        return None
    return total / count, count


def sample_text(
    family: Family,
    module: nn.Module,
    tokenizer: StudioTokenizer,
    device: torch.device,
    tokens: int,
    seed: int,
    cancelled: Callable[[], bool],
    lines: bool = False,
) -> str:
    """A short text the model writes now (empty when `tokens` is 0); a model trained on
    `lines` writes each line from `<bos>`."""
    if not tokens:
        return ""
    lm = family.run_model(module, tokenizer, device)
    if lines:
        lm.start_lines_from_bos()
    spec = GenerationSpec(max_tokens=tokens, temperature=SAMPLE_TEMPERATURE, seed=seed,
                          stop="none")
    ids = [token.token_id for token in generate(lm, [], spec, cancel=cancelled)]
    return tokenizer.decode(ids)


def never_written(lines: LineTokens) -> tuple[int, ...]:
    return tuple(sorted({lines.bos, lines.pad} - {lines.end}))


def count_parameters(module: nn.Module) -> int:
    """Every trainable number, tied weights counted once."""
    return sum(p.numel() for p in module.parameters())


def all_finite(module: nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in module.parameters())


def evaluate_ids(
    trainer: Trainer, model: nn.Module, ids: np.ndarray, limit: int
) -> tuple[float, int] | None:
    """The trainer's mean loss (nats per token) over `ids` (its first `limit` tokens; 0: all)."""
    lines = line_tokens(trainer.tokenizer) if trainer.spec.batching == "lines" else None
    if limit and ids.size > limit:
        ends = np.flatnonzero(ids[:limit] == lines.end) if lines is not None else None
        # Lines are measured whole: a line cut by the limit would end where it does not.
        limit = int(ends[-1]) + 1 if ends is not None and ends.size else limit
        ids = ids[:limit]
    return mean_loss(trainer.family, model, ids, trainer.eval_batch_size, trainer.spec.seq_len,
                     trainer.device, trainer._cancel.is_set, lines)
