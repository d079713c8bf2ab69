"""A mixture of models over one tokenizer: p(t) = sum_k w_k p_k(t), for generation
(`generation.LanguageModel`) and for scoring a text token by token.

Every part reads the same stream of token ids (`encode_to_array`, as a network reads it). An
n-gram trained one sentence a line reads that stream as sentences: its line end `</s>` is the
token the stream ends a line with (`<eos>`, or the newline character of a character
tokenizer), and after it a new sentence begins. So its probabilities and a network's are of
the same tokens, and a mixture of them is a distribution over the same ids.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.losses import bits, figures
from lmstudio_app.core.models.mix.em import mixture_logprobs
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization import NEWLINE_AS_TEXT_KINDS, StudioTokenizer


def line_end_id(tokenizer: StudioTokenizer) -> int:
    """The id that ends a line in the stream: the newline token, or `<eos>`."""
    if tokenizer.kind in NEWLINE_AS_TEXT_KINDS:
        ids = tokenizer.encode_ids("\n")
        if len(ids) == 1:
            return int(ids[0])
    return int(tokenizer.eos_id)


class _SentencePart:
    """An n-gram trained one sentence a line, reading the stream: its `</s>` stands for the
    stream's line end."""

    def __init__(self, model: Any, tokenizer: StudioTokenizer) -> None:
        self.model = model
        self.line_end = line_end_id(tokenizer)
        self.eos = int(model.special.eos)

    def start(self, context: Sequence[int]) -> Any:
        state = self.model.start(())
        for token in context:
            state = self.advance(state, int(token))
        return state

    def next_logprobs(self, state: Any) -> np.ndarray:
        logprobs = np.array(self.model.next_logprobs(state), dtype=np.float64)
        if self.line_end != self.eos:  # the end of the sentence is the newline character
            logprobs[self.line_end] = np.logaddexp(logprobs[self.line_end], logprobs[self.eos])
            logprobs[self.eos] = -np.inf
        return logprobs

    def advance(self, state: Any, token_id: int) -> Any:
        token_id = self.eos if int(token_id) == self.line_end else int(token_id)
        return self.model.advance(state, token_id)

    def stream_logprobs(self, ids: np.ndarray) -> np.ndarray:
        """Each id's log-probability, the stream cut into sentences at the line ends."""
        ends = np.flatnonzero(ids == self.line_end)
        bounds = [-1, *ends.tolist()]
        sentences = [ids[a + 1 : b] for a, b in itertools.pairwise(bounds)]
        tail = ids[bounds[-1] + 1 :]
        if tail.size:
            sentences.append(tail)
        # An empty line is no sentence to the n-gram's layout: its end is scored apart, as
        # the end of a sentence just begun (what generation gives after a line end).
        full = [s for s in sentences if s.size]
        scores = self.model.score_layout(self.model.layout_ids(full, sentence_per_line=True))
        if self.line_end != self.eos:
            # The newline character ends the line: its probability is the n-gram's `</s>`
            # and the little it keeps for a literal newline inside a sentence (as
            # `next_logprobs` adds them), read from the sentences with a newline written in.
            written = [np.append(s, self.line_end) for s in full]
            literal = self.model.score_layout(
                self.model.layout_ids(written, sentence_per_line=True)
            )
            lengths = np.array([s.size for s in full], dtype=np.int64)
            ends_at = np.cumsum(lengths + 1) - 1  # each sentence's `</s>` in `scores`
            literal_at = np.cumsum(lengths + 2) - 2  # each written newline in `literal`
            scores = scores.copy()
            scores[ends_at] = np.logaddexp(scores[ends_at], literal[literal_at])
        empty_end = float(self.next_logprobs(self.model.start(()))[self.line_end])
        out = np.empty(sum(s.size + 1 for s in sentences))
        at = taken = 0
        for sentence in sentences:
            if sentence.size:
                out[at : at + sentence.size + 1] = scores[taken : taken + sentence.size + 1]
                taken += sentence.size + 1
            else:
                out[at] = empty_end
            at += sentence.size + 1
        # every sentence's `</s>` is scored; a last line without its end has none in the stream
        return out[: ids.size]


class _StreamPart:
    """Any other model: an n-gram over one stream, or a network."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def start(self, context: Sequence[int]) -> Any:
        return self.model.start(list(context))

    def next_logprobs(self, state: Any) -> np.ndarray:
        return np.asarray(self.model.next_logprobs(state), dtype=np.float64)

    def advance(self, state: Any, token_id: int) -> Any:
        return self.model.advance(state, int(token_id))

    def stream_logprobs(self, ids: np.ndarray) -> np.ndarray:
        if hasattr(self.model, "sequence_logprobs"):  # a network: one pass
            return np.asarray(self.model.sequence_logprobs(ids), dtype=np.float64)
        if hasattr(self.model, "layout_ids"):  # an n-gram over a stream
            return np.asarray(self.model.score_layout(self.model.layout_ids([ids])))
        out = np.empty(ids.size)
        state = self.model.start([])
        for position, token in enumerate(ids):
            out[position] = self.model.next_logprobs(state)[int(token)]
            state = self.model.advance(state, int(token))
        return out


def _part(model: Any, tokenizer: StudioTokenizer) -> _SentencePart | _StreamPart:
    if getattr(model, "sentence_per_line", False) and hasattr(model, "layout_ids"):
        return _SentencePart(model, tokenizer)
    return _StreamPart(model)


class MixModel:
    """Linear interpolation of models that share one tokenizer."""

    def __init__(
        self,
        models: Sequence[Any],
        weights: Sequence[float],
        tokenizer: StudioTokenizer,
        names: Sequence[str] = (),
    ) -> None:
        if len(models) != len(weights) or len(models) < 2:
            raise ValueError("a mix needs two or more models, with one weight each")
        self.models = list(models)
        self.parts = [_part(m, tokenizer) for m in models]
        self.tokenizer = tokenizer
        self.names = list(names) or [str(i + 1) for i in range(len(models))]
        self.weights = np.asarray(weights, dtype=np.float64)
        self.set_weights(weights)

    def set_weights(self, weights: Sequence[float]) -> None:
        """New weights (the window's slider); normalised to sum to 1."""
        array = np.clip(np.asarray(weights, dtype=np.float64), 0.0, None)
        if array.shape != (len(self.parts),) or not array.sum() > 0:
            raise ValueError("one non-negative weight a part, not all zero")
        self.weights = array / array.sum()

    @property
    def vocab_size(self) -> int:
        return int(self.tokenizer.vocab_size)

    @property
    def sentence_per_line(self) -> bool:
        return False  # the mix reads one stream (its n-gram parts cut it into sentences)

    # ---- generation.LanguageModel

    def start(self, context: Sequence[int]) -> tuple[Any, ...]:
        return tuple(part.start(context) for part in self.parts)

    def part_logprobs(self, state: tuple[Any, ...]) -> np.ndarray:
        """Each part's next-token log-probabilities (parts x vocabulary)."""
        rows = [
            part.next_logprobs(s)[: self.vocab_size]
            for part, s in zip(self.parts, state, strict=True)
        ]
        return np.vstack(
            [np.pad(r, (0, self.vocab_size - r.size), constant_values=-np.inf) for r in rows]
        )

    def next_logprobs(self, state: tuple[Any, ...]) -> np.ndarray:
        return mixture_logprobs(self.part_logprobs(state), self.weights)

    def advance(self, state: tuple[Any, ...], token_id: int) -> tuple[Any, ...]:
        return tuple(part.advance(s, token_id) for part, s in zip(self.parts, state, strict=True))

    def shares(self, state: tuple[Any, ...], token_id: int) -> np.ndarray:
        """Each part's share of the mixture's probability of `token_id` after `state`: which
        model carried that token (the shares sum to 1)."""
        logprobs = self.part_logprobs(state)[:, int(token_id)]
        return carried_shares(logprobs[:, None], self.weights)[:, 0]

    # ---- scoring

    def stream_part_logprobs(
        self,
        ids: np.ndarray,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> np.ndarray:
        """Every part's log-probability of each id of the stream (parts x tokens)."""
        ids = np.asarray(ids, dtype=np.int64)
        rows = []
        for index, part in enumerate(self.parts):
            check_cancel(cancel)
            progress(index / len(self.parts), N_("Scoring the text"))
            rows.append(part.stream_logprobs(ids))
        return np.vstack(rows)

    def sequence_logprobs(
        self,
        ids: np.ndarray,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        ranks: np.ndarray | None = None,
    ) -> np.ndarray:
        """The mixture's log-probability of each id given all before it (`core.scoring`).
        Ranks need every distribution, so they are computed token by token when asked."""
        ids = np.asarray(ids, dtype=np.int64)
        mixed = mixture_logprobs(self.stream_part_logprobs(ids, progress, cancel), self.weights)
        if ranks is not None:
            state = self.start([])
            for position, token in enumerate(ids):
                if position % 64 == 0:
                    check_cancel(cancel)
                dist = self.next_logprobs(state)
                ranks[position] = int(np.count_nonzero(dist > mixed[position] + 1e-9)) + 1
                state = self.advance(state, int(token))
        return mixed

    def evaluate_ids(self, ids: np.ndarray, chars: int | None = None) -> dict[str, Any]:
        ids = np.asarray(ids)
        if ids.size == 0:
            raise StudioError("empty_text")
        logprobs = self.sequence_logprobs(ids)
        loss = float(-logprobs.mean())
        figure = figures(loss)
        result: dict[str, Any] = {
            "loss": loss,
            "perplexity": figure.perplexity,
            "bits_per_token": figure.bits_per_token,
            "tokens": int(ids.size),
            "oov_rate": float(np.count_nonzero(ids == self.tokenizer.unk_id) / ids.size),
            "weights": [float(w) for w in self.weights],
        }
        if chars:
            result["bits_per_char"] = float(bits(-logprobs.sum()) / chars)
            result["chars"] = chars
        return result

    def evaluate_text(
        self,
        text: str,
        sentence_per_line: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> dict[str, Any]:
        """Loss, perplexity and the rest of the text read as one stream (`sentence_per_line`
        is the parts' business: each reads the stream as it was trained)."""
        ids = self.tokenizer.encode_to_array(text, scaled(progress, 0.0, 0.2), cancel)
        result = self.evaluate_ids(ids, len(text))
        progress(1.0, N_("Done"))
        return result


def carried_shares(logprobs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """w_k p_k / sum_j w_j p_j for each column of `logprobs` (parts x tokens)."""
    mixed = mixture_logprobs(logprobs, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.exp(logprobs + np.log(np.asarray(weights))[:, None] - mixed)
    return np.nan_to_num(shares, nan=1.0 / logprobs.shape[0])
