"""`train` says at its end, on stderr, when the run memorised (the Train page's sentence)."""

from __future__ import annotations

import json
from pathlib import Path

from lmstudio_app.cli import main
from lmstudio_app.core.overfitting import report_of_run

OVERFIT = [
    "--model",
    "lstm",
    "--tokenizer",
    "char",
    "--embed-dim",
    "32",
    "--hidden-size",
    "256",
    "--dropout",
    "0",
    "--seq-len",
    "32",
    "--batch-size",
    "16",
    "--lr",
    "0.01",
    "--max-steps",
    "300",
    "--eval-every",
    "25",
    "--patience",
    "0",
    "--threads",
    "1",
    "--sample-tokens",
    "0",
    "--split",
    "0.8,0.1,0.1",
    "--max-minutes",
    "0",
]


def test_train_says_the_run_memorised(tmp_path: Path, shakespeare_text: str, capsys) -> None:
    text = tmp_path / "tiny.txt"
    text.write_text(shakespeare_text[:6_000], encoding="utf-8")
    run = tmp_path / "run"
    assert main(["train", str(text), *OVERFIT, "--out", str(run), "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout stays JSON
    report = report_of_run(run)
    assert report is not None
    for sentence in report.sentences():
        assert str(sentence) in captured.err
    assert "The model is memorising its training text: since step" in captured.err
    assert "numbers to learn" in captured.err  # run.json knows the sizes
