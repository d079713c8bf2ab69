"""The steps that make and continue a run, written once: the command line wraps them in a
progress bar, the window in a worker thread, tests call them directly.

```
start_neural_run(folder, model_spec, train_spec, tokenizer, corpus)     -> Trainer (new run)
resume_neural_run(folder, corpus=None, train_changes=...)                -> ResumedRun
can_resume_run(folder)                                                   -> bool
missing_run_text(folder)                           -> MissingText | None (the text moved)
train_ngram_run(folder, spec, tokenizer, corpus)                         -> (model, metrics)
import_arpa_run(arpa_file, tokenizer_from, folder)                       -> NGramModel
```

`corpus` is a `CorpusSource` (read here) or a `LoadedCorpus` (the window has read it
already); every job records it in run.json the same way (`LoadedCorpus.record()`). Each takes
a progress callback and a cancel check. A new run's Trainer is built, and so its settings and
memory checked, before its folder is made; `trainer.run()` then trains (and takes the lock).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from lmstudio_app.core.runs.folder import (
    is_run_folder,
    load_run_tokenizer,
    read_run_json,
    update_run_json,
)
from lmstudio_app.core.runs.lock import acquire_run_lock, lock_is_live
from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus
from lmstudio_app.core.runs.unfinished import clear_unfinished_run, is_unfinished_run

if TYPE_CHECKING:  # torch and the n-gram counter load when a job runs, not before
    from lmstudio_app.core.models.ngram import NGramModel
    from lmstudio_app.core.specs import TrainSpec
    from lmstudio_app.core.tokenization import StudioTokenizer
    from lmstudio_app.core.training import Trainer

# Settings a resumed run may change: its budget and how it is run, not what it computes on.
RESUME_CHANGEABLE = frozenset(
    {"max_steps", "epochs", "max_minutes", "lr", "eval_every", "eval_tokens", "patience",
     "threads", "device", "checkpoint_every", "sample_tokens", "clip", "compile"}
)
# The settings that together say how long a run trains.
BUDGET_SETTINGS = ("max_steps", "epochs", "max_minutes")
# The presets adapt to the length of the text (more dropout on a short one): given the number
# of training tokens, the settings of a new run.
SpecsForLength = Callable[[int], "tuple[Any, TrainSpec]"]


@contextlib.contextmanager
def claim_run_folder(folder: str | Path) -> Iterator[None]:
    """Hold `folder`'s lock for a whole command (a second window or program writing it is
    refused, and an unwritable folder is refused before any long work); a folder made here
    and left empty (the work failed before saving anything) is removed again."""
    folder = Path(folder)
    made = not folder.exists()
    try:
        with acquire_run_lock(folder):
            yield
    finally:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds when empty


def with_budget(train_spec: TrainSpec, **budget: float | None) -> TrainSpec:
    """`train_spec` with the budget given (`BUDGET_SETTINGS`; None: not given) in place of
    its whole budget: asking for 6 epochs, or 500 steps, should not stop at a preset's time
    limit. The command line's --max-steps, --epochs and --max-minutes (the window sets the
    three on its Model page, one by one)."""
    given = {name: value for name, value in budget.items() if value is not None}
    if not given:
        return train_spec
    unknown = set(given) - set(BUDGET_SETTINGS)
    if unknown:
        raise TypeError(f"not budget settings: {sorted(unknown)}")
    return dataclasses.replace(train_spec, **{"max_steps": 0, "epochs": 0, "max_minutes": 0.0,
                                              **given})


def check_new_run_folder(folder: str | Path, taken: str = "run_exists") -> None:
    """Refuse (`taken`) a folder that holds a run, unless the run never got a model
    (`runs.unfinished`): such a folder is used again."""
    if is_run_folder(folder) and not is_unfinished_run(folder):
        raise StudioError(taken, path=str(folder))


def _loaded(
    corpus: CorpusSource | LoadedCorpus, progress: ProgressCallback, cancel: CancelCheck | None
) -> LoadedCorpus:
    return corpus.load(progress, cancel) if isinstance(corpus, CorpusSource) else corpus


def fit_to_model(model_spec: Any, train_spec: TrainSpec, seq_len_given: bool = False) -> TrainSpec:
    """`train_spec` as `model_spec`'s family reads text: a transformer reads windows of its
    whole context length, unless a sequence length was asked for (`seq_len_given`), which
    the Trainer then checks against the context. Other families' settings are left alone.
    The Model page and `train` both call it, after the user's changes."""
    from lmstudio_app.core.models.gpt.spec import GPTSpec, fit_window

    if isinstance(model_spec, GPTSpec):
        return fit_window(model_spec, train_spec, seq_len_given)
    return train_spec


# --------------------------------------------------------------------------- neural networks


def start_neural_run(
    folder: str | Path,
    model_spec: Any,
    train_spec: TrainSpec,
    tokenizer: StudioTokenizer,
    corpus: CorpusSource | LoadedCorpus,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
    *,
    specs_for_length: SpecsForLength | None = None,
) -> Trainer:
    """A new run folder (run.json, tokenizer.json) and the Trainer that trains into it."""
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.training import Trainer, create_run

    folder = Path(folder)
    check_new_run_folder(folder)
    loaded = _loaded(corpus, progress, cancel)
    data = encode_splits(tokenizer, loaded.splits, progress, cancel)
    if specs_for_length is not None:
        model_spec, train_spec = specs_for_length(int(data.train.size))
    # Settings, length and memory are checked here, before the folder is made.
    trainer = Trainer(model_spec, train_spec, tokenizer, data, folder)
    record = loaded.record()
    check_cancel(cancel)
    if is_run_folder(folder):  # past the check above, only a run that never got a model
        clear_unfinished_run(folder)
    create_run(folder, trainer.model_spec, trainer.spec, tokenizer, record)
    return trainer


class ResumedRun(NamedTuple):
    """A run read back to continue it: its run.json, text and tokenizer, and its Trainer."""

    trainer: Trainer
    run: dict[str, Any]
    corpus: LoadedCorpus
    tokenizer: StudioTokenizer


def _changed(spec: Any, changes: dict[str, Any], allowed: frozenset[str]) -> Any:
    """`spec` with `changes` (None: not given), refusing (`resume_change`) any not allowed."""
    from lmstudio_app.core.config import spec_fields, validate_spec

    labels = {info.name: info.label for info in spec_fields(spec)}
    kept = {}
    for name, value in changes.items():
        if value is None or value == getattr(spec, name):
            continue
        if name not in allowed:
            raise StudioError("resume_change", label=labels.get(name, name))
        kept[name] = value
    return validate_spec(dataclasses.replace(spec, **kept))


def can_resume_run(folder: str | Path) -> bool:
    """Whether the run in `folder` ended before its budget and can go on from a checkpoint:
    a network stopped on request (Stop, Quit, Ctrl-C: status "cancelled") or interrupted (a
    crash: still "running", with no live lock). Cheap: run.json and the checkpoint pointer."""
    from lmstudio_app.core.models import MODEL_KINDS
    from lmstudio_app.core.runs.lock import interrupted_run
    from lmstudio_app.core.runs.paths import read_text

    try:
        run = read_run_json(folder)
    except StudioError:
        return False
    kind = MODEL_KINDS.get(str(run.get("model_kind")))
    if kind is None or not kind.neural:
        return False
    if run.get("status") == "running":
        interrupted = interrupted_run(folder)
        return interrupted is not None and interrupted.can_resume
    if run.get("status") != "cancelled":
        return False
    try:
        read_text(folder, "checkpoint/latest.json")
    except (OSError, StudioError):
        return False
    return True


class MissingText(NamedTuple):
    """A run's text no longer where run.json records it (a run folder taken to another
    computer, or its text moved): resuming then needs to be told where it is now, as
    `resume_neural_run(..., corpus_moved_to=...)` (`train --resume RUN --corpus PATH`)."""

    paths: tuple[str, ...]  # the recorded files or folders not found
    one_file: bool  # the text was one file, which may be named under another name now


def missing_run_text(folder: str | Path) -> MissingText | None:
    """The recorded files of the run's text that are gone, or None when they are all there,
    when the text is a bundled sample, or when the record cannot be read (resuming then says
    why). Cheap: run.json and whether each path exists."""
    import os

    from lmstudio_app.core.runs.checks import check_corpus_record

    try:
        run = read_run_json(folder)
        data = check_corpus_record(run, folder).get("source")
    except StudioError:
        return None
    if not isinstance(data, dict) or data.get("sample"):
        return None
    source = CorpusSource.from_json(data)
    recorded = [*source.files, *(path for path in (source.valid, source.test) if path)]
    missing = tuple(path for path in recorded if not os.path.lexists(path))
    if not missing:
        return None
    fingerprints = source.file_fingerprints
    # A single file is recorded under its own path among the fingerprints (a folder under
    # the paths of its files); a run from before them: a name with a suffix is a file.
    one_file = len(recorded) == 1 and (
        recorded[0] in fingerprints if fingerprints else bool(Path(recorded[0]).suffix)
    )
    return MissingText(missing, one_file)


def resume_neural_run(
    folder: str | Path,
    corpus: CorpusSource | LoadedCorpus | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
    *,
    corpus_moved_to: Sequence[str] = (),
    tokenizer_kind: str | None = None,
    model_changes: dict[str, Any] | None = None,
    train_changes: dict[str, Any] | None = None,
    locked_by_caller: bool = False,
) -> ResumedRun:
    """The Trainer that continues the run in `folder` from its last checkpoint.

    The run's text is read again from its record, or from `corpus` when given (a text named
    again), or from its record with its files now at `corpus_moved_to` (a run folder taken to
    another computer: `CorpusSource.moved_to`), and refused if it is not the text the run was
    trained on. Settings may change
    only where `RESUME_CHANGEABLE` allows (a larger budget, a lower learning rate); the new
    ones are written to run.json. `locked_by_caller`: the caller (the command line) holds the
    folder's lock itself; otherwise a folder another window or program trains is refused.
    """
    from lmstudio_app.core.config import spec_to_dict
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.models import MODEL_KINDS
    from lmstudio_app.core.specs import TrainSpec
    from lmstudio_app.core.training import Trainer, specs_from_run

    folder = Path(folder)
    run = read_run_json(folder)
    if not locked_by_caller and lock_is_live(folder):
        # Said before the text is read again (which may take a while); the trainer's own
        # lock still decides if two start at the same moment. This also covers a second
        # window of this same process, whose lock would otherwise nest.
        raise RunFolderError("run_locked", path=str(folder))
    name = run.get("model_kind")
    kind = MODEL_KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("unknown model kind {kind!r}", kind=name)
        )
    if not kind.neural:
        raise RunFolderError("nothing_to_resume", path=str(folder), kind=kind.label)
    tokenizer = load_run_tokenizer(folder, run)
    model_spec, train_spec = specs_from_run(folder, run)
    if tokenizer_kind is not None and tokenizer_kind != tokenizer.kind:
        raise StudioError("resume_change", label="Tokenizer kind")
    model_changes = {k: v for k, v in (model_changes or {}).items() if k != "family"}
    model_spec = _changed(model_spec, model_changes, frozenset())
    train_spec = _changed(train_spec, train_changes or {}, RESUME_CHANGEABLE)
    assert isinstance(model_spec, kind.spec_class) and isinstance(train_spec, TrainSpec)
    if corpus is None:
        corpus = (CorpusSource.of_moved_run(run, folder, corpus_moved_to) if corpus_moved_to
                  else CorpusSource.of_run(run, folder))
    loaded = _loaded(corpus, progress, cancel)
    try:
        loaded.check_is_the_run_text(run, folder)
    except StudioError as exc:
        if not corpus_moved_to or exc.code != "resume_corpus_changed":
            raise
        # Named as where the text is now: that is not it (rather than "it has changed").
        raise StudioError(
            "resume_not_the_text", path=", ".join(map(str, corpus_moved_to)), **exc.params
        ) from None
    data = encode_splits(tokenizer, loaded.splits, progress, cancel)
    trainer = Trainer(model_spec, train_spec, tokenizer, data, folder, resume=True)
    changes: dict[str, Any] = {"train": spec_to_dict(trainer.spec)}
    if corpus_moved_to:
        # The text is the run's, found elsewhere: record where, so that the next resume
        # finds it there without asking again.
        moved = loaded.record()
        changes["corpus"] = {**run["corpus"], "files": moved["files"], "source": moved["source"]}
    run = update_run_json(folder, **changes)
    return ResumedRun(trainer, run, loaded, tokenizer)


# --------------------------------------------------------------------------- n-grams


def train_ngram_run(
    folder: str | Path,
    spec: Any,
    tokenizer: StudioTokenizer,
    corpus: CorpusSource | LoadedCorpus,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[NGramModel, dict[str, Any]]:
    """Count and smooth an n-gram model into a new run folder (run.json, tokenizer.json,
    model.arpa, metrics.jsonl); the model and its metrics (perplexity of each part)."""
    from lmstudio_app.core.models.ngram import train_to_run

    check_new_run_folder(folder, taken="run_folder_taken")
    loaded = _loaded(corpus, progress, cancel)
    record = loaded.record()
    splits = dict(loaded.splits.items())
    return train_to_run(folder, spec, tokenizer, splits, record, progress, cancel)


def import_arpa_run(
    arpa_file: str | Path,
    tokenizer_from: str | Path,
    folder: str | Path,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """An ARPA file's model, over the tokens of the run in `tokenizer_from`, as a new run
    folder. When that run is an n-gram run its settings (smoothing, sentence per line) carry
    over; otherwise the model is taken to score one sentence per line, as ARPA models do."""
    from lmstudio_app.core.config import spec_from_dict
    from lmstudio_app.core.models.ngram import NGramSpec, import_arpa_to_run

    if is_run_folder(folder):
        raise StudioError("run_folder_taken", path=str(folder))
    arpa = Path(arpa_file)
    if not arpa.exists():
        raise StudioError("path_not_found", path=str(arpa))
    if not arpa.is_file():  # a folder, a FIFO that would wait for a writer, a device
        raise StudioError("not_readable", path=str(arpa), reason=N_("it is not a plain file"))
    source_folder = Path(tokenizer_from)
    source = read_run_json(source_folder)
    tokenizer = load_run_tokenizer(source_folder, source)
    base = None
    if source["model_kind"] == "ngram":
        try:
            base = spec_from_dict(NGramSpec, source["model"])
        except StudioError as exc:
            raise RunFolderError(
                "run_corrupt", path=str(source_folder), reason=exc.message
            ) from None
    return import_arpa_to_run(
        arpa, tokenizer, folder, base, source.get("corpus"), progress=progress, cancel=cancel
    )
