"""What the Train page runs in its workers: core's jobs (`core.runs.jobs`), wrapped as the
window needs them, and the run folders it trains into.

The page never builds a Trainer or a run folder itself: a new run, a resumed run and an
n-gram run are the same core functions the command line calls. Here they become generators
for the EventPump (a new run, a resume) or a task for the TaskRunner (an n-gram), with the
few extra events the page shows: the run read back (`ReloadedRun`) and its curve up to the
checkpoint (`RunHistory`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmstudio_app.core.appdirs import user_data_dir
from lmstudio_app.core.runs.curves import read_curves

if TYPE_CHECKING:  # the window paints before these (numpy, torch) load
    from lmstudio_app.core.runs.source import LoadedCorpus
    from lmstudio_app.ui.session import CorpusChoice, Session

Curve = tuple[list[int], list[float]]


def runs_folder() -> Path:
    from PySide6.QtCore import QSettings

    stored = QSettings("LanguageModelStudio", "Language Model Studio").value("runs_folder")
    return Path(str(stored)) if stored else user_data_dir() / "runs"


def new_run_folder(family: str) -> Path:
    base = runs_folder()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = base / f"{stamp}-{family}"
    suffix = 2
    while folder.exists():
        folder = base / f"{stamp}-{family}-{suffix}"
        suffix += 1
    return folder


@dataclass
class RunHistory:
    """A resumed run's curves up to its checkpoint, so the plot continues where it was."""

    train: Curve = field(default_factory=lambda: ([], []))
    valid: Curve = field(default_factory=lambda: ([], []))


@dataclass
class ReloadedRun:
    """What resuming read again in the worker: the run's text, its parts and its tokenizer."""

    run: dict[str, Any]
    corpus: Any
    splits: Any
    tokenizer: Any
    choice: CorpusChoice
    fractions: tuple[float, ...] | None


def session_corpus(session: Session) -> LoadedCorpus:
    """The text the session holds, with where it came from: what a new run records."""
    from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus

    choice, splits = session.corpus_choice, session.splits
    assert session.corpus is not None and splits is not None
    source = CorpusSource.create(
        files=list(choice.paths),
        sample=choice.sample,
        encoding=choice.encoding,
        split=session.split_fractions,
        split_method=splits.method,
    )
    return LoadedCorpus(source, session.corpus, splits)


def new_run_events(
    session: Session, folder: Path, train_spec: Any, stop: threading.Event,
    on_trainer: Callable[[Any], None],
) -> Callable[[], Iterator[Any]]:
    """The events of a new recurrent run of the session's text, tokenizer and model settings,
    trained with `train_spec` (the Model page's, its budget included)."""
    model_spec = session.model_spec
    tokenizer, corpus = session.tokenizer, session_corpus(session)

    def events() -> Iterator[Any]:
        from lmstudio_app.core.runs.jobs import start_neural_run

        trainer = start_neural_run(
            folder, model_spec, train_spec, tokenizer, corpus, cancel=stop.is_set
        )
        on_trainer(trainer)
        if stop.is_set():  # Stop was pressed before the trainer existed
            trainer.cancel()
        yield from trainer.run()

    return events


def resume_events(
    folder: Path, stop: threading.Event, on_trainer: Callable[[Any], None],
    corpus_moved_to: Sequence[str] = (),
) -> Callable[[], Iterator[Any]]:
    """The events of the run in `folder` continued from its checkpoint to the end its own
    settings set: first the run read back (`ReloadedRun`), then its curve so far
    (`RunHistory`), then the trainer's. Its text is read where it was recorded, or where it
    is now (`corpus_moved_to`, as `train --resume RUN --corpus PATH`), and refused by core if
    it is not the run's."""

    def events() -> Iterator[Any]:
        from lmstudio_app.core.runs.jobs import resume_neural_run
        from lmstudio_app.core.training import FailedEvent
        from lmstudio_app.ui.session import CorpusChoice

        resumed = resume_neural_run(
            folder, cancel=stop.is_set, corpus_moved_to=corpus_moved_to
        )
        loaded = resumed.corpus
        source = loaded.source
        choice = CorpusChoice(
            sample=source.sample, paths=list(source.files), encoding=source.encoding
        )
        fractions = None if loaded.splits.method == "files" else source.split
        yield ReloadedRun(
            resumed.run, loaded.corpus, loaded.splits, resumed.tokenizer, choice, fractions
        )
        trainer = resumed.trainer
        on_trainer(trainer)
        if stop.is_set():
            trainer.cancel()
        stream = trainer.run()
        # The first event comes once the trainer holds the lock and has gone back to its
        # checkpoint (metrics.jsonl cut there): the curve up to that point is the history.
        first = next(stream, None)
        if first is None:
            return
        first_step = getattr(first, "step", 0)
        train_curve, valid_curve = load_curves(folder)
        if not isinstance(first, FailedEvent):
            yield RunHistory(points_before(train_curve, first_step),
                             points_before(valid_curve, first_step))
        yield first
        yield from stream

    return events


def ngram_work(session: Session, folder: Path) -> Callable[[Any, Any], Any]:
    """The TaskRunner's work for an n-gram run of the session's text and tokenizer: the
    model, its metrics and a sample it writes (what a neural run shows at each check)."""
    spec, tokenizer, corpus = session.model_spec, session.tokenizer, session_corpus(session)

    def work(progress: Any, cancel: Any) -> Any:
        from lmstudio_app.core.models.ngram.orders import sample_text
        from lmstudio_app.core.runs.jobs import train_ngram_run

        model, metrics = train_ngram_run(folder, spec, tokenizer, corpus, progress, cancel)
        return model, metrics, sample_text(model)

    return work


def points_before(curve: Curve, step: int) -> Curve:
    """The points of a curve before `step`."""
    kept = [(s, v) for s, v in zip(*curve, strict=True) if s < step]
    return [s for s, _ in kept], [v for _, v in kept]


def load_curves(folder: Path) -> tuple[Curve, Curve]:
    """Train and validation curves from a run's metrics.jsonl."""
    curves = read_curves(folder)
    return (
        (curves.train.steps, curves.train.losses),
        (curves.valid.steps, curves.valid.losses),
    )
