"""The raw counts behind an n-gram model: how often each n-gram occurred in the training text.

The ARPA tables hold probabilities and back-off weights only, so training also writes the
counts it smoothed from into `counts.safetensors` beside model.arpa: for each order n an
array aligned with the model's table of that order (for unigrams, one entry per token id).
From them the Generate page can say "after 'I lo' the text had a token 40 times, 'v' 12 of
them": c(h w) and c(h), the numbers a maximum-likelihood estimate divides.

The file also records a fingerprint of the tables' keys. A counts file that does not belong
to the model beside it (another training, a model.arpa edited or replaced, a damaged file) is
not used: the model works as before, and the explanation says the counts are not known.
A model imported from an ARPA file, or trained before this file existed, has none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from lmstudio_app.core.arpa import BackoffTables
from lmstudio_app.core.fileio import write_error

COUNTS_FILE = "counts.safetensors"
_FINGERPRINT = "keys_sha256"
# A count is kept in one byte; this value means "255 or more: look it up among the large ones".
# Most n-grams of a large text occur a few times, so a count costs a byte instead of four.
_LARGE = 255
_PACK_CHUNK = 1 << 20  # rows packed at a time: no temporary the size of the whole table
# The counts of each order wait, while the higher orders are estimated, in a temporary file
# (mapped, so `at` and `total` read only the pages they need) once a table has this many
# rows, so that keeping them does not raise the estimation's peak memory. Reliability case 14
# (a 5-gram model of 100 MB of varied words, tables of 574 MB) peaked at 8.47x the text
# without counts, 9.58x with them in memory as int32, 8.70x as bytes, 8.47x spilled. Smaller
# tables stay in memory, where they cost less than a file.
SPILL_ROWS = 1 << 22


@dataclass
class PackedCounts:
    """One order's counts: `small[row]` is the count, or 255 when the count is in
    `large_counts` at the position of `row` in the sorted `large_rows`."""

    small: np.ndarray  # uint8
    large_rows: np.ndarray  # int64, ascending
    large_counts: np.ndarray  # int64, each >= 255

    def at(self, row: int) -> int:
        value = int(self.small[row])
        if value < _LARGE:
            return value
        return int(self.large_counts[np.searchsorted(self.large_rows, row)])

    def total(self, low: int, high: int) -> int:
        """The sum of the counts of rows low..high-1."""
        first, last = np.searchsorted(self.large_rows, (low, high))
        small = int(self.small[low:high].sum(dtype=np.int64))
        large = int(self.large_counts[first:last].sum(dtype=np.int64))
        return small - _LARGE * int(last - first) + large

    def unpacked(self) -> np.ndarray:
        """Every count, as int64 (for the unigrams, a table the size of the vocabulary)."""
        counts = self.small.astype(np.int64)
        counts[self.large_rows] = self.large_counts
        return counts


def pack(counts: np.ndarray, spill_rows: int | None = None) -> PackedCounts:
    """`counts` (non-negative integers) packed as above, a chunk of rows at a time. A table
    of `spill_rows` (by default SPILL_ROWS) rows or more is written to an unnamed temporary
    file and mapped back."""
    spill_rows = SPILL_ROWS if spill_rows is None else spill_rows
    spill = _temporary_file() if 0 < spill_rows <= counts.size else None
    small = np.empty(counts.size if spill is None else 0, dtype=np.uint8)
    large: list[np.ndarray] = []
    for start in range(0, counts.size, _PACK_CHUNK):
        part = counts[start : start + _PACK_CHUNK]
        packed = np.minimum(part, _LARGE).astype(np.uint8)
        if spill is None:
            small[start : start + part.size] = packed
        else:
            spill.write(packed.data)
        rows = np.flatnonzero(part >= _LARGE)
        if rows.size:
            large.append(rows + start)
    if spill is not None:
        spill.flush()
        small = np.memmap(spill, dtype=np.uint8, mode="r", shape=(counts.size,))
        spill.close()  # the map keeps the (already unlinked) file until it goes
    rows = np.concatenate(large).astype(np.int64) if large else np.empty(0, dtype=np.int64)
    return PackedCounts(small, rows, counts[rows].astype(np.int64))


def _temporary_file() -> BinaryIO | None:
    """An unnamed file in the system's temporary folder, or None when none can be made (the
    counts then stay in memory)."""
    try:
        return tempfile.TemporaryFile(prefix="lmstudio-counts-")
    except OSError:
        return None


@dataclass
class RawCounts:
    """`per_order[n - 1]`: how often each n-gram of the order-n table occurred, by row (for
    n = 1, row = token id)."""

    per_order: list[PackedCounts]

    def ngram(self, order: int, row: int) -> int:
        return self.per_order[order - 1].at(row)

    def rows(self, order: int, low: int, high: int) -> int:
        """The summed counts of rows `low`..`high` of the order-`order` table: for the rows
        of one context's followers, how often the context was followed by a token."""
        return self.per_order[order - 1].total(low, high)


def keys_fingerprint(tables: BackoffTables) -> str:
    """A SHA-256 of the tables' vocabulary size and keys, order by order."""
    digest = hashlib.sha256(f"{tables.order} {tables.vocab_size}".encode())
    for keys in tables.keys:
        digest.update(np.ascontiguousarray(keys, dtype="<i8").data)
    return digest.hexdigest()


def save_counts(folder: str | os.PathLike[str], counts: RawCounts, tables: BackoffTables) -> None:
    """Write `counts` into the run folder (under a temporary name, then renamed)."""
    from lmstudio_app.core.runs.paths import entry
    from lmstudio_app.core.tensorfiles import save_arrays_file

    path = entry(folder, COUNTS_FILE)
    partial = path.with_name(f".{COUNTS_FILE}.partial")
    arrays = {}
    for n, packed in enumerate(counts.per_order, 1):
        arrays[f"order_{n}"] = np.ascontiguousarray(packed.small)
        arrays[f"order_{n}_large_rows"] = np.ascontiguousarray(packed.large_rows)
        arrays[f"order_{n}_large_counts"] = np.ascontiguousarray(packed.large_counts)
    try:
        save_arrays_file(arrays, partial, metadata={_FINGERPRINT: keys_fingerprint(tables)})
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise write_error(path, exc) from exc


def discard_counts(folder: str | os.PathLike[str]) -> None:
    """Remove the counts from a run folder whose model could not be written. Called while
    an error is on its way up: a failure here must not hide it (unlink does not follow a
    link, so nothing outside the folder is touched)."""
    with contextlib.suppress(OSError):
        (Path(folder) / COUNTS_FILE).unlink(missing_ok=True)


def load_counts(folder: str | os.PathLike[str], tables: BackoffTables) -> RawCounts | None:
    """The counts saved beside the model with these `tables`, or None when there are none or
    they are not this model's (see the module's text)."""
    from safetensors import SafetensorError

    from lmstudio_app.core.errors import RunFolderError
    from lmstudio_app.core.runs.paths import read_bytes

    try:
        data = read_bytes(folder, COUNTS_FILE)
    except (OSError, RunFolderError):
        return None
    try:
        from safetensors.numpy import load

        arrays = load(data)
        fingerprint = _metadata(data).get(_FINGERPRINT)
    except (SafetensorError, ValueError, OSError):
        return None
    if fingerprint != keys_fingerprint(tables):
        return None
    per_order = []
    for n in range(1, tables.order + 1):
        size = tables.vocab_size if n == 1 else tables.keys[n - 1].size
        packed = _checked(arrays, n, size)
        if packed is None:
            return None
        per_order.append(packed)
    if len(arrays) != 3 * tables.order:
        return None
    return RawCounts(per_order)


def _checked(arrays: dict[str, np.ndarray], n: int, size: int) -> PackedCounts | None:
    """Order `n`'s counts from the file, or None when they are not whole and consistent."""
    small = arrays.get(f"order_{n}")
    rows = arrays.get(f"order_{n}_large_rows")
    large = arrays.get(f"order_{n}_large_counts")
    if small is None or rows is None or large is None:
        return None
    if small.dtype != np.uint8 or small.ndim != 1 or small.size != size:
        return None
    if rows.dtype != np.int64 or large.dtype != np.int64 or rows.shape != large.shape:
        return None
    if rows.ndim != 1 or (rows.size and (rows[0] < 0 or rows[-1] >= size)):
        return None
    if np.any(np.diff(rows) <= 0) or np.any(large < _LARGE):
        return None
    if np.count_nonzero(small == _LARGE) != rows.size or np.any(small[rows] != _LARGE):
        return None
    return PackedCounts(small, rows, large)


def _metadata(data: bytes) -> dict[str, str]:
    """The text metadata of a safetensors file's bytes: its header is an 8-byte little-endian
    length, then that much JSON, whose "__metadata__" entry holds it (the format's spec)."""
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    return metadata if isinstance(metadata, dict) else {}
