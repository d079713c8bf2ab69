"""Train, validation and test texts: a corpus split deterministically (`split_corpus`), or
predefined splits read from their own files, as the Penn Treebank comes (`load_split_files`)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lmstudio_app.core.corpus.decode import NON_SPACE
from lmstudio_app.core.corpus.files import PathLike
from lmstudio_app.core.corpus.load import DEFAULT_MAX_BYTES, Corpus, load_corpus
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.memory import release_free_memory
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled

# The parts of a split as a sentence names them.
SPLIT_LABELS = {"train": N_("training"), "valid": N_("validation"), "test": N_("test")}


@dataclass(frozen=True)
class Splits:
    """Train, validation and test texts."""

    train: str
    valid: str
    test: str
    method: str

    def __iter__(self) -> Iterator[str]:
        return iter((self.train, self.valid, self.test))

    def items(self) -> list[tuple[str, str]]:
        return [("train", self.train), ("valid", self.valid), ("test", self.test)]


def _check_fractions(fractions: Sequence[float]) -> tuple[float, float, float]:
    # Written so that NaN fails each test (every comparison with NaN is false): "nan,0,0"
    # once passed both and ended in "cannot convert float NaN to integer".
    if len(fractions) != 3 or not all(f >= 0 for f in fractions) or not fractions[0] > 0:
        raise CorpusError("bad_split", fractions=tuple(fractions))
    if not abs(sum(fractions) - 1.0) <= 1e-6:
        raise CorpusError("bad_split", fractions=tuple(fractions))
    return float(fractions[0]), float(fractions[1]), float(fractions[2])


class _PartedText:
    """Consecutive parts read as one text by position, without joining them."""

    def __init__(self, parts: Sequence[str]) -> None:
        self.parts = list(parts)
        self.starts = list(itertools.accumulate((len(part) for part in self.parts), initial=0))
        self.length = self.starts[-1]

    def find_newline(self, start: int, end: int) -> int:
        """The position of the first newline in [start, end), or -1."""
        index = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while index < len(self.parts) and self.starts[index] < end:
            offset = self.starts[index]
            found = self.parts[index].find("\n", max(start - offset, 0), end - offset)
            if found != -1:
                return offset + found
            index += 1
        return -1

    def slice(self, start: int, end: int) -> str:
        """text[start:end]; a part taken whole is not copied."""
        pieces = []
        for part, offset in zip(self.parts, self.starts, strict=False):
            if offset < end and offset + len(part) > start:
                pieces.append(part[max(start - offset, 0) : end - offset])
        return pieces[0] if len(pieces) == 1 else "".join(pieces)

    def line_start_after(self, position: int, slack: int) -> int:
        """The start of the line at or after `position`, if one begins within `slack`
        characters; else `position`."""
        if position <= 0 or position >= self.length or self.slice(position - 1, position) == "\n":
            return position
        newline = self.find_newline(position, position + slack)
        return newline + 1 if newline != -1 else position


def split_corpus(
    corpus: Corpus | str,
    fractions: Sequence[float] = (0.9, 0.05, 0.05),
    method: str = "contiguous",
    seed: int = 0,
) -> Splits:
    """Split into train / valid / test, deterministically.

    `contiguous` holds out the tail (valid, then test), as language-model benchmarks do, with
    the cuts moved to the next line start when one is near. `lines` deals whole lines to the
    three parts at random with `seed`.
    """
    train_f, valid_f, test_f = _check_fractions(fractions)
    if method == "contiguous":
        # Read from the corpus's parts: the whole text is never joined, and each split is
        # made in one copy (a part it takes whole, not even that).
        parted = _PartedText(corpus.parts if isinstance(corpus, Corpus) else [corpus])
        n = parted.length
        slack = max(int(n * 0.01), 200)
        cut_valid = parted.line_start_after(round(n * train_f), slack)
        cut_test = max(parted.line_start_after(round(n * (train_f + valid_f)), slack), cut_valid)
        splits = Splits(
            parted.slice(0, cut_valid), parted.slice(cut_valid, cut_test),
            parted.slice(cut_test, n), method,
        )
        del parted
        if isinstance(corpus, Corpus):
            # The three parts join to the text: the corpus keeps them instead of its old
            # parts, which are then freed (a large text is held once, not twice), and
            # handed back to the system (the C library may keep a megabyte piece's memory).
            corpus._share_with(splits)
            release_free_memory()
    elif method == "lines":
        text = corpus.text if isinstance(corpus, Corpus) else corpus
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        import numpy as np

        draws = np.random.default_rng(seed).random(len(lines))
        parts: list[list[str]] = [[], [], []]
        for line, draw in zip(lines, draws, strict=True):
            parts[0 if draw < train_f else 1 if draw < train_f + valid_f else 2].append(line)
        splits = Splits(*("\n".join(part) + "\n" if part else "" for part in parts), method)
    else:
        raise CorpusError("bad_split", fractions=f"{tuple(fractions)} with method {method!r}")
    for name, part, fraction in zip(
        ("train", "valid", "test"), splits, (train_f, valid_f, test_f), strict=True
    ):
        if fraction > 0 and NON_SPACE.search(part) is None:
            raise CorpusError("split_too_small", split=SPLIT_LABELS[name])
    return splits


def load_split_files(
    train: PathLike | Sequence[PathLike],
    valid: PathLike | None = None,
    test: PathLike | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[Corpus, Splits]:
    """Predefined splits, as the Penn Treebank comes: one corpus per part."""

    def part(paths: PathLike | Sequence[PathLike], start: float, width: float) -> Corpus:
        return load_corpus(paths, encoding, max_bytes, scaled(progress, start, width), cancel)

    train_corpus = part(train, 0.0, 0.8)
    valid_text = part(valid, 0.8, 0.1).text if valid else ""
    test_text = part(test, 0.9, 0.1).text if test else ""
    progress(1.0, N_("Read all files"))
    return train_corpus, Splits(train_corpus.text, valid_text, test_text, "files")
