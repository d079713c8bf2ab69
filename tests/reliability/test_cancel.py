"""Case 12 (core half): every long core function takes `progress` and `cancel`, reports
fractions in [0, 1], and stops with `Cancelled` when asked, leaving nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lmstudio_app.core.corpus import compute_stats, load_corpus, load_split_files, split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.errors import Cancelled
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram, train_to_run
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer


class Probe:
    """A progress callback and a cancel check that says yes after `after` questions."""

    def __init__(self, after: int | None = None) -> None:
        self.after = after
        self.asked = 0
        self.fractions: list[float] = []

    def progress(self, fraction: float | None, message: str) -> None:
        assert isinstance(message, str) and message
        if fraction is not None:
            assert 0.0 <= fraction <= 1.0 + 1e-9
            self.fractions.append(fraction)

    def cancel(self) -> bool:
        self.asked += 1
        return self.after is not None and self.asked > self.after


@pytest.fixture(scope="module")
def text(shakespeare_text: str) -> str:
    return shakespeare_text[:300_000]


@pytest.fixture(scope="module")
def tokenizer(text: str):
    return train_tokenizer(TokenizerSpec(kind="word"), text)


def _steps(text: str, tokenizer, ngram_run: Path, corpus_file: Path) -> dict[str, Callable]:
    splits = split_corpus(text)
    return {
        "load_corpus": lambda p: load_corpus(corpus_file, progress=p.progress, cancel=p.cancel),
        "load_split_files": lambda p: load_split_files(
            corpus_file, corpus_file, corpus_file, progress=p.progress, cancel=p.cancel),
        "compute_stats": lambda p: compute_stats(text * 4, progress=p.progress, cancel=p.cancel),
        "train_tokenizer": lambda p: train_tokenizer(
            TokenizerSpec(kind="bpe", vocab_size=500), text, p.progress, p.cancel),
        "encode_splits": lambda p: encode_splits(tokenizer, splits, p.progress, p.cancel),
        "statistics": lambda p: tokenizer.statistics(
            dict(splits.items()), progress=p.progress, cancel=p.cancel),
        "train_ngram": lambda p: train_ngram(
            NGramSpec(order=3), tokenizer, text, p.progress, p.cancel),
        "ngram_evaluate": lambda p: load_run_model(ngram_run)[2].evaluate_text(
            text, progress=p.progress, cancel=p.cancel),
        "load_run_model": lambda p: load_run_model(ngram_run, p.progress, p.cancel),
    }


STEPS = ["load_corpus", "load_split_files", "compute_stats", "train_tokenizer",
         "encode_splits", "statistics", "train_ngram", "ngram_evaluate", "load_run_model"]


@pytest.mark.parametrize("step", STEPS)
def test_case12_long_functions_report_progress_and_cancel(
    step: str, text: str, tokenizer, ngram_run: Path, tmp_path: Path
) -> None:
    """Run to the end: progress reaches 1.0. Run again with a cancel check that says yes
    half-way through the questions the full run asked: Cancelled is raised."""
    corpus_file = tmp_path / "text.txt"
    corpus_file.write_text(text, encoding="utf-8")
    run = _steps(text, tokenizer, ngram_run, corpus_file)[step]
    probe = Probe()
    run(probe)
    assert probe.asked >= 1, "the cancel check was never asked"
    assert probe.fractions and probe.fractions[-1] == pytest.approx(1.0)
    with pytest.raises(Cancelled):
        run(Probe(after=probe.asked // 2))


def test_case12_recurrent_evaluation_and_generation(trained_run: Path, text: str) -> None:
    """A recurrent model's evaluation reports progress and stops when cancelled; generation
    stops at the next token when cancelled."""
    from lmstudio_app.core.generation import GenerationSpec, generate

    _, _, model = load_run_model(trained_run)
    probe = Probe()
    model.evaluate_text(text[:20_000], progress=probe.progress, cancel=probe.cancel)
    assert probe.fractions[-1] == pytest.approx(1.0) and probe.asked > 1
    with pytest.raises(Cancelled):
        model.evaluate_text(text[:20_000], cancel=Probe(after=2).cancel)
    stop = Probe(after=3)
    tokens = list(generate(model, [], GenerationSpec(max_tokens=50, stop="none"),
                           cancel=stop.cancel))
    assert len(tokens) == 3


def test_case12_cancelled_ngram_run_leaves_no_folder(tokenizer, text: str,
                                                     tmp_path: Path) -> None:
    """Cancelling an n-gram run while it counts leaves no folder behind (the folder made for
    its lock is removed again)."""
    folder = tmp_path / "run"
    with pytest.raises(Cancelled):
        train_to_run(folder, NGramSpec(order=3), tokenizer, {"train": text},
                     cancel=Probe(after=2).cancel)
    assert not folder.exists()
