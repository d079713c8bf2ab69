"""Cutting a text into the pieces the tokenizer library is handed, without changing the ids.

The library holds several objects per token while it encodes (about a hundred bytes each),
and its trainers read ahead many batches: a large text is therefore handed over in batches of
lines (line-based kinds) or of pieces cut where the ids cannot change (lossless kinds), and a
line without end (a file with no newlines) is cut before a space. The n-gram counter cuts a
text by the same rule (`lossless_pieces`), so its ids are the tokenizer's.

Training input for the sub-word trainers also has no "word" longer than a bound. The BPE,
WordPiece and Unigram trainers of `tokenizers` spend time that grows much faster than the
length of a word on each word they are given (every merge rescans it), and they run in one
Rust call that never looks at a cancel check. A text without spaces (letters only, a minified
file, a language written without spaces outside the CJK ideographs, which are already one
pre-token each) reached them as words of 64 K characters, the length lines are cut to: 5 MB
took 81 s and Stop did nothing meanwhile.

A run of non-space characters longer than `MAX_WORD_CHARS` is therefore handed over as several
sequences of at most that length (separate sequences, not joined by an invented space, so no
character that is not in the text is counted). Ordinary words are far shorter, so ordinary
text is handed over exactly as before. Encoding is not affected: a trained model spells a
long word with its merges as it spells any other.

The patterns of the pre-tokenizers, which cut a line into words inside the library, are here
too: a tokenizer.json with any other pattern is refused (`checks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Up to this many lines go to the Rust side at once.
LINES_PER_BATCH = 4096
# Lossless kinds are encoded in pieces of about this many characters.
CHARS_PER_PIECE = 1 << 16
# Characters handed to the Rust side in one call. While encoding it holds about a hundred
# bytes per token (strings, offsets, masks): a megabyte of text costs about 100 MB there.
CHARS_PER_BATCH = 1 << 20
# The tokenizer trainers read ahead a few hundred batches: keep each batch small.
TRAINING_CHARS_PER_BATCH = 1 << 17
# Lines longer than this (a file without newlines) are cut into pieces before a space.
LONG_LINE_CHARS = 1 << 16

# Longer than any word of a natural language (WordPiece itself leaves words over 100
# characters unknown), short enough that the trainers stay linear in the text.
MAX_WORD_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")

# The pre-tokenizers' patterns, the only ones a tokenizer.json may hold (`checks`).
# Oniguruma syntax: the CJK unified ideographs and their extensions, one pre-token each.
CJK_PATTERN = r"[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{20000}-\x{3134F}]"
_CJK_IDEOGRAPH_CLASS = r"\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{20000}-\x{3134F}"
# Words (letters, digits, underscore) and single punctuation marks, CJK ideographs alone.
WORD_PATTERN = rf"{CJK_PATTERN}|[^\s\p{{P}}\p{{S}}{_CJK_IDEOGRAPH_CLASS}]+|[\p{{P}}\p{{S}}]"
# The char kind's pre-tokenizer: every character alone.
CHAR_PATTERN = r"[\s\S]"


def line_pieces(text: str, start: int, end: int) -> Iterator[tuple[str, bool]]:
    """The line text[start:end], cut into pieces of at most `LONG_LINE_CHARS` characters
    before a space, so that a file without newlines is not handed over in one piece (which
    would take many times its size in memory). Cutting before a space changes nothing for the
    line-based kinds: their pre-tokenizers split there anyway (and Metaspace marks the space
    as "▁" at the start of the next piece, as it would inside the line)."""
    while end - start > LONG_LINE_CHARS:
        limit = start + LONG_LINE_CHARS
        cut = text.rfind(" ", start + LONG_LINE_CHARS // 2, limit)
        if cut <= start:
            cut = limit  # no space at all: a word this long is cut
        yield text[start:cut], False
        start = cut
    yield text[start:end], True


def line_batches(
    text: str, lines_per_batch: int, max_chars: int = CHARS_PER_BATCH
) -> Iterator[list[tuple[str, bool]]]:
    """Lines of `text` in batches of at most `lines_per_batch` pieces and about
    `max_chars` characters, each piece with whether it ends its line; a final newline
    does not make an extra empty line."""
    batch: list[tuple[str, bool]] = []
    size = 0
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end == -1:
            end = length
        for piece in line_pieces(text, start, end):
            batch.append(piece)
            size += len(piece[0]) + 1
            if len(batch) >= lines_per_batch or size >= max_chars:
                yield batch
                batch, size = [], 0
        start = end + 1
    if batch:
        yield batch


def lossless_pieces(text: str, size: int) -> Iterator[str]:
    """Pieces of `text` that encode to the same ids one by one as the whole text does.

    A cut is made only after a newline between two characters that are not white space,
    because byte-level BPE's pre-tokenizer groups a run of white space together (and reads
    "\n\n" at the end of a piece as one pre-token where the whole text has two). A text with no such
    newline for a long stretch (a file without line breaks) is cut before a single space
    between two words (where byte-level BPE starts a new pre-token anyway), and as a last
    resort anywhere: a long text in one piece would take many times its size in memory.
    """
    start = 0
    length = len(text)
    while start < length:
        end = start + size
        if end >= length:
            yield text[start:]
            return
        cut = text.find("\n", end, end + LONG_LINE_CHARS)
        while cut != -1 and cut + 1 < length and (
            text[cut + 1].isspace() or text[cut - 1].isspace()
        ):
            cut = text.find("\n", cut + 1, end + LONG_LINE_CHARS)
        if (cut != -1 and cut + 1 >= length) or (cut == -1 and end + LONG_LINE_CHARS >= length):
            yield text[start:]
            return
        if cut == -1:
            cut = _word_boundary_before(text, end + LONG_LINE_CHARS) - 1
        yield text[start : cut + 1]
        start = cut + 1


def _word_boundary_before(text: str, position: int) -> int:
    """A position at or before `position` that starts " word" after a word, if one is near."""
    low = max(position - LONG_LINE_CHARS // 2, 1)
    cut = text.rfind(" ", low, position)
    while cut != -1 and (text[cut - 1].isspace() or cut + 1 >= len(text)
                         or text[cut + 1].isspace()):
        cut = text.rfind(" ", low, cut)
    return cut if cut > 0 else position


def bounded_words(pieces: Iterable[str], limit: int = MAX_WORD_CHARS) -> Iterator[str]:
    """`pieces`, each cut into consecutive sequences so that no run of non-space characters
    in one is longer than `limit`. Concatenated, the result is exactly the input."""
    pattern = _LONG_RUN if limit == MAX_WORD_CHARS else re.compile(rf"\S{{{limit + 1},}}")
    for piece in pieces:
        start = 0
        for match in pattern.finditer(piece):
            run_start, run_end = match.span()
            # A single space before the run stays with it, as byte-level BPE's own
            # pre-tokenizer would keep it (" word").
            if run_start > start and piece[run_start - 1] == " ":
                run_start -= 1
            if run_start > start:
                yield piece[start:run_start]
            for cut in range(run_start, run_end, limit):
                yield piece[cut : min(cut + limit, run_end)]
            start = run_end
        if start == 0:
            yield piece
        elif start < len(piece):
            yield piece[start:]
