"""A suffix array over a text's UTF-8 bytes: every place a string occurs, found in log time.

Built with numpy by prefix doubling (Manber and Myers): the suffixes are first ranked by
their first 4 bytes, then by pairs of ranks k apart, k doubling, until every rank differs or
k reaches `MAX_MATCH`. Each round is one argsort of n keys: six rounds at most. The positions
are int32 (texts under 2 GiB) to halve the memory a large text keeps. bench/memorisation.py
measures it.

The longest match of a query anywhere in the text is the longer of its common prefixes with
the two suffixes around where the query would sort: that is what `longest_match` reads.
"""

from __future__ import annotations

import numpy as np

from lmstudio_app.core.progress import CancelCheck

# Bytes compared at most. The suffixes are sorted by their first MAX_MATCH bytes only (ties in
# any order): the rounds stop at log2(MAX_MATCH / 4) however long the text's repeats are, and
# a copy longer than this is found as consecutive matches, each up to MAX_MATCH long.
MAX_MATCH = 256


class Cancelled(Exception):
    pass


def suffix_array(data: bytes, cancel: CancelCheck | None = None) -> np.ndarray:
    """The start of every suffix of `data`, in lexicographic order of their first
    `MAX_MATCH` bytes."""
    n = len(data)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    raw = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    # The first 4 bytes of each suffix as one number (shorter suffixes padded with 0, below
    # every byte + 1: a prefix sorts before what extends it).
    padded = np.concatenate([raw + 1, np.zeros(3, dtype=np.int64)])
    key = (
        (padded[:n] << 27)
        | (padded[1 : n + 1] << 18)
        | (padded[2 : n + 2] << 9)
        | padded[3 : n + 3]
    )
    rank = _dense_ranks(key)
    k = 4
    while True:
        if cancel is not None and cancel():
            raise Cancelled
        if k >= MAX_MATCH or int(rank.max()) == n - 1:
            break
        second = np.zeros(n, dtype=np.int64)
        if k < n:
            second[: n - k] = rank[k:] + 1
        rank = _dense_ranks(rank * (n + 1) + second)
        k *= 2
    order = np.empty(n, dtype=np.int32)
    order[rank] = np.arange(n, dtype=np.int32)
    return order


def _dense_ranks(key: np.ndarray) -> np.ndarray:
    """0 for the smallest key, 1 for the next distinct one, ...: ranks of `key`."""
    order = np.argsort(key)
    sorted_key = key[order]
    steps = np.empty(len(key), dtype=np.int64)
    steps[0] = 0
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=steps[1:])
    ranks = np.empty(len(key), dtype=np.int64)
    ranks[order] = np.cumsum(steps)
    return ranks


class SuffixIndex:
    """A text's bytes and their suffix array: where a string occurs, and the longest match."""

    def __init__(self, data: bytes, cancel: CancelCheck | None = None) -> None:
        self.data = data
        self.array = suffix_array(data, cancel)

    def __len__(self) -> int:
        return len(self.data)

    def _suffix(self, rank: int, length: int) -> bytes:
        start = int(self.array[rank])
        return self.data[start : start + length]

    def lower_bound(self, query: bytes) -> int:
        """The rank of the first suffix not below `query`."""
        lo, hi = 0, len(self.array)
        length = len(query)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._suffix(mid, length) < query:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def count(self, query: bytes) -> int:
        """How many times `query` occurs in the text."""
        if not query:
            return len(self.data)
        first = self.lower_bound(query)
        last = self.lower_bound(query + b"\xff" * 4)  # no UTF-8 byte is 0xff
        return last - first

    def longest_match(self, query: bytes) -> tuple[int, int]:
        """(length, start): the longest prefix of `query` found in the text, and one place
        where it is (length 0 when not even its first byte is)."""
        query = query[:MAX_MATCH]
        rank = self.lower_bound(query)
        best = (0, -1)
        for neighbour in (rank - 1, rank):
            if 0 <= neighbour < len(self.array):
                start = int(self.array[neighbour])
                length = _common_prefix(query, self.data[start : start + len(query)])
                if length > best[0]:
                    best = (length, start)
        return best


def _common_prefix(a: bytes, b: bytes) -> int:
    length = min(len(a), len(b))
    if a[:length] == b[:length]:
        return length
    left = np.frombuffer(a[:length], dtype=np.uint8)
    right = np.frombuffer(b[:length], dtype=np.uint8)
    return int(np.argmax(left != right))
