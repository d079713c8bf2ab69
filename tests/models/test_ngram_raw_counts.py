"""The raw counts behind an n-gram's probability (issue 17): c(h w) and c(h) for every order,
equal to counting the training text by hand, kept beside model.arpa in a run folder, and
refused (the model still works, the counts are "not known") when they are not that model's."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmstudio_app.cli import main
from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.ngram import SMOOTHINGS, raw_counts
from lmstudio_app.core.models.ngram.explain import explain_token
from lmstudio_app.core.models.ngram.raw_counts import COUNTS_FILE, SPILL_ROWS, pack
from tests.models.test_ngram import BOS, EOS, build

VOCAB = 9


def occurrences(pieces: list[list[int]], ngram: Sequence[int], followed: bool = False) -> int:
    """How often `ngram` occurs in `pieces` (with a token after it, if `followed`)."""
    if not ngram:  # the empty context: before every token the model predicts (all but <s>)
        return sum(len(piece) - 1 for piece in pieces)
    n, found = len(ngram), 0
    for piece in pieces:
        last = len(piece) - n - (1 if followed else 0)
        found += sum(piece[i : i + n] == list(ngram) for i in range(last + 1))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.integers(4, VOCAB - 1), min_size=1, max_size=8), min_size=1,
             max_size=6),
    st.integers(1, 4),
    st.sampled_from(SMOOTHINGS),
    st.booleans(),
    st.lists(st.integers(4, VOCAB - 1), max_size=5),
)
def test_the_counts_are_the_texts_own(
    text: list[list[int]], order: int, smoothing: str, per_line: bool, context: list[int]
) -> None:
    model = build(text, VOCAB, order, smoothing, sentence_per_line=per_line, add_k=0.5)
    # as the model reads its training text: each sentence from <s> to </s>, or one stream
    pieces = (
        [[BOS, *s, EOS] for s in text] if per_line else [[BOS, *(t for s in text for t in s)]]
    )
    for token in range(4, VOCAB):
        explained = explain_token(model, context, token)
        assert explained["counts_known"]
        for entry in explained["orders"]:
            h = entry["context_ids"]
            assert entry["count"] == occurrences(pieces, [*h, token]), entry
            assert entry["context_count"] == occurrences(pieces, h, followed=True), entry
        # seen after the longest context matched: maximum likelihood is c(h w) / c(h)
        if smoothing == "mle" and explained["order"] == explained["matched"]["order"]:
            top = explained["orders"][explained["order"] - 1]
            assert explained["probability"] == pytest.approx(
                top["count"] / top["context_count"], rel=1e-12
            )


def test_a_worked_example() -> None:
    # after "4 5": 6 twice, 7 once
    model = build([[4, 5, 6], [4, 5, 7], [6, 5, 4], [4, 5, 6, 8]], 10, 3)
    top = explain_token(model, [4, 5], 6)["orders"][2]
    assert (top["count"], top["context_count"]) == (2, 3)
    assert explain_token(model, [4, 5], 9)["orders"][2]["count"] == 0


def train(folder: Path, text: Path, *extra: str) -> None:
    assert main(["train", str(text), "--model", "ngram", "--order", "3", "--tokenizer",
                 "char", "--out", str(folder), "--json", *extra]) == 0  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path, shakespeare_text: str) -> Path:
    path = tmp_path / "t.txt"
    path.write_text(shakespeare_text[:20_000], encoding="utf-8")
    return path


@pytest.mark.parametrize("spilled", [False, True])
def test_a_run_folder_keeps_its_counts(
    tmp_path: Path, corpus: Path, spilled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if spilled:  # every order's counts wait in a temporary file, as a large model's do
        monkeypatch.setattr(raw_counts, "SPILL_ROWS", 1)
    train(tmp_path / "run", corpus)
    assert (tmp_path / "run" / COUNTS_FILE).is_file()
    _, tokenizer, model = load_run_model(tmp_path / "run")
    explained = explain_token(model, tokenizer.encode("First Ci").ids, tokenizer.token_to_id("t"))
    top = explained["orders"][2]
    assert explained["counts_known"] and top["context_ids"] == tokenizer.encode("Ci").ids
    train_text = corpus.read_text()[:18_000]  # the training part: the split's first 90%
    assert top["count"] <= train_text.count("Cit") and top["count"] > 0
    assert top["context_count"] >= top["count"]


def test_counts_that_are_not_the_models_are_not_used(tmp_path: Path, corpus: Path) -> None:
    train(tmp_path / "a", corpus)
    train(tmp_path / "b", corpus, "--smoothing", "witten-bell", "--order", "2")
    run = tmp_path / "a"
    good = (run / COUNTS_FILE).read_bytes()
    cases = {
        "another model's": (tmp_path / "b" / COUNTS_FILE).read_bytes(),
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "one byte changed in a count": good[:-1] + bytes([good[-1] ^ 1]),
    }
    for name, data in cases.items():
        (run / COUNTS_FILE).write_bytes(data)
        _, tokenizer, model = load_run_model(run)
        explained = explain_token(model, tokenizer.encode("Fir").ids, tokenizer.token_to_id("s"))
        if name == "one byte changed in a count":  # still this model's, one count off by one
            assert explained["counts_known"]
            continue
        assert not explained["counts_known"], name
        assert "count" not in explained["orders"][0], name
    (run / COUNTS_FILE).unlink()
    _, _, model = load_run_model(run)
    assert model.info.raw_counts is None
    # a link in place of one of the app's own files is a damaged run, as for model.arpa
    (run / COUNTS_FILE).symlink_to(tmp_path / "b" / COUNTS_FILE)
    with pytest.raises(RunFolderError, match=r"counts\.safetensors is a link"):
        load_run_model(run)


def test_an_imported_arpa_has_no_counts(tmp_path: Path, corpus: Path) -> None:
    train(tmp_path / "run", corpus)
    arpa = tmp_path / "model.arpa"
    shutil.copy(tmp_path / "run" / "model.arpa", arpa)
    assert main(["import-arpa", str(arpa), "--tokenizer-from", str(tmp_path / "run"),
                 "--out", str(tmp_path / "imported")]) == 0  # fmt: skip
    _, tokenizer, model = load_run_model(tmp_path / "imported")
    assert model.info.raw_counts is None
    assert not explain_token(model, [], tokenizer.token_to_id("e"))["counts_known"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 300), st.integers(0, 2**40)), max_size=60),
       st.booleans(), st.data())
def test_packed_counts_read_back_every_count_and_sum(
    values: list[int], spilled: bool, data: st.DataObject
) -> None:
    """A byte per count, the large ones (255 and more) aside, in memory or in a temporary
    file: each count and each range's sum read back as they were."""
    counts = np.array(values, dtype=np.int64)
    packed = pack(counts, spill_rows=1 if spilled else SPILL_ROWS)
    assert isinstance(packed.small, np.memmap) == (spilled and bool(values))
    assert packed.small.dtype == np.uint8
    assert [packed.at(row) for row in range(counts.size)] == values
    assert packed.unpacked().tolist() == values
    low = data.draw(st.integers(0, counts.size))
    high = data.draw(st.integers(low, counts.size))
    assert packed.total(low, high) == sum(values[low:high])


def test_large_counts_survive_the_run_folder(tmp_path: Path) -> None:
    """A text where one character follows another 2000 times: counts past a byte are saved
    and read back exactly."""
    text = tmp_path / "a.txt"
    text.write_text("ab\n" * 3000, encoding="utf-8")
    train(tmp_path / "run", text)
    _, tokenizer, model = load_run_model(tmp_path / "run")
    a, b = tokenizer.token_to_id("a"), tokenizer.token_to_id("b")
    top = explain_token(model, [a], b)["orders"][1]
    assert top["count"] == top["context_count"] > 255
