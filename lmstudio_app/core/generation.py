"""Generation, shared by every model kind: sampling, streaming, next-token distributions.

A model takes part by implementing `LanguageModel`: it reads a context into a state, gives
the log-probabilities of the next token from a state, and advances a state by one token.
Everything else (temperature, top-k, top-p, greedy, stopping, surprisal) lives here once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.losses import bits
from lmstudio_app.core.progress import CancelCheck
from lmstudio_app.core.sampling import sampling_distribution


@runtime_checkable
class LanguageModel(Protocol):
    """What generation needs from a model."""

    @property
    def vocab_size(self) -> int: ...

    def start(self, context: Sequence[int]) -> Any:
        """A state after reading `context` (possibly empty)."""

    def next_logprobs(self, state: Any) -> np.ndarray:
        """Natural-log probabilities of every token id (length `vocab_size`) after `state`."""

    def advance(self, state: Any, token_id: int) -> Any:
        """The state after reading one more token."""


STOP_CHOICES = ("none", "line", "eos")


@dataclass(frozen=True)
class GenerationSpec:
    """How to pick the next token, again and again."""

    max_tokens: int = setting(
        200,
        label="Length",
        help="How many tokens to write at most.",
        low=1,
        high=100_000,
        unit="tokens",
    )
    temperature: float = setting(
        1.0,
        label="Temperature",
        help="Below 1 the model plays safe and repeats its favourite choices; above 1 it takes "
        "risks and surprises. 0 always takes the most likely token.",
        low=0.0,
        high=10.0,
    )
    top_k: int = setting(
        0,
        label="Top-k",
        help="Choose only among the k most likely tokens. 0 means no limit.",
        low=0,
        high=1_000_000,
    )
    top_p: float = setting(
        1.0,
        label="Top-p",
        help="Choose only among the most likely tokens whose probabilities add up to p "
        "(nucleus sampling). 1 means no limit.",
        low=0.0,
        high=1.0,
    )
    seed: int = setting(
        0,
        label="Seed",
        help="The same seed gives the same text again.",
        low=0,
        high=2**31 - 1,
    )
    stop: str = setting(
        "eos",
        label="Stop at",
        help="Stop early at the end of a line, at the end token, or never.",
        choices=STOP_CHOICES,
    )


@dataclass(frozen=True)
class GeneratedToken:
    """One generated token: its id, its probability under the unmodified model, and why."""

    token_id: int
    probability: float  # under the model itself (temperature 1, no filtering)
    sampled_probability: float  # under the filtered, temperature-scaled distribution
    # the model's most likely tokens at that moment, (id, probability under the model), most
    # likely first: what it could have written instead, kept so that showing them (and
    # branching from one) needs no model call
    alternatives: tuple[tuple[int, float], ...] = ()

    @property
    def surprisal_bits(self) -> float:
        return -math.log2(max(self.probability, 1e-300))


def filtered_distribution(
    logprobs: np.ndarray, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0
) -> np.ndarray:
    """Probabilities after temperature, top-k and top-p; they sum to 1.

    Temperature 0 puts all the mass on the most likely token (greedy). The work, and how
    ties at the cut are settled, is `sampling.sampling_distribution`'s.
    """
    return sampling_distribution(logprobs, temperature, top_k, top_p).probs


ALTERNATIVES_KEPT = 10


def top_alternatives(
    logprobs: np.ndarray, k: int = ALTERNATIVES_KEPT
) -> tuple[tuple[int, float], ...]:
    """The k most likely tokens of a distribution given as log-probabilities, most likely
    first, with their probabilities."""
    logprobs = np.asarray(logprobs)
    k = min(k, logprobs.size)
    top = np.argpartition(-logprobs, k - 1)[:k]
    top = top[np.argsort(-logprobs[top], kind="stable")]
    return tuple((int(i), float(math.exp(logprobs[i]))) for i in top)


def next_token_distribution(
    model: LanguageModel, context: Sequence[int], k: int = 10, state: Any = None
) -> list[tuple[int, float]]:
    """The k most likely next tokens after `context`, with their probabilities."""
    if state is None:
        state = model.start(context)
    probs = np.exp(model.next_logprobs(state))
    k = min(k, probs.size)
    top = np.argpartition(-probs, k - 1)[:k]
    top = top[np.argsort(-probs[top], kind="stable")]
    return [(int(i), float(probs[i])) for i in top]


def generate(
    model: LanguageModel,
    prompt_ids: Sequence[int],
    spec: GenerationSpec,
    *,
    eos_id: int | None = None,
    newline_ids: frozenset[int] = frozenset(),
    cancel: CancelCheck | None = None,
) -> Iterator[GeneratedToken]:
    """Stream tokens one at a time. The caller decodes them; this stays tokenizer-agnostic.

    Stops after `max_tokens`, when `cancel()` says so, or at `<eos>` / a newline token
    according to `spec.stop` (the stopping token is yielded, so the text shows it ended).
    """
    spec = validate_spec(spec)
    rng = np.random.default_rng(spec.seed)
    state = model.start(list(prompt_ids))
    for _ in range(spec.max_tokens):
        if cancel is not None and cancel():
            return
        logprobs = model.next_logprobs(state)
        # the very distribution the Generate page's bars show (sampling.py)
        probs = filtered_distribution(logprobs, spec.temperature, spec.top_k, spec.top_p)
        token_id = int(rng.choice(probs.size, p=probs))
        yield GeneratedToken(
            token_id,
            float(math.exp(logprobs[token_id])),
            float(probs[token_id]),
            top_alternatives(logprobs),
        )
        if spec.stop == "eos" and token_id == eos_id:
            return
        if spec.stop == "line" and (token_id in newline_ids or token_id == eos_id):
            return
        state = model.advance(state, token_id)


def token_logprobs(
    model: LanguageModel, ids: Sequence[int], context: Sequence[int] = ()
) -> np.ndarray:
    """Natural-log probability of each token of `ids` given what precedes it."""
    state = model.start(list(context))
    out = np.empty(len(ids), dtype=np.float64)
    for position, token_id in enumerate(ids):
        out[position] = model.next_logprobs(state)[int(token_id)]
        state = model.advance(state, int(token_id))
    return out


def surprisal_bits(
    model: LanguageModel, ids: Sequence[int], context: Sequence[int] = ()
) -> np.ndarray:
    """How surprised the model is by each token, in bits (-log2 p)."""
    return bits(-token_logprobs(model, ids, context))
