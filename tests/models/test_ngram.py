"""N-gram models: counting, the four smoothings, normalisation, scoring, teaching, speed-free.

The vectorised model is checked against a plain dictionary implementation of the textbook
formulas (Chen & Goodman 1998, with SRILM's conventions), against a hand-worked example,
against NLTK's KneserNeyInterpolated where the two definitions coincide, and on the Penn
Treebank against the published perplexities.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmstudio_app.core import losses
from lmstudio_app.core.config import spec_fields, spec_from_dict, spec_to_dict
from lmstudio_app.core.errors import Cancelled, ConfigError, CorpusError, StudioError
from lmstudio_app.core.generation import GenerationSpec, LanguageModel, generate
from lmstudio_app.core.models.ngram import (
    SMOOTHINGS,
    NGramModel,
    NGramSpec,
    SpecialIds,
    count_ngrams,
    kneser_ney_discounts,
    layout_sentences,
    layout_stream,
    predictable_mask,
    train_ngram,
)
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

UNK, BOS, EOS, PAD = 0, 1, 2, 3
SPECIAL = SpecialIds(bos=BOS, eos=EOS, unk=UNK, pad=PAD)


def build(
    sentences: Sequence[Sequence[int]],
    vocab_size: int,
    order: int,
    smoothing: str = "kneser-ney",
    sentence_per_line: bool = True,
    add_k: float = 1.0,
    discounts: Sequence[tuple[float, float, float]] | None = None,
) -> NGramModel:
    spec = NGramSpec(
        order=order, smoothing=smoothing, add_k=add_k, sentence_per_line=sentence_per_line
    )
    return NGramModel.from_sequences(sentences, spec, vocab_size, SPECIAL, discounts=discounts)


def words_of(vocab_size: int) -> list[int]:
    return [i for i in range(vocab_size) if i not in (BOS, PAD)]


# --------------------------------------------------------------------------- a reference


class NaiveNGram:
    """The same models, written the obvious way: a dict of n-gram counts and recursion."""

    def __init__(
        self,
        sentences: Sequence[Sequence[int]],
        vocab_size: int,
        order: int,
        smoothing: str,
        sentence_per_line: bool,
        add_k: float = 1.0,
    ) -> None:
        self.order = order
        self.smoothing = smoothing
        self.k = add_k if smoothing == "add-k" else 0.0
        self.words = words_of(vocab_size)
        if sentence_per_line:
            sequences = [[BOS, *s, EOS] for s in sentences if len(s)]
        else:
            sequences = [[BOS, *[t for s in sentences for t in s]]]
        self.raw: dict[int, Counter] = {n: Counter() for n in range(1, order + 1)}
        for seq in sequences:
            for n in range(1, order + 1):
                for i in range(len(seq) - n + 1):
                    self.raw[n][tuple(seq[i : i + n])] += 1
        self.used: dict[int, dict[tuple[int, ...], float]] = {}
        for n in range(1, order + 1):
            if smoothing == "kneser-ney" and n < order:
                left = Counter(g[1:] for g in self.raw[n + 1])
                self.used[n] = {
                    g: float(c if g[0] == BOS else left[g]) for g, c in self.raw[n].items()
                }
            else:
                self.used[n] = {g: float(c) for g, c in self.raw[n].items()}
        self.used[1] = {g: c for g, c in self.used[1].items() if g[0] in self.words}
        self.discounts = {
            n: self._discounts(list(self.used[n].values())) for n in range(1, order + 1)
        }

    @staticmethod
    def _discounts(values: list[float]) -> tuple[float, float, float]:
        n = [0] + [sum(1 for v in values if v == r) for r in range(1, 5)]
        d = [0.5, 1.0, 1.5]
        if n[1] and n[2]:
            y = n[1] / (n[1] + 2 * n[2])
            for r in (1, 2, 3):
                if n[r] and n[r + 1]:
                    value = r - (r + 1) * y * n[r + 1] / n[r]
                    if 0 < value <= r:
                        d[r - 1] = value
        return d[0], d[1], d[2]

    def _d(self, n: int, c: float) -> float:
        if c <= 0:
            return 0.0
        d = self.discounts[n][min(int(c), 3) - 1]
        return min(d, c)

    def _children(self, h: tuple[int, ...]) -> dict[int, float]:
        n = len(h) + 1
        return {g[-1]: c for g, c in self.used[n].items() if g[:-1] == h and c > 0}

    def prob(self, w: int, h: tuple[int, ...]) -> float:
        if w not in self.words:
            return 0.0
        h = h[-(self.order - 1) :] if self.order > 1 else ()
        if not h:
            return self._unigram(w)
        children = self._children(h)
        total = sum(children.values())
        if total == 0:
            return self.prob(w, h[1:])
        n = len(h) + 1
        c = children.get(w, 0.0)
        if self.smoothing == "kneser-ney":
            gamma = sum(self._d(n, x) for x in children.values()) / total
            return (c - self._d(n, c)) / total + gamma * self.prob(w, h[1:])
        if self.smoothing == "witten-bell":
            f = len(children)
            return (c + f * self.prob(w, h[1:])) / (total + f)
        denominator = total + self.k * len(self.words)
        if c > 0:
            return (c + self.k) / denominator
        if self.k == 0:
            return 0.0
        left = 1.0 - sum((x + self.k) / denominator for x in children.values())
        lower_left = 1.0 - sum(self.prob(v, h[1:]) for v in children)
        return 0.0 if left <= 0 else left / lower_left * self.prob(w, h[1:])

    def _unigram(self, w: int) -> float:
        counts = {v: self.used[1].get((v,), 0.0) for v in self.words}
        total = sum(counts.values())
        c = counts[w]
        if self.smoothing == "kneser-ney":
            gamma = sum(self._d(1, x) for x in counts.values()) / total
            return (c - self._d(1, c)) / total + gamma / len(self.words)
        if self.smoothing == "witten-bell":
            f = sum(1 for x in counts.values() if x > 0)
            return (c + f / len(self.words)) / (total + f)
        return (c + self.k) / (total + self.k * len(self.words))


# --------------------------------------------------------------------------- strategies

corpora = st.integers(min_value=5, max_value=11).flatmap(
    lambda v: st.tuples(
        st.just(v),
        st.lists(
            st.lists(
                st.one_of(
                    st.integers(min_value=4, max_value=v - 1),
                    st.sampled_from([UNK, UNK, BOS, EOS, PAD]),  # specials inside the text
                ),
                min_size=0,
                max_size=12,
            ),
            min_size=1,
            max_size=8,
        ).filter(lambda sentences: any(len(s) for s in sentences)),
    )
)


def contexts_for(sentences: list[list[int]], vocab_size: int, order: int) -> st.SearchStrategy:
    flat = [t for s in sentences for t in s]
    seen = st.integers(0, max(len(flat) - 1, 0)).flatmap(
        lambda start: st.integers(0, order + 1).map(lambda n: flat[max(start - n, 0) : start])
    )
    unseen = st.lists(st.integers(0, vocab_size - 1), max_size=order + 1)
    return st.lists(st.one_of(seen, unseen), min_size=1, max_size=6)


# --------------------------------------------------------------------------- counting


def test_counts_match_a_plain_counter() -> None:
    rng = np.random.default_rng(0)
    sentences = [list(rng.integers(4, 9, size=rng.integers(0, 9))) for _ in range(30)]
    for sentence_per_line in (True, False):
        model = build(sentences, 9, 4, sentence_per_line=sentence_per_line)
        naive = NaiveNGram(sentences, 9, 4, "mle", sentence_per_line)
        layout = model.layout_ids(sentences)
        counts = count_ngrams(layout, 4, 9, BOS)
        for n in range(2, 5):
            table = counts[n - 1]
            words = model.tables.entry_words(n)
            got = {tuple(w): int(c) for w, c in zip(words.tolist(), table.counts, strict=True)}
            assert got == dict(naive.raw[n])
        assert np.bincount(layout.seq, minlength=9).tolist() == [
            naive.raw[1].get((i,), 0) for i in range(9)
        ]


def test_sentences_are_laid_out_with_boundaries() -> None:
    layout = layout_sentences(np.array([5, 6, 7]), np.array([2, 0, 1]), SPECIAL)
    assert layout.seq.tolist() == [BOS, 5, 6, EOS, BOS, 7, EOS]  # the empty line is no sentence
    assert layout.sentences == 2
    assert layout.targets.tolist() == [1, 2, 3, 5, 6]
    stream = layout_stream(np.array([5, 6]), SPECIAL)
    assert stream.seq.tolist() == [BOS, 5, 6] and stream.targets.tolist() == [1, 2]


# --------------------------------------------------------------------------- the definitions


def test_kneser_ney_by_hand() -> None:
    """Three sentences, a trigram model, every discount fixed at 0.5: worked on paper.

    Sentences: <s> a b </s> (twice), <s> b a </s>; the vocabulary a, b, </s>, <unk> (4).
    Unigrams use continuation counts N1+(. w): a 2 ({<s>, b}), b 2, </s> 2, <unk> 0, total 6,
    so p(a) = (2 - 0.5)/6 + (3 * 0.5 / 6) / 4 = 0.25 + 0.0625 = 0.3125 and p(<unk>) = 0.0625.
    Bigrams: context a has continuation counts a b 1, a </s> 1 (total 2, weight 1/2):
    p(b|a) = 0.5/2 + 0.5 * 0.3125 = 0.40625. Context <s> keeps its raw counts (nothing comes
    before <s>): <s> a 2, <s> b 1, total 3: p(a|<s>) = 1.5/3 + (1/3) * 0.3125 = 0.6041667.
    Trigrams (raw counts): <s> a b 2, total 2: p(b|<s> a) = 1.5/2 + 0.25 * 0.40625 = 0.8515625.
    """
    a, b = 4, 5
    model = build([[a, b], [a, b], [b, a]], 6, 3, discounts=[(0.5, 0.5, 0.5)] * 3)

    def p(word: int, *context: int) -> float:
        return float(np.exp(model.next_logprobs(model._trim((BOS, *context)))[word]))

    unigram = np.exp(model.tables.logp[0])
    assert unigram[a] == pytest.approx(0.3125) and unigram[UNK] == pytest.approx(0.0625)
    assert unigram[BOS] == 0 and unigram[PAD] == 0
    state = (a,)
    assert float(np.exp(model.next_logprobs(state)[b])) == pytest.approx(0.40625)
    assert float(np.exp(model.next_logprobs(state)[a])) == pytest.approx(0.15625)
    assert p(a) == pytest.approx(1.5 / 3 + 0.3125 / 3)
    assert p(b, a) == pytest.approx(0.8515625)
    assert p(EOS, a) == pytest.approx(0.25 * 0.40625)
    # p(</s> | a b) = 1.5/2 + 0.25 * p(</s> | b), p(</s> | b) = 0.5/2 + 0.5 * 0.3125
    expected = math.log10((1.5 / 3 + 0.3125 / 3) * 0.8515625 * (0.75 + 0.25 * 0.40625))
    assert model.sentence_log10([a, b]) == pytest.approx(expected, abs=1e-12)


def test_discounts_from_counts_of_counts() -> None:
    counts = np.array([1] * 40 + [2] * 10 + [3] * 5 + [4] * 3 + [7] * 2)
    y = 40 / (40 + 2 * 10)
    assert kneser_ney_discounts(counts) == pytest.approx(
        (1 - 2 * y * 10 / 40, 2 - 3 * y * 5 / 10, 3 - 4 * y * 3 / 5)
    )
    assert kneser_ney_discounts(np.array([1, 1, 1])) == (0.5, 1.0, 1.5)  # nothing to go on


@pytest.mark.parametrize("smoothing", SMOOTHINGS)
@pytest.mark.parametrize("sentence_per_line", [True, False])
def test_matches_the_plain_implementation(smoothing: str, sentence_per_line: bool) -> None:
    rng = np.random.default_rng(1)
    vocab = 10
    sentences = [list(rng.integers(4, vocab, size=rng.integers(0, 10))) for _ in range(25)]
    for order in (1, 2, 3, 4):
        model = build(sentences, vocab, order, smoothing, sentence_per_line, add_k=0.3)
        naive = NaiveNGram(sentences, vocab, order, smoothing, sentence_per_line, add_k=0.3)
        flat = [t for s in sentences for t in s]
        contexts = [flat[i : i + order - 1] for i in range(0, len(flat), 3)]
        contexts += [[], [4, 4, 4], [9, 8, 7, 6], [EOS, 5]]
        for context in contexts:
            state = model.start(context)
            got = np.exp(model.next_logprobs(state))
            want = [naive.prob(w, state) for w in range(vocab)]
            np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus=corpora, order=st.integers(1, 4), data=st.data())
def test_matches_the_plain_implementation_on_random_texts(
    corpus: tuple[int, list[list[int]]], order: int, data: st.DataObject
) -> None:
    vocab, sentences = corpus
    smoothing = data.draw(st.sampled_from(SMOOTHINGS))
    sentence_per_line = data.draw(st.booleans())
    clean = [[t if t not in (BOS, PAD) and not (sentence_per_line and t == EOS) else UNK
              for t in s] for s in sentences]
    model = build(sentences, vocab, order, smoothing, sentence_per_line, add_k=0.7)
    naive = NaiveNGram(clean, vocab, order, smoothing, sentence_per_line, add_k=0.7)
    for context in data.draw(contexts_for(sentences, vocab, order)):
        state = model.start(context)
        got = np.exp(model.next_logprobs(state))
        want = [naive.prob(w, state) for w in range(vocab)]
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-14)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    corpus=corpora,
    order=st.integers(1, 8),
    smoothing=st.sampled_from(["add-k", "witten-bell", "kneser-ney"]),
    sentence_per_line=st.booleans(),
    add_k=st.floats(0.001, 5.0),
    data=st.data(),
)
def test_every_distribution_sums_to_one(
    corpus: tuple[int, list[list[int]]],
    order: int,
    smoothing: str,
    sentence_per_line: bool,
    add_k: float,
    data: st.DataObject,
) -> None:
    """Over the whole vocabulary but <s> and padding (which get 0), for seen and unseen
    contexts alike, within 1e-9."""
    vocab, sentences = corpus
    model = build(sentences, vocab, order, smoothing, sentence_per_line, add_k=add_k)
    for context in data.draw(contexts_for(sentences, vocab, order)):
        probs = np.exp(model.next_logprobs(model.start(context)))
        assert probs[BOS] == 0.0 and probs[PAD] == 0.0
        assert abs(math.fsum(probs.tolist()) - 1.0) < 1e-9
        assert (probs[words_of(vocab)] > 0).all()


def test_mle_gives_unseen_tokens_probability_zero() -> None:
    model = build([[4, 5], [4, 6]], 8, 2, "mle")
    probs = np.exp(model.next_logprobs(model.start([4])))
    assert probs[5] == pytest.approx(0.5) and probs[6] == pytest.approx(0.5)
    assert probs[7] == 0.0 and probs.sum() == pytest.approx(1.0)
    # a context never seen: the longest one that was seen (here none: the unigrams)
    probs = np.exp(model.next_logprobs(model.start([7])))
    assert probs[4] == pytest.approx(2 / 6)  # 4, 5, 6, </s> seen 2, 1, 1, 2 times
    result = model.evaluate_layout(model.layout_ids([[4, 7]]))
    assert math.isinf(result["perplexity"]) and result["zero_probability_tokens"] == 1


def test_a_huge_but_finite_loss_gives_the_perplexity_every_model_shows() -> None:
    """A mean loss of 700 nats or more that is still finite (a token of probability e^-800,
    which only an imported model could give) has the perplexity core.losses gives every
    model, e^700, not infinity: infinity is kept for a token of probability 0 (above)."""
    model = build([[4, 5]], 8, 1, "mle", sentence_per_line=False)
    model.tables.logp[0][5] = -800.0
    result = model.evaluate_layout(model.layout_ids([[5, 5]]))
    assert result["loss"] == 800.0 and result["zero_probability_tokens"] == 0
    assert result["perplexity"] == losses.perplexity(800.0) == math.exp(700)
    assert result["bits_per_token"] == losses.bits(800.0)


def test_add_one_is_laplace_in_a_bigram_model() -> None:
    # 5 words (4..6, </s>, <unk>): p(w | 4) = (c(4 w) + 1) / (c(4) + 5) for seen w
    model = build([[4, 5], [4, 5], [4, 6]], 7, 2, "add-k", add_k=1.0)
    probs = np.exp(model.next_logprobs(model.start([4])))
    assert probs[5] == pytest.approx(3 / 8) and probs[6] == pytest.approx(2 / 8)
    assert probs[[4, EOS, UNK]].sum() == pytest.approx(3 / 8)  # the unseen share, 3 * 1/8
    unigram = np.exp(model.next_logprobs(()))  # no context: the unigrams, (c + 1)/(N + 5)
    assert unigram[4] == pytest.approx((3 + 1) / (9 + 5))


def test_matches_nltk_where_the_definitions_agree() -> None:
    """NLTK's KneserNeyInterpolated uses one discount (0.1) at every order but the unigrams,
    which it does not discount, and no uniform floor. With the same discounts, and for
    full-length contexts (NLTK pads with n-1 <s> and fails on shorter ones), the two agree.
    """
    nltk_lm = pytest.importorskip("nltk.lm")
    from nltk.util import everygrams

    text = ["a b c a b", "b c a", "c a b c", "a a b", "b b c a b"]
    names = {"<unk>": UNK, "<s>": BOS, "</s>": EOS, "a": 4, "b": 5, "c": 6}
    sentences = [[names[w] for w in line.split()] for line in text]
    padded = [["<s>", *line.split(), "</s>"] for line in text]
    lm = nltk_lm.KneserNeyInterpolated(3, discount=0.1)
    lm.fit([list(everygrams(p, max_len=3)) for p in padded], [w for p in padded for w in p])
    model = build(sentences, 7, 3, discounts=[(0.0, 0.0, 0.0), (0.1,) * 3, (0.1,) * 3])
    contexts = {tuple(p[i : i + 2]) for p in padded for i in range(len(p) - 2)}
    for context in sorted(contexts):
        state = tuple(names[w] for w in context)
        ours = np.exp(model.next_logprobs(state))
        for word in ("a", "b", "c", "</s>"):
            assert ours[names[word]] == pytest.approx(lm.score(word, list(context)), abs=1e-12)


# --------------------------------------------------------------------------- scoring


def test_scores_agree_with_the_distributions() -> None:
    rng = np.random.default_rng(2)
    sentences = [list(rng.integers(4, 12, size=rng.integers(1, 15))) for _ in range(40)]
    held_out = [list(rng.integers(0, 12, size=rng.integers(1, 15))) for _ in range(10)]
    for sentence_per_line in (True, False):
        model = build(sentences, 12, 4, "kneser-ney", sentence_per_line)
        layout = model.layout_ids(held_out)
        scores = model.score_layout(layout)
        walked = []
        state = model.start([])
        for token in layout.seq[layout.targets].tolist():
            walked.append(model.next_logprobs(state)[token])
            state = model.advance(state, token)
        np.testing.assert_allclose(scores, walked, rtol=1e-12)  # </s> restarts the walk
        result = model.evaluate_layout(layout)
        assert result["tokens"] == scores.size
        assert result["perplexity"] == pytest.approx(math.exp(-scores.mean()))
        assert result["oov_rate"] == pytest.approx(
            np.count_nonzero(layout.seq[layout.targets] == UNK) / scores.size
        )


def test_states_follow_sentences() -> None:
    model = build([[4, 5, 6]], 8, 3)
    assert model.start([]) == (BOS,)
    assert model.start([4, 5, 6]) == (5, 6)
    assert model.start([4, EOS]) == (BOS,)  # a sentence ended: the next begins
    assert model.start([PAD, 99]) == (UNK, UNK)  # what the model cannot read is <unk>
    stream = build([[4, 5, 6]], 8, 3, sentence_per_line=False)
    assert stream.start([4, EOS]) == (4, EOS)  # in a stream </s> is just a token
    assert build([[4]], 8, 1).start([4, 5]) == ()


def test_is_a_language_model_for_generation() -> None:
    model = build([[4, 5, 6, 7], [5, 6, 4]], 9, 3)
    assert isinstance(model, LanguageModel)
    spec = GenerationSpec(max_tokens=50, temperature=1.3, top_k=5, top_p=0.9, seed=4, stop="none")
    first = [t.token_id for t in generate(model, [4], spec, eos_id=EOS)]
    again = [t.token_id for t in generate(model, [4], spec, eos_id=EOS)]
    assert first == again and len(first) == 50
    assert BOS not in first and PAD not in first


def test_explain_says_which_order_supplied_the_probability() -> None:
    model = build([[4, 5, 6], [4, 5, 7], [6, 5, 4]], 9, 3)
    explained = model.explain([4, 5], k=4)
    assert explained["context_order"] == 3
    tokens = explained["tokens"]
    assert [t["probability"] for t in tokens] == sorted(
        (t["probability"] for t in tokens), reverse=True
    )
    by_id = {t["id"]: t for t in tokens}
    assert by_id[6]["order"] == 3 and by_id[7]["order"] == 3  # "4 5 6" was seen
    for token in tokens:
        assert sum(token["shares"].values()) == pytest.approx(1.0)
        assert all(share == 0 for n, share in token["shares"].items() if n > token["order"])
    probs = np.exp(model.next_logprobs(model.start([4, 5])))
    assert by_id[6]["probability"] == pytest.approx(probs[6])
    backoff = build([[4, 5, 6]], 9, 3, "add-k").explain([8, 8], k=3)
    assert backoff["context_order"] == 1 and "shares" not in backoff["tokens"][0]


# --------------------------------------------------------------------------- settings, progress


def test_spec_is_a_form() -> None:
    names = [info.name for info in spec_fields(NGramSpec)]
    assert names == ["order", "smoothing", "add_k", "sentence_per_line"]
    assert spec_from_dict(NGramSpec, spec_to_dict(NGramSpec(order=5))) == NGramSpec(order=5)
    with pytest.raises(ConfigError):
        spec_from_dict(NGramSpec, {"order": 9})
    with pytest.raises(ConfigError):
        spec_from_dict(NGramSpec, {"smoothing": "good-turing"})
    with pytest.raises(ConfigError):
        build([[4]], 6, 0)


def test_counting_reports_progress_and_can_be_cancelled() -> None:
    sentences = [[4, 5, 6]] * 50
    seen: list[float | None] = []
    NGramModel.from_sequences(
        sentences, NGramSpec(order=4), 8, SPECIAL, progress=lambda f, m: seen.append(f)
    )
    assert seen[-1] == 1.0 and len(seen) >= 4
    shown = [f for f in seen if f is not None]
    assert shown == sorted(shown)
    calls = iter(range(100))
    with pytest.raises(Cancelled):
        NGramModel.from_sequences(
            sentences, NGramSpec(order=4), 8, SPECIAL, cancel=lambda: next(calls) >= 1
        )


def test_empty_text_is_refused() -> None:
    with pytest.raises(CorpusError):
        build([[], []], 8, 3)


def test_vocabulary_covers_all_but_begin_and_padding() -> None:
    mask = predictable_mask(6, SPECIAL)
    assert mask.tolist() == [True, False, True, False, True, True]


# --------------------------------------------------------------------------- real text


def test_words_of_shakespeare(shakespeare_text: str) -> None:
    lines = shakespeare_text.split("\n")
    train, valid = "\n".join(lines[:8000]) + "\n", "\n".join(lines[8000:8500]) + "\n"
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), train)
    perplexities = {}
    for smoothing in ("add-k", "witten-bell", "kneser-ney"):
        spec = NGramSpec(order=3, smoothing=smoothing, sentence_per_line=True)
        model = train_ngram(spec, tokenizer, train)
        perplexities[smoothing] = model.evaluate_text(valid)["perplexity"]
    assert perplexities["kneser-ney"] < perplexities["witten-bell"] < perplexities["add-k"]
    assert 50 < perplexities["kneser-ney"] < 400


def test_characters_as_a_stream(shakespeare_text: str) -> None:
    text = shakespeare_text[:60_000]
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
    losses = []
    for order in (1, 3, 5):
        model = train_ngram(NGramSpec(order=order), tokenizer, text[:50_000])
        result = model.evaluate_text(text[50_000:])
        losses.append(result["loss"])
        assert result["tokens"] == len(tokenizer.encode(text[50_000:]).ids)
    assert losses[0] > losses[1] > losses[2]
    explained = model.explain(tokenizer.encode("First Citize").ids, k=3)
    assert explained["tokens"][0]["token"] == "n"


@pytest.mark.slow
def test_penn_treebank_matches_the_published_perplexities(ptb_dir: Path) -> None:
    """Kneser-Ney on the Penn Treebank: 148.3 (trigrams) and 141.2 (5-grams), within 1%."""
    read = lambda name: (ptb_dir / f"ptb.{name}.txt").read_text(encoding="utf-8")  # noqa: E731
    train, test = read("train"), read("test")
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), train)
    assert tokenizer.vocab_size == 10_002
    for order, published in ((3, 148.3), (5, 141.2)):
        spec = NGramSpec(order=order, smoothing="kneser-ney", sentence_per_line=True)
        result = train_ngram(spec, tokenizer, train).evaluate_text(test)
        assert result["tokens"] == 82_430
        assert result["perplexity"] == pytest.approx(published, rel=0.01)


def test_run_folder_round_trip(shakespeare_text: str, tmp_path: Path) -> None:
    from lmstudio_app.core.models import load_run_model
    from lmstudio_app.core.models.ngram import train_to_run

    text = shakespeare_text[:30_000]
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
    splits = {"train": text[:25_000], "valid": text[25_000:], "test": ""}
    with pytest.raises(Cancelled):
        train_to_run(tmp_path / "run", NGramSpec(order=3), tokenizer, splits, cancel=lambda: True)
    assert not (tmp_path / "run").exists()  # cancelled while counting: nothing written
    _, metrics = train_to_run(tmp_path / "run", NGramSpec(order=3), tokenizer, splits)
    assert "test_perplexity" not in metrics
    run, _, loaded = load_run_model(tmp_path / "run")
    assert run["status"] == "done" and run["model_kind"] == "ngram"
    assert loaded.evaluate_text(splits["valid"])["perplexity"] == pytest.approx(
        metrics["valid_perplexity"], rel=1e-9
    )
    with pytest.raises(StudioError):
        train_to_run(tmp_path / "run", NGramSpec(order=3), tokenizer, splits)
