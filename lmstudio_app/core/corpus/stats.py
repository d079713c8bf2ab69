"""What a text holds: characters, lines, words, the most frequent characters, the scripts it
is written in, and the tokenizer that suits it. Counted a chunk at a time with numpy, so a
100 MB text needs a few MB more."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress

if TYPE_CHECKING:
    import numpy as np

_CJK_RANGES = [
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),  # extensions B to G
]
_LATIN_RANGES = [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]
_CJK_IDEOGRAPH_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_WORD_PATTERN = rf"[{_CJK_IDEOGRAPH_CLASS}]|[^\s{_CJK_IDEOGRAPH_CLASS}]+"  # compiled when used
_CJK_IDEOGRAPH = re.compile(rf"[{_CJK_IDEOGRAPH_CLASS}]")
# Counted this many characters at a time: counting a 100 MB text in one call holds the
# interpreter for ~50 ms, and needs its code points in memory at once.
STATS_CHUNK_CHARS = 1 << 20


@dataclass(frozen=True)
class CorpusStats:
    num_chars: int
    num_lines: int
    num_words: int
    num_distinct_chars: int
    top_chars: list[tuple[str, int]]
    script_mix: dict[str, float]  # "latin", "cjk", "other": shares of the non-space characters

    @property
    def dominant_script(self) -> str:
        return max(self.script_mix, key=lambda name: self.script_mix[name])


def text_chunks(text: str, size: int) -> Iterator[str]:
    """Pieces of about `size` characters, cut after white space so no word is split."""
    start = 0
    length = len(text)
    while start < length:
        end = min(start + size, length)
        if end < length:
            cut = -1
            for sep in ("\n", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut != -1:
                    break
            if cut != -1:
                end = cut + 1
        yield text[start:end]
        start = end


def _chunk_code_point_counts(text: str | Iterable[str]) -> Iterator[tuple[str, np.ndarray]]:
    import numpy as np  # lazily: the window paints before numpy loads

    if isinstance(text, str):
        chunks = text_chunks(text, STATS_CHUNK_CHARS)
    else:  # pieces (a text on disk, `spill`), each cut in chunks
        chunks = (chunk for piece in text for chunk in text_chunks(piece, STATS_CHUNK_CHARS))
    for chunk in chunks:
        code_points = np.frombuffer(chunk.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        yield chunk, np.bincount(code_points, minlength=0x110000)


def character_counts(text: str | Iterable[str]) -> dict[str, int]:
    """How often each character occurs, most frequent first (ties by code point); `text`
    whole or in pieces (a `spill.SpilledText` is read a piece at a time)."""
    import numpy as np  # lazily: the window paints before numpy loads

    if hasattr(text, "pieces"):
        text = text.pieces()  # type: ignore[union-attr]
    counts = np.zeros(0x110000, dtype=np.int64)
    for _, chunk_counts in _chunk_code_point_counts(text):
        counts += chunk_counts
    present = np.flatnonzero(counts)
    order = present[np.argsort(-counts[present], kind="stable")]
    return {chr(int(cp)): int(counts[cp]) for cp in order}


def _range_sum(counts: np.ndarray, ranges: Iterable[tuple[int, int]]) -> int:
    return int(sum(counts[low : high + 1].sum() for low, high in ranges))


def _joins_a_word(before: str, after: str) -> bool:
    """Whether a word runs across the end of `before` into `after` (CJK ideographs are
    words of one character each, so they never run across)."""
    if not before or not after:
        return False
    last, first = before[-1], after[0]
    if last.isspace() or first.isspace():
        return False
    return not (_CJK_IDEOGRAPH.match(last) or _CJK_IDEOGRAPH.match(first))


def compute_stats(
    text: str | Sequence[str],
    top: int = 20,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> CorpusStats:
    """Characters, lines, words, distinct characters, frequent characters and script mix of
    `text`, whole or in consecutive parts (`Corpus.parts`).

    Counts code points with numpy a chunk at a time, so a 100 MB text needs a few MB extra.
    Words are runs of non-space characters, except that each CJK ideograph counts as a word.
    """
    import numpy as np  # lazily: the window paints before numpy loads

    # One pass over the parts, each read once: a spilled text's parts come from disk.
    parts: Iterable[str]
    if isinstance(text, str):
        parts, total = [text], max(len(text), 1)
    elif hasattr(text, "pieces"):  # a `spill.SpilledText`
        parts, total = text.pieces(), max(len(text), 1)
    else:
        parts = [part for part in text if part]
        total = max(sum(len(part) for part in parts), 1)
    counts = np.zeros(0x110000, dtype=np.int64)
    words = newlines = 0
    done = num_chars = 0
    last = ""

    def chunks() -> Iterator[tuple[str, np.ndarray]]:
        nonlocal words, num_chars, last
        for part in parts:
            if not part:
                continue
            # each part is counted on its own; a word running across two is counted twice
            words -= _joins_a_word(last, part)
            num_chars += len(part)
            last = part[-1]
            yield from _chunk_code_point_counts(part)

    for chunk, chunk_counts in chunks():
        check_cancel(cancel)
        done += len(chunk)
        progress(done / total, N_("Counting characters"))
        counts += chunk_counts
        # per chunk: counting a 100 MB text in one call holds the interpreter for ~50 ms
        newlines += int(chunk_counts[0x0A])
        if chunk_counts[0x3400:0xA000].any() or chunk_counts[0x20000:].any():
            words += sum(1 for _ in re.finditer(_WORD_PATTERN, chunk))
        else:
            words += len(chunk.split())
    present = np.flatnonzero(counts)
    order = present[np.argsort(-counts[present], kind="stable")]
    top_chars = [(chr(int(cp)), int(counts[cp])) for cp in order[:top]]
    space_total = sum(int(counts[ord(ch)]) for ch in " \t\n\r\f\v\u3000\xa0")
    non_space = max(int(counts.sum()) - space_total, 0)
    cjk = _range_sum(counts, _CJK_RANGES) - int(counts[0x3000])
    latin = _range_sum(counts, _LATIN_RANGES)
    if non_space:
        mix = {"latin": latin / non_space, "cjk": cjk / non_space}
        mix["other"] = max(0.0, 1.0 - mix["latin"] - mix["cjk"])
    else:
        mix = {"latin": 0.0, "cjk": 0.0, "other": 0.0}
    num_lines = newlines + (0 if last.endswith("\n") or not last else 1)
    return CorpusStats(
        num_chars=num_chars,
        num_lines=num_lines,
        num_words=words,
        num_distinct_chars=len(present),
        top_chars=top_chars,
        script_mix=mix,
    )


def suggest_tokenizer(stats: CorpusStats) -> tuple[str, int]:
    """A sensible default (kind, vocabulary size) for a corpus.

    Chinese and Japanese text has thousands of characters, each meaningful: characters work
    well. Short Latin text also trains best on characters; long Latin text gains from BPE.
    """
    if stats.script_mix["cjk"] > 0.3:
        return "char", 0
    if stats.num_chars < 5_000_000:
        return "char", 0
    return "bpe", 8000
