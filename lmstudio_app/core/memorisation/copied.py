"""How much of a generated text is copied word for word from the training text, and where.

A span counts as copied when it occurs in the training text and is at least `MIN_CHARS`
characters or `MIN_WORDS` words long: shorter runs of letters ("of the") occur in any text.
Every position of the generated text is looked up (the longest match starting there, from the
suffix array); the copied share is the part of the text inside a match that counts.

Line data (a list of names, one a line) is judged line by line instead, as makemore does:
each generated line is in the training text, in the validation text, or new.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

from lmstudio_app.core.memorisation.suffix import SuffixIndex
from lmstudio_app.core.progress import CancelCheck

MIN_CHARS = 8
MIN_WORDS = 4
CONTEXT_CHARS = 80  # of the training line shown beside a copy


@dataclass(frozen=True)
class CopiedSpan:
    """Characters [start, end) of the generated text, found in the training text at line
    `line` (1 for the first), whose text is `context`."""

    start: int
    end: int
    line: int
    context: str


@dataclass(frozen=True)
class CopyReport:
    text: str
    spans: list[CopiedSpan] = field(default_factory=list)

    @property
    def copied_chars(self) -> int:
        return sum(span.end - span.start for span in self.spans)

    @property
    def share(self) -> float:
        """The part of the text (0 to 1) inside a copied span."""
        return self.copied_chars / len(self.text) if self.text else 0.0


@dataclass(frozen=True)
class LineCounts:
    """Generated lines found in the training text, in the validation text, or new."""

    lines: list[tuple[str, str]]  # (line, "train" | "valid" | "new")

    def count(self, where: str) -> int:
        return sum(1 for _, found in self.lines if found == where)


def counts(piece: str, min_chars: int = MIN_CHARS, min_words: int = MIN_WORDS) -> bool:
    """Whether a match this long is a copy rather than common letters."""
    return len(piece) >= min_chars or len(piece.split()) >= min_words


class TrainingText:
    """A training text (and its validation text) ready to be asked what was copied from it.

    The suffix array is built on first use (a moment on a large text); `cached_training_text`
    keeps one per text so a window builds it once."""

    def __init__(self, train: str, valid: str = "", line_data: bool = False) -> None:
        self.train = train
        self.valid = valid
        self.line_data = line_data
        self.data = train.encode("utf-8", "surrogatepass")
        self._index: SuffixIndex | None = None
        self._newlines: np.ndarray | None = None
        self._line_sets: tuple[set[str], set[str]] | None = None

    def index(self, cancel: CancelCheck | None = None) -> SuffixIndex:
        if self._index is None:
            self._index = SuffixIndex(self.data, cancel)
            raw = np.frombuffer(self.data, dtype=np.uint8)
            self._newlines = np.flatnonzero(raw == 0x0A)
        return self._index

    # ---- where a byte of the training text is

    def _line_of(self, offset: int) -> tuple[int, str]:
        """(1-based line number, the line's text) of a byte offset in the training text."""
        assert self._newlines is not None
        before = int(np.searchsorted(self._newlines, offset, side="left"))
        start = int(self._newlines[before - 1]) + 1 if before else 0
        end = int(self._newlines[before]) if before < len(self._newlines) else len(self.data)
        line = self.data[start:end].decode("utf-8", "replace")
        if len(line) > CONTEXT_CHARS:
            line = line[:CONTEXT_CHARS] + "…"
        return before + 1, line

    # ---- what was copied

    def copied(
        self, text: str, min_chars: int = MIN_CHARS, min_words: int = MIN_WORDS
    ) -> CopyReport:
        """The spans of `text` copied from the training text (merged where they overlap)."""
        index = self.index()
        encoded = [ch.encode("utf-8", "surrogatepass") for ch in text]
        offsets = [0]
        for piece in encoded:
            offsets.append(offsets[-1] + len(piece))
        data = b"".join(encoded)
        found: list[tuple[int, int, int]] = []  # (start char, end char, training offset)
        reach = 0  # the end of the last match kept: one inside it adds nothing new
        for i in range(len(text)):
            length, where = index.longest_match(data[offsets[i] :])
            end = bisect.bisect_right(offsets, offsets[i] + length) - 1  # whole characters
            if end <= max(i, reach) or not counts(text[i:end], min_chars, min_words):
                continue
            found.append((i, end, where))
            reach = end
        spans: list[CopiedSpan] = []
        for start, end, where in found:
            if spans and start <= spans[-1].end:  # overlapping: one span, the first's place
                last = spans[-1]
                spans[-1] = CopiedSpan(last.start, max(end, last.end), last.line, last.context)
            else:
                line, context = self._line_of(where)
                spans.append(CopiedSpan(start, end, line, context))
        return CopyReport(text, spans)

    def classify_lines(self, text: str) -> LineCounts:
        """Each non-empty generated line: in the training text, the validation text, or new."""
        if self._line_sets is None:
            self._line_sets = (
                {line.strip() for line in self.train.splitlines() if line.strip()},
                {line.strip() for line in self.valid.splitlines() if line.strip()},
            )
        train, valid = self._line_sets
        lines = []
        for line in text.splitlines():
            line = line.strip()
            if line:
                where = "train" if line in train else "valid" if line in valid else "new"
                lines.append((line, where))
        return LineCounts(lines)


_CACHE: dict[str, TrainingText] = {}
_CACHE_SIZE = 2  # a 100 MB text's array takes 400 MB: keep few


def cached_training_text(
    key: str, train: str, valid: str = "", line_data: bool = False
) -> TrainingText:
    """One `TrainingText` per `key` (the training part's fingerprint), built once."""
    found = _CACHE.get(key)
    if found is None:
        found = TrainingText(train, valid, line_data)
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = found
    return found
