"""What the Train page shows of an n-gram run: the perplexity order by order, and a sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmstudio_app.core.models.ngram import NGramSpec, train_to_run
from lmstudio_app.core.models.ngram.orders import perplexity_by_order, sample_text
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer


@pytest.mark.parametrize("smoothing", ["kneser-ney", "witten-bell", "add-k"])
def test_the_run_records_the_perplexity_of_each_order(tmp_path: Path, smoothing: str) -> None:
    text = load_sample("names").text
    cut = int(len(text) * 0.9)
    splits = {"train": text[:cut], "valid": text[cut:]}
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits["train"])
    spec = NGramSpec(order=4, smoothing=smoothing, sentence_per_line=True)
    model, metrics = train_to_run(tmp_path / "run", spec, tokenizer, splits)
    by_order = metrics["valid_perplexity_by_order"]
    assert len(by_order) == 4 == len(metrics["ngrams"])
    # The whole model is its last order; a context helps names a lot over letters alone.
    assert by_order[-1] == pytest.approx(metrics["valid_perplexity"], rel=1e-9)
    assert by_order[1] < by_order[0]
    assert by_order == perplexity_by_order(model, model.layout_text(splits["valid"]))


def test_a_sample_is_text_the_model_writes() -> None:
    text = load_sample("names").text
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
    from lmstudio_app.core.models.ngram import train_ngram

    model = train_ngram(NGramSpec(order=3), tokenizer, text)
    sample = sample_text(model, tokens=80, seed=1)
    assert len(sample) >= 40
    assert set(sample) <= set(text) | {"\n"}
    assert sample == sample_text(model, tokens=80, seed=1)  # seeded: the same each time
