"""`lmstudio-app train --model gpt`, `--resume`, and generate / eval on its runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.runs import read_metrics, read_run_json

TINY = [
    "--model",
    "gpt",
    "--tokenizer",
    "char",
    "--layers",
    "1",
    "--heads",
    "2",
    "--embed-dim",
    "16",
    "--context",
    "16",
    "--batch-size",
    "4",
    "--threads",
    "1",
    "--sample-tokens",
    "5",
]


@pytest.fixture
def corpus(tmp_path: Path, shakespeare_text: str) -> Path:
    path = tmp_path / "plays.txt"
    path.write_text(shakespeare_text[:20_000], encoding="utf-8")
    return path


def train_json(capsys, *argv: str) -> dict:
    assert main(["train", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_train_generate_and_eval_a_gpt(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    out = train_json(
        capsys, str(corpus), *TINY, "--max-steps", "8", "--eval-every", "4", "--out", str(run)
    )
    assert out["model"] == "gpt" and out["steps"] == 8
    saved = read_run_json(run)
    assert saved["model_kind"] == "gpt"
    assert saved["model"] == {
        "family": "gpt",
        "layers": 1,
        "heads": 2,
        "embed_dim": 16,
        "context": 16,
        "dropout": saved["model"]["dropout"],
        "bias": True,
    }
    # the preset's optimizer, and windows of the context length
    assert saved["train"]["seq_len"] == 16 and saved["train"]["batching"] == "random"
    assert saved["train"]["optimizer"] == "adamw"

    assert main(["generate", str(run), "--max-tokens", "30", "--seed", "2"]) == 0
    first = capsys.readouterr().out
    assert main(["generate", str(run), "--max-tokens", "30", "--seed", "2"]) == 0
    assert capsys.readouterr().out == first and first.strip()

    assert main(["eval", str(run), str(corpus), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["model_kind"] == "gpt" and result["tokens"] == 20_000
    assert result["perplexity"] > 1
    assert result["scoring"] == {
        "method": "strided_windows",
        "window": 16,
        "stride": 4,
        "least_context": 12,
    }
    assert main(["eval", str(run), str(corpus)]) == 0
    assert "windows of 16 tokens moving 4" in capsys.readouterr().out


def test_a_gpt_run_resumes_exactly(tmp_path: Path, corpus: Path, capsys) -> None:
    constant = ["--schedule", "constant", "--eval-every", "0", "--checkpoint-every", "0"]
    whole = tmp_path / "whole"
    train_json(capsys, str(corpus), *TINY, *constant, "--max-steps", "10", "--out", str(whole))
    part = tmp_path / "part"
    train_json(capsys, str(corpus), *TINY, *constant, "--max-steps", "4", "--out", str(part))
    assert main(["train", "--resume", str(part), "--max-steps", "10", "--json"]) == 0
    capsys.readouterr()

    def train_losses(folder: Path) -> list[float]:
        return [r["loss"] for r in read_metrics(folder) if r["kind"] == "train"]

    assert train_losses(part) == pytest.approx(train_losses(whole), abs=1e-9)


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--hidden-size", "32"], "--hidden-size is not a setting of GPT (transformer) models"),
        (["--heads", "3"], "must be a multiple of the number of attention heads (3)"),
        (["--seq-len", "32"], "Sequence length must be at most the context length (16)"),
    ],
)
def test_settings_that_do_not_fit_a_gpt_are_refused(
    tmp_path: Path, corpus: Path, capsys, flags: list[str], says: str
) -> None:
    out = tmp_path / "run"
    assert main(["train", str(corpus), *TINY, *flags, "--max-steps", "2", "--out", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_the_flags_of_every_neural_family_are_listed(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for flag in ("--layers", "--heads", "--embed-dim", "--context", "--bias", "--hidden-size"):
        assert flag in text
    assert "--model rnn, lstm, gru, gpt" in text
