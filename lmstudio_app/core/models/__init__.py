"""The registry of model kinds. Each kind's module is imported only when used (torch is heavy).

A kind's module provides `load_from_run(folder, run, tokenizer) -> RunModel`: an object that
implements `generation.LanguageModel` and `evaluate_text`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Protocol

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.generation import LanguageModel
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from lmstudio_app.core.tokenization import StudioTokenizer

# kind -> module under lmstudio_app.core.models
MODEL_MODULES: dict[str, str] = {
    "ngram": "ngram",
    "rnn": "recurrent",
    "lstm": "recurrent",
    "gru": "recurrent",
}
MODEL_FAMILIES: tuple[str, ...] = tuple(MODEL_MODULES)


class RunModel(LanguageModel, Protocol):
    def evaluate_text(self, text: str, sentence_per_line: bool | None = None) -> dict[str, Any]:
        """At least `perplexity`, `tokens`, `oov_rate` and `loss` (nats per token)."""


def model_module(kind: str) -> Any:
    try:
        module_name = MODEL_MODULES[kind]
    except KeyError:
        raise RunFolderError(
            "run_corrupt", path="run.json", reason=N_("unknown model kind {kind!r}", kind=kind)
        ) from None
    return importlib.import_module(f"lmstudio_app.core.models.{module_name}")


def load_run_model(
    folder: str | Path,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[dict[str, Any], StudioTokenizer, RunModel]:
    """run.json, the tokenizer and the model of a run folder, with clear errors.

    A large n-gram model takes a while to read: `progress` and `cancel` reach its reader.
    """
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json

    folder = Path(folder)
    from lmstudio_app.core.run_checks import check_corpus_record

    run = read_run_json(folder)
    check_corpus_record(run, folder)  # a hand-edited run.json is damaged, not a crash
    tokenizer = load_run_tokenizer(folder, run)
    check_cancel(cancel)
    module = model_module(str(run["model_kind"]))
    if run["model_kind"] == "ngram":
        model = module.load_from_run(folder, run, tokenizer, progress=progress, cancel=cancel)
    else:
        model = module.load_from_run(folder, run, tokenizer)
    progress(1.0, N_("Done"))
    return run, tokenizer, model
