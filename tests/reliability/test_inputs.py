"""Cases 1 to 4: files that are not text, empty or huge inputs, too little text, odd paths,
files that vanish, change or cannot be read, and output folders that cannot be written."""

from __future__ import annotations

import errno
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

import lmstudio_app.core.corpus.load as corpus_module
from lmstudio_app.core.corpus import load_corpus
from lmstudio_app.core.errors import CorpusError

from .conftest import TINY, assert_refused, run_cli


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("poem.txt", "Shall I compare thee to a summer's day?\n" * 50)
    return buffer.getvalue()


NOT_TEXT = [
    ("report.txt", b"%PDF-1.7\n" + bytes(range(256)) * 8, "it looks like a PDF document"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "it looks like a PNG image"),
    ("archive.txt", _zip_bytes(), "it looks like a ZIP archive"),
    ("zeros.txt", bytes(4096), "only zero bytes"),
]


# --------------------------------------------------------------------------- case 1


@pytest.mark.parametrize(("name", "data", "kind"), NOT_TEXT, ids=[n for n, _, _ in NOT_TEXT])
def test_case01_binary_renamed_txt_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, kind: str
) -> None:
    """A PDF, PNG or zip renamed .txt, or a file of NUL bytes: exit 2, one sentence naming the
    file and what it looks like; nothing is written."""
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "run"
    assert_refused(capsys, "train", str(path), "--model", "ngram", "--out", str(out),
                   says=(name, "this is not a text file", kind))
    assert not out.exists()


def test_case01_utf16_without_bom_is_read(tmp_path: Path, capsys) -> None:
    """UTF-16 without a byte-order mark (little- and big-endian) is recognised and read
    exactly, not refused as binary. Fix: a zero-byte pattern check before UTF-8."""
    text = "It was the best of times, it was the worst of times.\n" * 40
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        corpus = load_corpus(path)
        assert corpus.text == text and corpus.encoding == encoding
    code, out, _ = run_cli(capsys, "tokenize", str(tmp_path / "utf-16-le.txt"), "--json")
    assert code == 0 and '"encoding": "utf-16-le"' in out


# --------------------------------------------------------------------------- case 2


def test_case02_empty_file(tmp_path: Path, capsys) -> None:
    """An empty (or blank) file: exit 2, "the file is empty"."""
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    assert_refused(capsys, "tokenize", str(path), says=("empty.txt", "the file is empty"))


def test_case02_empty_folder(tmp_path: Path, capsys) -> None:
    """An empty folder: exit 2, "the folder contains no text files"."""
    folder = tmp_path / "nothing here"
    folder.mkdir()
    assert_refused(capsys, "tokenize", str(folder), says="the folder contains no text files")


def test_case02_ten_thousand_tiny_files(tmp_path: Path) -> None:
    """A folder of 10,000 tiny files loads in a few seconds, reports progress for each file,
    and can be cancelled half-way."""
    folder = tmp_path / "many"
    for index in range(100):
        sub = folder / f"part {index:03d}"
        sub.mkdir(parents=True)
        for item in range(100):
            (sub / f"{item:03d}.txt").write_text(f"line {index} {item}\n", encoding="utf-8")
    reports: list[float | None] = []
    started = time.perf_counter()
    corpus = load_corpus(folder, progress=lambda f, m: reports.append(f))
    seconds = time.perf_counter() - started
    assert len(corpus.sources) == 10_000 and corpus.text.count("\n") == 10_000
    assert len(reports) >= 10_000 and reports[-1] == 1.0
    assert seconds < 30, f"{seconds:.1f} s for 10,000 files"
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 5000

    from lmstudio_app.core.errors import Cancelled

    with pytest.raises(Cancelled):
        load_corpus(folder, cancel=cancel)


# The 200 MB file without a newline is in test_load.py (slow).


# --------------------------------------------------------------------------- case 3


def test_case03_corpus_shorter_than_one_window(tmp_path: Path, capsys) -> None:
    """Fewer training tokens than one window (sequence length + 1): exit 2, the sentence gives
    both numbers and the two ways out; no run folder is left behind."""
    path = tmp_path / "short.txt"
    path.write_text("a short line of text\n" * 30, encoding="utf-8")
    out = tmp_path / "run"
    assert_refused(capsys, "train", str(path), "--tokenizer", "char", *TINY[:-6],
                   "--seq-len", "1000", "--max-steps", "2", "--out", str(out),
                   says=("too short for one training window of 1001", "shorter sequence length"))
    assert not out.exists()


def test_case03_vocabulary_larger_than_the_text_allows(tmp_path: Path, capsys, plays) -> None:
    """A vocabulary size far above what the text holds is accepted: the tokenizer keeps what
    the text has, and the size actually used is reported."""
    import json

    for kind in ("bpe", "wordpiece", "unigram", "word"):
        code, out, err = run_cli(capsys, "tokenize", str(plays), "--tokenizer", kind,
                                 "--vocab-size", "500000", "--json")
        assert code == 0, err
        assert json.loads(out)["vocab_size"] < 20_000


# --------------------------------------------------------------------------- case 4


def test_case04_paths_with_spaces_chinese_and_emoji(tmp_path: Path, capsys, plays) -> None:
    """Corpus and run folder paths with spaces, Chinese characters and emoji work end to end:
    train, generate, eval."""
    folder = tmp_path / "我的 文件 📚"
    folder.mkdir()
    corpus = folder / "莎士比亚 🎭.txt"
    corpus.write_text(plays.read_text(encoding="utf-8"), encoding="utf-8")
    run = folder / "运行 🚀 one"
    code, _, err = run_cli(capsys, "train", str(corpus), "--tokenizer", "char", *TINY,
                           "--max-steps", "3", "--out", str(run), "--json")
    assert code == 0, err
    assert run_cli(capsys, "generate", str(run), "--max-tokens", "5")[0] == 0
    assert run_cli(capsys, "eval", str(run), str(corpus), "--json")[0] == 0


def test_case04_file_disappears_while_a_folder_loads(tmp_path: Path) -> None:
    """A file deleted between listing the folder and reading it is skipped and listed in
    Corpus.skipped; the others load."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(f"the text of {name}\n", encoding="utf-8")

    def vanish(fraction: float | None, message: str) -> None:
        if message.endswith("b.txt"):
            (folder / "b.txt").unlink()

    corpus = load_corpus(folder, progress=vanish)
    assert [Path(s.path).name for s in corpus.sources] == ["a.txt", "c.txt"]
    assert [Path(s.path).name for s in corpus.skipped] == ["b.txt"]


def test_case04_single_file_disappears(tmp_path: Path, capsys) -> None:
    """A file named directly that vanishes: exit 2, "there is no file or folder"."""
    assert_refused(capsys, "tokenize", str(tmp_path / "gone.txt"),
                   says=("gone.txt", "there is no file or folder with this name"))


def test_case04_file_changes_while_being_read(tmp_path: Path, monkeypatch) -> None:
    """A file whose size or time changes while it is read (being saved or downloaded) is
    refused with "the file changed while it was being read", never read half-way silently.
    Fix: compare size and time before and after reading."""
    path = tmp_path / "growing.txt"
    path.write_text("some text\n" * 100, encoding="utf-8")
    real = corpus_module._file_state
    calls = {"n": 0}

    def changing(file: Path) -> tuple[int, int]:
        calls["n"] += 1
        size, mtime = real(file)
        return (size, mtime) if calls["n"] == 1 else (size + 10, mtime + 1)

    monkeypatch.setattr(corpus_module, "_file_state", changing)
    with pytest.raises(CorpusError, match="the file changed while it was being read"):
        load_corpus(path)


def test_case04_file_without_read_permission(tmp_path: Path, capsys, monkeypatch) -> None:
    """No permission to read (simulated: root reads everything): exit 2, "you do not have
    permission to read this file"; inside a folder the file is skipped instead."""
    secret = tmp_path / "secret.txt"
    secret.write_text("private words\n" * 20, encoding="utf-8")
    real_open = os.open  # files are opened with os.open (non-blocking, see corpus/files.py)

    def refuse(path, *args, **kwargs):
        if Path(path).name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert_refused(capsys, "tokenize", str(secret),
                   says=("secret.txt", "you do not have permission to read this file"))
    (tmp_path / "open.txt").write_text("public words\n" * 20, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [Path(s.path).name for s in corpus.skipped] == ["secret.txt"]


def test_case04_read_only_output_folder(tmp_path: Path, capsys, plays, monkeypatch) -> None:
    """An output folder that cannot be written (simulated read-only: root writes anywhere):
    exit 2, "the app cannot write here", refused before the tokenizer is built, nothing left
    behind. Fix: the run folder's lock is taken first, and OS errors get plain sentences."""
    import lmstudio_app.core.runs.lock as runlock

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(runlock.os, "open", read_only)
    for model in ("lstm", "ngram"):
        out = tmp_path / f"out-{model}"
        assert_refused(capsys, "train", str(plays), "--model", model, "--tokenizer", "char",
                       "--out", str(out), says=(str(out), "the app cannot write here"))
        assert not out.exists()
    monkeypatch.undo()
    # A folder that cannot be created at all (its parent is a file).
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    assert_refused(capsys, "train", str(plays), "--model", "ngram", "--out",
                   str(blocker / "run"), says="could not save")
    assert os.path.isfile(blocker)
