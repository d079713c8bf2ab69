"""The distribution the next token is really drawn from: temperature, then top-k, then top-p.

`sampling_distribution` is the one place this is decided. The sampler (`generation.generate`)
draws from its `probs`, and the Generate page's bars and the `next` command show the same
object, so what a class sees is what the model does: the kept tokens with the probability
they are drawn with, the cut tokens with the probability the model gave them, and where the
cut is and which setting made it.

Ties: tokens are ranked once, by the model's own log-probability, highest first and, among
equal ones, lowest id first (a stable sort). Top-k keeps the first k of that ranking and
top-p the shortest prefix of it whose mass reaches p, so a tie at the cut is always settled
the same way, by id. Temperature 0 keeps the first token alone (greedy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

CUT_NONE = "none"
CUT_GREEDY = "greedy"
CUT_TOP_K = "top-k"
CUT_TOP_P = "top-p"


@dataclass(frozen=True)
class SamplingDistribution:
    """A next-token distribution before and after the sampling settings.

    `raw`: the model's probabilities (temperature 1, nothing cut). `probs`: what is drawn
    from, the same length, summing to 1, zero outside the kept tokens. `ranking`: every id,
    most likely first. The kept tokens are `ranking[:kept]`; `cut_by` says what made the cut
    ("none", "greedy", "top-k" or "top-p").
    """

    raw: np.ndarray
    probs: np.ndarray
    ranking: np.ndarray
    kept: int
    cut_by: str
    temperature: float
    top_k: int
    top_p: float

    @property
    def vocab_size(self) -> int:
        return int(self.raw.size)

    def kept_ids(self) -> np.ndarray:
        return self.ranking[: self.kept]

    def possible(self) -> int:
        """How many tokens the model gives any probability at all."""
        return int(np.count_nonzero(self.raw > 0))

    def cut_count(self) -> int:
        """How many tokens the model thought possible that can no longer be drawn."""
        return int(np.count_nonzero(self.raw[self.ranking[self.kept :]] > 0))

    def cut_mass(self) -> float:
        """The model's own probability of the tokens that were cut."""
        return float(self.raw[self.ranking[self.kept :]].sum())

    def kept_rows(self, limit: int | None = None) -> list[tuple[int, float, float]]:
        """(id, probability drawn with, model's probability) of the kept tokens, best first."""
        ids = self.ranking[: self.kept if limit is None else min(self.kept, limit)]
        return [(int(i), float(self.probs[i]), float(self.raw[i])) for i in ids]

    def cut_rows(self, limit: int | None = None) -> list[tuple[int, float]]:
        """(id, model's probability) of the most likely cut tokens (never those it rules out)."""
        rest = self.ranking[self.kept :]
        rest = rest[self.raw[rest] > 0]
        if limit is not None:
            rest = rest[:limit]
        return [(int(i), float(self.raw[i])) for i in rest]

    def raw_rows(self, limit: int) -> list[tuple[int, float]]:
        """(id, model's probability) of the most likely tokens, settings ignored."""
        return [(int(i), float(self.raw[i])) for i in self.ranking[:limit]]

    def to_dict(self, token_text: Any, limit: int = 10) -> dict[str, Any]:
        """A JSON-ready summary (the `next` command prints it); `token_text(id)` names a token."""

        def named(rows: list[tuple[Any, ...]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
            return [
                {"id": row[0], "token": token_text(row[0]), **dict(zip(keys, row[1:], strict=True))}
                for row in rows
            ]

        return {
            "settings": {
                "temperature": self.temperature,
                "top_k": self.top_k,
                "top_p": self.top_p,
            },
            "raw": named(self.raw_rows(limit), ("probability",)),
            "sampled": named(self.kept_rows(limit), ("probability", "raw_probability")),
            "cut": {
                "by": self.cut_by,
                "kept": self.kept,
                "cut_tokens": self.cut_count(),
                "cut_raw_mass": self.cut_mass(),
                "first_cut": named(self.cut_rows(limit), ("raw_probability",)),
            },
        }


def rank_tokens(logprobs: np.ndarray) -> np.ndarray:
    """Every id, most likely first; among equal log-probabilities the lowest id first."""
    return np.argsort(-np.asarray(logprobs, dtype=np.float64), kind="stable")


def sampling_distribution(
    logprobs: np.ndarray, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0
) -> SamplingDistribution:
    """What the next token is drawn from after `logprobs` (natural logs, one per id).

    Temperature divides the log-probabilities (0: the most likely token alone), top-k keeps
    the k best of the ranking (0: no limit), top-p the shortest prefix of what top-k kept
    whose renormalised mass reaches p (1: no limit; always at least one token).
    """
    logprobs = np.asarray(logprobs, dtype=np.float64)
    size = int(logprobs.size)
    with np.errstate(over="ignore", under="ignore"):
        raw = np.exp(logprobs)
    ranking = rank_tokens(logprobs)
    settings = (float(temperature), int(top_k), float(top_p))
    if temperature <= 0:
        probs = np.zeros(size)
        probs[ranking[0]] = 1.0
        cut_by = CUT_GREEDY if size > 1 else CUT_NONE
        return SamplingDistribution(raw, probs, ranking, 1, cut_by, *settings)
    scaled = logprobs / temperature
    scaled = scaled - np.max(scaled)
    with np.errstate(under="ignore"):
        weights = np.exp(scaled[ranking])  # in ranking order
    kept, cut_by = size, CUT_NONE
    if 0 < top_k < size:
        kept, cut_by = int(top_k), CUT_TOP_K
    if top_p < 1.0:
        head = weights[:kept] / weights[:kept].sum()
        cumulative = np.cumsum(head)
        # the smallest prefix whose mass reaches top_p (at least one token)
        reach = min(int(np.searchsorted(cumulative, top_p, side="left")) + 1, kept)
        if reach < kept:
            kept, cut_by = reach, CUT_TOP_P
    probs = np.zeros(size)
    probs[ranking[:kept]] = weights[:kept] / weights[:kept].sum()
    return SamplingDistribution(raw, probs, ranking, kept, cut_by, *settings)
