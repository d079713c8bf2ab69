"""What the user has chosen so far, shared by every page: corpus, tokenizer, model, runs.

Pages do not talk to each other; they read and write the session, and react to its signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the window paints before these (numpy, tokenizers) load
    from lmstudio_app.core.corpus import Corpus, Splits
    from lmstudio_app.core.tokenization import StudioTokenizer, TokenizerStats


@dataclass
class CorpusChoice:
    """Where the corpus came from, so that a run can record it (as a `CorpusSource`) and be
    resumed."""

    sample: str | None = None
    paths: list[str] = field(default_factory=list)
    encoding: str | None = None


@dataclass
class RunRecord:
    """A run of this session or one opened from disk, as the Runs page lists it."""

    name: str
    folder: Path | None
    model_kind: str
    settings: dict[str, Any]
    metrics: dict[str, Any]
    train_curve: tuple[list[int], list[float]] = field(default_factory=lambda: ([], []))
    valid_curve: tuple[list[int], list[float]] = field(default_factory=lambda: ([], []))
    # (model, tokenizer) once loaded for generation; not saved anywhere
    loaded: tuple[Any, Any] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_run(cls, folder: Path, run: dict[str, Any], **fields: Any) -> RunRecord:
        """The record of the run saved in `folder`, whose run.json reads `run`; `fields`
        gives the rest (metrics, curves)."""
        settings = {key: run.get(key) for key in ("model", "train", "tokenizer")}
        fields.setdefault("metrics", {})
        return cls(folder.name, folder, str(run.get("model_kind")), settings, **fields)


class Session(QObject):
    corpus_changed = Signal()
    tokenizer_changed = Signal()
    model_changed = Signal()
    runs_changed = Signal()
    run_selected = Signal()  # the run that Generate uses changed
    engine_loaded = Signal()  # torch has been imported (in the background, after first paint)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.corpus: Corpus | None = None
        self.splits: Splits | None = None
        # How `splits` was cut (train, validation, test), recorded in runs so they can resume.
        self.split_fractions: tuple[float, ...] | None = None
        self.corpus_choice = CorpusChoice()
        self.tokenizer: StudioTokenizer | None = None
        self.tokenizer_stats: TokenizerStats | None = None
        self.model_family = "lstm"
        self.model_spec: Any = None
        self.train_spec: Any = None
        self.runs: list[RunRecord] = []
        self.active_run: RunRecord | None = None
        self.active_model: Any = None  # a generation.LanguageModel
        self.active_tokenizer: StudioTokenizer | None = None
        # Heavy work that is only worth it once the engine is there (measuring this computer's
        # training speed) waits for this.
        self.engine_ready = False

    # ---- setters that announce the change

    def set_corpus(
        self,
        corpus: Corpus | None,
        splits: Splits | None,
        choice: CorpusChoice,
        fractions: tuple[float, ...] | None = None,
    ) -> None:
        self.corpus, self.splits, self.corpus_choice = corpus, splits, choice
        self.split_fractions = fractions
        self.set_tokenizer(None, None)
        self.corpus_changed.emit()

    def set_splits(self, splits: Splits, fractions: tuple[float, ...] | None = None) -> None:
        self.splits, self.split_fractions = splits, fractions
        self.set_tokenizer(None, None)
        self.corpus_changed.emit()

    def set_tokenizer(
        self, tokenizer: StudioTokenizer | None, stats: TokenizerStats | None
    ) -> None:
        self.tokenizer, self.tokenizer_stats = tokenizer, stats
        self.tokenizer_changed.emit()

    def set_model(self, family: str, model_spec: Any, train_spec: Any) -> None:
        self.model_family, self.model_spec, self.train_spec = family, model_spec, train_spec
        self.model_changed.emit()

    def set_engine_ready(self) -> None:
        self.engine_ready = True
        self.engine_loaded.emit()

    def add_run(self, record: RunRecord) -> None:
        self.runs.append(record)
        self.runs_changed.emit()

    def remove_run(self, record: RunRecord) -> None:
        if record in self.runs:
            self.runs.remove(record)
        if self.active_run is record:
            self.select_run(None, None, None)
        self.runs_changed.emit()

    def select_run(
        self, record: RunRecord | None, model: Any, tokenizer: StudioTokenizer | None
    ) -> None:
        if record is not None and model is not None:
            record.loaded = (model, tokenizer)
        self.active_run, self.active_model, self.active_tokenizer = record, model, tokenizer
        self.run_selected.emit()

    def reset(self) -> None:
        self.set_corpus(None, None, CorpusChoice())
        self.select_run(None, None, None)
