"""The ARPA back-off language-model format, read and written with numpy.

An ARPA file lists, for every order n, n-grams with their log10 probability and (below the
highest order) a log10 back-off weight:

```
\\data\\
ngram 1=10002
ngram 2=...

\\1-grams:
-99	<s>	-1.23
-2.5	the	-0.8
...
\\end\\
```

The probability of a word w after a history h is the entry for the longest suffix h' of h
such that `h' w` is listed, times the back-off weights of every listed context longer than h'
(`p(w|h) = bow(h) p(w|h[1:])` when `h w` is not listed). SRILM, KenLM and this app all read it.

Here a model lives as `BackoffTables`: for each order, the n-grams as sorted int64 keys
`prefix_index * vocab_size + word` (the prefix being the n-gram's first n-1 tokens, an index
into the table of the order below), natural-log probabilities and back-off weights. Keys are
what makes lookups vectorised: one `searchsorted` finds a whole array of n-grams at once.

Token strings become ARPA words: the tokenizer's begin, end and unknown tokens are written
`<s>`, `</s>` and `<unk>`; a token containing white space or `%`, or one that would read as
one of those three names, is percent-encoded, since an ARPA word cannot hold white space.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

import numpy as np

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.fileio import atomic_writer
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress

LN10 = math.log(10.0)
# ARPA has no -infinity: SRILM writes log10(0) as -99 and reads -99 back as zero.
ARPA_ZERO = -99.0
BOS_WORD, EOS_WORD, UNK_WORD = "<s>", "</s>", "<unk>"
MAX_ORDER = 8
# Digits of the log10 values written: 10 significant digits keep a sentence's score within
# about 1e-8 of the model's own, far inside the 1e-4 the round trip promises.
_FLOAT_FORMAT = "{:.10g}".format
_SECTION = re.compile(r"\\(\d+)-grams:\s*$")
_COUNT = re.compile(r"ngram\s+(\d+)\s*=\s*(\d+)\s*$")
_CHUNK_CHARS = 1 << 22  # read and parse about 4 MB at a time
_ROWS_PER_WRITE = 100_000


class ArpaError(StudioError):
    """An ARPA file could not be read (damaged, not ARPA, or for another vocabulary)."""


# --------------------------------------------------------------------------- tables


@dataclass
class BackoffTables:
    """A back-off n-gram model in id space, exactly what an ARPA file holds.

    `keys[n-1]`, `logp[n-1]` belong to order n; `bow[n-1]` (orders 1..N-1) to the n-grams of
    order n used as contexts. The unigram table is dense: index = token id, and `present`
    says which ids the model lists (its vocabulary; `<s>` is listed with probability zero).
    """

    order: int
    vocab_size: int
    present: np.ndarray  # bool[vocab_size]
    keys: list[np.ndarray]  # int64, sorted; keys[0] == arange(vocab_size)
    logp: list[np.ndarray]  # float64, natural log, -inf for zero
    bow: list[np.ndarray]  # float64, natural log; 0 (weight 1) where an n-gram is no context

    def num_ngrams(self) -> list[int]:
        """How many n-grams of each order the model lists."""
        return [int(self.present.sum()), *(int(k.size) for k in self.keys[1:])]

    def find(self, order: int, prefix: np.ndarray, words: np.ndarray) -> np.ndarray:
        """Indices of the n-grams (prefix, word) of `order`; -1 where not listed.

        `prefix` holds indices into the table of order-1 (ignored for unigrams).
        """
        words = np.asarray(words, dtype=np.int64)
        if order == 1:
            inside = (words >= 0) & (words < self.vocab_size)
            found = np.zeros(words.shape, dtype=bool)
            found[inside] = self.present[words[inside]]
            return np.where(found, words, -1)
        prefix = np.asarray(prefix, dtype=np.int64)
        table = self.keys[order - 1]
        out = np.full(words.shape, -1, dtype=np.int64)
        if table.size == 0:
            return out
        usable = prefix >= 0
        wanted = prefix[usable] * self.vocab_size + words[usable]
        position = np.searchsorted(table, wanted)
        position_clipped = np.minimum(position, table.size - 1)
        hit = table[position_clipped] == wanted
        result = np.where(hit, position_clipped, -1)
        out[usable] = result
        return out

    def find_one(self, order: int, prefix: int, word: int) -> int:
        return int(self.find(order, np.array([prefix]), np.array([word]))[0])

    def children(self, order: int, index: int) -> tuple[int, int]:
        """The slice of the order+1 table whose n-grams extend entry `index` of `order`."""
        if order >= self.order:
            return 0, 0
        table = self.keys[order]
        low = int(np.searchsorted(table, index * self.vocab_size))
        high = int(np.searchsorted(table, (index + 1) * self.vocab_size))
        return low, high

    def lookup_ngram(self, ids: Sequence[int]) -> int:
        """The index of the n-gram `ids` in its order's table, or -1."""
        index = -1
        for position, token in enumerate(ids):
            index = self.find_one(position + 1, index, int(token))
            if index < 0:
                return -1
        return index

    def entry_words(self, order: int) -> np.ndarray:
        """The token ids of every n-gram of `order`, one row each (n, order)."""
        if order == 1:
            return np.arange(self.vocab_size, dtype=np.int64)[:, None]
        keys = self.keys[order - 1]
        prefix_words = self.entry_words(order - 1)[keys // self.vocab_size]
        return np.concatenate([prefix_words, (keys % self.vocab_size)[:, None]], axis=1)


# --------------------------------------------------------------------------- word names


def arpa_word(token: str) -> str:
    """How a plain token is written in an ARPA file (white space and `%` percent-encoded)."""
    if (
        token in (BOS_WORD, EOS_WORD, UNK_WORD)
        or "%" in token
        or not token
        or any(ch.isspace() for ch in token)
        or token.startswith("\\")
    ):
        return quote(token, safe="")
    return token


def arpa_words(
    vocabulary: Sequence[str], bos_id: int, eos_id: int, unk_id: int
) -> list[str]:
    """The ARPA word of every token id; distinct ids always get distinct words."""
    names = [arpa_word(token) for token in vocabulary]
    names[bos_id] = BOS_WORD
    names[eos_id] = EOS_WORD
    names[unk_id] = UNK_WORD
    return names


# --------------------------------------------------------------------------- writing


def _format_logs(values: np.ndarray) -> list[str]:
    """log10 values as text, -infinity as -99."""
    log10 = np.where(np.isfinite(values), values / LN10, ARPA_ZERO)
    return list(map(_FLOAT_FORMAT, log10.tolist()))


def write_arpa(
    path: Path,
    tables: BackoffTables,
    names: Sequence[str],
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> None:
    """Write `tables` as an ARPA file (atomically: a temporary file, then a rename).

    Lines are made a slice of n-grams at a time, so the text of the whole file is never in
    memory at once.
    """
    total = max(sum(tables.num_ngrams()), 1)
    done = 0
    name_array = np.array(list(names), dtype=object)
    with atomic_writer(Path(path), "w") as stream:
        stream.write("\\data\\\n")
        for n, count in enumerate(tables.num_ngrams(), start=1):
            stream.write(f"ngram {n}={count}\n")
        for n in range(1, tables.order + 1):
            stream.write(f"\n\\{n}-grams:\n")
            rows = np.flatnonzero(tables.present) if n == 1 else np.arange(tables.keys[n - 1].size)
            words = tables.entry_words(n)
            for start in range(0, rows.size, _ROWS_PER_WRITE):
                check_cancel(cancel)
                chunk = rows[start : start + _ROWS_PER_WRITE]
                chunk_words = words[chunk]
                text = name_array[chunk_words[:, 0]]
                for j in range(1, n):
                    text = text + " " + name_array[chunk_words[:, j]]
                probs = _format_logs(tables.logp[n - 1][chunk])
                if n < tables.order:
                    bows = _format_logs(tables.bow[n - 1][chunk])
                    lines = [
                        f"{p}\t{t}\t{b}\n"
                        for p, t, b in zip(probs, text.tolist(), bows, strict=True)
                    ]
                else:
                    lines = [f"{p}\t{t}\n" for p, t in zip(probs, text.tolist(), strict=True)]
                stream.writelines(lines)
                done += chunk.size
                progress(done / total, N_("Writing {n}-grams", n=n))
        stream.write("\n\\end\\\n")


# --------------------------------------------------------------------------- reading


def _bad(path: Path, reason: str) -> ArpaError:
    return ArpaError("arpa_bad", path=str(path), reason=reason)


@dataclass
class _Section:
    words: list[np.ndarray]
    logp: list[np.ndarray]
    bow: list[np.ndarray]


def _parse_values(path: Path, fields: Sequence[str], what: str) -> np.ndarray:
    try:
        values = np.array(fields, dtype=np.float64)
    except ValueError:
        bad = next((f for f in fields if not _is_float(f)), "?")
        raise _bad(path, f"{bad!r} is not a number ({what})") from None
    if np.isnan(values).any() or (what == "probability" and (values > 1e-6).any()):
        raise _bad(path, f"a {what} is not a log10 value at or below 0")
    values = values * LN10
    values[values <= ARPA_ZERO * LN10] = -np.inf
    return values


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _map_words(
    path: Path, fields: Sequence[str], name_to_id: dict[str, int]
) -> np.ndarray:
    try:
        return np.fromiter(map(name_to_id.__getitem__, fields), dtype=np.int32, count=len(fields))
    except KeyError:
        missing = sorted({word for word in fields if word not in name_to_id})
        raise ArpaError(
            "arpa_vocab_mismatch",
            path=str(path),
            count=len(missing),
            examples=", ".join(repr(word) for word in missing[:5]),
        ) from None


def _parse_block(
    path: Path,
    block: str,
    order: int,
    name_to_id: dict[str, int],
    section: _Section,
) -> None:
    """Parse complete n-gram lines of one order. When every line has a back-off weight, or
    none has, the fields are split in one call and taken with a stride (the fast path)."""
    block = block.strip()
    if not block:
        return
    count = block.count("\n") + 1
    fields = block.split()
    if len(fields) == count * (order + 1):
        stride, with_bow = order + 1, False
    elif len(fields) == count * (order + 2):
        stride, with_bow = order + 2, True
    else:  # blank lines inside, or weights on some lines only: line by line
        rows = [line.split() for line in block.split("\n") if line.strip()]
        for row in rows:
            if len(row) not in (order + 1, order + 2):
                raise _bad(path, f"a {order}-gram line has {len(row)} fields: {' '.join(row)!r}")
        probs = _parse_values(path, [row[0] for row in rows], "probability")
        words = np.stack(
            [_map_words(path, [row[1 + j] for row in rows], name_to_id) for j in range(order)],
            axis=1,
        )
        bow_fields = [row[order + 1] if len(row) == order + 2 else "0" for row in rows]
        section.logp.append(probs)
        section.words.append(words)
        section.bow.append(_parse_values(path, bow_fields, "back-off weight"))
        return
    probs = _parse_values(path, fields[0::stride], "probability")
    words = np.stack(
        [_map_words(path, fields[1 + j :: stride], name_to_id) for j in range(order)], axis=1
    )
    if with_bow:
        bows = _parse_values(path, fields[order + 1 :: stride], "back-off weight")
    else:
        bows = np.zeros(count, dtype=np.float64)
    section.logp.append(probs)
    section.words.append(words)
    section.bow.append(bows)


def read_arpa(
    path: Path,
    name_to_id: dict[str, int],
    vocab_size: int,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> BackoffTables:
    """Read an ARPA file into tables over the ids of `name_to_id` (ARPA word -> token id).

    Raises `ArpaError` with a plain reason for a file that is not ARPA, is cut short, lists
    an n-gram whose context is missing, or uses words the tokenizer does not have.
    """
    path = Path(path)
    try:
        stream = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, read in chunks
    except FileNotFoundError:
        raise StudioError("path_not_found", path=str(path)) from None
    except OSError as exc:
        raise StudioError("not_readable", path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        size = max(path.stat().st_size, 1)
        with stream:
            expected, sections = _read_body(path, stream, name_to_id, size, progress, cancel)
    except UnicodeDecodeError:
        raise _bad(path, "it is not UTF-8 text") from None
    return _build_tables(path, expected, sections, vocab_size)


def _read_body(
    path: Path,
    stream: TextIO,
    name_to_id: dict[str, int],
    size: int,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> tuple[dict[int, int], dict[int, _Section]]:
    expected: dict[int, int] = {}
    # the header: everything before \data\ is ignored (SRILM does the same)
    for line in stream:
        if line.strip() == "\\data\\":
            break
    else:
        raise _bad(path, "there is no \\data\\ line")
    current = 0
    for line in stream:
        text = line.strip()
        if not text:
            continue
        match = _COUNT.match(text)
        if match:
            expected[int(match.group(1))] = int(match.group(2))
            continue
        match = _SECTION.match(text)
        if match:
            current = int(match.group(1))
            break
        raise _bad(path, f"unexpected line in the header: {text[:60]!r}")
    if not expected:
        raise _bad(path, "the header lists no n-gram counts")
    order = max(expected)
    if order > MAX_ORDER or min(expected) < 1 or sorted(expected) != list(range(1, order + 1)):
        raise _bad(path, f"the header's orders {sorted(expected)} are not 1 to {MAX_ORDER}")
    if current == 0:
        raise _bad(path, "there are no n-gram sections")
    sections = {n: _Section([], [], []) for n in range(1, order + 1)}
    carry = ""
    read_chars = 0
    while True:
        check_cancel(cancel)
        piece = stream.read(_CHUNK_CHARS)
        read_chars += len(piece)
        text = carry + piece
        if piece:  # keep the unfinished last line for the next piece
            cut = text.rfind("\n") + 1
            text, carry = text[:cut], text[cut:]
        else:
            carry = ""
        position = 0
        while position < len(text):
            marker = _next_marker(text, position)
            block_end = len(text) if marker < 0 else marker
            _flush(path, text[position:block_end], current, name_to_id, sections)
            if marker < 0:
                break
            line_end = text.find("\n", marker)
            line_end = len(text) if line_end < 0 else line_end
            heading = text[marker:line_end].strip()
            if heading == "\\end\\":
                return expected, sections
            match = _SECTION.match(heading)
            if not match:
                raise _bad(path, f"unexpected line {heading[:60]!r}")
            current = int(match.group(1))
            position = line_end + 1
        progress(min(read_chars / size, 1.0), N_("Reading the ARPA file"))
        if not piece:
            raise _bad(path, "it ends before \\end\\ (the file is cut short)")


def _next_marker(text: str, position: int) -> int:
    """Where the next line that starts with a backslash begins, or -1."""
    if text.startswith("\\", position):
        return position
    found = text.find("\n\\", position)
    return -1 if found < 0 else found + 1


def _flush(
    path: Path,
    block: str,
    current: int,
    name_to_id: dict[str, int],
    sections: dict[int, _Section],
) -> None:
    if current not in sections:
        if block.strip():
            raise _bad(path, f"a {current}-gram section that the header does not announce")
        return
    _parse_block(path, block, current, name_to_id, sections[current])


def _build_tables(
    path: Path, expected: dict[int, int], sections: dict[int, _Section], vocab_size: int
) -> BackoffTables:
    order = max(expected)
    present = np.zeros(vocab_size, dtype=bool)
    keys: list[np.ndarray] = []
    logps: list[np.ndarray] = []
    bows: list[np.ndarray] = []
    for n in range(1, order + 1):
        section = sections.pop(n)  # freed as soon as its table is built
        if section.words:
            words = np.concatenate(section.words)
            logp = np.concatenate(section.logp)
            bow = np.concatenate(section.bow)
        else:
            words = np.zeros((0, n), dtype=np.int32)
            logp = np.zeros(0)
            bow = np.zeros(0)
        if words.shape[0] != expected[n]:
            raise _bad(
                path, f"the header announces {expected[n]} {n}-grams but {words.shape[0]} follow"
            )
        if n == 1:
            ids = words[:, 0]
            if np.unique(ids).size != ids.size:
                raise _bad(path, "a word is listed twice among the 1-grams")
            present[ids] = True
            dense_logp = np.full(vocab_size, -np.inf)
            dense_logp[ids] = logp
            dense_bow = np.zeros(vocab_size)
            dense_bow[ids] = bow
            keys.append(np.arange(vocab_size, dtype=np.int64))
            logps.append(dense_logp)
            bows.append(dense_bow)
            continue
        # the prefix of each n-gram, found order by order in the tables built so far
        tables = BackoffTables(n - 1, vocab_size, present, keys, logps, bows)
        prefix = words[:, 0].astype(np.int64)
        prefix[~present[prefix]] = -1
        for j in range(1, n - 1):
            prefix = tables.find(j + 1, prefix, words[:, j])
        if (prefix < 0).any():
            row = words[int(np.flatnonzero(prefix < 0)[0])]
            raise _bad(path, f"the {n}-gram with ids {row.tolist()} has no entry for its context")
        key = prefix * vocab_size + words[:, n - 1]
        sort = np.argsort(key, kind="stable")
        key = key[sort]
        if key.size > 1 and (np.diff(key) == 0).any():
            raise _bad(path, f"an n-gram is listed twice among the {n}-grams")
        keys.append(key)
        logps.append(logp[sort])
        bows.append(bow[sort])
    # the highest order has no back-off weights
    return BackoffTables(order, vocab_size, present, keys, logps, bows[: order - 1])
