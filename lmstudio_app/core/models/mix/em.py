"""Interpolation weights tuned on held-out text by expectation-maximisation, as SRILM's
`compute-best-mix` does.

Given each part's log-probability of every held-out token, the weights w maximise the
held-out likelihood of the mixture sum_k w_k p_k(token). EM never lowers that likelihood
(each step is a lower-bound maximisation), and each step's weights are the mean of the parts'
posterior shares of the tokens, so they stay positive and sum to 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MixFit:
    """The tuned weights and the mean log-likelihood (nats per token) at every iteration
    (the first entry: the starting weights)."""

    weights: tuple[float, ...]
    history: tuple[float, ...]
    tokens: int

    @property
    def loss(self) -> float:
        """Mean nats per held-out token of the mixture with the tuned weights."""
        return -self.history[-1]


def mixture_logprobs(logprobs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """log sum_k w_k exp(logprobs[k, t]) for every t (log-sum-exp: no underflow)."""
    with np.errstate(divide="ignore"):  # a weight or a probability 0: log 0 = -inf
        scaled = logprobs + np.log(np.asarray(weights, dtype=np.float64))[:, None]
        top = scaled.max(axis=0)
        safe = np.where(np.isfinite(top), top, 0.0)
        return safe + np.log(np.exp(scaled - safe).sum(axis=0))


def fit_weights(
    logprobs: np.ndarray,
    start: np.ndarray | None = None,
    max_iterations: int = 200,
    tolerance: float = 1e-7,
) -> MixFit:
    """EM weights for the parts whose log-probabilities of the same tokens are the rows of
    `logprobs` (parts x tokens). Tokens no part can give any probability are left out:
    every mixture scores them -infinity alike, so they cannot tell weights apart."""
    logprobs = np.asarray(logprobs, dtype=np.float64)
    if logprobs.ndim != 2 or logprobs.shape[0] < 1:
        raise ValueError("logprobs must be parts x tokens")
    usable = np.isfinite(logprobs).any(axis=0)
    logprobs = logprobs[:, usable]
    parts = logprobs.shape[0]
    weights = np.full(parts, 1.0 / parts) if start is None else np.asarray(start, dtype=float)
    weights = weights / weights.sum()
    if logprobs.shape[1] == 0:
        return MixFit(tuple(float(w) for w in weights), (float("nan"),), 0)
    history = [float(mixture_logprobs(logprobs, weights).mean())]
    for _ in range(max_iterations):
        mixed = mixture_logprobs(logprobs, weights)
        with np.errstate(divide="ignore"):
            posterior = np.exp(logprobs + np.log(weights)[:, None] - mixed)
        weights = posterior.mean(axis=1)
        weights = weights / weights.sum()  # rounding: the shares sum to 1 per token already
        history.append(float(mixture_logprobs(logprobs, weights).mean()))
        if abs(history[-1] - history[-2]) <= tolerance * max(abs(history[-2]), 1.0):
            break
    return MixFit(tuple(float(w) for w in weights), tuple(history), int(logprobs.shape[1]))
