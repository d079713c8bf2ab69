"""A large text read onto disk (`corpus.spill`, `corpus.stream`) is the same text as one read
into memory: the same characters, statistics, split, fingerprints, tokenizer and ids; files
in other encodings, damaged, binary or empty are read or refused as they are read whole.

The size above which a text spills (`spill.STREAM_BYTES`) and its piece sizes are made tiny
here, so that small texts take the path a large one takes."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.core.corpus import compute_stats, load_corpus, spill, split_corpus, stream
from lmstudio_app.core.corpus.spill import SpillWriter, text_pieces
from lmstudio_app.core.errors import Cancelled, CorpusError, StudioError
from lmstudio_app.core.runs.source import split_fingerprints
from lmstudio_app.core.tokenization import KINDS, TokenizerSpec, train_tokenizer

REPO = Path(__file__).resolve().parents[2]
# Their trainers break ties at random: the same text trains them to different JSON twice.
TIES_AT_RANDOM = {"bpe", "wordpiece", "unigram"}


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file spills, in pieces of a few thousand characters, decoded 4 KB at a time."""
    monkeypatch.setattr(spill, "STREAM_BYTES", 0)
    monkeypatch.setattr(spill, "PIECE_CHARS", 3000)
    monkeypatch.setattr(spill, "HARD_PIECE_CHARS", 12000)
    monkeypatch.setattr(stream, "DECODE_CHUNK_BYTES", 4096)


def _mixed_text(lines: int = 4000) -> str:
    """English and Chinese lines of the bundled samples, with blank lines between some."""
    english = (REPO / "resources/corpora/tinyshakespeare.txt").read_text("utf-8").splitlines()
    chinese = (REPO / "resources/corpora/shijing.txt").read_text("utf-8").splitlines()
    picked = []
    for index in range(lines):
        picked.append(english[index % len(english)] if index % 3 else chinese[index % len(chinese)])
        if index % 17 == 0:
            picked.append("")
    return "\n".join(picked) + "\n"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab \n\t雎é"), max_size=400), min_size=1, max_size=30
    )
)
def test_pieces_join_to_what_was_written_and_end_where_ids_cannot_change(
    writes: list[str],
) -> None:
    original = (spill.PIECE_CHARS, spill.HARD_PIECE_CHARS)
    spill.PIECE_CHARS, spill.HARD_PIECE_CHARS = 50, 200
    try:
        writer = SpillWriter()
        for text in writes:
            writer.write(text)
        text = writer.finish()
    finally:
        spill.PIECE_CHARS, spill.HARD_PIECE_CHARS = original
    whole = "".join(writes)
    pieces = list(text.pieces())
    assert "".join(pieces) == whole == str(text) and len(text) == len(whole)
    for piece, after in itertools.pairwise(pieces):
        safe = piece.endswith("\n") and not piece[-2:-1].isspace() and not after[0].isspace()
        assert safe or len(piece) >= 100  # else a cut forced by a stretch without one
    for start, end in [(0, 7), (3, 120), (len(whole) // 2, len(whole)), (5, 5)]:
        assert text[start:end] == whole[start:end]
        view = text.view(start, end)
        assert str(view) == whole[start:end] and len(view) == len(whole[start:end])
        assert "".join(text_pieces(view)) == whole[start:end]


def test_a_spilled_corpus_is_the_same_text_split_and_measured_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(_mixed_text(), encoding="utf-8")
    in_memory = load_corpus(path)
    monkeypatch.setattr(spill, "STREAM_BYTES", 0)
    monkeypatch.setattr(spill, "PIECE_CHARS", 3000)
    on_disk = load_corpus(path)
    assert on_disk.spilled is not None and in_memory.spilled is None
    assert len(on_disk.parts) > 10
    assert on_disk.num_chars == in_memory.num_chars
    assert on_disk.fingerprint == in_memory.fingerprint
    assert on_disk.stats == in_memory.stats
    assert on_disk.head(5000) == in_memory.head(5000)
    assert on_disk.encoding == in_memory.encoding == "utf-8"
    assert on_disk.text == in_memory.text
    memory_splits, disk_splits = split_corpus(in_memory), split_corpus(on_disk)
    assert [len(text) for text in disk_splits] == [len(text) for text in memory_splits]
    assert split_fingerprints(disk_splits) == split_fingerprints(memory_splits)
    assert not isinstance(disk_splits.train, str)  # a view of the file, never read whole


@pytest.mark.parametrize("kind", KINDS)
def test_a_spilled_text_trains_the_same_tokenizer_and_encodes_to_the_same_ids(
    tmp_path: Path, small_pieces: None, kind: str
) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(_mixed_text(1500), encoding="utf-8")
    on_disk = split_corpus(load_corpus(path))
    in_memory = split_corpus(load_corpus(path).text)
    spec = TokenizerSpec(kind=kind)
    if kind in TIES_AT_RANDOM or kind == "bytebpe":
        spec = dataclasses.replace(spec, vocab_size=3000 if kind == "unigram" else 400)
    from_memory = train_tokenizer(spec, in_memory.train)
    from_disk = train_tokenizer(spec, on_disk.train)
    if kind not in TIES_AT_RANDOM:
        assert from_disk.to_json() == from_memory.to_json()
    for memory_text, disk_text in zip(in_memory, on_disk, strict=True):
        expected = from_memory.encode_to_array(memory_text)
        assert np.array_equal(from_memory.encode_to_array(disk_text), expected)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("cp1252", "Café, naïve: “smart quotes” cost 5 €.\r\nA second line.\r\n" * 300),
        ("gb18030", "关关雎鸠，在河之洲。窈窕淑女，君子好逑。\r\n" * 400),
        ("utf-16", "Words in UTF-16 with its mark.\n" * 300),
        ("utf-8-sig", "Text after a UTF-8 mark, é.\r\n" * 300),
    ],
)
def test_other_encodings_and_line_ends_read_as_a_file_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, data: str
) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data.encode(encoding))
    whole = load_corpus(path)
    monkeypatch.setattr(spill, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "DECODE_CHUNK_BYTES", 4097)  # odd: "\r\n" and characters cut
    spilled = load_corpus(path)
    assert spilled.spilled is not None
    assert spilled.text == whole.text and "\r" not in spilled.text
    assert spilled.encoding == whole.encoding


def test_refusals_are_the_sentences_of_a_file_read_whole(
    tmp_path: Path, small_pieces: None
) -> None:
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(("Une ligne en français, é.\n" * 400).encode() + b"\xff\xfe oops\n")
    binary = tmp_path / "report.txt"
    binary.write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 40)
    empty = tmp_path / "blank.txt"
    empty.write_text(" \n\t\n" * 2000, encoding="utf-8")
    for path, code in [(damaged, "utf8_damaged"), (binary, "binary_file"), (empty, "empty_file")]:
        with pytest.raises(CorpusError) as caught:
            load_corpus(path)
        assert caught.value.code == code, path
    # In a folder they are skipped and named, as always; the text files are read.
    good = tmp_path / "good.txt"
    good.write_text("A line of text.\n" * 500, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.spilled is not None and corpus.text == good.read_text("utf-8")
    assert {Path(item.path).name for item in corpus.skipped} == {
        "damaged.txt", "report.txt", "blank.txt",
    }


def test_several_files_are_joined_on_line_boundaries(tmp_path: Path, small_pieces: None) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("no newline at the end" * 300, encoding="utf-8")
    second.write_text("second file\n" * 300, encoding="utf-8")
    assert load_corpus([first, second]).text == (
        first.read_text("utf-8") + "\n" + second.read_text("utf-8")
    )


def test_reading_stops_when_cancelled(tmp_path: Path, small_pieces: None) -> None:
    path = tmp_path / "long.txt"
    path.write_text("A line of text.\n" * 20000, encoding="utf-8")
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 5

    with pytest.raises(Cancelled):
        load_corpus(path, cancel=cancel)


def test_counting_a_spilled_text_reports_progress_stops_when_cancelled_and_is_kept(
    tmp_path: Path, small_pieces: None
) -> None:
    """The window counts a large text in its worker with a bar and a way to stop
    (`Corpus.count_stats`): before, `stats` counted seconds per 100 MB with neither."""
    path = tmp_path / "long.txt"
    text = _mixed_text()
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus.spilled is not None
    with pytest.raises(Cancelled):
        corpus.count_stats(cancel=lambda: True)
    assert "stats" not in corpus.__dict__  # a stopped count is not kept as if it were whole
    seen: list[tuple[float, str]] = []
    counted = corpus.count_stats(lambda fraction, message: seen.append((fraction, message)))
    assert corpus.stats is counted
    assert counted == compute_stats(text)  # as the text in memory counts
    fractions = [fraction for fraction, _ in seen]
    assert len(fractions) > 2 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {message for _, message in seen} == {"Counting characters"}


def test_lines_dealt_from_disk_are_the_lines_dealt_in_memory(
    tmp_path: Path, small_pieces: None
) -> None:
    path = tmp_path / "names.txt"
    path.write_text("".join(f"name number {i}\n" for i in range(5000)), encoding="utf-8")
    on_disk = split_corpus(load_corpus(path), method="lines", seed=4)
    in_memory = split_corpus(load_corpus(path).text, method="lines", seed=4)
    assert not isinstance(on_disk.valid, str)
    assert [str(text) for text in on_disk] == list(in_memory)


def test_a_full_disk_while_spilling_says_so(
    tmp_path: Path, small_pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    path = tmp_path / "long.txt"
    path.write_text("A line of text.\n" * 20000, encoding="utf-8")
    real_write = spill._Store.append

    def full(store: spill._Store, piece: str) -> None:
        if store.count >= 3:
            store.file = _FullFile(store.file, errno.ENOSPC)
        real_write(store, piece)

    monkeypatch.setattr(spill._Store, "append", full)
    with pytest.raises(StudioError) as caught:
        load_corpus(path)
    assert caught.value.code == "disk_full"


class _FullFile:
    """A file whose writes fail as on a full disk."""

    def __init__(self, file: object, code: int) -> None:
        self._file, self._code = file, code

    def write(self, data: bytes) -> int:
        raise OSError(self._code, "No space left on device")

    def __getattr__(self, name: str) -> object:
        return getattr(self._file, name)


def test_files_that_fail_utf8_part_way_and_files_joined_read_as_in_memory(
    tmp_path: Path, small_pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "a.txt"
    first.write_text("A first file, in UTF-8: café.\n" * 400, encoding="utf-8")
    # ASCII for its first chunks, then a byte UTF-8 cannot read: read again from the start.
    second = tmp_path / "b.txt"
    french = "Caf\u00e9 cr\u00e8me\n".encode("cp1252")
    second.write_bytes(b"   an indented line\n" * 900 + french * 50)
    spilled = load_corpus([first, second])
    monkeypatch.setattr(spill, "STREAM_BYTES", 1 << 40)  # this one in memory
    whole = load_corpus([first, second])
    assert spilled.spilled is not None and whole.spilled is None
    assert spilled.text == whole.text and "Café crème" in spilled.text
    assert [s.encoding for s in spilled.sources] == [s.encoding for s in whole.sources]
    tokenizer = train_tokenizer(TokenizerSpec(kind="bytebpe", vocab_size=300), whole.text)
    assert np.array_equal(
        tokenizer.encode_to_array(spilled.spilled), tokenizer.encode_to_array(whole.text)
    )
