"""THE registry of model kinds: one entry per kind serves specs, lessons, the CLI, the window
and run loading. Each kind's module is imported only when used (torch is heavy).

A kind's module provides `load_from_run(folder, run, tokenizer) -> RunModel`: an object that
implements `generation.LanguageModel` and `evaluate_text`. A neural kind's module also provides
`FAMILY`, the `core.training.family.Family` the Trainer trains it through, and the module of
its settings class provides `PRESETS` and `preset_specs(name, tokenizer_kind, family,
train_tokens, vocab_size)`.

Adding a family is one new module plus one line in `_KINDS` below.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.generation import LanguageModel
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress

if TYPE_CHECKING:
    from lmstudio_app.core.tokenization import StudioTokenizer
    from lmstudio_app.core.training.family import Family


@dataclass(frozen=True)
class ModelKind:
    """One kind of model, as every part of the app sees it."""

    name: str  # the `model_kind` of run.json and lessons, the CLI's --model
    label: str  # N_ string: what the window shows
    module: str  # dotted module: load_from_run, and FAMILY for a neural kind
    spec: str  # "dotted.module:Class", the settings dataclass; imported when asked for
    neural: bool  # trained by the Trainer (step by step), rather than counted in one go
    trained: bool = True  # False: built from other runs (a mix), never by `train`

    @property
    def spec_class(self) -> type:
        module_name, _, class_name = self.spec.partition(":")
        return getattr(importlib.import_module(module_name), class_name)  # type: ignore[no-any-return]

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def preset_specs(
        self,
        preset: str,
        tokenizer_kind: str = "char",
        train_tokens: int | None = None,
        vocab_size: int | None = None,
    ) -> tuple[Any, Any]:
        """A neural kind's preset settings (model, training), fitted to the text when its
        length and vocabulary size are known; from its settings module, without torch."""
        if not self.neural:
            raise ValueError(f"{self.name} has no presets")
        module = importlib.import_module(self.spec.partition(":")[0])
        return module.preset_specs(  # type: ignore[no-any-return]
            preset, tokenizer_kind, self.name, train_tokens, vocab_size
        )

    def family(self) -> Family:
        """The training protocol of a neural kind (imports its module, and so torch)."""
        if not self.neural:
            raise ValueError(f"{self.name} is not trained by the Trainer")
        return self.load().FAMILY  # type: ignore[no-any-return]


_NGRAM = "lmstudio_app.core.models.ngram"
_RECURRENT = "lmstudio_app.core.models.recurrent"
_RECURRENT_SPEC = f"{_RECURRENT}.spec:ModelSpec"
_GPT = "lmstudio_app.core.models.gpt"
_MIX = "lmstudio_app.core.models.mix"

_KINDS = (
    ModelKind("ngram", N_("n-gram"), _NGRAM, f"{_NGRAM}:NGramSpec", neural=False),
    ModelKind("rnn", N_("RNN"), _RECURRENT, _RECURRENT_SPEC, neural=True),
    ModelKind("lstm", N_("LSTM"), _RECURRENT, _RECURRENT_SPEC, neural=True),
    ModelKind("gru", N_("GRU"), _RECURRENT, _RECURRENT_SPEC, neural=True),
    ModelKind("gpt", N_("GPT (transformer)"), _GPT, f"{_GPT}.spec:GPTSpec", neural=True),
    ModelKind("mix", N_("Mix of models"), _MIX, f"{_MIX}.spec:MixSpec", neural=False,
              trained=False),
)
MODEL_KINDS: dict[str, ModelKind] = {kind.name: kind for kind in _KINDS}
# the kinds `train` and the Model page offer (a mix is built from runs, not trained)
MODEL_FAMILIES: tuple[str, ...] = tuple(k.name for k in _KINDS if k.trained)
NEURAL_KINDS: tuple[str, ...] = tuple(k.name for k in _KINDS if k.neural)


def kinds_in_module(module: str) -> tuple[str, ...]:
    """The kinds one module implements (the recurrent module: rnn, lstm and gru)."""
    return tuple(k.name for k in _KINDS if k.module == module)


def model_kind(name: str) -> ModelKind:
    """The registry entry of `name`, or a damaged-run-folder error naming it."""
    try:
        return MODEL_KINDS[name]
    except (KeyError, TypeError):
        raise RunFolderError(
            "run_corrupt", path="run.json", reason=N_("unknown model kind {kind!r}", kind=name)
        ) from None


def kind_of_spec(spec: Any) -> ModelKind:
    """The kind a settings dataclass describes: its `family` when it names one (one spec class
    may serve several kinds), else the one kind with its class."""
    named = MODEL_KINDS.get(getattr(spec, "family", None))  # type: ignore[arg-type]
    if named is not None and isinstance(spec, named.spec_class):
        return named
    matches = [k for k in _KINDS if type(spec) is k.spec_class]
    if len(matches) != 1:
        raise ValueError(f"no single model kind has the settings {type(spec).__name__}")
    return matches[0]


class RunModel(LanguageModel, Protocol):
    def evaluate_text(self, text: str, sentence_per_line: bool | None = None) -> dict[str, Any]:
        """At least `perplexity`, `tokens`, `oov_rate` and `loss` (nats per token)."""


def load_run_model(
    folder: str | Path,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[dict[str, Any], StudioTokenizer, RunModel]:
    """run.json, the tokenizer and the model of a run folder, with clear errors.

    A large n-gram model takes a while to read: `progress` and `cancel` reach its reader.
    """
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json
    from lmstudio_app.core.runs.checks import check_corpus_record

    folder = Path(folder)
    run = read_run_json(folder)
    check_corpus_record(run, folder)  # a hand-edited run.json is damaged, not a crash
    tokenizer = load_run_tokenizer(folder, run)
    check_cancel(cancel)
    kind = model_kind(str(run["model_kind"]))
    module = kind.load()
    if kind.neural:
        model = module.load_from_run(folder, run, tokenizer)
    else:  # counted models are large to read: they report progress and can be stopped
        model = module.load_from_run(folder, run, tokenizer, progress=progress, cancel=cancel)
    progress(1.0, N_("Done"))
    return run, tokenizer, model
