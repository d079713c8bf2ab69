"""`lmstudio-app generate RUN --attention --json`: each token's attention, per layer and head."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from lmstudio_app.cli import main
from lmstudio_app.core.attention import token_attention
from lmstudio_app.core.models import load_run_model
from tests.cli.test_gpt_cli import TINY


def test_generate_prints_each_tokens_attention(
    tmp_path: Path, shakespeare_text: str, capsys
) -> None:
    corpus = tmp_path / "plays.txt"
    corpus.write_text(shakespeare_text[:5_000], encoding="utf-8")
    run = tmp_path / "run"
    argv = ["train", str(corpus), *TINY, "--max-steps", "3", "--out", str(run), "--json"]
    assert main(argv) == 0
    capsys.readouterr()
    prompt = "To be, or not to be"  # longer than the context (16): the window slides
    assert (
        main(
            [
                "generate",
                str(run),
                "--prompt",
                prompt,
                "--max-tokens",
                "6",
                "--seed",
                "1",
                "--stop",
                "none",
                "--attention",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["tokens"] == 6 and len(out["attention"]) == 6
    _, tokenizer, model = load_run_model(run)
    prompt_ids = tokenizer.encode(prompt).ids
    ids = [entry["id"] for entry in out["attention"]]
    assert tokenizer.decode(ids) == out["text"]
    for entry, expected in zip(
        out["attention"], token_attention(model, prompt_ids, ids), strict=True
    ):
        weights = np.array(entry["weights"])
        assert weights.shape == (1, 2, 16)  # layers, heads, the whole context
        assert np.allclose(weights.sum(-1), 1.0, atol=1e-5)  # per head
        assert np.allclose(weights, expected.weights, atol=1e-6)
        assert entry["window_ids"][-1] == entry["id"]  # the token itself, last
        assert entry["window"] == [tokenizer.display_token(i) for i in entry["window_ids"]]
        assert entry["token"] == tokenizer.display_token(entry["id"])


def test_attention_of_a_model_without_it_is_refused(
    tmp_path: Path, shakespeare_text: str, capsys
) -> None:
    corpus = tmp_path / "plays.txt"
    corpus.write_text(shakespeare_text[:5_000], encoding="utf-8")
    run = tmp_path / "ngram"
    assert (
        main(
            [
                "train",
                str(corpus),
                "--model",
                "ngram",
                "--tokenizer",
                "char",
                "--out",
                str(run),
                "--json",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["generate", str(run), "--attention", "--json"]) == 2
    error = capsys.readouterr().err
    assert "of the kind n-gram, which has no attention to show" in error
