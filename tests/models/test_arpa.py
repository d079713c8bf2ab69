"""ARPA files: what the app writes scores like the model under the standard back-off rule,
reads back as the same model, and damaged or foreign files get a plain error."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lmstudio_app.core.arpa import ArpaError, arpa_word
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.models.ngram import NGramModel, NGramSpec, train_ngram
from lmstudio_app.core.tokenization import StudioTokenizer, TokenizerSpec, train_tokenizer


class ArpaScorer:
    """The standard back-off rule, written from the format's description, over word strings:

    log10 p(w | h) = log10 p*(h w)                    if "h w" is listed
                   = bow(h) + log10 p(w | h[1:])      otherwise (bow 0 when h is not listed)
    """

    def __init__(self, path: Path) -> None:
        self.prob: dict[tuple[str, ...], float] = {}
        self.bow: dict[tuple[str, ...], float] = {}
        self.order = 0
        section = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("ngram ") or line == "\\data\\":
                continue
            if line.startswith("\\"):
                section = int(line[1]) if line[1].isdigit() else 0
                self.order = max(self.order, section)
                continue
            fields = line.split()
            words = tuple(fields[1 : 1 + section])
            self.prob[words] = float(fields[0])
            if len(fields) == section + 2:
                self.bow[words] = float(fields[-1])

    def word(self, history: tuple[str, ...], word: str) -> float:
        if (*history, word) in self.prob:
            return self.prob[(*history, word)]
        if not history:
            raise KeyError(word)
        return self.bow.get(history, 0.0) + self.word(history[1:], word)

    def score(self, words: list[str], end: bool = True) -> float:
        tokens = ["<s>", *words, *(["</s>"] if end else [])]
        total = 0.0
        for i in range(1, len(tokens)):
            history = tuple(tokens[max(0, i - self.order + 1) : i])
            total += self.word(history, tokens[i])
        return total


def _lines(text: str, start: int, stop: int) -> str:
    return "\n".join(text.split("\n")[start:stop]) + "\n"


@pytest.fixture(scope="module")
def shakespeare_words(shakespeare_text: str) -> tuple[StudioTokenizer, str, str]:
    train = _lines(shakespeare_text, 0, 6000)
    held = _lines(shakespeare_text, 6000, 6300)
    return train_tokenizer(TokenizerSpec(kind="word"), train), train, held


def _check_round_trip(
    model: NGramModel, tokenizer: StudioTokenizer, text: str, path: Path, tolerance: float
) -> NGramModel:
    model.save_arpa(path)
    scorer = ArpaScorer(path)
    names = model.arpa_names()
    checked = 0
    for ids in tokenizer.encode_lines([line for line in text.split("\n") if line.strip()]):
        if not ids:
            continue
        ids = [i if model.in_vocab[i] else tokenizer.unk_id for i in ids]
        ours = model.sentence_log10(ids)
        theirs = scorer.score([names[i] for i in ids])
        assert ours == pytest.approx(theirs, abs=tolerance)
        checked += 1
    assert checked > 50
    again = NGramModel.load_arpa(path, tokenizer, model.spec)
    assert again.num_ngrams() == model.num_ngrams()
    a = model.evaluate_text(text)
    b = again.evaluate_text(text)
    assert b["perplexity"] == pytest.approx(a["perplexity"], rel=1e-9)
    state = again.start(tokenizer.encode_lines(["the king"])[0])
    np.testing.assert_allclose(
        np.exp(again.next_logprobs(state)), np.exp(model.next_logprobs(state)), atol=1e-9
    )
    return again


@pytest.mark.parametrize(
    ("order", "smoothing"),
    [(3, "kneser-ney"), (5, "kneser-ney"), (4, "witten-bell"), (3, "add-k")],
)
def test_exported_file_scores_like_the_model(
    shakespeare_words: tuple[StudioTokenizer, str, str], tmp_path: Path, order: int, smoothing: str
) -> None:
    tokenizer, train, held = shakespeare_words
    spec = NGramSpec(order=order, smoothing=smoothing, add_k=0.1, sentence_per_line=True)
    model = train_ngram(spec, tokenizer, train)
    _check_round_trip(model, tokenizer, held, tmp_path / "model.arpa", 1e-4)
    # and on sentences it was trained on, where the long n-grams are listed
    _check_round_trip(model, tokenizer, _lines(train, 0, 300), tmp_path / "again.arpa", 1e-4)


def test_maximum_likelihood_round_trip(
    shakespeare_words: tuple[StudioTokenizer, str, str], tmp_path: Path
) -> None:
    tokenizer, train, _ = shakespeare_words
    spec = NGramSpec(order=3, smoothing="mle", sentence_per_line=True)
    model = train_ngram(spec, tokenizer, train)
    _check_round_trip(model, tokenizer, _lines(train, 0, 300), tmp_path / "mle.arpa", 1e-4)
    text = (tmp_path / "mle.arpa").read_text(encoding="utf-8")
    assert "\t-99" in text  # log10 0, the way SRILM writes it


def test_penn_treebank_round_trip(ptb_dir: Path, tmp_path: Path) -> None:
    train = _lines((ptb_dir / "ptb.train.txt").read_text(encoding="utf-8"), 0, 8000)
    valid = _lines((ptb_dir / "ptb.valid.txt").read_text(encoding="utf-8"), 0, 400)
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), train)
    spec = NGramSpec(order=5, smoothing="kneser-ney", sentence_per_line=True)
    model = train_ngram(spec, tokenizer, train)
    again = _check_round_trip(model, tokenizer, valid, tmp_path / "ptb.arpa", 1e-4)
    assert again.evaluate_text(valid)["tokens"] == model.evaluate_text(valid)["tokens"]


def test_characters_with_spaces_in_a_stream(shakespeare_text: str, tmp_path: Path) -> None:
    text = shakespeare_text[:20_000]
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
    model = train_ngram(NGramSpec(order=4), tokenizer, text[:15_000])
    path = tmp_path / "chars.arpa"
    model.save_arpa(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and line[0] in "-0123456789":
            fields = line.split("\t")
            assert len(fields[1].split(" ")) <= 4 and all(fields[1].split(" "))
    again = NGramModel.load_arpa(path, tokenizer, model.spec)
    ids, logprobs = model.token_logprobs(text[15_000:])
    ids_again, logprobs_again = again.token_logprobs(text[15_000:])
    assert ids.tolist() == ids_again.tolist()
    np.testing.assert_allclose(logprobs_again, logprobs, atol=1e-8)
    scorer = ArpaScorer(path)
    names = model.arpa_names()
    tail = [names[i] for i in tokenizer.encode(text[15_000:16_000]).ids]
    stream_score = float(model.score_layout(model.layout_ids([tokenizer.encode(
        text[15_000:16_000]).ids])).sum()) / math.log(10)
    assert stream_score == pytest.approx(scorer.score(tail, end=False), abs=1e-4)


def test_word_names_are_escaped_only_when_needed() -> None:
    assert arpa_word("hello") == "hello"
    assert arpa_word(" ") == "%20" and arpa_word("\n") == "%0A"
    assert arpa_word("100%") == "100%25"
    assert arpa_word("<s>") == "%3Cs%3E"  # a text's own "<s>" is not the sentence start
    assert arpa_word("<unk>") != "<unk>"


# --------------------------------------------------------------------------- foreign files


@pytest.fixture()
def tiny_tokenizer() -> StudioTokenizer:
    return train_tokenizer(TokenizerSpec(kind="whitespace"), "a b\nb a c\n")


# Every context's probabilities add up to 1 (to the 6 digits printed), as a real file's do.
HAND_WRITTEN = """
some tool's notes before the data are ignored

\\data\\
ngram 1=5
ngram 2=3

\\1-grams:
-99\t<s>\t-0.30103
-0.39794\ta\t-0.976214
-0.60206\tb
-0.60206\t</s>
-1\t<unk>

\\2-grams:
-0.154902\t<s> a
-0.2\ta </s>
-0.5\ta b

\\end\\
"""


def test_reads_a_hand_written_file(tiny_tokenizer: StudioTokenizer, tmp_path: Path) -> None:
    path = tmp_path / "hand.arpa"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    model = NGramModel.load_arpa(path, tiny_tokenizer)
    assert model.order == 2 and model.num_ngrams() == [5, 3]
    a, b = tiny_tokenizer.token_to_id("a"), tiny_tokenizer.token_to_id("b")
    assert model.sentence_log10([a]) == pytest.approx(-0.154902 - 0.2)
    # "b" after <s>: not listed, so bow(<s>) + p(b); then </s> after b: p(</s>) (no bow for b)
    assert model.sentence_log10([b]) == pytest.approx(-0.30103 - 0.60206 - 0.60206)
    # "c" is not in this model's vocabulary: read as <unk>
    c = tiny_tokenizer.token_to_id("c")
    assert model.sentence_log10([c]) == pytest.approx(-0.30103 - 1 - 0.60206)
    assert math.isinf(model.next_logprobs(model.start([]))[tiny_tokenizer.bos_id])


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t.replace("\\data\\", "\\dada\\"), "arpa_bad"),
        (lambda t: t.replace("\\end\\", ""), "arpa_bad"),
        (lambda t: t.replace("ngram 2=3", "ngram 2=4"), "arpa_bad"),
        (lambda t: t.replace("-0.5\ta b", "-0.5\ta zebra"), "arpa_vocab_mismatch"),
        (lambda t: t.replace("-0.5\ta b", "-0.5x\ta b"), "arpa_bad"),
        (lambda t: t.replace("-0.5\ta b", "0.5\ta b"), "arpa_bad"),
        (lambda t: t.replace("-0.5\ta b", "-0.5\ta b c d"), "arpa_bad"),
        (lambda t: t.replace("-0.5\ta b", "-0.1\t<s> a"), "arpa_bad"),
        (lambda t: t.replace("ngram 2=3", "ngram 2=3\nngram 3=1").replace(
            "\\end\\", "\\3-grams:\n-0.1\tb a b\n\\end\\"), "arpa_bad"),
        (lambda t: "", "arpa_bad"),
    ],
)
def test_damaged_files_are_refused_plainly(
    tiny_tokenizer: StudioTokenizer, tmp_path: Path, change: Callable[[str], str], code: str
) -> None:
    path = tmp_path / "bad.arpa"
    path.write_text(change(HAND_WRITTEN), encoding="utf-8")
    with pytest.raises(ArpaError) as caught:
        NGramModel.load_arpa(path, tiny_tokenizer)
    assert caught.value.code == code
    assert str(path) in caught.value.message


def test_a_missing_or_binary_file(tiny_tokenizer: StudioTokenizer, tmp_path: Path) -> None:
    with pytest.raises(StudioError) as caught:
        NGramModel.load_arpa(tmp_path / "nothing.arpa", tiny_tokenizer)
    assert caught.value.code == "path_not_found"
    binary = tmp_path / "binary.arpa"
    binary.write_bytes(b"\\data\\\nngram 1=1\n\\1-grams:\n\xff\xfe\x00\n")
    with pytest.raises(ArpaError):
        NGramModel.load_arpa(binary, tiny_tokenizer)
