"""The command line says, in one sentence on stderr, when a file's encoding was a guess among
close alternatives (issue 15), as the Corpus page does; stdout stays for --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main

WESTERN = "“The café was naïve,” she said. “It cost €5 — can you believe it?”\nHe didn’t answer.\n"


@pytest.fixture
def cp1252_file(tmp_path: Path) -> Path:
    path = tmp_path / "letters.txt"
    path.write_bytes((WESTERN * 40).encode("cp1252"))
    return path


def _warning_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "was guessed" in line]


def test_tokenize_says_the_encoding_was_a_guess(
    cp1252_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tokenize", str(cp1252_file), "--tokenizer", "char", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["encoding"] == "cp1252"
    (line,) = _warning_lines(captured.err)
    assert "letters.txt" in line and "cp1252" in line and "cp1250" in line


def test_train_says_the_encoding_was_a_guess(
    cp1252_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["train", str(cp1252_file), "--model", "ngram", "--order", "2",
                 "--out", str(tmp_path / "run")])
    assert code == 0
    assert len(_warning_lines(capsys.readouterr().err)) == 1


def test_no_sentence_for_a_clear_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "czech.txt"
    path.write_bytes(("Příliš žluťoučký kůň úpěl ďábelské ódy.\n" * 40).encode("cp1250"))
    assert main(["tokenize", str(path), "--tokenizer", "char", "--json"]) == 0
    assert _warning_lines(capsys.readouterr().err) == []
