"""Find the neuron: which unit follows a simple feature of the text, as Karpathy's quote cell.

The features are worked out from the text alone (no labels needed): inside quotes, inside
brackets, position in the line, start of a word, a vowel next, a line break next. Each is a
number per token (its value once the token has been read); each unit is scored by how closely
it follows it, the absolute Pearson correlation over the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lmstudio_app.core.i18n import N_

# key -> the name shown (translated where shown)
FEATURES: dict[str, str] = {
    "inside_quotes": N_("Inside quotes"),
    "inside_brackets": N_("Inside brackets"),
    "line_position": N_("Position in the line"),
    "word_start": N_("Start of a word"),
    "vowel_next": N_("A vowel comes next"),
    "line_break_next": N_("A line break comes next"),
}
STRAIGHT_QUOTES = frozenset('"')
OPENING_QUOTES = frozenset("“「『«")
CLOSING_QUOTES = frozenset("”」』»")
OPENING_BRACKETS = frozenset("([{（【《")
CLOSING_BRACKETS = frozenset(")]}）】》")
VOWELS = frozenset("aeiouyAEIOUYàâäéèêëîïôöùûüáíóúÀÉÈÊÎÔÙÁÍÓÚ")


def text_features(text: str, offsets: Sequence[tuple[int, int]]) -> dict[str, np.ndarray]:
    """Each feature's value after each token (the token spans `offsets` in `text`)."""
    steps = len(offsets)
    # Running state over the characters, read off at each token's end.
    quoted = np.zeros(len(text) + 1)
    bracketed = np.zeros(len(text) + 1)
    column = np.zeros(len(text) + 1)
    inside_straight, curly, depth, col = False, 0, 0, 0
    for index, char in enumerate(text):
        if char in STRAIGHT_QUOTES:
            inside_straight = not inside_straight
        elif char in OPENING_QUOTES:
            curly += 1
        elif char in CLOSING_QUOTES:
            curly = max(0, curly - 1)
        elif char in OPENING_BRACKETS:
            depth += 1
        elif char in CLOSING_BRACKETS:
            depth = max(0, depth - 1)
        col = 0 if char == "\n" else col + 1
        quoted[index + 1] = float(inside_straight or curly > 0)
        bracketed[index + 1] = float(depth > 0)
        column[index + 1] = col
    ends = np.array([end for _, end in offsets], dtype=np.int64).clip(0, len(text))
    starts = np.array([start for start, _ in offsets], dtype=np.int64).clip(0, len(text))

    def char_at(position: int) -> str:
        return text[position] if 0 <= position < len(text) else ""

    word_start = np.array(
        [float(char_at(s).isalnum() and not char_at(s - 1).isalnum()) for s in starts.tolist()]
    )
    vowel_next = np.array([float(char_at(e) in VOWELS) for e in ends.tolist()])
    break_next = np.array([float(char_at(e) == "\n") for e in ends.tolist()])
    out = {
        "inside_quotes": quoted[ends],
        "inside_brackets": bracketed[ends],
        "line_position": column[ends],
        "word_start": word_start,
        "vowel_next": vowel_next,
        "line_break_next": break_next,
    }
    return {key: value.reshape(steps) for key, value in out.items()}


def correlations(values: np.ndarray, feature: np.ndarray) -> np.ndarray:
    """Pearson correlation of each unit (column of `values`) with `feature`; 0 where either
    does not vary (a feature absent from the text says nothing of any unit)."""
    values = np.asarray(values, dtype=np.float64)
    feature = np.asarray(feature, dtype=np.float64)
    centred = values - values.mean(axis=0)
    f = feature - feature.mean()
    denominator = np.sqrt((centred**2).sum(axis=0) * (f**2).sum())
    numerator = f @ centred
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(denominator > 1e-12, numerator / np.where(denominator > 0, denominator, 1), 0)
    return np.asarray(r, dtype=np.float64)


@dataclass(frozen=True)
class NeuronMatch:
    """How well one unit of one track (the hidden state, or a gate) follows one feature."""

    feature: str
    track: str
    unit: int
    correlation: float

    @property
    def strength(self) -> float:
        return abs(self.correlation)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "track": self.track,
            "unit": self.unit,
            "correlation": round(self.correlation, 6),
        }


def rank_units(
    tracks: dict[str, np.ndarray], features: dict[str, np.ndarray], feature: str
) -> list[NeuronMatch]:
    """Every unit of every track against `feature`, the closest follower first (ties: the
    track's order, then the lower unit)."""
    matches = []
    for track, values in tracks.items():
        for unit, r in enumerate(correlations(values, features[feature]).tolist()):
            matches.append(NeuronMatch(feature, track, unit, float(r)))
    order = {track: index for index, track in enumerate(tracks)}
    matches.sort(key=lambda m: (-round(m.strength, 12), order[m.track], m.unit))
    return matches


def best_matches(
    tracks: dict[str, np.ndarray], features: dict[str, np.ndarray]
) -> list[NeuronMatch]:
    """The best unit for each feature the text shows (a feature that never changes in the
    text is left out), the strongest first."""
    best = []
    for feature, values in features.items():
        if values.size < 2 or np.ptp(values) == 0:
            continue
        best.append(rank_units(tracks, features, feature)[0])
    best.sort(key=lambda m: -m.strength)
    return best
