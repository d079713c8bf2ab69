"""A corpus or lesson from anyone: it never reads outside what was chosen, never hangs, never
blows up memory, and a damaged UTF-8 file is named as such.

Everything that could hang on the old code (a named pipe, /dev) runs either in a subprocess
with a timeout or in a daemon thread joined with a timeout, so the suite can never hang.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lmstudio_app.core.corpus import load_corpus, skipped_summary, sniff_binary
from lmstudio_app.core.errors import CorpusError, StudioError
from lmstudio_app.core.lessons import load_lesson

from .conftest import TINY, assert_refused, read_json, run_cli, snapshot

REPO = Path(__file__).resolve().parents[2]
# With one bad byte, the old detector read this as cp1250: "École" became "Ă‰cole".
FRENCH = "The École des Beaux-Arts in Paris. Émile went there every day with his friends.\n"
SECRET = "root:x:0:0:root:/root:/bin/bash\nsecret words nobody chose\n"


def in_thread(function: Callable[[], Any], timeout: float = 30.0) -> Any:
    """`function()` in a daemon thread: its result, its exception raised here, or a failure
    (not a hang) when it is still running after `timeout` seconds."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"still running after {timeout} s: it hangs")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def cli_subprocess(*argv: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """`python -m lmstudio_app ARGV` in a child process that is killed after `timeout`."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "lmstudio_app", *argv], cwd=REPO, env=env,
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"lmstudio-app {' '.join(argv)} still running after {timeout} s: it hangs")


def refusal_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("lmstudio-app: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A stand-in for /etc/passwd: a file outside the corpus folder."""
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- links


def test_link_that_leaves_the_folder_is_skipped_and_counted(
    tmp_path: Path, outside: Path, plays: Path, capsys
) -> None:
    """A corpus folder's symlink to a file outside it is not followed: its text is not
    trained on, run.json does not list it, and the person is told in one sentence."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "plays.txt").write_text(plays.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.txt").symlink_to(outside)
    before = snapshot(outside.parent)

    corpus = load_corpus(folder)
    assert [Path(s.path).name for s in corpus.sources] == ["plays.txt"]
    assert "secret words" not in corpus.text
    assert [(Path(s.path).name, s.kind) for s in corpus.skipped] == [("notes.txt", "outside_link")]
    assert skipped_summary(corpus.skipped) == ["Skipped 1 link that points outside the folder."]

    run = tmp_path / "run"
    code, _out, err = run_cli(capsys, "train", str(folder), "--tokenizer", "char", *TINY,
                              "--max-steps", "2", "--out", str(run), "--json")
    assert code == 0, err
    assert "Skipped 1 link that points outside the folder." in err
    recorded = json.dumps(read_json(run / "run.json"))
    assert "passwd" not in recorded and "notes.txt" not in recorded
    code, _out, err = run_cli(capsys, "tokenize", str(folder), "--tokenizer", "char")
    assert code == 0 and "Skipped 1 link that points outside the folder." in err
    assert snapshot(outside.parent) == before


def test_links_inside_the_folder_are_read_once_and_never_loop(tmp_path: Path) -> None:
    """Links that stay inside may be followed, but no file is read twice and a link to a
    folder above (a loop) ends."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("the only text\n", encoding="utf-8")
    (folder / "b.txt").symlink_to(folder / "sub" / "a.txt")  # the same file by another name
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a loop
    (folder / "again").symlink_to(folder / "sub", target_is_directory=True)
    (folder / "inside.txt").symlink_to("sub/a.txt")  # relative, still inside
    corpus = in_thread(lambda: load_corpus(folder))
    assert corpus.text.count("the only text") == 1
    assert len(corpus.sources) == 1
    assert {s.kind for s in corpus.skipped} == {"duplicate"}
    assert skipped_summary(corpus.skipped) == [
        "Skipped 2 files already read under other names (links)."
    ]


def test_broken_and_chained_links_leaving_the_folder(tmp_path: Path, outside: Path) -> None:
    """A link to a link that leaves, and a link to nothing: skipped and counted."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "text.txt").write_text("some words of mine\n", encoding="utf-8")
    (folder / "hop.txt").symlink_to(outside)
    (folder / "chain.txt").symlink_to(folder / "hop.txt")  # inside, then out
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    corpus = load_corpus(folder)
    assert "secret" not in corpus.text
    kinds = sorted(s.kind for s in corpus.skipped)
    assert kinds == ["broken_link", "outside_link", "outside_link"]


# --------------------------------------------------------------------------- pipes, devices


def test_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    """A FIFO in a folder is never opened (opening it for reading would block until a
    writer appears): skipped and counted as not a regular file, as is a socket."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("words to learn\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(folder / "socket.txt"))
        corpus = in_thread(lambda: load_corpus(folder), timeout=20)
    finally:
        listener.close()
    assert [Path(s.path).name for s in corpus.sources] == ["a.txt"]
    assert [(Path(s.path).name, s.kind) for s in corpus.skipped] == [
        ("pipe.txt", "special"), ("socket.txt", "special")
    ]
    assert "this is not a regular file (it is a named pipe)" in corpus.skipped[0].reason
    assert "this is not a regular file (it is a socket)" in corpus.skipped[1].reason
    assert skipped_summary(corpus.skipped) == [
        "Skipped 2 named pipes, devices or sockets (not regular files)."
    ]


def test_named_pipe_given_as_the_corpus_is_refused(tmp_path: Path) -> None:
    """`tokenize FIFO`: exit 2 at once with a sentence (it blocked for ever)."""
    pipe = tmp_path / "corpus.txt"
    os.mkfifo(pipe)
    line = refusal_line(cli_subprocess("tokenize", str(pipe), "--tokenizer", "char"))
    assert f"{pipe}: this is not a regular file (it is a named pipe)." in line


def test_named_pipe_given_as_the_lesson_is_refused(tmp_path: Path) -> None:
    """`train --lesson FIFO` and load_lesson(FIFO): refused, never waited on."""
    pipe = tmp_path / "class.lmlesson"
    os.mkfifo(pipe)
    with pytest.raises(StudioError, match="this is not a regular file \\(it is a named pipe\\)"):
        in_thread(lambda: load_lesson(pipe), timeout=20)
    line = refusal_line(cli_subprocess("train", "--lesson", str(pipe), "--out",
                                       str(tmp_path / "run")))
    assert "this is not a regular file (it is a named pipe)" in line
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_before_reading(tmp_path: Path, device: str) -> None:
    """/dev/zero was read up to 1 GB and then refused as too large; /dev/null was "empty".
    Now refused from os.stat: a device, named directly or through a link."""
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    with pytest.raises(CorpusError, match=r"this is not a regular file \(it is a device\)"):
        in_thread(lambda: load_corpus(device), timeout=20)
    link = tmp_path / "innocent.txt"
    link.symlink_to(device)
    line = refusal_line(cli_subprocess("tokenize", str(link), "--tokenizer", "char"))
    assert f"{link}: this is not a regular file (it is a device)." in line


def _regular_files_under(folder: str) -> list[str]:
    found = []
    for dirpath, _dirs, names in os.walk(folder):
        found.extend(os.path.join(dirpath, name) for name in names
                     if os.path.isfile(os.path.join(dirpath, name))
                     and not os.path.islink(os.path.join(dirpath, name)))
    return found


def test_the_dev_folder_ends_in_no_text_files(capsys) -> None:
    """`/dev` as a corpus folder: its devices are skipped and counted, its links to /proc
    leave the folder; it ends in "no text files" instead of hanging or reading /dev/zero."""
    if _regular_files_under("/dev"):
        pytest.skip("this /dev holds regular files (in /dev/shm?): they could be text")
    with pytest.raises(CorpusError) as caught:
        in_thread(lambda: load_corpus("/dev"), timeout=60)
    assert caught.value.code == "no_text_files"
    line = refusal_line(cli_subprocess("tokenize", "/dev", "--tokenizer", "char"))
    assert "/dev: none of the" in line and "is a text file" in line


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding", ["zlib", "zlib_codec", "base64", "hex", "rot13", "punycode", "bz2", "uu",
                 "quopri", "undefined"],
)
def test_codecs_that_are_not_text_encodings_are_refused(
    tmp_path: Path, capsys, encoding: str
) -> None:
    """`--encoding zlib` inflated a 1.5 MB file to 1.5 GB; base64 and the others exited 1.
    Refused on the CLI (exit 2) and in core, before anything is read: a path that does not
    exist is not even looked at."""
    path = tmp_path / "bomb.txt"
    path.write_bytes(zlib.compress(b"a" * 1_000_000, 9))
    assert_refused(capsys, "tokenize", str(path), "--encoding", encoding,
                   says=f"{encoding} is not a text encoding")
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path / "not there.txt", encoding=encoding)
    assert caught.value.code == "not_text_encoding"


def test_text_encodings_are_still_accepted(tmp_path: Path, capsys) -> None:
    path = tmp_path / "cyrillic.txt"
    path.write_bytes(("Привет, мир.\n" * 400).encode("cp1251"))
    code, out, err = run_cli(capsys, "tokenize", str(path), "--encoding", "cp1251",
                             "--tokenizer", "char", "--json")
    assert code == 0, err
    assert json.loads(out)["encoding"] == "cp1251"


def test_a_tar_archive_is_not_text(tmp_path: Path) -> None:
    """A .tar of text files was read as text (its header is mostly NUL bytes, too few to
    count in a large member). Now sniffed by the `ustar` magic at offset 257."""
    buffer = io.BytesIO()
    member = ("a line of plain text in the archive\n" * 6000).encode()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("book.txt")
        info.size = len(member)
        archive.addfile(info, io.BytesIO(member))
    data = buffer.getvalue()
    path = tmp_path / "book.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError, match=r"this is not a text file \(it looks like a tar archive"):
        load_corpus(path)
    assert sniff_binary(data[:512]) == "a tar archive"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "book.txt").write_bytes(data)
    (folder / "real.txt").write_text("real words\n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert [Path(s.path).name for s in corpus.skipped] == ["book.txt"]


def _damaged_french(tmp_path: Path) -> tuple[Path, int]:
    good = (FRENCH * 400).encode("utf-8")
    cut = good.index(b"\n", len(good) * 3 // 4) + 1  # late in the file, between characters
    path = tmp_path / "lettres.txt"
    path.write_bytes(good[:cut] + b"\xff" + good[cut:])
    return path, cut


def test_utf8_with_a_damaged_byte_is_named_not_read_as_cp1251(tmp_path: Path, capsys) -> None:
    """One bad byte late in a UTF-8 file made the detector read it as cp1251: every "É"
    became "Г‰" with no warning. Now: a sentence that says where, in core and on the CLI."""
    path, position = _damaged_french(tmp_path)
    with pytest.raises(CorpusError) as caught:
        load_corpus(path)
    assert caught.value.code == "utf8_damaged"
    assert caught.value.params["position"] == position
    assert caught.value.params["count"] == 1
    expected = (f"{path}: this file is UTF-8 but has 1 damaged byte(s), the first at byte "
                f"{position}.")
    assert str(caught.value).startswith(expected)
    assert "UTF-8 (replace damaged bytes)" in str(caught.value)
    assert_refused(capsys, "tokenize", str(path), "--tokenizer", "char", says=expected)
    # Choosing plain UTF-8 by hand says the same, rather than "could not be read as utf-8".
    assert_refused(capsys, "tokenize", str(path), "--encoding", "utf-8", says=expected)
    # In a folder it is skipped with the same reason.
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "ok.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "bad.txt").write_bytes(path.read_bytes())
    corpus = load_corpus(folder)
    assert "damaged byte" in corpus.skipped[0].reason


@pytest.mark.parametrize("choice", ["utf-8:replace", "utf-8-replace", "UTF8:replace"])
def test_damaged_utf8_can_be_read_with_its_bad_bytes_replaced(
    tmp_path: Path, capsys, choice: str
) -> None:
    path, _ = _damaged_french(tmp_path)
    corpus = load_corpus(path, encoding=choice)
    assert corpus.text.count("\ufffd") == 1
    assert "Ă‰" not in corpus.text and corpus.text.count("É") == 400 * FRENCH.count("É")
    assert corpus.encoding == "utf-8:replace"  # recorded so that --resume reads it the same
    assert load_corpus(path, encoding=corpus.encoding).text == corpus.text
    code, out, err = run_cli(capsys, "tokenize", str(path), "--encoding", choice,
                             "--tokenizer", "char", "--json")
    assert code == 0, err
    assert json.loads(out)["encoding"] == "utf-8:replace"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "Привет, как дела? Всё хорошо, спасибо.\n"),
        ("gb18030", "关关雎鸠，在河之洲。窈窕淑女，君子好逑。\n"),
        ("latin-1", "Élan, café, été : à bientôt ! Ça va très bien.\n"),
        ("big5", "關關雎鳩，在河之洲。窈窕淑女，君子好逑。\n"),
    ],
)
def test_other_encodings_are_not_mistaken_for_damaged_utf8(
    tmp_path: Path, encoding: str, text: str
) -> None:
    """Lots of invalid UTF-8 is another encoding, detected as before, not "damaged"."""
    path = tmp_path / "other.txt"
    path.write_bytes((text * 200).encode(encoding))
    corpus = load_corpus(path)
    assert corpus.text == text * 200


def test_utf8_cut_in_the_middle_of_its_last_character(tmp_path: Path) -> None:
    """A download cut short inside the last "É": damaged at the last byte, not cp1251."""
    data = (FRENCH * 300).encode("utf-8") + "É".encode()[:1]
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError) as caught:
        load_corpus(path)
    assert caught.value.code == "utf8_damaged"
    assert caught.value.params["position"] == len(data) - 1


# --------------------------------------------------------------------------- the window


def test_the_corpus_page_tells_what_was_skipped_and_offers_replacing(
    qtbot, tmp_path: Path, outside: Path
) -> None:
    """The Corpus page says, in one sentence a reason, what a folder held that was not read,
    and its encoding chooser offers "UTF-8 (replace damaged bytes)"."""
    from lmstudio_app.ui import MainWindow

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "poems.txt").write_text("words of my own\n" * 200, encoding="utf-8")
    (folder / "notes.txt").symlink_to(outside)
    os.mkfifo(folder / "pipe.txt")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    page = window.corpus_page
    window.open_corpus(folder)
    qtbot.waitUntil(lambda: window.session.corpus is not None, timeout=20_000)
    shown = page.skipped_label.text()
    assert "Skipped 1 link that points outside the folder." in shown
    assert "Skipped 1 named pipe, device or socket (not a regular file)." in shown
    assert "secret" not in page.preview.toPlainText()
    index = page.encoding_combo.findData("utf-8:replace")
    assert index >= 0 and page.encoding_combo.itemText(index) == "UTF-8 (replace damaged bytes)"
    # Choosing it reads a damaged file, which "automatic" refused.
    damaged, _ = _damaged_french(tmp_path)
    window.open_corpus(damaged)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=20_000)
    assert "damaged byte" in page.error.text()
    page.encoding_combo.setCurrentIndex(index)
    page.encoding_combo.activated.emit(index)
    qtbot.waitUntil(lambda: "utf-8:replace" in page.encoding_label.text(), timeout=20_000)
    assert page.preview.toPlainText().startswith("The École")


def test_a_folder_nested_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """Folders nested deeper than Python's recursion limit load instead of failing as an
    internal error (os.walk recursed a call a level before Python 3.12). The limit is
    lowered to 300 while it loads rather than nesting 1,000 deep: a tree that deep would
    break shutil.rmtree, and with it pytest's clean-up of old temporary folders."""
    deepest = tmp_path.joinpath(*["d"] * 400)
    deepest.mkdir(parents=True)
    (deepest / "bottom.txt").write_text("at the very bottom\n", encoding="utf-8")
    (tmp_path / "top.txt").write_text("at the top\n", encoding="utf-8")

    def load() -> Any:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(300)
        try:
            return load_corpus(tmp_path)
        finally:
            sys.setrecursionlimit(limit)

    corpus = in_thread(load)
    assert corpus.text == "at the top\nat the very bottom\n"
