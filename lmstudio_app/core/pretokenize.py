"""Training input for the sub-word trainers, with no "word" longer than a bound.

The BPE, WordPiece and Unigram trainers of `tokenizers` spend time that grows much faster than
the length of a word on each word they are given (every merge rescans it), and they run in one
Rust call that never looks at a cancel check. A text without spaces (letters only, a minified
file, a language written without spaces outside the CJK ideographs, which are already one
pre-token each) reached them as words of 64 K characters, the length lines are cut to: 5 MB
took 81 s and Stop did nothing meanwhile.

A run of non-space characters longer than `MAX_WORD_CHARS` is therefore handed over as several
sequences of at most that length (separate sequences, not joined by an invented space, so no
character that is not in the text is counted). Ordinary words are far shorter, so ordinary
text is handed over exactly as before. Encoding is not affected: a trained model spells a
long word with its merges as it spells any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Longer than any word of a natural language (WordPiece itself leaves words over 100
# characters unknown), short enough that the trainers stay linear in the text.
MAX_WORD_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


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
