"""Shared pieces of the reliability catalogue: running the command line in-process, a small
corpus, tiny trained runs, and a snapshot of a folder to prove that nothing on disk was lost."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from lmstudio_app.cli import main

# A tiny network: every recurrent case trains in well under a second.
# No early stopping: the presets stop a short text's run once validation stops improving,
# and these cases need a run that goes on until they stop it.
TINY = [
    "--embed-dim", "8", "--hidden-size", "16", "--seq-len", "16", "--batch-size", "4",
    "--threads", "1", "--sample-tokens", "5", "--eval-tokens", "500", "--patience", "0",
]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`lmstudio-app ARGV` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(
    capsys: pytest.CaptureFixture[str], *argv: str, says: str | tuple[str, ...]
) -> str:
    """The command exits 2 with exactly one plain line on stderr that says `says`."""
    code, _out, err = run_cli(capsys, *argv)
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert code == 2, f"exit {code}: {err}"
    assert "Traceback" not in err
    # Training prints validation lines while it works; the refusal is the one last line.
    refusal = [line for line in lines if line.startswith("lmstudio-app: ")]
    assert len(refusal) == 1, err
    for part in (says,) if isinstance(says, str) else says:
        assert part in refusal[0], refusal[0]
    return refusal[0]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def plays(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "plays.txt"
    path.write_text(shakespeare_text[:20_000], encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory: pytest.TempPathFactory, plays: Path) -> Path:
    """A finished tiny LSTM run, never modified: tests copy it before damaging it."""
    folder = tmp_path_factory.mktemp("runs") / "lstm"
    code = main(["train", str(plays), "--tokenizer", "char", *TINY, "--max-steps", "6",
                 "--eval-every", "3", "--out", str(folder), "--json"])
    assert code == 0
    return folder


@pytest.fixture(scope="session")
def ngram_run(tmp_path_factory: pytest.TempPathFactory, plays: Path) -> Path:
    folder = tmp_path_factory.mktemp("runs") / "ngram"
    code = main(["train", str(plays), "--model", "ngram", "--tokenizer", "word", "--order", "3",
                 "--out", str(folder), "--json"])
    assert code == 0
    return folder


@pytest.fixture
def run_copy(tmp_path: Path, trained_run: Path) -> Path:
    target = tmp_path / "my run"
    shutil.copytree(trained_run, target)
    return target


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
