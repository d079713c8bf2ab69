"""The one tokenizer job the Tokenizer page and `lmstudio-app tokenize` share."""

from __future__ import annotations

import json

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.tokenization import TokenizerSpec
from lmstudio_app.core.tokenization.job import TRAINING_SHARE, build_and_measure

TEXT = {
    "train": "the cat sat on the mat\nthe dog sat on the log\n" * 20,
    "valid": "the cat sat on the log\n",
    "test": "",
}


@pytest.mark.parametrize("kind", ["char", "whitespace", "bpe"])
def test_build_and_measure_counts_every_part_with_text_and_reports_progress_to_the_end(
    kind: str,
) -> None:
    seen: list[float] = []
    tokenizer, stats = build_and_measure(
        TokenizerSpec(kind=kind, vocab_size=60) if kind == "bpe" else TokenizerSpec(kind=kind),
        TEXT,
        top=5,
        progress=lambda fraction, _message: seen.append(fraction) if fraction is not None else None,
    )
    assert set(stats.tokens_per_split) == {"train", "valid"}  # the empty test part is left out
    assert stats.tokens_per_split["valid"] == len(tokenizer.encode(TEXT["valid"]).ids)
    assert len(stats.top_tokens) == 5
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(1.0)
    assert any(fraction > TRAINING_SHARE for fraction in seen)  # encoding is reported too


def test_the_command_line_reports_what_the_job_measured(tmp_path, capsys) -> None:
    corpus = tmp_path / "text.txt"
    corpus.write_text("".join(TEXT.values()) * 5, encoding="utf-8")
    assert main(["tokenize", str(corpus), "--tokenizer", "char", "--json", "--top", "3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["top_tokens"]) == 3
    assert printed["num_tokens"] == printed["tokens_per_split"]["train"] > 0
