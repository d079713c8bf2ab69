"""One way from a loss (mean nats a token) to the figures the app shows beside it."""

from __future__ import annotations

import math
from dataclasses import dataclass

# exp(700) is near the largest float: a finite loss above it is shown as exp(700), not an
# overflow; an infinite loss stays infinite, NaN stays NaN.
_LARGEST_EXPONENT = 700.0


def perplexity(loss: float) -> float:
    """e to the loss: how many equally likely tokens the model is as unsure as."""
    if math.isnan(loss) or loss == math.inf:
        return loss
    return math.exp(min(loss, _LARGEST_EXPONENT))


def bits(loss: float) -> float:
    """The loss in bits instead of nats."""
    return loss / math.log(2)


@dataclass(frozen=True)
class LossFigures:
    loss: float
    perplexity: float
    bits_per_token: float
    bits_per_char: float | None


def figures(loss: float, chars_per_token: float | None = None) -> LossFigures:
    """Loss, perplexity, bits a token and, given characters a token, bits a character."""
    per_char = None if not chars_per_token else bits(loss) / chars_per_token
    return LossFigures(loss, perplexity(loss), bits(loss), per_char)
