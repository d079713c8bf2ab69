"""Score any text with a trained model: how surprised it is by each token, and in all.

`score_text` reads a text as `eval` does (the same encoding, the same context for every
token: the model's own `evaluate_text` path) and keeps, for every token, its probability, its
surprisal and its rank among the model's guesses, with the characters it covers. Its totals
are `eval`'s: loss (nats per token), perplexity and bits per character. `rank_runs` scores one
text with several models and orders them by bits per character, the one figure that compares
models whatever their tokenizers: the model that expects the text most comes first (language
identification and authorship, as a class can see it in one click).

The window's "Score a text" and "Guess the next token" and `lmstudio-app score` all call these.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.losses import bits, perplexity
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization import StudioTokenizer


@dataclass(frozen=True)
class ScoredToken:
    """One token of a scored text."""

    token_id: int
    token: str  # as the tokenizer shows it (display_token)
    start: int  # the characters of the text it covers: text[start:end]
    end: int
    logprob: float  # natural log of its probability, given every token before it
    rank: int  # 1: the model's favourite there; 2: its second guess...

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)

    @property
    def surprisal_bits(self) -> float:
        return -self.logprob / math.log(2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "id": self.token_id,
            "start": self.start,
            "end": self.end,
            "probability": self.probability,
            "surprisal_bits": self.surprisal_bits,
            "rank": self.rank,
        }


@dataclass
class TextScore:
    """A text as one model read it: every token, and the totals `eval` reports."""

    text: str
    tokens: list[ScoredToken]
    name: str = ""  # the run's name, when several are compared
    unknown_id: int | None = field(default=None, repr=False)

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def total_bits(self) -> float:
        return bits(-sum(t.logprob for t in self.tokens))

    @property
    def loss(self) -> float:
        """Mean nats per token, as `eval` and training report it."""
        return -sum(t.logprob for t in self.tokens) / max(len(self.tokens), 1)

    @property
    def perplexity(self) -> float:
        return perplexity(self.loss)

    @property
    def bits_per_token(self) -> float:
        return bits(self.loss)

    @property
    def bits_per_char(self) -> float:
        return self.total_bits / max(self.chars, 1)

    @property
    def unknown_share(self) -> float:
        """The share of tokens the model read as `<unk>` (outside what it knows)."""
        if not self.tokens or self.unknown_id is None:
            return 0.0
        return sum(t.token_id == self.unknown_id for t in self.tokens) / len(self.tokens)

    def part(self, start: int, end: int) -> TextScore:
        """The tokens that begin within text[start:end], as a text of their own (their
        probabilities still read with all that precedes them): the part a person guessed."""
        tokens = [t for t in self.tokens if start <= t.start < end]
        if not tokens:
            return TextScore(self.text[start:end], [], self.name, self.unknown_id)
        last = max(t.end for t in tokens)
        moved = [
            ScoredToken(t.token_id, t.token, t.start - start, t.end - start, t.logprob, t.rank)
            for t in tokens
        ]
        return TextScore(self.text[start : max(last, end)], moved, self.name, self.unknown_id)

    def totals(self) -> dict[str, Any]:
        return {
            "tokens": len(self.tokens),
            "chars": self.chars,
            "loss": self.loss,
            "perplexity": self.perplexity,
            "bits_per_token": self.bits_per_token,
            "bits_per_char": self.bits_per_char,
            "unknown_share": self.unknown_share,
        }

    def to_dict(self, with_tokens: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, **self.totals()} if self.name else self.totals()
        if with_tokens:
            out["per_token"] = [t.to_dict() for t in self.tokens]
        return out


def score_text(
    model: Any,
    tokenizer: StudioTokenizer,
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
    name: str = "",
) -> TextScore:
    """Every token of `text` with its probability, surprisal and rank under `model`, read as
    `eval` reads a text (an n-gram as it was trained: one stream, or one sentence a line)."""
    if not text:
        raise CorpusError("empty_text")
    progress(0.0, N_("Scoring the text"))
    if hasattr(model, "layout_text") and hasattr(model, "score_layout"):
        ids, logprobs, ranks, spans = _ngram_scores(model, tokenizer, text, progress, cancel)
    else:
        ids = np.asarray(tokenizer.encode_to_array(text, scaled(progress, 0.0, 0.1), cancel))
        ranks = np.zeros(ids.size, dtype=np.int64)
        if hasattr(model, "sequence_logprobs"):  # the networks: as their evaluate_text
            logprobs = model.sequence_logprobs(
                ids, progress=scaled(progress, 0.1, 0.9), cancel=cancel, ranks=ranks
            )
        else:  # any other generation.LanguageModel: token by token
            logprobs = _stepped_scores(model, ids, ranks, scaled(progress, 0.1, 0.9), cancel)
        spans = _stream_spans(tokenizer, text, ids)
    if ids.size == 0:
        raise CorpusError("empty_text")
    tokens = [
        ScoredToken(
            int(token), tokenizer.display_token(int(token)), start, end, float(lp), int(rank)
        )
        for token, lp, rank, (start, end) in zip(ids, logprobs, ranks, spans, strict=True)
    ]
    progress(1.0, N_("Done"))
    return TextScore(text, tokens, name, tokenizer.unk_id)


def rank_runs(
    runs: Sequence[tuple[str, Any, StudioTokenizer]],
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> list[TextScore]:
    """`text` scored by each (name, model, tokenizer), the model that expects it most (the
    fewest bits per character) first."""
    scores = []
    for index, (name, model, tokenizer) in enumerate(runs):
        check_cancel(cancel)
        part = scaled(progress, index / len(runs), 1 / len(runs))
        scores.append(score_text(model, tokenizer, text, part, cancel, name=name))
    progress(1.0, N_("Done"))
    return sorted(scores, key=lambda s: (_sortable(s.bits_per_char), s.name))


def _sortable(value: float) -> float:
    return math.inf if math.isnan(value) else value


# ---- the n-gram: its own layout (sentences or a stream), as `evaluate_text` reads it


def _ngram_scores(
    model: Any,
    tokenizer: StudioTokenizer,
    text: str,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int]]]:
    layout = model.layout_text(text, None, scaled(progress, 0.0, 0.2), cancel)
    logprobs = model.score_layout(layout)
    targets = layout.targets
    seq = layout.seq.astype(np.int64)
    starts = np.zeros(1, dtype=np.int64) if layout.starts is None else layout.starts
    keep = model.order - 1
    ranks = np.empty(targets.size, dtype=np.int64)
    seen: dict[tuple[int, ...], np.ndarray] = {}
    for number, position in enumerate(targets):
        if number % 256 == 0:
            check_cancel(cancel)
            progress(0.2 + 0.7 * number / max(targets.size, 1), N_("Scoring the text"))
        begin = int(starts[np.searchsorted(starts, position, side="right") - 1])
        state = tuple(int(i) for i in seq[max(begin, position - keep) : position]) if keep else ()
        dist = seen.get(state)
        if dist is None:
            dist = seen[state] = model.next_logprobs(state)
        # rank from the distribution the score came from (the same backoff, to rounding)
        ranks[number] = int(np.count_nonzero(dist > logprobs[number] + 1e-9)) + 1
    ids = seq[targets]
    if model.sentence_per_line:
        spans = _sentence_spans(tokenizer, text)
    else:
        spans = _stream_spans(tokenizer, text, ids)
    if len(spans) != ids.size:
        spans = _unplaced_spans(ids.size, len(text))
    return ids, logprobs, ranks, spans


def _sentence_spans(tokenizer: StudioTokenizer, text: str) -> list[tuple[int, int]]:
    """Where each predicted token of the sentence layout lies: a line's tokens, then its end
    (the newline, or the end of the text); empty lines are no sentence."""
    spans: list[tuple[int, int]] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    start = 0
    for line in lines:
        encoded = tokenizer.encode(line)
        if encoded.ids:
            spans.extend((start + a, start + b) for a, b in encoded.offsets)
            spans.append((start + len(line), start + len(line) + 1))
        start += len(line) + 1
    return spans


# ---- the networks and anything else: one stream of the tokenizer's ids


def _stream_spans(tokenizer: StudioTokenizer, text: str, ids: np.ndarray) -> list[tuple[int, int]]:
    """The characters each id of `encode_to_array(text)` covers, from the tokenizer's offsets
    (the same ids, read by the library with offsets)."""
    encoded = tokenizer.encode(text)
    if len(encoded.ids) == ids.size:
        return [(int(a), int(b)) for a, b in encoded.offsets]
    return _unplaced_spans(ids.size, len(text))


def _unplaced_spans(count: int, length: int) -> list[tuple[int, int]]:
    """Spans when the offsets cannot be matched to the ids (should not happen): each token
    shown at the end of the text, so the figures stay right though the colours cannot."""
    return [(length, length)] * count


def _stepped_scores(
    model: Any,
    ids: np.ndarray,
    ranks: np.ndarray,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> np.ndarray:
    out = np.empty(ids.size, dtype=np.float64)
    state = model.start([])
    for position, token in enumerate(ids):
        if position % 64 == 0:
            check_cancel(cancel)
            progress(position / max(ids.size, 1), N_("Scoring the text"))
        logprobs = model.next_logprobs(state)
        out[position] = logprobs[int(token)]
        ranks[position] = int(np.count_nonzero(logprobs > out[position])) + 1
        state = model.advance(state, int(token))
    return out
