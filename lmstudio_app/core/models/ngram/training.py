"""Training an n-gram model: from text to a model, and from text to a run folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmstudio_app.core.config import spec_to_dict, validate_spec
from lmstudio_app.core.corpus.spill import has_text
from lmstudio_app.core.errors import Cancelled, CorpusError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models.ngram.counting import count_ngrams
from lmstudio_app.core.models.ngram.encoding import layout_of_text
from lmstudio_app.core.models.ngram.model import NGramModel, counting_share
from lmstudio_app.core.models.ngram.orders import perplexity_by_order
from lmstudio_app.core.models.ngram.raw_counts import discard_counts, save_counts
from lmstudio_app.core.models.ngram.run import MODEL_FILE
from lmstudio_app.core.models.ngram.spec import NGramSpec, SpecialIds, predictable_mask
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.runs.lock import holding_run_lock
from lmstudio_app.core.tokenization import StudioTokenizer

# Training from text: encoding is the first 40% of the work, building the model the rest.
ENCODING_SHARE = 0.4


def train_ngram(
    spec: NGramSpec,
    tokenizer: StudioTokenizer,
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """Encode `text` and count and smooth its n-grams (encoding is the first 40% of progress)."""
    spec = validate_spec(spec)
    special = SpecialIds.of(tokenizer)
    layout = layout_of_text(
        tokenizer, text, spec.sentence_per_line,
        predictable_mask(tokenizer.vocab_size, special), special,
        scaled(progress, 0.0, ENCODING_SHARE), cancel,
    )
    tokens, sentences = int(layout.seq.size - layout.sentences), layout.sentences
    if tokens == 0:
        raise CorpusError("empty_text")
    # the rest is NGramModel.from_layout's work, done in two parts to let the ids go between
    model_progress = scaled(progress, ENCODING_SHARE, 1.0 - ENCODING_SHARE)
    counts = count_ngrams(
        layout, spec.order, tokenizer.vocab_size, special.bos, counting_share(model_progress),
        cancel,
    )
    del layout  # smoothing needs the counts only: the ids' memory goes back first
    return NGramModel.from_counts(
        counts, spec, tokenizer.vocab_size, special, tokenizer, tokens, sentences,
        model_progress, cancel,
    )


@holding_run_lock
def train_to_run(
    folder: str | Path,
    spec: NGramSpec,
    tokenizer: StudioTokenizer,
    splits: dict[str, str],
    corpus: dict[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[NGramModel, dict[str, Any]]:
    """Train on `splits["train"]`, write the run folder, score the other splits.

    Writes run.json, tokenizer.json, counts.safetensors (`raw_counts`), model.arpa and
    metrics.jsonl; returns the model and the
    metrics (`valid_perplexity`, `test_perplexity` where those splits have text, and
    `valid_perplexity_by_order`: the model cut after each order, `orders`). The folder's lock
    is held throughout, so two windows cannot write the same folder.
    """
    import time

    from lmstudio_app.core.runs import (
        append_metrics,
        is_run_folder,
        new_run_json,
        save_run_start,
        update_run_json,
    )
    from lmstudio_app.core.runs.unfinished import clear_unfinished_run, is_unfinished_run

    folder = Path(folder)
    spec = validate_spec(spec)
    # A run that never got its model (a full disk or a kill while it was saved) is replaced;
    # a finished one is refused. The lock is held here, so no one else is writing it.
    if is_run_folder(folder) and not is_unfinished_run(folder):
        raise StudioError("run_folder_taken", path=str(folder))
    run = new_run_json(
        model_kind="ngram",
        tokenizer_spec=tokenizer.spec,
        model_spec=spec_to_dict(spec),
        corpus=corpus,
    )
    started = time.perf_counter()
    # Nothing is written before the model is built: cancelling the counting leaves no trace.
    model = train_ngram(spec, tokenizer, splits["train"], scaled(progress, 0.0, 0.6), cancel)
    build_seconds = time.perf_counter() - started
    if is_run_folder(folder):  # past the check above, only an unfinished run of ours
        clear_unfinished_run(folder)
    save_run_start(folder, run, tokenizer)
    try:
        # the counts before the model: a folder with model.arpa always has its counts
        if model.info.raw_counts is not None:
            save_counts(folder, model.info.raw_counts, model.tables)
        model.save_arpa(folder / MODEL_FILE, scaled(progress, 0.6, 0.3), cancel)
    except BaseException as exc:
        # no model.arpa: the counts go too, and the folder is an unfinished run, nothing more
        discard_counts(folder)
        if isinstance(exc, (Cancelled, KeyboardInterrupt)):  # Stop, Ctrl-C, SIGTERM / SIGHUP
            update_run_json(folder, status="cancelled")
        raise
    metrics: dict[str, Any] = {
        "train_tokens": model.info.tokens,
        "ngrams": model.num_ngrams(),
        "build_seconds": round(build_seconds, 3),
    }
    if model.info.discounts:
        metrics["discounts"] = [list(d) for d in model.info.discounts]
    append_metrics(folder, {"kind": "built", **metrics})
    update_run_json(folder, metrics=metrics, status="done")  # usable from here on
    for name in ("valid", "test"):
        text = splits.get(name) or ""
        if not has_text(text):
            continue
        check_cancel(cancel)
        if name == "valid":
            progress(0.9, N_("Scoring the validation text"))
        else:
            progress(0.95, N_("Scoring the test text"))
        layout = model.layout_text(text)
        result = model.evaluate_layout(layout)
        append_metrics(folder, {"kind": "eval", "split": name, **result})
        if name == "valid":  # what each order adds, shown beside the counts
            metrics["valid_perplexity_by_order"] = perplexity_by_order(model, layout)
        metrics[f"{name}_perplexity"] = result["perplexity"]
        metrics[f"{name}_loss"] = result["loss"]
        metrics[f"{name}_tokens"] = result["tokens"]
        metrics[f"{name}_oov_rate"] = result["oov_rate"]
    update_run_json(folder, metrics=metrics, status="done")
    progress(1.0, N_("Done"))
    return model, metrics
