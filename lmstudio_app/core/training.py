"""The Trainer: a training loop that yields typed events.

```
trainer = Trainer(model_spec, train_spec, tokenizer, data, folder)
for event in trainer.run():      # StepEvent, EvalEvent, CheckpointEvent, PausedEvent, ...
    ...                          # FinishedEvent or FailedEvent comes last
```

The GUI drives `run()` from a worker thread and calls `pause()`, `resume()` and `cancel()`
from the window; they set thread-safe flags that the loop checks between batches. While
paused, `run()` yields one `PausedEvent` and then blocks (without spinning) until resumed or
cancelled, so a consumer that must not block simply stops pulling after a `PausedEvent`.

Guarantees, tested in tests/core/test_training.py:
- same seed, settings and text -> the same losses on the CPU;
- a run cancelled (or killed) and resumed gives the same losses as one never stopped;
- a loss that becomes NaN or infinite stops training with a plain sentence and a suggestion,
  and the run folder keeps the last good weights, so it still loads and generates.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch
import torch.nn.functional as F

from lmstudio_app.core import runs
from lmstudio_app.core.checkpoint import (
    flatten_optimizer,
    has_checkpoint,
    load_checkpoint,
    restore_rng,
    rng_tensors,
    save_checkpoint,
    unflatten_optimizer,
)
from lmstudio_app.core.config import spec_fields, spec_from_dict, spec_to_dict, validate_spec
from lmstudio_app.core.data import TokenData, eval_windows, make_batches
from lmstudio_app.core.errors import RunFolderError, StudioError, TrainingError
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.memory import available_memory
from lmstudio_app.core.models.recurrent import (
    MODEL_FILE,
    RecurrentLM,
    RecurrentRunModel,
    detach_hidden,
    hidden_from_tensors,
    hidden_tensors,
    load_weights,
    save_weights,
)
from lmstudio_app.core.optimizer import load_optimizer_state, make_optimizer
from lmstudio_app.core.runlock import RunLock, acquire_run_lock
from lmstudio_app.core.specs import (
    ModelSpec,
    TrainSpec,
    check_corpus_length,
    check_training_memory,
    preset_specs,
    recurrent_parameters,
)
from lmstudio_app.core.tokenization import StudioTokenizer

__all__ = [
    "CheckpointEvent",
    "EvalEvent",
    "FailedEvent",
    "FinishedEvent",
    "ModelSpec",
    "PausedEvent",
    "ResumedEvent",
    "StepEvent",
    "TrainSpec",
    "Trainer",
    "create_run",
    "preset_specs",
    "resolve_device",
]

# Validation reads this many streams side by side. word_language_model reads 10; a
# recurrent network's evaluation is sequential in time, so more streams are several times
# quicker on a CPU, and each stream still carries its memory over thousands of tokens (the
# PTB benchmark uses 10, to compare with the published figures).
EVAL_BATCH_SIZE = 32
# The training loss reported at the end: the mean over this many last steps.
TRAIN_LOSS_WINDOW = 50
SAMPLE_TEMPERATURE = 0.8
# How often the best-so-far "last good weights" copy is refreshed, at most (seconds).
GOOD_WEIGHTS_INTERVAL = 2.0
METRICS_FLUSH_INTERVAL = 5.0


# Failures after which the run can be continued from its last checkpoint as it is.
RESUMABLE_FAILURES = frozenset({"disk_full", "write_failed", "cannot_write", "run_locked"})


def available_memory_for(device: torch.device) -> int | None:
    """Free memory where the model will live: the graphics card's, or the computer's."""
    if device.type == "cuda":
        try:
            free, _total = torch.cuda.mem_get_info(device)
            return int(free)
        except (RuntimeError, AssertionError):
            return None
    if device.type == "cpu":
        return available_memory()
    return None  # Apple's GPU shares the computer's memory and reports nothing useful


def divergence_threshold(vocab_size: int) -> float:
    """A loss above this means training has blown up, even when it is still a number.

    Guessing uniformly costs ln(vocab) nats per token; a network with bounded activations
    (tanh, sigmoid) rarely reaches NaN when its learning rate is far too high, its loss
    instead climbs to hundreds or thousands. Three times the uniform loss, plus a margin for
    tiny vocabularies, is far beyond anything a network that is still learning produces.
    """
    return 3.0 * math.log(max(vocab_size, 2)) + 5.0


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class StepEvent:
    """One optimisation step done."""

    step: int
    epoch: float  # epochs done so far, fractional
    loss: float  # training loss of this batch, nats per token
    lr: float
    tokens_per_s: float  # smoothed over the last steps
    grad_norm: float  # length of the gradient before clipping
    elapsed: float  # seconds of training, pauses excluded
    progress: float | None  # share of the budget (steps, epochs or time) used; None if unbounded


@dataclass(frozen=True)
class EvalEvent:
    """The model measured on the validation text."""

    step: int
    epoch: float
    valid_loss: float  # nats per token
    perplexity: float
    bits_per_token: float
    bits_per_char: float
    sample: str  # a short text the model wrote just now
    best: bool  # the best validation loss so far
    lr: float


@dataclass(frozen=True)
class CheckpointEvent:
    step: int
    path: str
    seconds: float

    # A consumer that batches events hands this one, and those before it, over at once: at a
    # pause the loop blocks right after, and the last steps must not wait for the resume.
    deliver_at_once: ClassVar[bool] = True


@dataclass(frozen=True)
class PausedEvent:
    step: int

    deliver_at_once: ClassVar[bool] = True  # the loop blocks after yielding it


@dataclass(frozen=True)
class ResumedEvent:
    step: int


@dataclass(frozen=True)
class FinishedEvent:
    step: int
    reason: str  # "steps", "epochs", "time", "early_stopping", "cancelled"
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FailedEvent:
    step: int
    code: str  # an errors.MESSAGES code: "diverged", "out_of_memory", ...
    message: str  # one plain sentence
    params: dict[str, Any] = field(default_factory=dict)


Event = (
    StepEvent | EvalEvent | CheckpointEvent | PausedEvent | ResumedEvent | FinishedEvent
    | FailedEvent
)

STOP_REASONS = {
    "steps": N_("reached the number of steps"),
    "epochs": N_("reached the number of epochs"),
    "time": N_("reached the time limit"),
    "early_stopping": N_("the validation loss stopped improving"),
    "cancelled": N_("stopped by the user"),
}


# --------------------------------------------------------------------------- helpers


def resolve_device(name: str) -> torch.device:
    """`auto` is a CUDA card when there is one, else the CPU (small recurrent networks are
    rarely faster on Apple's GPU, so `mps` is used only when asked for)."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainingError("device_unavailable", device="cuda (an NVIDIA graphics card)")
    if name == "mps" and not (
        getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    ):
        raise TrainingError("device_unavailable", device="mps (an Apple graphics card)")
    return torch.device(name)


def _is_out_of_memory(exc: BaseException) -> bool:
    oom_type = getattr(torch, "OutOfMemoryError", None)
    if oom_type is not None and isinstance(exc, oom_type):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def _finite(value: float) -> bool:
    return math.isfinite(value)


def _format_loss(value: float) -> str:
    if math.isnan(value):
        return "NaN (not a number)"
    if math.isinf(value):
        return "infinite"
    return f"{value:.4g}"


def create_run(
    folder: Path,
    model_spec: ModelSpec,
    train_spec: TrainSpec,
    tokenizer: StudioTokenizer,
    corpus: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A new run folder with run.json and tokenizer.json, ready for `Trainer`."""
    model_spec = validate_spec(model_spec)
    train_spec = validate_spec(train_spec)
    run = runs.new_run_json(
        model_kind=model_spec.family,
        tokenizer_spec=tokenizer.spec,
        model_spec=spec_to_dict(model_spec),
        train_spec=spec_to_dict(train_spec),
        corpus=corpus,
    )
    runs.save_run_start(Path(folder), run, tokenizer)
    return run


def specs_from_run(folder: Path, run: dict[str, Any]) -> tuple[ModelSpec, TrainSpec]:
    try:
        model = spec_from_dict(ModelSpec, run["model"])
        train = spec_from_dict(TrainSpec, run.get("train") or {})
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    return model, train


class _Schedule:
    """The learning rate at each step. Its state is plain numbers, saved in the checkpoint."""

    def __init__(self, spec: TrainSpec) -> None:
        self.spec = spec
        self.scale = 1.0  # plateau: divided each time the validation loss fails to improve

    def lr(self, step: int, epoch: int, progress: float | None) -> float:
        spec = self.spec
        base = spec.lr * self.scale
        if spec.schedule == "decay":
            return base / spec.lr_factor ** max(0, epoch + 1 - spec.decay_after)
        if spec.schedule == "cosine":
            if step < spec.warmup_steps:
                return base * (step + 1) / spec.warmup_steps
            fraction = min(max(progress or 0.0, 0.0), 1.0)
            low = base * spec.final_lr_fraction
            return low + 0.5 * (base - low) * (1.0 + math.cos(math.pi * fraction))
        return base

    def after_eval(self, improved: bool) -> None:
        if self.spec.schedule == "plateau" and not improved:
            self.scale /= self.spec.lr_factor


# --------------------------------------------------------------------------- the trainer


class Trainer:
    """Train a recurrent language model on token ids, optionally saving into a run folder.

    With `folder` None nothing is written (benchmarks, quick experiments). With `resume`, the
    model, optimizer, memory, random state and data position come from the folder's
    checkpoint, and training goes on exactly where it stopped.
    """

    def __init__(
        self,
        model_spec: ModelSpec,
        train_spec: TrainSpec,
        tokenizer: StudioTokenizer,
        data: TokenData,
        folder: str | Path | None = None,
        *,
        resume: bool = False,
        eval_batch_size: int = EVAL_BATCH_SIZE,
    ) -> None:
        # Bad settings are refused here, before anything is built or trained.
        self.model_spec = validate_spec(model_spec)
        self.spec = validate_spec(train_spec)
        check_corpus_length(self.spec, int(data.train.size))
        self.tokenizer = tokenizer
        self.data = data
        self.folder = Path(folder) if folder is not None else None
        self.resuming = resume
        self.eval_batch_size = eval_batch_size
        if resume and (self.folder is None or not has_checkpoint(self.folder)):
            raise RunFolderError("no_checkpoint", path=str(self.folder))
        self.device = resolve_device(self.spec.device)
        self.vocab_size = tokenizer.vocab_size
        # Refused from the estimate, before the model is built: building one too large for
        # the memory can freeze the computer rather than fail cleanly.
        self.memory_estimate = check_training_memory(
            self.vocab_size, self.model_spec, self.spec, available_memory_for(self.device)
        )
        self._go = threading.Event()  # set while training may go on
        self._go.set()
        self._cancel = threading.Event()
        self.model: RecurrentLM | None = None
        self._lock: RunLock | None = None
        self.step = 0
        self.best_valid_loss = math.inf
        self.metrics: dict[str, Any] = {}

    # ---- control, from any thread

    def pause(self) -> None:
        self._go.clear()

    def resume(self) -> None:
        self._go.set()

    def cancel(self) -> None:
        self._cancel.set()
        self._go.set()  # wake a paused loop so that it can stop

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # ---- results

    def run_model(self) -> RecurrentRunModel:
        """The trained network (the best weights once training ended) for generation."""
        if self.model is None:
            raise RuntimeError("run() has not started")
        return RecurrentRunModel(self.model, self.tokenizer, self.device)

    @property
    def num_parameters(self) -> int:
        if self.model is None:  # counted, not built: the model may not fit in memory
            return recurrent_parameters(self.vocab_size, self.model_spec)
        return self.model.num_parameters

    # ---- the loop

    def run(self) -> Iterator[Event]:
        """Train, yielding events; the last one is a FinishedEvent or a FailedEvent.

        With a folder, the folder's lock is held for the whole run: a second window or
        program that tries to train the same run is told so, and nothing it does is written.
        """
        lock: RunLock | None = None
        try:
            if self.folder is not None:
                lock = acquire_run_lock(self.folder)
                self._lock = lock
            yield from self._train()
        except TrainingError as exc:
            self._mark_failed(exc.code, exc.message)
            yield FailedEvent(self.step, exc.code, exc.message, dict(exc.params))
        except StudioError as exc:
            # A full disk or a folder that became read-only leaves the status "running": the
            # run is resumable from its last checkpoint once there is room (the window finds
            # it with find_interrupted_runs). Another process's lock is not ours to mark.
            if lock is not None and exc.code not in RESUMABLE_FAILURES:
                self._mark_failed(exc.code, exc.message)
            yield FailedEvent(self.step, exc.code, exc.message, dict(exc.params))
        except (RuntimeError, MemoryError) as exc:
            if not (isinstance(exc, MemoryError) or _is_out_of_memory(exc)):
                raise
            del exc  # its traceback holds the frames, and so the tensors, that filled memory
            error = TrainingError(
                "out_of_memory", detail=N_("it ran out at step {step}", step=self.step + 1)
            )
            self._mark_failed(error.code, error.message)
            yield FailedEvent(self.step, error.code, error.message, dict(error.params))
        finally:
            self._lock = None
            if lock is not None:
                lock.release()

    def _train(self) -> Iterator[Event]:
        spec = self.spec
        torch.set_num_threads(spec.threads or os.cpu_count() or 1)
        device = self.device
        torch.manual_seed(spec.seed)
        model = RecurrentLM(self.vocab_size, self.model_spec).to(device)
        self.model = model
        params = list(model.parameters())
        optimizer = make_optimizer(spec, params)
        schedule = _Schedule(spec)
        batches = make_batches(
            self.data.train, spec.batching, spec.batch_size, spec.seq_len, spec.seed
        )
        self.steps_per_epoch = batches.steps_per_epoch
        self.tokens_per_step = batches.batch_size * spec.seq_len

        # Counters that a checkpoint carries.
        step = 0
        epoch, index = 0, 0
        elapsed = 0.0  # training seconds, pauses excluded, over every session of this run
        train_tokens = 0
        evals_without_improvement = 0
        best_valid = math.inf
        best_state: dict[str, torch.Tensor] | None = None
        hidden = None
        last_eval_step = -1
        last_valid: dict[str, float] = {}

        if self.resuming:
            assert self.folder is not None
            tensors, state = load_checkpoint(self.folder)
            self._restore_model(model, tensors, "model.")
            try:
                load_optimizer_state(
                    optimizer,
                    params,
                    unflatten_optimizer(
                        {k: v for k, v in tensors.items() if k.startswith("optimizer.")},
                        state["optimizer"],
                    ),
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise RunFolderError(
                    "run_corrupt",
                    path=str(self.folder),
                    reason=N_("optimizer state: {exc}", exc=exc),
                ) from None
            try:
                hidden_list = [
                    tensors[f"hidden.{i}"].to(device) for i in range(int(state.get("hidden", 0)))
                ]
            except (KeyError, ValueError, TypeError):
                raise RunFolderError(
                    "run_corrupt",
                    path=str(self.folder),
                    reason=N_("the checkpoint lacks the memory"),
                ) from None
            hidden = hidden_from_tensors(self.model_spec.family, hidden_list)
            if any(k.startswith("best.") for k in tensors):
                best_state = {
                    k[len("best.") :]: v.to(device) for k, v in tensors.items()
                    if k.startswith("best.")
                }
            restore_rng(tensors)
            for name in ("batching", "batch_size", "seq_len"):
                if name in state and state[name] != getattr(spec, name):
                    label = next(i.label for i in spec_fields(TrainSpec) if i.name == name)
                    raise StudioError("resume_change", label=label)
            try:
                step = int(state["step"])
                epoch, index = int(state["epoch"]), int(state["index"])
                elapsed = float(state["elapsed"])
                train_tokens = int(state["train_tokens"])
                evals_without_improvement = int(state["evals_without_improvement"])
                stored_best = state["best_valid"]
                best_valid = math.inf if stored_best is None else float(stored_best)
                schedule.scale = float(state["lr_scale"])
                last_eval_step = int(state.get("last_eval_step", -1))
                last_valid = dict(state.get("last_valid", {}))
            except (KeyError, ValueError, TypeError) as exc:
                raise RunFolderError(
                    "run_corrupt",
                    path=str(self.folder),
                    reason=N_("checkpoint state: {exc}", exc=exc),
                ) from None
            runs.truncate_metrics(self.folder, step)
        elif self.folder is not None:
            # The folder loads and generates from the very first moment.
            save_weights(model, self.folder / MODEL_FILE)

        self.step = step
        self.best_valid_loss = best_valid
        has_valid = self.data.valid.size >= 2
        limit = divergence_threshold(self.vocab_size)
        if self.folder is not None:
            runs.update_run_json(
                self.folder,
                status="running",
                model_info={"vocab_size": self.vocab_size, "parameters": model.num_parameters},
            )

        metric_lines: list[dict[str, Any]] = []
        last_flush = time.monotonic()

        def flush_metrics() -> None:
            nonlocal last_flush
            if self.folder is not None and metric_lines:
                runs.append_metrics_many(self.folder, metric_lines)
            metric_lines.clear()
            if self._lock is not None:
                self._lock.refresh()
            last_flush = time.monotonic()

        def progress_of(step_now: int, epoch_float: float, seconds: float) -> float | None:
            fractions = []
            if spec.max_steps:
                fractions.append(step_now / spec.max_steps)
            if spec.epochs:
                fractions.append(epoch_float / spec.epochs)
            if spec.max_minutes:
                fractions.append(seconds / (spec.max_minutes * 60))
            return max(fractions) if fractions else None

        def schedule_progress(step_now: int, epoch_float: float, seconds: float) -> float | None:
            # Steps and epochs are reproducible; the clock drives the schedule only when it is
            # the one limit, so that the same seed gives the same losses.
            fractions = []
            if spec.max_steps:
                fractions.append(step_now / spec.max_steps)
            if spec.epochs:
                fractions.append(epoch_float / spec.epochs)
            if not fractions and spec.max_minutes:
                fractions.append(seconds / (spec.max_minutes * 60))
            return max(fractions) if fractions else None

        def checkpoint() -> CheckpointEvent | None:
            if self.folder is None:
                return None
            started = time.perf_counter()
            flush_metrics()
            tensors = {f"model.{k}": v for k, v in _named_tensors(model).items()}
            opt_tensors, opt_json = flatten_optimizer(optimizer.state_dict())
            tensors.update(opt_tensors)
            hidden_list = hidden_tensors(hidden) if batches.carries_state else []
            for i, tensor in enumerate(hidden_list):
                tensors[f"hidden.{i}"] = tensor
            if best_state is not None:
                tensors.update({f"best.{k}": v for k, v in best_state.items()})
            tensors.update(rng_tensors())
            state = {
                "epoch": epoch,
                "index": index,
                "elapsed": elapsed,
                "train_tokens": train_tokens,
                "evals_without_improvement": evals_without_improvement,
                "best_valid": best_valid if _finite(best_valid) else None,
                "lr_scale": schedule.scale,
                "last_eval_step": last_eval_step,
                "last_valid": last_valid,
                "hidden": len(hidden_list),
                "optimizer": opt_json,
                "batching": spec.batching,
                "batch_size": spec.batch_size,
                "seq_len": spec.seq_len,
            }
            path = save_checkpoint(self.folder, step, tensors, state)
            # The weights a teacher uses: the best so far by validation loss.
            self._save_model_file(model, best_state)
            return CheckpointEvent(step, str(path), time.perf_counter() - started)

        def evaluate() -> EvalEvent | None:
            nonlocal best_valid, best_state, evals_without_improvement, last_eval_step
            nonlocal last_valid
            result = self._evaluate(model, self.data.valid, spec.eval_tokens)
            if result is None:  # cancelled during the evaluation
                return None
            loss, tokens = result
            last_eval_step = step
            if not _finite(loss) or loss > limit:
                raise _Diverged(loss)
            improved = loss < best_valid
            if improved:
                best_valid = loss
                best_state = {k: v.clone() for k, v in _named_tensors(model).items()}
                evals_without_improvement = 0
            else:
                evals_without_improvement += 1
            schedule.after_eval(improved)
            self.best_valid_loss = best_valid
            cpt = self.data.chars_per_token("valid") or 1.0
            bits = loss / math.log(2)
            sample = self._sample(model)
            epoch_float = epoch + index / batches.steps_per_epoch
            lr_now = schedule.lr(step, epoch, schedule_progress(step, epoch_float, elapsed))
            last_valid = {"loss": loss, "bits_per_char": bits / cpt}
            metric_lines.append({
                "kind": "eval", "step": step, "epoch": round(epoch_float, 4),
                "valid_loss": loss, "valid_perplexity": math.exp(min(loss, 700)),
                "bits_per_token": bits, "bits_per_char": bits / cpt, "tokens": tokens,
                "time": round(elapsed, 3),
            })
            return EvalEvent(
                step=step, epoch=epoch_float, valid_loss=loss,
                perplexity=math.exp(min(loss, 700)), bits_per_token=bits,
                bits_per_char=bits / cpt, sample=sample, best=improved, lr=lr_now,
            )

        # ---- the loop proper
        iterator = batches.batches(epoch, index)
        session_tokens = 0
        session_step_time = 0.0
        step_time_avg = 0.0
        good_state: dict[str, torch.Tensor] | None = None
        last_good_copy = -math.inf
        last_checkpoint = time.monotonic()
        reason = ""
        current_lr = math.nan
        recent_losses: deque[float] = deque(maxlen=TRAIN_LOSS_WINDOW)
        clock = time.monotonic()  # elapsed grows by wall time between checks, minus pauses
        model.train()
        try:
            while True:
                now = time.monotonic()
                elapsed += now - clock
                clock = now
                epoch_float = epoch + index / batches.steps_per_epoch
                if spec.max_steps and step >= spec.max_steps:
                    reason = "steps"
                elif spec.epochs and epoch >= spec.epochs:
                    reason = "epochs"
                elif spec.max_minutes and elapsed >= spec.max_minutes * 60:
                    reason = "time"
                elif spec.patience and evals_without_improvement >= spec.patience:
                    reason = "early_stopping"
                elif self._cancel.is_set():
                    reason = "cancelled"
                if reason:
                    break
                if not self._go.is_set():
                    event = checkpoint()
                    if event is not None:
                        yield event
                    yield PausedEvent(step)
                    self._go.wait()
                    clock = time.monotonic()  # a pause is not training time
                    if self._cancel.is_set():
                        continue
                    yield ResumedEvent(step)
                    continue

                batch = next(iterator)
                started = time.perf_counter()
                progress = schedule_progress(step, epoch_float, elapsed)
                lr = schedule.lr(step, batch.epoch, progress)
                if lr != current_lr:
                    for group in optimizer.param_groups:
                        group["lr"] = lr
                    current_lr = lr
                inputs = batch.inputs.to(device, non_blocking=True)
                targets = batch.targets.to(device, non_blocking=True)
                if not batches.carries_state or batch.index == 0:
                    # Random windows start empty; so does each epoch, since the end of a stream
                    # does not precede its beginning (word_language_model does the same).
                    hidden = None
                output, new_hidden = model(inputs, hidden)
                loss = F.cross_entropy(output.view(-1, output.size(-1)), targets.view(-1))
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                if spec.clip > 0:
                    grad_norm = torch.nn.utils.clip_grad_norm_(params, spec.clip)
                else:
                    grad_norm = torch.nn.utils.get_total_norm(
                        [p.grad for p in params if p.grad is not None]
                    )
                loss_value = loss.item()
                norm_value = float(grad_norm)
                if not (_finite(loss_value) and _finite(norm_value)) or loss_value > limit:
                    # Checked before the step, so the weights never see a NaN gradient.
                    bad_loss = not _finite(loss_value) or loss_value > limit
                    raise _Diverged(loss_value if bad_loss else norm_value, lr=lr)
                if time.monotonic() - last_good_copy >= GOOD_WEIGHTS_INTERVAL:
                    # These weights just gave a finite loss: the fallback if training blows up
                    # before any evaluation. Copied at most every few seconds: cheap.
                    good_state = {k: v.clone() for k, v in _named_tensors(model).items()}
                    last_good_copy = time.monotonic()
                optimizer.step()
                hidden = detach_hidden(new_hidden) if batches.carries_state else None
                step_seconds = time.perf_counter() - started

                step += 1
                self.step = step
                tokens = batch.num_tokens
                train_tokens += tokens
                session_tokens += tokens
                session_step_time += step_seconds
                step_time_avg = (
                    step_seconds if step_time_avg == 0 else 0.9 * step_time_avg + 0.1 * step_seconds
                )
                recent_losses.append(loss_value)
                index += 1
                end_of_epoch = batch.last_in_epoch
                if end_of_epoch:
                    epoch, index = epoch + 1, 0
                now = time.monotonic()
                elapsed += now - clock
                clock = now
                epoch_float = epoch + index / batches.steps_per_epoch
                rate = tokens / step_time_avg if step_time_avg > 0 else 0.0
                metric_lines.append({
                    "kind": "train", "step": step, "epoch": round(epoch_float, 4),
                    "loss": loss_value, "lr": lr, "grad_norm": norm_value,
                    "tokens_per_s": round(rate, 1), "time": round(elapsed, 3),
                })
                yield StepEvent(
                    step=step, epoch=epoch_float, loss=loss_value, lr=lr, tokens_per_s=rate,
                    grad_norm=norm_value, elapsed=elapsed,
                    progress=progress_of(step, epoch_float, elapsed),
                )

                due = (spec.eval_every and step % spec.eval_every == 0) or end_of_epoch
                if due and has_valid and not self._cancel.is_set():
                    event = evaluate()
                    if event is not None:
                        yield event
                    now = time.monotonic()
                    elapsed += now - clock
                    clock = now
                if (
                    self.folder is not None
                    and spec.checkpoint_every
                    and time.monotonic() - last_checkpoint >= spec.checkpoint_every
                ):
                    event = checkpoint()
                    last_checkpoint = time.monotonic()
                    if event is not None:
                        yield event
                elif time.monotonic() - last_flush >= METRICS_FLUSH_INTERVAL:
                    flush_metrics()
        except _Diverged as exc:
            yield from self._diverged(model, exc, step, best_state, good_state, flush_metrics)
            return

        # ---- the end: a last evaluation, a checkpoint, the best weights, the test text
        if has_valid and last_eval_step != step and reason != "cancelled":
            try:
                event = evaluate()
            except _Diverged as exc:
                yield from self._diverged(model, exc, step, best_state, good_state, flush_metrics)
                return
            if event is not None:
                yield event
        event = checkpoint()
        if event is not None:
            yield event
        if best_state is not None:
            self._restore_model(model, best_state, "")
        metrics: dict[str, Any] = {
            "steps": step,
            "epochs": round(epoch + index / batches.steps_per_epoch, 4),
            "train_loss": sum(recent_losses) / len(recent_losses) if recent_losses else None,
            "tokens_per_s": session_tokens / session_step_time if session_step_time else 0.0,
            "train_tokens": train_tokens,
            "elapsed_s": round(elapsed, 2),
            "parameters": model.num_parameters,
            "stop_reason": reason,
        }
        if _finite(best_valid):
            cpt = self.data.chars_per_token("valid") or 1.0
            metrics.update(
                valid_loss=best_valid,
                valid_perplexity=math.exp(min(best_valid, 700)),
                valid_bits_per_token=best_valid / math.log(2),
                valid_bits_per_char=best_valid / math.log(2) / cpt,
            )
        if self.data.test.size >= 2 and reason != "cancelled":
            result = self._evaluate(model, self.data.test, 0)
            if result is not None:
                test_loss, _ = result
                cpt = self.data.chars_per_token("test") or 1.0
                metrics.update(
                    test_loss=test_loss,
                    test_perplexity=math.exp(min(test_loss, 700)),
                    test_bits_per_char=test_loss / math.log(2) / cpt,
                )
        self.metrics = metrics
        if self.folder is not None:
            flush_metrics()
            self._save_model_file(model, None)
            status = "cancelled" if reason == "cancelled" else "finished"
            runs.update_run_json(self.folder, status=status, metrics=metrics)
        yield FinishedEvent(step, reason, metrics)

    # ---- pieces

    def _restore_model(
        self, model: RecurrentLM, tensors: dict[str, torch.Tensor], prefix: str
    ) -> None:
        chosen = {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
        load_weights(model, chosen, self.folder or Path("."))

    def _save_model_file(
        self, model: RecurrentLM, weights: dict[str, torch.Tensor] | None
    ) -> None:
        """model.safetensors holds `weights` (the best so far) or, if None, the model's."""
        if self.folder is None:
            return
        if weights is None:
            save_weights(model, self.folder / MODEL_FILE)
            return
        from safetensors.torch import save

        from lmstudio_app.core.fileio import atomic_write_bytes
        from lmstudio_app.core.models.recurrent import WEIGHTS_FORMAT, WEIGHTS_FORMAT_VERSION

        cpu = {k: v.detach().to("cpu").contiguous() for k, v in weights.items()}
        data = save(cpu, metadata={"format": WEIGHTS_FORMAT,
                                   "format_version": str(WEIGHTS_FORMAT_VERSION)})
        atomic_write_bytes(self.folder / MODEL_FILE, data)

    def _evaluate(
        self, model: RecurrentLM, ids: np.ndarray, limit: int
    ) -> tuple[float, int] | None:
        """Mean loss (nats per token) over `ids`, read as contiguous streams side by side."""
        if limit:
            ids = ids[:limit]
        model.eval()
        total = 0.0  # summed on the host: Apple's GPU has no float64
        count = 0
        hidden = None
        try:
            with torch.no_grad():
                for inputs, targets in eval_windows(ids, self.eval_batch_size, self.spec.seq_len):
                    if self._cancel.is_set():
                        return None
                    output, hidden = model(inputs.to(self.device), hidden)
                    total += float(
                        F.cross_entropy(
                            output.view(-1, output.size(-1)),
                            targets.to(self.device).view(-1),
                            reduction="sum",
                        )
                    )
                    count += targets.numel()
        finally:
            model.train()
        if count == 0:
            return None
        return total / count, count

    def _sample(self, model: RecurrentLM) -> str:
        if not self.spec.sample_tokens:
            return ""
        lm = RecurrentRunModel(model, self.tokenizer, self.device)
        spec = GenerationSpec(
            max_tokens=self.spec.sample_tokens,
            temperature=SAMPLE_TEMPERATURE,
            seed=self.spec.seed,
            stop="none",
        )
        ids = [token.token_id for token in generate(lm, [], spec, cancel=self._cancel.is_set)]
        return self.tokenizer.decode(ids)

    def _diverged(
        self,
        model: RecurrentLM,
        exc: _Diverged,
        step: int,
        best_state: dict[str, torch.Tensor] | None,
        good_state: dict[str, torch.Tensor] | None,
        flush_metrics: Any,
    ) -> Iterator[Event]:
        """Keep the last good weights, explain, and end with a FailedEvent."""
        kept = best_state if best_state is not None else good_state
        if kept is not None:
            self._restore_model(model, kept, "")
        # The learning rate the person set, not the schedule's value at this step: a warm-up
        # reported 100 for --lr 1000, a number they never chose.
        lr = self.spec.lr
        # At the very first step nothing was learned: "the last good weights were kept" would
        # promise more than the untrained model the folder holds.
        code = "diverged_untrained" if step == 0 and kept is None else "diverged"
        error = TrainingError(code, step=step + 1, value=_format_loss(exc.value), lr=lr)
        if self.folder is not None:
            flush_metrics()
            if kept is not None or _all_finite(model):
                self._save_model_file(model, None)
            runs.update_run_json(
                self.folder,
                status="diverged",
                metrics={"steps": step, "error": error.message},
            )
        yield FailedEvent(step, error.code, error.message, dict(error.params))

    def _mark_failed(self, code: str, message: str) -> None:
        if self.folder is None or not runs.is_run_folder(self.folder):
            return
        with contextlib.suppress(StudioError):
            runs.update_run_json(self.folder, status="failed", error=message)


class _Diverged(Exception):
    def __init__(self, value: float, lr: float | None = None) -> None:
        super().__init__(value)
        self.value = value
        self.lr = lr


def _named_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {name: p.detach() for name, p in model.named_parameters()}


def _all_finite(model: torch.nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in model.parameters())


def replace_train_spec(spec: TrainSpec, **changes: Any) -> TrainSpec:
    return validate_spec(dataclasses.replace(spec, **changes))
