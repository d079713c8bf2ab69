"""The Trainer: a training loop that yields typed events, for any model family.

```
trainer = Trainer(model_spec, train_spec, tokenizer, data, folder)
for event in trainer.run():      # StepEvent, EvalEvent, CheckpointEvent, PausedEvent, ...
    ...                          # FinishedEvent or FailedEvent comes last
```

The GUI drives `run()` from a worker thread and calls `pause()`, `resume()` and `cancel()`
from the window; they set thread-safe flags that the loop checks between batches. While
paused, `run()` yields one `PausedEvent` and then blocks (without spinning) until resumed or
cancelled, so a consumer that must not block simply stops pulling after a `PausedEvent`.

The loop reads like nanoGPT's train.py: check the limits, take a batch, one step, now and
then an evaluation and a checkpoint. What it carries from step to step is the checkpointed
`TrainState` (`self.state`) and this session's `_Session`. The model comes from its family
(`core.training.family`), found in the registry from the model spec.

Guarantees, tested in tests/training/test_training.py:
- same seed, settings and text -> the same losses on the CPU;
- a run cancelled (or killed) and resumed gives the same losses as one never stopped;
- a loss that becomes NaN or infinite stops training with a plain sentence and a suggestion,
  and the run folder keeps the last good weights, so it still loads and generates.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from lmstudio_app.core import runs
from lmstudio_app.core.checkpoint import has_checkpoint
from lmstudio_app.core.config import validate_spec
from lmstudio_app.core.data import Batch, TokenData, make_batches
from lmstudio_app.core.data_lines import line_tokens
from lmstudio_app.core.errors import RunFolderError, StudioError, TrainingError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models.weights import model_tensors
from lmstudio_app.core.optimizer import make_optimizer
from lmstudio_app.core.runs.lock import RunLock, acquire_run_lock
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.accel import autocast
from lmstudio_app.core.training.devices import (
    available_memory_for,
    is_out_of_memory,
    resolve_device,
)
from lmstudio_app.core.training.distributed import (
    DistEnv,
    broadcast_control,
    check_divisible,
    device_name_for,
    lost_partner,
    mean_of,
)
from lmstudio_app.core.training.events import (
    Event,
    FailedEvent,
    PausedEvent,
    ResumedEvent,
    StepEvent,
)
from lmstudio_app.core.training.family import family_of
from lmstudio_app.core.training.loop import compute
from lmstudio_app.core.training.loop.ending import diverged, finish, mark_failed
from lmstudio_app.core.training.loop.evaluation import (
    Diverged,
    count_parameters,
    divergence_threshold,
    evaluate_ids,
    validate,
)
from lmstudio_app.core.training.loop.saving import (
    checkpoint,
    checkpoint_due,
    flush_metrics,
    save_model_file,
)
from lmstudio_app.core.training.loop.session import Session, restore_session
from lmstudio_app.core.training.schedule import (
    budget_used,
    eval_due,
    schedule_progress,
    stop_reason,
)
from lmstudio_app.core.training.spec import (
    EVAL_BATCH_SIZE,
    TrainSpec,
    check_corpus_length,
    check_memory,
)
from lmstudio_app.core.training.state import TrainState

# Failures after which the run can be continued from its last checkpoint as it is.
RESUMABLE_FAILURES = frozenset({"disk_full", "write_failed", "cannot_write", "run_locked"})
# How often the best-so-far "last good weights" copy is refreshed, at most (seconds).
GOOD_WEIGHTS_INTERVAL = 2.0
METRICS_FLUSH_INTERVAL = 5.0


class Trainer:
    """Train a language model on token ids, optionally saving into a run folder.

    With `folder` None nothing is written (benchmarks, quick experiments). With `resume`, the
    model, optimizer, memory, random state and data position come from the folder's
    checkpoint, and training goes on exactly where it stopped.
    """

    def __init__(
        self,
        model_spec: Any,
        train_spec: TrainSpec,
        tokenizer: StudioTokenizer,
        data: TokenData,
        folder: str | Path | None = None,
        *,
        resume: bool = False,
        eval_batch_size: int = EVAL_BATCH_SIZE,
        dist: DistEnv | None = None,
        read_from: str | Path | None = None,
    ) -> None:
        # Bad settings are refused here, before anything is built or trained.
        self.model_spec = validate_spec(model_spec)
        self.spec = validate_spec(train_spec)
        check_corpus_length(self.spec, int(data.train.size))
        self.family = family_of(self.model_spec)
        # Settings of the model and of training that must agree (a transformer reads windows
        # no longer than its context): a family may say so, before anything is built.
        check_training = getattr(self.family, "check_training", None)
        if check_training is not None:
            check_training(self.model_spec, self.spec)
        self.tokenizer = tokenizer
        self.data = data
        self.folder = Path(folder) if folder is not None else None
        self.resuming = resume
        self.eval_batch_size = eval_batch_size
        # Ranks other than 0 of several DDP processes write nothing: they have no folder, and
        # read a resumed run's checkpoint from `read_from`.
        self.source = Path(read_from) if read_from is not None else self.folder
        if resume and (self.source is None or not has_checkpoint(self.source)):
            raise RunFolderError("no_checkpoint", path=str(self.source))
        self.dist: DistEnv | None = None
        self.device = resolve_device(self.spec.device)
        if dist is not None:
            self.join(dist)
        self.autocast_dtype: torch.dtype | None = None
        self.pin = False
        self.compute: dict[str, Any] = {}
        self.vocab_size = tokenizer.vocab_size
        # Refused from the estimate, before the model is built: building one too large for
        # the memory can freeze the computer rather than fail cleanly.
        self.memory_estimate = check_memory(
            self.family.training_memory_bytes(self.vocab_size, self.model_spec, self.spec),
            available_memory_for(self.device),
        )
        self._go = threading.Event()  # set while training may go on
        self._go.set()
        self._cancel = threading.Event()
        self.model: torch.nn.Module | None = None
        self._lock: RunLock | None = None
        self.state = TrainState()
        self.metrics: dict[str, Any] = {}

    def join(self, dist: DistEnv) -> None:
        """Train as one of several DDP processes (before `run`; the process group is
        started): this process's card, and a batch that splits evenly between them."""
        check_divisible(self.spec.batch_size, dist.world_size)
        self.dist = dist
        self.device = resolve_device(device_name_for(dist, self.spec.device))

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

    @property
    def step(self) -> int:
        return self.state.step

    def run_model(self) -> Any:
        """The trained network (the best weights once training ended) for generation."""
        if self.model is None:
            raise RuntimeError("run() has not started")
        return self.family.run_model(self.model, self.tokenizer, self.device)

    @property
    def num_parameters(self) -> int:
        if self.model is None:  # counted, not built: the model may not fit in memory
            return self.family.parameters(self.vocab_size, self.model_spec)
        return count_parameters(self.model)

    # ---- the run, with its failures told as events

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
            mark_failed(self.folder, exc.message)
            yield FailedEvent(self.step, exc.code, exc.message, dict(exc.params))
        except StudioError as exc:
            # A full disk or a folder that became read-only leaves the status "running": the
            # run is resumable from its last checkpoint once there is room (the window finds
            # it with find_interrupted_runs). Another process's lock is not ours to mark.
            if lock is not None and exc.code not in RESUMABLE_FAILURES:
                mark_failed(self.folder, exc.message)
            yield FailedEvent(self.step, exc.code, exc.message, dict(exc.params))
        except (RuntimeError, MemoryError) as exc:
            if self.dist is not None and compute.is_collective_failure(exc):
                # Another process died: stop with a sentence. The folder keeps its last
                # checkpoint and the status "running", so the run can be resumed.
                lost = lost_partner(exc)
                yield FailedEvent(self.step, lost.code, lost.message, dict(lost.params))
                return
            if not (isinstance(exc, MemoryError) or is_out_of_memory(exc)):
                raise
            del exc  # its traceback holds the frames, and so the tensors, that filled memory
            error = TrainingError(
                "out_of_memory", detail=N_("it ran out at step {step}", step=self.step + 1)
            )
            mark_failed(self.folder, error.message)
            yield FailedEvent(self.step, error.code, error.message, dict(error.params))
        finally:
            self._lock = None
            if lock is not None:
                lock.release()

    # ---- the loop

    def _train(self) -> Iterator[Event]:
        spec = self.spec
        torch.manual_seed(spec.seed)
        model = self.family.build(self.model_spec, self.vocab_size).to(self.device)
        self.model = model
        self._module = compute.prepare(self, model)  # the model, or its DDP wrapper
        params = list(model.parameters())
        batches = make_batches(
            self.data.train, spec.batching, spec.batch_size, spec.seq_len, spec.seed,
            line_tokens(self.tokenizer) if spec.batching == "lines" else None,
        )
        self.steps_per_epoch = batches.steps_per_epoch
        self.tokens_per_step = batches.batch_size * spec.seq_len
        s = Session(model, params, make_optimizer(spec, params), batches, spec)
        self._session = s
        self.state = TrainState()
        if self.resuming:
            assert self.source is not None
            self.state = restore_session(s, self.source, self.family, self.model_spec)
            s.memory = compute.share_memory(self, s.memory)
            if self.folder is not None:
                runs.truncate_metrics(self.folder, self.state.step)
        elif self.folder is not None:
            # The folder loads and generates from the very first moment.
            save_model_file(self, None)
        state = self.state
        self._limit = divergence_threshold(self.vocab_size)
        # Only rank 0 evaluates; the others wait for it at the next step's collective.
        has_valid = self.data.valid.size >= 2 and (self.dist is None or self.dist.leads)
        compute.record(self)
        if self.folder is not None:
            runs.update_run_json(
                self.folder,
                status="running",
                model_info={"vocab_size": self.vocab_size, "parameters": count_parameters(model)},
            )

        iterator = batches.batches(state.epoch, state.index)
        reason = ""
        s.start_clocks()
        model.train()
        try:
            while True:
                self._tick()
                reason = stop_reason(spec, state.step, state.epoch, state.elapsed,
                                     state.evals_without_improvement)
                if not reason and self.cancelled:
                    reason = "cancelled"
                if self.dist is not None:
                    # Rank 0 decides for everyone (its clock, its evaluations, its Ctrl-C).
                    stop, s.schedule.scale = broadcast_control(
                        bool(reason), s.schedule.scale, self._control_device
                    )
                    reason = (reason or "cancelled") if stop else ""
                if reason:
                    break
                if self.paused and self.dist is None:
                    yield from self._pause()
                    continue
                batch = next(iterator)
                yield self._step(batch)
                due = eval_due(spec.eval_every, state.step, state.last_eval_step,
                               batch.last_in_epoch)
                if due and has_valid and not self.cancelled:
                    event = validate(self)
                    if event is not None:
                        yield event
                    self._tick()
                if checkpoint_due(self):
                    event = checkpoint(self)
                    s.last_checkpoint = time.monotonic()
                    if event is not None:
                        yield event
                elif time.monotonic() - s.last_flush >= METRICS_FLUSH_INTERVAL:
                    flush_metrics(self)
            # the end: a last evaluation, a checkpoint, the best weights, the test text
            if has_valid and state.last_eval_step != state.step and reason != "cancelled":
                event = validate(self)
                if event is not None:
                    yield event
        except Diverged as exc:
            yield diverged(self, exc)
            return
        event = checkpoint(self)
        if event is not None:
            yield event
        yield finish(self, reason)

    def _tick(self) -> None:
        """Bring the training time up to now (a pause moves the clock on without it)."""
        now = time.monotonic()
        self.state.elapsed += now - self._session.clock
        self._session.clock = now

    def _epochs(self) -> float:
        return self.state.epoch + self.state.index / self._session.batches.steps_per_epoch

    def _pause(self) -> Iterator[Event]:
        event = checkpoint(self)
        if event is not None:
            yield event
        yield PausedEvent(self.state.step)
        self._go.wait()
        self._session.clock = time.monotonic()  # a pause is not training time
        if not self.cancelled:
            yield ResumedEvent(self.state.step)

    def _step(self, batch: Batch) -> StepEvent:
        """One optimisation step on `batch`: forward, backward, clip, check, update."""
        s, state, spec = self._session, self.state, self.spec
        started = time.perf_counter()
        progress = schedule_progress(spec, state.step, self._epochs(), state.elapsed)
        lr = s.schedule.lr(state.step, batch.epoch, progress)
        if lr != s.current_lr:
            for group in s.optimizer.param_groups:
                group["lr"] = lr
            s.current_lr = lr
        inputs = compute.to_device(self, batch.inputs)
        targets = compute.to_device(self, batch.targets)
        if not s.batches.carries_state or batch.index == 0:
            # Random windows start empty; so does each epoch, since the end of a stream
            # does not precede its beginning (word_language_model does the same).
            s.memory = self.family.initial_state(s.model, inputs.size(1), self.device)
        with autocast(self.device, self.autocast_dtype):
            output, memory = self.family.forward(self._module, inputs, s.memory)
        # Padding (line batches) counts for nothing: its loss and gradient are exactly zero.
        # The loss is taken in float32 whatever the forward pass computed in.
        loss = F.cross_entropy(
            output.float().view(-1, output.size(-1)), targets.reshape(-1),
            ignore_index=batch.ignore_index,
        )
        s.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if spec.clip > 0:
            grad_norm = torch.nn.utils.clip_grad_norm_(s.params, spec.clip)
        else:
            grad_norm = torch.nn.utils.get_total_norm(
                [p.grad for p in s.params if p.grad is not None]
            )
        # With several processes: the mean over their shares, the global batch's loss.
        loss_value = (loss if self.dist is None else mean_of(loss)).item()
        norm_value = float(grad_norm)
        bad_loss = not math.isfinite(loss_value) or loss_value > self._limit
        if bad_loss or not math.isfinite(norm_value):
            # Checked before the step, so the weights never see a NaN gradient.
            raise Diverged(loss_value if bad_loss else norm_value)
        if time.monotonic() - s.last_good_copy >= GOOD_WEIGHTS_INTERVAL:
            # These weights just gave a finite loss: the fallback if training blows up
            # before any evaluation. Copied at most every few seconds: cheap.
            s.good_weights = {k: v.clone() for k, v in model_tensors(s.model).items()}
            s.last_good_copy = time.monotonic()
        s.optimizer.step()
        s.memory = (compute.full_precision_state(self, self.family.detach_state(memory))
                    if s.batches.carries_state else None)
        s.count_step(batch.num_tokens, time.perf_counter() - started, loss_value)

        state.step += 1
        state.train_tokens += batch.num_tokens
        state.index += 1
        if batch.last_in_epoch:
            state.epoch, state.index = state.epoch + 1, 0
        self._tick()
        epochs = self._epochs()
        rate = s.tokens_per_second(batch.num_tokens)
        s.metric_lines.append({
            "kind": "train", "step": state.step, "epoch": round(epochs, 4),
            "loss": loss_value, "lr": lr, "grad_norm": norm_value,
            "tokens_per_s": round(rate, 1), "time": round(state.elapsed, 3),
        })
        return StepEvent(
            step=state.step, epoch=epochs, loss=loss_value, lr=lr, tokens_per_s=rate,
            grad_norm=norm_value, elapsed=state.elapsed,
            progress=budget_used(spec, state.step, epochs, state.elapsed),
        )

    def _evaluate(
        self, model: torch.nn.Module, ids: np.ndarray, limit: int
    ) -> tuple[float, int] | None:
        """Mean loss (nats per token) over `ids` (its first `limit` tokens; 0: all)."""
        return evaluate_ids(self, model, ids, limit)
