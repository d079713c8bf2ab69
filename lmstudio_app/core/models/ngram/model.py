"""The n-gram model: built from counts or read from an ARPA file, it predicts, generates,
explains and scores (the work itself is done by the modules beside this one)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from lmstudio_app.core.arpa import (
    BOS_WORD,
    EOS_WORD,
    UNK_WORD,
    BackoffTables,
    arpa_words,
    read_arpa,
    write_arpa,
)
from lmstudio_app.core.config import validate_spec
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models.ngram.counting import OrderCounts, count_ngrams
from lmstudio_app.core.models.ngram.distribution import backoff_levels, explain_next_tokens
from lmstudio_app.core.models.ngram.encoding import layout_of_text
from lmstudio_app.core.models.ngram.layout import Layout, layout_lists
from lmstudio_app.core.models.ngram.scoring import backoff_scores, text_figures
from lmstudio_app.core.models.ngram.smoothing import EstimateInfo, estimate
from lmstudio_app.core.models.ngram.spec import (
    INTERPOLATED_SMOOTHINGS,
    NGramSpec,
    SpecialIds,
    predictable_mask,
)
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization import StudioTokenizer

# Building a model from a layout: counting is the first 85% of the work, smoothing the rest.
COUNTING_SHARE = 0.85


def counting_share(progress: ProgressCallback) -> ProgressCallback:
    """`progress` for the counting part of building a model."""
    return scaled(progress, 0.0, COUNTING_SHARE)


class NGramModel:
    """A trained (or imported) n-gram model: generation's `LanguageModel` and more.

    A state is the tuple of the last n-1 tokens (at most), `<s>` first at the start of a
    sentence or text.
    """

    def __init__(
        self,
        tables: BackoffTables,
        special: SpecialIds,
        spec: NGramSpec,
        tokenizer: StudioTokenizer | None = None,
        info: EstimateInfo | None = None,
        interpolated: bool | None = None,
    ) -> None:
        if tables.order != spec.order:
            spec = NGramSpec(
                order=tables.order,
                smoothing=spec.smoothing,
                add_k=spec.add_k,
                sentence_per_line=spec.sentence_per_line,
            )
        self.tables = tables
        self.special = special
        self.spec = spec
        self.tokenizer = tokenizer
        self.info = info or EstimateInfo(counts=tables.num_ngrams())
        self.interpolated = (
            spec.smoothing in INTERPOLATED_SMOOTHINGS if interpolated is None else interpolated
        )
        # ids the model reads as themselves; anything else is read as <unk>
        self.in_vocab = tables.present.copy()
        self.in_vocab[special.bos] = False

    # ---- construction

    @classmethod
    def from_layout(
        cls,
        layout: Layout,
        spec: NGramSpec,
        vocab_size: int,
        special: SpecialIds,
        tokenizer: StudioTokenizer | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        discounts: Sequence[tuple[float, float, float]] | None = None,
    ) -> NGramModel:
        spec = validate_spec(spec)
        counts = count_ngrams(
            layout, spec.order, vocab_size, special.bos, counting_share(progress), cancel
        )
        return cls.from_counts(
            counts, spec, vocab_size, special, tokenizer,
            int(layout.seq.size - layout.sentences), layout.sentences,
            progress, cancel, discounts,
        )

    @classmethod
    def from_counts(
        cls,
        counts: list[OrderCounts],
        spec: NGramSpec,
        vocab_size: int,
        special: SpecialIds,
        tokenizer: StudioTokenizer | None,
        tokens: int,
        sentences: int,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        discounts: Sequence[tuple[float, float, float]] | None = None,
    ) -> NGramModel:
        """Smoothing, the last 15% of `from_layout`'s progress (`training.train_ngram` counts
        and smooths apart, to let the layout go in between)."""
        progress(COUNTING_SHARE, N_("Smoothing"))
        tables, info = estimate(counts, spec, vocab_size, special, cancel, discounts)
        info.tokens = tokens
        info.sentences = sentences
        progress(1.0, N_("Done"))
        return cls(tables, special, spec, tokenizer, info)

    @classmethod
    def from_sequences(
        cls,
        sequences: Sequence[Sequence[int]],
        spec: NGramSpec,
        vocab_size: int,
        special: SpecialIds,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        discounts: Sequence[tuple[float, float, float]] | None = None,
    ) -> NGramModel:
        """A model from token ids: each sequence a sentence, or all of them one stream."""
        words = predictable_mask(vocab_size, special)
        layout = layout_lists(sequences, words, special, spec.sentence_per_line)
        return cls.from_layout(
            layout, spec, vocab_size, special, None, progress, cancel, discounts
        )

    # ---- basic facts

    @property
    def vocab_size(self) -> int:
        return self.tables.vocab_size

    @property
    def order(self) -> int:
        return self.tables.order

    @property
    def sentence_per_line(self) -> bool:
        return self.spec.sentence_per_line

    def num_ngrams(self) -> list[int]:
        return self.tables.num_ngrams()

    # ---- generation.LanguageModel

    def start(self, context: Sequence[int] = ()) -> tuple[int, ...]:
        state: tuple[int, ...] = (self.special.bos,)
        for token in context:
            state = self.advance(state, int(token))
        return self._trim(state)

    def advance(self, state: tuple[int, ...], token_id: int) -> tuple[int, ...]:
        token_id = int(token_id)
        if token_id == self.special.bos or (
            token_id == self.special.eos and self.spec.sentence_per_line
        ):
            return self._trim((self.special.bos,))  # a new sentence (or text) begins
        if not (0 <= token_id < self.vocab_size) or not self.in_vocab[token_id]:
            token_id = self.special.unk
        return self._trim((*state, token_id))

    def _trim(self, state: tuple[int, ...]) -> tuple[int, ...]:
        keep = self.order - 1
        if keep <= 0:
            return ()
        return state[-keep:] if len(state) > keep else state

    def next_logprobs(self, state: tuple[int, ...]) -> np.ndarray:
        """Natural-log probabilities of every id after `state` (-inf for `<s>` and padding)."""
        return backoff_levels(self.tables, state)[0]

    def distribution(self, context: Sequence[int]) -> np.ndarray:
        """Probabilities (not logs) of every id after `context`."""
        return np.exp(self.next_logprobs(self.start(context)))

    def explain(self, context_ids: Sequence[int], k: int = 10) -> dict[str, Any]:
        """The k most likely next tokens and where their probability comes from (see
        `distribution.explain_next_tokens`)."""
        return explain_next_tokens(self, context_ids, k)

    def token_text(self, token: int) -> str:
        """How `explain` shows a token: the ARPA names of the special tokens."""
        if token == self.special.bos:
            return BOS_WORD
        if token == self.special.eos:
            return EOS_WORD
        if token == self.special.unk:
            return UNK_WORD
        if self.tokenizer is not None:
            return self.tokenizer.id_to_token(token)
        return str(token)

    # ---- scoring

    def score_layout(self, layout: Layout) -> np.ndarray:
        """Natural-log probability of every predicted position (all but the `<s>` ones)."""
        return backoff_scores(self.tables, layout)

    def layout_text(
        self,
        text: str,
        sentence_per_line: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> Layout:
        if self.tokenizer is None:
            raise RuntimeError("this model has no tokenizer; score ids with score_layout")
        sentences = self.sentence_per_line if sentence_per_line is None else sentence_per_line
        return layout_of_text(
            self.tokenizer, text, sentences, self.in_vocab, self.special, progress, cancel
        )

    def layout_ids(
        self, sequences: Sequence[Sequence[int]], sentence_per_line: bool | None = None
    ) -> Layout:
        sentences = self.sentence_per_line if sentence_per_line is None else sentence_per_line
        return layout_lists(sequences, self.in_vocab, self.special, sentences)

    def token_logprobs(
        self, text: str, sentence_per_line: bool | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(ids, natural-log probabilities) of every predicted token of `text`."""
        layout = self.layout_text(text, sentence_per_line)
        return layout.seq[layout.targets].astype(np.int64), self.score_layout(layout)

    def evaluate_layout(self, layout: Layout) -> dict[str, Any]:
        return text_figures(self.score_layout(layout), layout, self.special.unk)

    def evaluate_text(
        self,
        text: str,
        sentence_per_line: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> dict[str, Any]:
        """Perplexity, loss (nats per token), token count and `<unk>` rate of a text.

        Tokens counted are the ones predicted: with sentences every token and every `</s>`
        (as SRILM's `ppl`), otherwise every token of the stream. `oov_rate` is the share of
        them that are `<unk>` (a word outside the tokenizer's vocabulary).
        """
        layout = self.layout_text(text, sentence_per_line, scaled(progress, 0.0, 0.9), cancel)
        check_cancel(cancel)
        result = self.evaluate_layout(layout)
        progress(1.0, N_("Done"))
        return result

    def sentence_log10(self, ids: Sequence[int]) -> float:
        """log10 P(<s> ids </s>), the score an ARPA tool gives the sentence."""
        layout = layout_lists([ids], self.in_vocab, self.special, True)
        return float(self.score_layout(layout).sum() / math.log(10))

    # ---- files

    def arpa_names(self) -> list[str]:
        if self.tokenizer is None:
            vocabulary = [f"w{i}" for i in range(self.vocab_size)]
        else:
            vocabulary = self.tokenizer.vocabulary()
        return arpa_words(vocabulary, self.special.bos, self.special.eos, self.special.unk)

    def save_arpa(
        self,
        path: str | Path,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> None:
        write_arpa(Path(path), self.tables, self.arpa_names(), progress, cancel)

    @classmethod
    def load_arpa(
        cls,
        path: str | Path,
        tokenizer: StudioTokenizer,
        spec: NGramSpec | None = None,
        interpolated: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> NGramModel:
        """A model from an ARPA file whose words are `tokenizer`'s tokens."""
        special = SpecialIds.of(tokenizer)
        names = arpa_words(tokenizer.vocabulary(), special.bos, special.eos, special.unk)
        name_to_id = {name: index for index, name in enumerate(names)}
        tables = read_arpa(Path(path), name_to_id, tokenizer.vocab_size, progress, cancel)
        if spec is None:
            spec = NGramSpec(order=tables.order, sentence_per_line=True)
        return cls(tables, special, spec, tokenizer, interpolated=interpolated)
