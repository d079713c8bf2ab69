"""Run an experiment: one run per value, one after another, each into its own run folder
inside the experiment's folder, within a time budget, with pause and cancel for the whole.

```
control = ExperimentControl()              # pause(), resume(), cancel() from any thread
record = run_experiment(folder, setup, "order", (2, 3, 4), tokenizer, corpus,
                        budget_minutes=5, control=control, report=...)
```

The window calls it in a worker thread, the command line directly; both go through the
same jobs as a single run (`core.runs.jobs`). The runs are trained with the test text held
back (see `record`), so no run's metrics say how it does on the test text until the choice
is final. The budget is shared: each neural run may use the time left divided by the runs
left, and a run that cannot start before the budget is spent is recorded as skipped.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lmstudio_app.core.errors import Cancelled, StudioError
from lmstudio_app.core.experiments.record import (
    FORMAT,
    best_run,
    is_experiment_folder,
    write_experiment,
)
from lmstudio_app.core.experiments.settings import Setup, format_value, varied, with_value
from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus, split_fingerprints

# report(record, fraction of the experiment done, event of the current run or None)
Report = Callable[[dict[str, Any], float, Any], None]


class ExperimentControl:
    """Pause, resume and cancel for a whole experiment, from any thread: the run in progress
    is paused or stopped, and no further run starts while paused or after a cancel."""

    def __init__(self) -> None:
        self._go = threading.Event()
        self._go.set()
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._trainer: Any = None
        self.paused_seconds = 0.0
        self._paused_at: float | None = None

    def pause(self) -> None:
        with self._lock:
            if self._go.is_set():
                self._paused_at = time.monotonic()
            self._go.clear()
            if self._trainer is not None:
                self._trainer.pause()

    def resume(self) -> None:
        with self._lock:
            if self._paused_at is not None:
                self.paused_seconds += time.monotonic() - self._paused_at
                self._paused_at = None
            self._go.set()
            if self._trainer is not None:
                self._trainer.resume()

    def cancel(self) -> None:
        with self._lock:
            self._cancel.set()
            self._go.set()
            if self._trainer is not None:
                self._trainer.cancel()

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait_while_paused(self) -> None:
        self._go.wait()

    def attach(self, trainer: Any) -> None:
        """The run in progress (a Trainer), which pause and cancel reach from now on."""
        with self._lock:
            self._trainer = trainer
            if trainer is not None and self.paused:
                trainer.pause()
            if trainer is not None and self.cancelled:
                trainer.cancel()


@dataclasses.dataclass
class _HeldBack(LoadedCorpus):
    """A loaded text whose runs see no test text (and maybe a share of the training text);
    recorded in run.json as the text it is, with the parts the run really saw fingerprinted,
    so that resuming such a run with the whole text is refused rather than silently mixed."""

    full: LoadedCorpus | None = None

    def record(self) -> dict[str, Any]:
        assert self.full is not None
        record = self.full.record()
        record["fingerprints"] = split_fingerprints(self.splits)
        record["chars"] = {name: len(text) for name, text in self.splits.items()}
        record["experiment"] = {"test_held_back": True}
        return record


def held_back(loaded: LoadedCorpus, train_share: float = 1.0) -> LoadedCorpus:
    """`loaded` without its test text, and with the first `train_share` of its training text
    (the start, so that a larger share always holds a smaller one)."""
    splits = loaded.splits
    train = (
        splits.train if train_share >= 1 else splits.train[: int(len(splits.train) * train_share)]
    )
    parts = dataclasses.replace(splits, train=train, test="")
    return _HeldBack(loaded.source, loaded.corpus, parts, full=loaded)


def run_folder_name(setting: str, value: float) -> str:
    return f"{setting}-{format_value(setting, value).rstrip('%')}"


def new_record(
    setup: Setup,
    setting: str,
    values: Sequence[float],
    budget_minutes: float,
    corpus: LoadedCorpus,
) -> dict[str, Any]:
    from lmstudio_app.core.config import spec_to_dict

    kind = "ngram" if not setup.neural else getattr(setup.model, "family", "lstm")
    return {
        "format": FORMAT,
        "kind": "experiment",
        "setting": setting,
        "label": str(varied(setting).label),
        "values": list(values),
        "budget_minutes": budget_minutes,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "model_kind": kind,
        "base": {
            "model": spec_to_dict(setup.model),
            "train": spec_to_dict(setup.train) if setup.train is not None else None,
            "train_share": setup.train_share,
        },
        "corpus": corpus.source.to_json(),
        "status": "running",
        "runs": [
            {"value": value, "folder": run_folder_name(setting, value), "status": "waiting"}
            for value in values
        ],
        "best": None,
        "decided": None,
    }


def run_experiment(
    folder: str | Path,
    setup: Setup,
    setting: str,
    values: Sequence[float],
    tokenizer: Any,
    corpus: CorpusSource | LoadedCorpus,
    *,
    budget_minutes: float = 10.0,
    control: ExperimentControl | None = None,
    report: Report | None = None,
) -> dict[str, Any]:
    """Train one run per value into `folder`/<setting>-<value>, write experiment.json after
    each, and return the record (status "finished", "cancelled" or "out_of_time")."""
    folder = Path(folder)
    if is_experiment_folder(folder) or (folder.exists() and any(folder.iterdir())):
        raise StudioError("experiment_exists", path=str(folder))
    setups = [with_value(setup, setting, value) for value in values]  # refuse bad values first
    control = control or ExperimentControl()
    loaded = corpus.load() if isinstance(corpus, CorpusSource) else corpus
    folder.mkdir(parents=True, exist_ok=True)
    record = new_record(setup, setting, values, budget_minutes, loaded)
    write_experiment(folder, record)
    started = time.monotonic()
    budget_s = budget_minutes * 60

    def say(fraction: float, event: Any = None) -> None:
        if report is not None:
            report(record, min(max(fraction, 0.0), 1.0), event)

    count = len(values)
    for index, (entry, one) in enumerate(zip(record["runs"], setups, strict=True)):
        control.wait_while_paused()
        used = time.monotonic() - started - control.paused_seconds
        if control.cancelled:
            break
        if used >= budget_s and index > 0:  # the first run always starts
            record["status"] = "out_of_time"
            break
        entry["status"] = "running"
        write_experiment(folder, record)
        say(index / count)
        per_run_minutes = (budget_s - used) / (count - index) / 60
        run_started = time.monotonic()
        try:
            metrics = _train_one(
                folder / entry["folder"],
                one,
                tokenizer,
                loaded,
                per_run_minutes,
                control,
                lambda f, e=None, i=index: say((i + f) / count, e),
            )
        except Cancelled:
            metrics = None
            entry["status"] = "cancelled"
        except StudioError as exc:
            metrics = None
            entry["status"] = "failed"
            entry["error"] = str(exc.message)
        entry["seconds"] = round(time.monotonic() - run_started, 2)
        if metrics is not None:
            entry["status"] = (
                "cancelled" if metrics.get("stop_reason") == "cancelled" else "finished"
            )
            for key in ("valid_loss", "valid_perplexity", "steps", "stop_reason"):
                if key in metrics:
                    entry[key] = metrics[key]
        record["best"] = best_run(record)
        write_experiment(folder, record)
        say((index + 1) / count)
    for entry in record["runs"]:
        if entry["status"] == "waiting":
            entry["status"] = "skipped"
    if record["status"] == "running":
        record["status"] = "cancelled" if control.cancelled else "finished"
    record["best"] = best_run(record)
    write_experiment(folder, record)
    say(1.0)
    return record


def _train_one(
    folder: Path,
    setup: Setup,
    tokenizer: Any,
    loaded: LoadedCorpus,
    minutes: float,
    control: ExperimentControl,
    progress: Callable[..., None],
) -> dict[str, Any] | None:
    """One run: an n-gram counted, or a network trained within `minutes`; its metrics."""
    from lmstudio_app.core.runs.jobs import fit_to_model, start_neural_run, train_ngram_run

    corpus = held_back(loaded, setup.train_share)

    def cancel() -> bool:
        return control.cancelled

    if not setup.neural:
        _model, metrics = train_ngram_run(
            folder, setup.model, tokenizer, corpus, lambda f, _m: progress(f or 0.0), cancel
        )
        metrics = dict(metrics)
        metrics.pop("test_perplexity", None)  # held back anyway: never there
        return metrics
    from lmstudio_app.core.training.events import FailedEvent, FinishedEvent

    train = setup.train
    limit = train.max_minutes
    train = dataclasses.replace(train, max_minutes=min(limit, minutes) if limit else minutes)
    train = fit_to_model(setup.model, train, seq_len_given=True)
    trainer = start_neural_run(folder, setup.model, train, tokenizer, corpus, cancel=cancel)
    control.attach(trainer)
    try:
        for event in trainer.run():
            fraction = getattr(event, "progress", None)
            progress(fraction if fraction is not None else 0.0, event)
            if isinstance(event, FinishedEvent):
                return dict(event.metrics)
            if isinstance(event, FailedEvent):
                raise StudioError(event.code, **event.params)
    finally:
        control.attach(None)
    return None
