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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
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


def read_arpa(
    path: Path,
    name_to_id: dict[str, int],
    vocab_size: int,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> BackoffTables:
    """Read and check an ARPA file: tables over the ids of `name_to_id` (ARPA word -> id).

    The one function to call on a file from anyone (`arpa_read.read_tables`). Raises
    `ArpaError` (code `arpa_bad` or `arpa_vocab_mismatch`) with a plain reason for a file
    that is not ARPA, is cut short, has a line over 1 MB, lists an n-gram whose context is
    missing, uses words the tokenizer does not have, has a log-probability above 0 or an
    infinite weight, or whose probabilities after some context do not add up to 1.
    """
    from lmstudio_app.core.arpa_read import read_tables  # it imports this module

    return read_tables(path, name_to_id, vocab_size, progress, cancel)
