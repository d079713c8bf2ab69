"""Corpus loading: encodings, bad input, folders, statistics, splits."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.core.corpus import (
    Corpus,
    compute_stats,
    load_corpus,
    load_split_files,
    split_corpus,
    suggest_tokenizer,
)
from lmstudio_app.core.corpus.decode import NON_SPACE
from lmstudio_app.core.corpus.split import LINE_HELD_OUT, NOTHING_HELD_OUT
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.samples import SAMPLES, load_sample

# Traditional characters, so that Big5 (which has no simplified forms) can hold them too.
CHINESE = "床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。\n"


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "expected_label"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-"),  # with BOM, in the machine's byte order
        ("utf-16-le-bom", "utf-16-le"),
        ("utf-16-be-bom", "utf-16-be"),
        ("gb18030", "gb18030"),
        ("big5", "big5"),
    ],
)
def test_encoding_matrix_loads_identical_chinese(
    tmp_path: Path, encoding: str, expected_label: str
) -> None:
    text = CHINESE * 40  # enough text for the detector to be sure
    path = tmp_path / f"poem-{encoding}.txt"
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    corpus = load_corpus(path)
    assert corpus.text == text
    assert corpus.encoding.startswith(expected_label)


def test_short_gbk_and_big5_files_are_detected(tmp_path: Path) -> None:
    """One poem, as a teacher might save it from an old editor."""
    for encoding in ("gb18030", "big5"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(CHINESE.encode(encoding))
        assert load_corpus(path).text == CHINESE, encoding


def test_simplified_chinese_gbk(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "resources/corpora/shijing.txt").read_text("utf-8")[:3000]
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    corpus = load_corpus(path)
    assert corpus.text == text
    assert corpus.encoding == "gb18030"


def test_shift_jis(tmp_path: Path) -> None:
    text = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n" * 20
    path = tmp_path / "sjis.txt"
    path.write_bytes(text.encode("shift_jis"))
    corpus = load_corpus(path)
    assert corpus.text == text
    assert corpus.encoding in {"shift_jis", "cp932"}


def test_cp1252(tmp_path: Path) -> None:
    text = "Café crème, naïve façade – “quoted” … œuvre, déjà vu.\n" * 30
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    corpus = load_corpus(path)
    assert corpus.text == text
    assert corpus.encoding in {"cp1252", "latin_1", "iso8859_15", "cp1250"}


def test_latin1_override(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Größe".encode("latin-1"))
    corpus = load_corpus(path, encoding="latin-1")
    assert corpus.text == "Größe"
    assert corpus.encoding == "iso8859-1"


def test_override_that_cannot_decode_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "poem.txt"
    path.write_bytes(CHINESE.encode("utf-8"))
    with pytest.raises(CorpusError, match="could not be read as ascii") as info:
        load_corpus(path, encoding="ascii")
    assert "poem.txt" in info.value.message


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("hello")
    with pytest.raises(CorpusError, match="not an encoding"):
        load_corpus(path, encoding="klingon-8")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_are_normalised(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(newline.join(["one", "two", "three"]).encode())
    assert load_corpus(path).text == "one\ntwo\nthree"


def test_utf16_crlf(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("a\r\nb\r\n".encode("utf-16"))
    assert load_corpus(path).text == "a\nb\n"


# --------------------------------------------------------------------------- bad input


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))
ZIP = b"PK\x03\x04" + b"\x14\x00\x00\x00\x08\x00" + bytes(200)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("image.txt", PNG, "PNG image"),
        ("paper.txt", PDF, "PDF document"),
        ("archive.txt", ZIP, "ZIP archive"),
        ("zeros.txt", bytes(4096), "zero bytes"),
        ("random.txt", bytes((i * 7919) % 256 for i in range(8192)), "not a text file"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t \n", "empty"),
    ],
)
def test_bad_files_are_refused_with_a_plain_sentence(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    message = info.value.message
    assert name in message
    assert reason in message
    assert "\n" not in message and "Traceback" not in message


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no file or folder"):
        load_corpus(tmp_path / "nope.txt")


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(CorpusError, match="more than the limit"):
        load_corpus(path, max_bytes=1000)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads every file here, so the refusal the OS would give is simulated."""
    path = tmp_path / "secret.txt"
    path.write_text("hidden")

    real_open = os.open  # files are opened with os.open (non-blocking, see corpus/files.py)

    def refuse(file: str, *args: object, **kwargs: object) -> int:
        if Path(file).name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(CorpusError, match=r"secret\.txt: you do not have permission"):
        load_corpus(path)


# --------------------------------------------------------------------------- folders


def test_folder_recursive_skips_hidden_and_binary(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("first file\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("second file\n")
    (tmp_path / "sub" / "c.txt").write_bytes("third, in GBK 中文\n".encode("gbk") * 20)
    (tmp_path / ".hidden.txt").write_text("secret\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n")
    (tmp_path / "photo.png").write_bytes(PNG)
    (tmp_path / "empty.txt").write_bytes(b"")
    corpus = load_corpus(tmp_path)
    assert corpus.text.startswith("first file\nsecond file\nthird, in GBK 中文\n")
    assert len(corpus.sources) == 3
    reasons = [skipped.reason for skipped in corpus.skipped]
    assert reasons.count("hidden file") == 2
    assert any("PNG image" in reason for reason in reasons)
    assert any("empty" in reason for reason in reasons)
    assert corpus.encoding.startswith("mixed")


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="contains no text files"):
        load_corpus(tmp_path)


def test_folder_with_only_binaries(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(PNG)
    with pytest.raises(CorpusError, match="none of the 1 files"):
        load_corpus(tmp_path)


def test_several_files_and_a_string() -> None:
    corpus = Corpus.from_text("hello\r\nworld")
    assert corpus.text == "hello\nworld"
    with pytest.raises(CorpusError):
        Corpus.from_text("   ")


def test_several_files_joined(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text("one")
    (tmp_path / "2.txt").write_text("two\n")
    corpus = load_corpus([tmp_path / "1.txt", tmp_path / "2.txt"])
    assert corpus.text == "one\ntwo\n"
    assert corpus.name == "1.txt and 1 more"


def test_paths_with_spaces_chinese_and_emoji(tmp_path: Path) -> None:
    folder = tmp_path / "我的 文件 📚"
    folder.mkdir()
    (folder / "诗 1.txt").write_text(CHINESE, encoding="utf-8")
    assert load_corpus(folder / "诗 1.txt").text == CHINESE


# --------------------------------------------------------------------------- statistics


def test_stats_latin() -> None:
    stats = compute_stats("the cat sat\non the mat\n")
    assert stats.num_chars == 23
    assert stats.num_lines == 2
    assert stats.num_words == 6
    assert stats.num_distinct_chars == len(set("the cat sat\non the mat\n"))
    assert stats.top_chars[:2] == [("t", 5), (" ", 4)]
    assert stats.script_mix["latin"] == 1.0
    assert stats.dominant_script == "latin"


def test_stats_cjk_counts_each_ideograph_as_a_word() -> None:
    stats = compute_stats("床前明月光\nhello world\n")
    assert stats.num_words == 5 + 2
    assert stats.script_mix["cjk"] == pytest.approx(5 / 15)
    assert stats.script_mix["latin"] == pytest.approx(10 / 15)


def test_stats_across_chunks_match_a_direct_count() -> None:
    text = ("lorem ipsum dolor sit amet, 中文字 " * 50_000) + "end"
    stats = compute_stats(text)
    assert stats.num_chars == len(text)
    assert stats.num_words == 50_000 * 8 + 1
    assert stats.num_distinct_chars == len(set(text))


def test_suggested_tokenizers() -> None:
    assert suggest_tokenizer(load_sample("shijing").stats)[0] == "char"
    assert suggest_tokenizer(load_sample("shakespeare").stats)[0] == "char"


# --------------------------------------------------------------------------- splits


def test_contiguous_split_holds_out_the_tail_at_line_starts(shakespeare_text: str) -> None:
    splits = split_corpus(shakespeare_text)
    assert splits.train + splits.valid + splits.test == shakespeare_text
    assert splits.train.endswith("\n") and splits.valid.endswith("\n")
    n = len(shakespeare_text)
    assert abs(len(splits.train) - 0.9 * n) < 0.01 * n
    assert abs(len(splits.valid) - 0.05 * n) < 0.01 * n
    assert split_corpus(shakespeare_text) == splits  # deterministic


TEXTS = st.text(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from(list(" \n\r中文ab"))), max_size=300
)


def _cut(text: str, cuts: list[int]) -> list[str]:
    """`text` in consecutive pieces at the positions `cuts` (some may be empty)."""
    bounds = [0, *sorted(c % (len(text) + 1) for c in cuts), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, cuts=st.lists(st.integers(0, 400), max_size=6), train=st.integers(1, 98))
def test_a_text_in_parts_counts_and_splits_as_the_whole(
    text: str, cuts: list[int], train: int
) -> None:
    """A corpus kept in pieces (as files are decoded) gives the statistics and the split of
    the whole text, and after a contiguous split keeps the three parts as its text (held
    once, not twice); every way of reading it gives the text back."""
    fractions = (train / 100, (99 - train) / 100, 0.01)
    whole, parted = Corpus(text, "whole"), Corpus(_cut(text, cuts), "parted")
    assert parted.text == text and parted.num_chars == len(text)
    assert parted.stats == whole.stats == compute_stats(text)
    fingerprint = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert parted.fingerprint == fingerprint
    try:
        want = split_corpus(text, fractions)
    except CorpusError:
        with pytest.raises(CorpusError):
            split_corpus(parted, fractions)
        return
    splits = split_corpus(parted, fractions)
    assert tuple(splits) == tuple(want)
    assert parted.parts == tuple(part for part in splits if part) or parted.parts == ("",)
    assert all(any(part is split for split in splits) for part in parted.parts if part)
    assert parted.text == text and parted.num_chars == len(text)
    assert Corpus(text, "again").fingerprint == fingerprint
    for n in (0, 1, len(splits.train), len(splits.train) + 1, len(text) + 5):
        assert parted.head(n) == text[:n]


def test_a_line_split_leaves_the_corpus_whole() -> None:
    corpus = Corpus.from_text("".join(f"line {i}\n" for i in range(100)))
    split_corpus(corpus, method="lines")
    assert corpus.parts == (corpus.text,)


def test_line_split_is_deterministic_and_complete() -> None:
    lines = [f"line {i}" for i in range(1000)]
    text = "\n".join(lines) + "\n"
    first = split_corpus(text, (0.8, 0.1, 0.1), method="lines", seed=3)
    assert first == split_corpus(text, (0.8, 0.1, 0.1), method="lines", seed=3)
    assert first != split_corpus(text, (0.8, 0.1, 0.1), method="lines", seed=4)
    got = sorted((first.train + first.valid + first.test).splitlines())
    assert got == sorted(lines)
    assert 700 < len(first.train.splitlines()) < 900


def test_bad_fractions() -> None:
    with pytest.raises(CorpusError, match="add up to 1"):
        split_corpus("a\nb\n", (0.5, 0.2, 0.2))
    with pytest.raises(CorpusError, match="add up to 1"):
        split_corpus("a\nb\n", (0.9, -0.1, 0.2))


@pytest.mark.parametrize("fractions", [(float("nan"), 0, 0), (0.8, float("nan"), 0.1),
                                       (float("inf"), 0, 0), (0.9, 0.05, float("nan"))])
def test_split_fractions_that_are_not_numbers_are_refused(fractions: tuple) -> None:
    # Every comparison with NaN is false, so a check written as "f < 0" let it through.
    with pytest.raises(CorpusError, match="add up to 1"):
        split_corpus("a\nb\nc\n" * 10, fractions)


POEM = (
    "The woods are lovely, dark and deep,\nBut I have promises to keep,\n"
    "And miles to go before I sleep,\nAnd miles to go before I sleep.\n"
)


@pytest.mark.parametrize("method", ["contiguous", "lines"])
def test_a_four_line_poem_holds_out_one_line_for_validation_and_one_for_test(
    method: str,
) -> None:
    """5% of a poem is not a line: each held-out part gets one whole line (training keeps
    half), and the split says so."""
    splits = split_corpus(POEM, (0.9, 0.05, 0.05), method)
    lines = POEM.splitlines(keepends=True)
    assert len(splits.train.splitlines()) == 2
    assert splits.valid in lines and splits.test in lines
    assert sorted([*splits.train.splitlines(keepends=True), splits.valid, splits.test]) == \
        sorted(lines)
    assert splits.notes == (LINE_HELD_OUT["valid"], LINE_HELD_OUT["test"])
    assert split_corpus(Corpus(POEM, "poem"), (0.9, 0.05, 0.05), method) == splits


@pytest.mark.parametrize("method", ["contiguous", "lines"])
@pytest.mark.parametrize(
    ("text", "valid", "test"),
    [("a\nb\nc\n", "c\n", ""), ("a\nb\n", "b\n", ""), ("one line\n", "", ""),
     ("x\n\n \n", "", "")],
)
def test_a_text_too_short_for_a_part_trains_without_it_and_says_so(
    method: str, text: str, valid: str, test: str
) -> None:
    """Validation is served first; training keeps at least half of the lines; a part that
    gets no line is empty (its spaces stay in training), and a note says what is missing."""
    splits = split_corpus(text, (0.9, 0.05, 0.05), method)
    assert (splits.valid, splits.test) == (valid, test)
    assert splits.train + splits.valid + splits.test == text
    want = [LINE_HELD_OUT["valid"] if valid else NOTHING_HELD_OUT["valid"],
            LINE_HELD_OUT["test"] if test else NOTHING_HELD_OUT["test"]]
    assert list(splits.notes) == want
    assert "without validation" in str(NOTHING_HELD_OUT["valid"])


def test_a_long_text_split_has_no_notes(shakespeare_text: str) -> None:
    assert split_corpus(shakespeare_text).notes == ()
    assert split_corpus(shakespeare_text[:5000], method="lines").notes == ()
    # A part with no fraction asked for is not given a line.
    assert split_corpus("a\nb\nc\nd\n", (0.5, 0.5, 0.0)).notes == ()


def test_a_line_is_held_out_from_a_long_text_when_its_fraction_is_tiny() -> None:
    text = "".join(f"line {i}\n" for i in range(200))
    splits = split_corpus(text, (0.9995, 0.0004, 0.0001))
    assert (splits.valid, splits.test) == ("line 198\n", "line 199\n")
    assert splits.train + splits.valid + splits.test == text


def test_a_text_whose_training_part_is_blank_is_refused() -> None:
    with pytest.raises(CorpusError, match="the training part would be empty"):
        split_corpus("     x", (0.5, 0.5, 0.0))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, train=st.integers(1, 98), method=st.sampled_from(["contiguous", "lines"]))
def test_every_held_out_part_has_text_or_is_empty_with_a_note(
    text: str, train: int, method: str
) -> None:
    fractions = (train / 100, (99 - train) / 100, 0.01)
    try:
        splits = split_corpus(text, fractions, method)
    except CorpusError as error:
        assert "training part would be empty" in str(error)  # nothing else is refused
        return
    assert NON_SPACE.search(splits.train)
    for name, part in splits.items()[1:]:
        assert NON_SPACE.search(part) or (part == "" and NOTHING_HELD_OUT[name] in splits.notes)
    if method == "contiguous":
        assert splits.train + splits.valid + splits.test == text


def test_predefined_split_files(ptb_dir: Path) -> None:
    corpus, splits = load_split_files(
        ptb_dir / "ptb.train.txt", ptb_dir / "ptb.valid.txt", ptb_dir / "ptb.test.txt"
    )
    assert splits.method == "files"
    assert splits.train == corpus.text
    assert len(splits.valid.splitlines()) == 3370
    assert len(splits.test.splitlines()) == 3761


# --------------------------------------------------------------------------- samples


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_loads(name: str) -> None:
    corpus = load_sample(name)
    assert corpus.encoding == "utf-8"
    assert corpus.stats.num_chars > 10_000


def test_unknown_sample() -> None:
    with pytest.raises(CorpusError, match="no sample called"):
        load_sample("nope")


# --------------------------------------------------------------------------- memory


# VmHWM, the peak RSS of this process image. Not ru_maxrss: Linux carries that over from the
# parent through fork and exec, so a child of a big pytest process would start "at" its size.
MEMORY_SCRIPT = """
import sys
from lmstudio_app.core.corpus import load_corpus, split_corpus
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
before = peak()
corpus = load_corpus(sys.argv[1])
splits = split_corpus(corpus)
print(before, peak())
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_100mb_loads_and_splits_under_three_times_its_size(
    tmp_path: Path, shakespeare_text: str
) -> None:
    path = tmp_path / "big.txt"
    size = 100_000_000
    with open(path, "w", encoding="utf-8") as stream:
        written = 0
        while written < size:
            stream.write(shakespeare_text)
            written += len(shakespeare_text)
    actual = path.stat().st_size
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path)], capture_output=True, text=True, check=True
    )
    baseline, peak = map(int, result.stdout.split())
    assert peak < 3 * actual, f"peak RSS {peak / 1e6:.0f} MB for a {actual / 1e6:.0f} MB file"
    assert peak - baseline < 2.5 * actual



@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "gb18030", "utf-8-sig", "big5"])
def test_decoding_in_pieces_equals_decoding_at_once(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large files are decoded a megabyte at a time (so the window keeps repainting); a
    character cut by a piece boundary must come out whole, and bad bytes still be refused."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lmstudio_app.core.corpus import decode as corpus

    monkeypatch.setattr(corpus, "DECODE_CHUNK_BYTES", 7)  # boundaries inside characters
    alphabet = "abc 关雎鸠在河之洲\n，。" if encoding != "big5" else "abc 關雎鳩在河之洲\n"

    @settings(max_examples=60, deadline=None)
    @given(st.text(alphabet=alphabet, min_size=0, max_size=200))
    def check(text: str) -> None:
        data = text.encode(encoding)
        pieces, _ = corpus.decode_pieces(data, "t.txt", encoding)
        assert "".join(pieces) == data.decode(encoding)

    check()
    with pytest.raises(CorpusError):
        corpus.decode_pieces(b"abcdefgh\xff\xfe\xfdxyz" * 3, "t.txt", "utf-8")
