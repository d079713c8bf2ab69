"""The final test score reads the test part whole, up to `ending.FINAL_TEST_TOKENS` tokens:
a 1 GB corpus of characters has 33 million test tokens, and `train` was still scoring them,
without a word, minutes after its last step (issue 20; stopped there, not timed to its end).
Past the limit its first tokens are scored, and run.json and `train` say how many."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.runs import read_run_json

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    lines = (REPO / "resources/corpora/tinyshakespeare.txt").read_text("utf-8").splitlines()
    path = tmp_path / "plays.txt"
    path.write_text("\n".join(lines[:6000]) + "\n", encoding="utf-8")
    return path


def _train(capsys: pytest.CaptureFixture, out: Path, *argv: str) -> dict:
    assert main(["train", *argv, "--out", str(out), "--json"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_the_final_test_score_of_a_large_test_part_reads_its_first_tokens(
    tmp_path: Path, text_file: Path, capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lmstudio_app.core.training.loop import ending

    argv = ("--model", "lstm", "--tokenizer", "char", "--preset", "tiny", "--max-steps", "3")
    whole = _train(capsys, tmp_path / "whole", str(text_file), *argv)
    assert "test_tokens" not in whole and whole["test_loss"] > 0
    monkeypatch.setattr(ending, "FINAL_TEST_TOKENS", 2000)
    assert main(["train", str(text_file), *argv, "--out", str(tmp_path / "first")]) == 0
    assert "Test (its first 1,9" in capsys.readouterr().out
    first = read_run_json(tmp_path / "first")["metrics"]
    assert 1500 < first["test_tokens"] <= 2000 and first["test_loss"] > 0
