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

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lmstudio_app.core.arpa import BackoffTables
from lmstudio_app.core.fileio import write_error

COUNTS_FILE = "counts.safetensors"
_FINGERPRINT = "keys_sha256"
_INT32_MAX = np.iinfo(np.int32).max


@dataclass
class RawCounts:
    """`per_order[n - 1][row]`: how often the n-gram in row `row` of the order-n table
    occurred (for n = 1, row = token id)."""

    per_order: list[np.ndarray]

    def ngram(self, order: int, row: int) -> int:
        return int(self.per_order[order - 1][row])

    def rows(self, order: int, low: int, high: int) -> int:
        """The summed counts of rows `low`..`high` of the order-`order` table: for the rows
        of one context's followers, how often the context was followed by a token."""
        return int(self.per_order[order - 1][low:high].sum(dtype=np.int64))


def narrowest(counts: np.ndarray) -> np.ndarray:
    """`counts` as int32 when they fit (they nearly always do: half the memory), else int64."""
    if counts.size == 0 or int(counts.max()) <= _INT32_MAX:
        return counts.astype(np.int32)
    return counts.astype(np.int64)


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
    arrays = {f"order_{n}": np.ascontiguousarray(c) for n, c in enumerate(counts.per_order, 1)}
    try:
        save_arrays_file(arrays, partial, metadata={_FINGERPRINT: keys_fingerprint(tables)})
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise write_error(path, exc) from exc


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
        counts = arrays.get(f"order_{n}")
        size = tables.vocab_size if n == 1 else tables.keys[n - 1].size
        if (
            counts is None
            or counts.ndim != 1
            or counts.dtype not in (np.int32, np.int64)
            or counts.size != size
            or (counts.size and int(counts.min()) < 0)
        ):
            return None
        per_order.append(counts)
    if len(arrays) != tables.order:
        return None
    return RawCounts(per_order)


def _metadata(data: bytes) -> dict[str, str]:
    """The text metadata of a safetensors file's bytes: its header is an 8-byte little-endian
    length, then that much JSON, whose "__metadata__" entry holds it (the format's spec)."""
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    return metadata if isinstance(metadata, dict) else {}
