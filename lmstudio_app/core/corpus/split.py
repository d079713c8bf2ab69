"""Train, validation and test texts: a corpus split deterministically (`split_corpus`), or
predefined splits read from their own files, as the Penn Treebank comes (`load_split_files`).

A short text (a four-line poem) still trains. A held-out part that its fraction would leave
empty gets one whole line, as long as training keeps at least half of the text's lines;
validation is served first (the loss curve and early stopping need it). A part that cannot get
a line stays empty and `Splits.notes` says so in plain words: the model then trains without
validation, or has no test score. The window and the command line show the same notes.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lmstudio_app.core.corpus.decode import NON_SPACE
from lmstudio_app.core.corpus.files import PathLike
from lmstudio_app.core.corpus.load import DEFAULT_MAX_BYTES, Corpus, load_corpus
from lmstudio_app.core.corpus.spill import LazyPieces, SpilledText, SpillWriter, text_pieces
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_, Text
from lmstudio_app.core.memory import release_free_memory
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled

# The parts of a split as a sentence names them.
SPLIT_LABELS = {"train": N_("training"), "valid": N_("validation"), "test": N_("test")}

# What a short text's split says, for each held-out part that got one line / none.
LINE_HELD_OUT = {
    "valid": N_("The text is short: one whole line of it is held out for validation."),
    "test": N_("The text is short: one whole line of it is held out for testing."),
}
NOTHING_HELD_OUT = {
    "valid": N_(
        "The text is too short to hold out a line for validation: the model learns from all "
        "of it without validation, so there is no validation loss and no early stopping."
    ),
    "test": N_("The text is too short to hold out a line for testing: there is no test score."),
}


@dataclass(frozen=True)
class Splits:
    """Train, validation and test texts: strings, or views of a large text on disk
    (`spill.SpilledText`; read them with `spill.text_pieces`)."""

    train: str | SpilledText
    valid: str | SpilledText
    test: str | SpilledText
    method: str
    # What a short text's split did that its fractions did not ask for: one sentence each.
    notes: tuple[Text, ...] = ()

    def __iter__(self) -> Iterator[str | SpilledText]:
        return iter((self.train, self.valid, self.test))

    def items(self) -> list[tuple[str, str | SpilledText]]:
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
        # A spilled text's parts (`LazyPieces`) are read from disk one at a time, when asked
        # for: never all listed at once, and their lengths come from its index.
        self.parts = parts if isinstance(parts, LazyPieces) else list(parts)
        lengths = parts.lengths if isinstance(parts, LazyPieces) else map(len, self.parts)
        self.starts = list(itertools.accumulate(lengths, initial=0))
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
        pieces = [self.parts[i][low:high] for i, low, high in self._spans(start, end)]
        return pieces[0] if len(pieces) == 1 else "".join(pieces)

    def _spans(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """(part index, start, end within the part) of each part that [start, end) covers."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        for index in range(first, len(self.parts)):
            offset = self.starts[index]
            if offset >= end:
                return
            if self.starts[index + 1] > start:
                yield index, max(start - offset, 0), end - offset

    def line_start_after(self, position: int, slack: int) -> int:
        """The start of the line at or after `position`, if one begins within `slack`
        characters; else `position`."""
        if position <= 0 or position >= self.length or self.slice(position - 1, position) == "\n":
            return position
        newline = self.find_newline(position, position + slack)
        return newline + 1 if newline != -1 else position

    def rfind_newline(self, start: int, end: int) -> int:
        """The position of the last newline in [start, end), or -1."""
        index = min(bisect.bisect_right(self.starts, max(end - 1, 0)) - 1, len(self.parts) - 1)
        while index >= 0 and self.starts[index + 1] > start:
            offset = self.starts[index]
            found = self.parts[index].rfind("\n", max(start - offset, 0), max(end - offset, 0))
            if found != -1:
                return offset + found
            index -= 1
        return -1

    def blank(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds nothing but spaces (read a part at a time, and
        only until a character that is not a space: a held-out part is not copied)."""
        return all(
            NON_SPACE.search(self.parts[index], low, high) is None
            for index, low, high in self._spans(start, end)
        )

    def last_line_start(self, end: int) -> int:
        """The start of the last line with text (not only spaces) that begins before `end`,
        or -1 when there is none."""
        while end > 0:
            start = self.rfind_newline(0, end - 1) + 1
            if not self.blank(start, end):
                return start
            end = start
        return -1

    def count_lines(self, most: int) -> int:
        """How many lines have text, counted from the end and up to `most` (a long text is
        not read through)."""
        count, end = 0, self.length
        while count < most and (end := self.last_line_start(end)) != -1:
            count += 1
        return count


def _contiguous_cuts(
    parted: _PartedText, fractions: tuple[float, float, float]
) -> tuple[int, int, dict[str, Text]]:
    """Where validation and test begin, and what was done for a short text."""
    train_f, valid_f, test_f = fractions
    n = parted.length
    slack = max(int(n * 0.01), 200)
    cut_valid = parted.line_start_after(round(n * train_f), slack)
    cut_test = max(parted.line_start_after(round(n * (train_f + valid_f)), slack), cut_valid)
    notes: dict[str, Text] = {}
    if not (valid_f > 0 and parted.blank(cut_valid, cut_test)) and not (
        test_f > 0 and parted.blank(cut_test, n)
    ):
        return cut_valid, cut_test, notes
    # Each held-out line is one training no longer has: at most half of the lines go (counted
    # up to the four that two held-out lines need).
    spare = parted.count_lines(4) // 2
    if test_f > 0 and parted.blank(cut_test, n) and spare >= 1 + (valid_f > 0):
        cut_test = parted.last_line_start(n)
        cut_valid = min(cut_valid, cut_test)
        notes["test"] = LINE_HELD_OUT["test"]
    if valid_f > 0 and parted.blank(cut_valid, cut_test) and spare >= 1:
        start = parted.last_line_start(cut_test)
        if start > 0 and parted.last_line_start(start) != -1:  # training keeps a line
            cut_valid = start
            notes["valid"] = LINE_HELD_OUT["valid"]
    # A part left with nothing but spaces is left empty (its spaces stay with the part before).
    if valid_f > 0 and parted.blank(cut_valid, cut_test):
        cut_valid = cut_test
        notes["valid"] = NOTHING_HELD_OUT["valid"]
    if test_f > 0 and parted.blank(cut_test, n):
        cut_test = n
        notes["test"] = NOTHING_HELD_OUT["test"]
    return cut_valid, cut_test, notes


def _deal_lines(
    text: str, fractions: tuple[float, float, float], seed: int
) -> tuple[list[str], dict[str, Text]]:
    """Whole lines dealt to the three parts at random with `seed`, each part's lines in the
    text's order, and what was done for a short text."""
    import numpy as np

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    train_f, valid_f, _ = fractions
    draws = np.random.default_rng(seed).random(len(lines))
    dealt: list[list[int]] = [[], [], []]
    for index, draw in enumerate(draws):
        dealt[0 if draw < train_f else 1 if draw < train_f + valid_f else 2].append(index)
    has_text = [NON_SPACE.search(line) is not None for line in lines]
    # Training keeps at least half of the lines with text (the rule the contiguous split has).
    keep = (sum(has_text) + 1) // 2
    notes: dict[str, Text] = {}
    for part, name in ((1, "valid"), (2, "test")):  # validation first
        if fractions[part] <= 0 or any(has_text[i] for i in dealt[part]):
            continue
        train_lines = [i for i in dealt[0] if has_text[i]]
        if len(train_lines) - 1 >= keep:
            dealt[0].remove(train_lines[-1])
            dealt[part] = sorted([*dealt[part], train_lines[-1]])
            notes[name] = LINE_HELD_OUT[name]
        else:
            dealt[0] = sorted(dealt[0] + dealt[part])  # its blank lines, if any
            dealt[part] = []
            notes[name] = NOTHING_HELD_OUT[name]
    parts = ["\n".join(lines[i] for i in part) + "\n" if part else "" for part in dealt]
    return parts, notes


def _deal_spilled_lines(
    text: SpilledText, fractions: tuple[float, float, float], seed: int
) -> list[str | SpilledText]:
    """`_deal_lines` for a text on disk: its lines dealt a piece at a time, with the same
    draws, into three texts on disk. (A text this large has lines for every part: the short
    text's rules never come into play.)"""
    import numpy as np

    rng = np.random.default_rng(seed)
    train_f, valid_f, _ = fractions
    writers = [SpillWriter(), SpillWriter(), SpillWriter()]
    try:
        carried = ""  # a line cut in two by a piece boundary (a stretch without newlines)
        for piece in text.pieces():
            lines = (carried + piece).split("\n")
            carried = lines.pop()  # after the last newline: "" or a line still going on
            for line, draw in zip(lines, rng.random(len(lines)), strict=True):
                part = 0 if draw < train_f else 1 if draw < train_f + valid_f else 2
                writers[part].write(line + "\n")
        if carried:
            draw = rng.random()
            part = 0 if draw < train_f else 1 if draw < train_f + valid_f else 2
            writers[part].write(carried + "\n")
        return [writer.finish() for writer in writers]
    except BaseException:
        for writer in writers:
            writer.discard()
        raise


def split_corpus(
    corpus: Corpus | str,
    fractions: Sequence[float] = (0.9, 0.05, 0.05),
    method: str = "contiguous",
    seed: int = 0,
) -> Splits:
    """Split into train / valid / test, deterministically.

    `contiguous` holds out the tail (valid, then test), as language-model benchmarks do, with
    the cuts moved to the next line start when one is near. `lines` deals whole lines to the
    three parts at random with `seed`. A short text's held-out parts get a whole line each,
    or stay empty: `Splits.notes` says which (see the module's note).
    """
    checked = _check_fractions(fractions)
    if method == "contiguous":
        # Read from the corpus's parts: the whole text is never joined, and each split is
        # made in one copy (a part it takes whole, not even that).
        parted = _PartedText(corpus.parts if isinstance(corpus, Corpus) else [corpus])
        cut_valid, cut_test, notes = _contiguous_cuts(parted, checked)
        spilled = corpus.spilled if isinstance(corpus, Corpus) else None
        texts: list[str | SpilledText]
        if spilled is not None:  # views of the one file on disk: nothing is read here
            texts = [
                spilled.view(0, cut_valid), spilled.view(cut_valid, cut_test),
                spilled.view(cut_test, len(spilled)),
            ]
        else:
            texts = [
                parted.slice(0, cut_valid), parted.slice(cut_valid, cut_test),
                parted.slice(cut_test, parted.length),
            ]
        del parted
    elif method == "lines" and isinstance(corpus, Corpus) and corpus.spilled is not None:
        texts, notes = _deal_spilled_lines(corpus.spilled, checked, seed), {}
    elif method == "lines":
        texts, notes = _deal_lines(
            corpus.text if isinstance(corpus, Corpus) else corpus, checked, seed
        )
    else:
        raise CorpusError("bad_split", fractions=f"{tuple(fractions)} with method {method!r}")
    if not any(NON_SPACE.search(piece) for piece in text_pieces(texts[0])):
        raise CorpusError("split_too_small", split=SPLIT_LABELS["train"])
    ordered = tuple(notes[name] for name in ("valid", "test") if name in notes)
    splits = Splits(texts[0], texts[1], texts[2], method, ordered)
    if method == "contiguous" and isinstance(corpus, Corpus) and corpus.spilled is None:
        # The three parts join to the text: the corpus keeps them instead of its old
        # parts, which are then freed (a large text is held once, not twice), and
        # handed back to the system (the C library may keep a megabyte piece's memory).
        corpus._share_with(splits)
        release_free_memory()
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
