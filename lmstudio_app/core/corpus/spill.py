"""A large text kept on disk, not in memory: written once as UTF-8, read back a piece at a time.

A 100 MB corpus held as a Python string costs one to four bytes a character, and splitting or
encoding it held it twice: a 1 GB corpus peaked at 5.8 GB (issue 20). A text read from files
larger than `STREAM_BYTES` is instead decoded a megabyte at a time into a `SpillWriter`, and
what the rest of the program gets is a `SpilledText`: its length, its pieces one after another
(`pieces()`), short slices (`text[:2000]` for a preview), and views (`view(start, end)`: the
three parts of a split share one file). Whoever needs the whole text asks for `str(text)`.

Pieces are cut where the token ids cannot change (`chunks.lossless_pieces`' rule: after a
newline between two characters that are not white space), so that a text encoded or counted a
piece at a time gives exactly the ids of the same text encoded whole. Only a stretch of
`HARD_PIECE_CHARS` characters without such a newline (a file without line breaks) is cut
before a space between two words, or, failing that, anywhere.

The file is an unnamed temporary file in the user data folder (`token_cache_dir`): the
system's temporary folder may live in memory, and an unnamed file leaves nothing behind when
the program ends, however it ends.
"""

from __future__ import annotations

import bisect
import os
import tempfile
import threading
from collections.abc import Iterator
from typing import IO, Any

from lmstudio_app.core.fileio import write_error

# Text files together larger than this are read into a `SpilledText` (`corpus.load`).
# LMSTUDIO_STREAM_MB sets another size (the tests use a small one).
STREAM_BYTES = int(float(os.environ.get("LMSTUDIO_STREAM_MB", "64")) * 2**20)
# A piece is cut at the last safe newline once this many characters wait.
PIECE_CHARS = 1 << 21
# Without a safe newline in this many characters, a piece is cut anyway.
HARD_PIECE_CHARS = 1 << 23


class _Store:
    """The file and where each piece starts, in characters and in bytes."""

    def __init__(self) -> None:
        from lmstudio_app.core.token_file import token_cache_dir

        self.folder = token_cache_dir()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Open for as long as the text is used (closed with it): no context manager fits.
            self.file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
                dir=self.folder, prefix="text-"
            )
        except OSError as exc:
            raise write_error(self.folder, exc) from None
        self.char_starts = [0]
        self.byte_starts = [0]
        self._lock = threading.Lock()  # seek + read must not interleave (no pread on Windows)

    def append(self, piece: str) -> None:
        data = piece.encode("utf-8", "surrogatepass")
        with self._lock:
            self.file.seek(self.byte_starts[-1])
            try:
                self.file.write(data)
            except OSError as exc:  # a full disk: a sentence, not a traceback
                raise write_error(self.folder, exc) from None
        self.char_starts.append(self.char_starts[-1] + len(piece))
        self.byte_starts.append(self.byte_starts[-1] + len(data))

    def truncate(self, pieces: int) -> None:
        """Forget every piece after the first `pieces`."""
        del self.char_starts[pieces + 1 :], self.byte_starts[pieces + 1 :]
        with self._lock:
            self.file.truncate(self.byte_starts[-1])

    def piece(self, index: int) -> str:
        start, end = self.byte_starts[index], self.byte_starts[index + 1]
        with self._lock:
            self.file.seek(start)
            data = self.file.read(end - start)
        return data.decode("utf-8", "surrogatepass")

    @property
    def count(self) -> int:
        return len(self.char_starts) - 1

    def close(self) -> None:
        self.file.close()


class SpilledText:
    """Characters [start, end) of a text on disk. `len()`, `pieces()`, short slices; `str()`
    reads it whole (a copy in memory: for small views only)."""

    def __init__(self, store: _Store, start: int, end: int) -> None:
        self._store, self._start, self._end = store, start, end

    def __len__(self) -> int:
        return self._end - self._start

    def __bool__(self) -> bool:
        return self._end > self._start

    def __repr__(self) -> str:
        return f"SpilledText({len(self)} characters)"

    def __str__(self) -> str:
        return "".join(self.pieces())

    def view(self, start: int, end: int) -> SpilledText:
        """Characters [start, end) of this text, without reading them."""
        start, end = max(start, 0), min(end, len(self))
        return SpilledText(self._store, self._start + start, self._start + max(start, end))

    def pieces(self) -> Iterator[str]:
        """The text in consecutive pieces (a few megabytes each), read one at a time."""
        store = self._store
        index = max(bisect.bisect_right(store.char_starts, self._start) - 1, 0)
        while index < store.count and store.char_starts[index] < self._end:
            offset = store.char_starts[index]
            piece = store.piece(index)
            low, high = max(self._start - offset, 0), min(self._end - offset, len(piece))
            if low or high < len(piece):
                piece = piece[low:high]
            if piece:
                yield piece
            index += 1

    def piece_lengths(self) -> list[int]:
        store = self._store
        lengths = []
        for index in range(store.count):
            low = max(store.char_starts[index], self._start)
            high = min(store.char_starts[index + 1], self._end)
            if high > low:
                lengths.append(high - low)
        return lengths

    def __getitem__(self, key: slice) -> str:
        """A slice as a string (`text[:2000]`): only the pieces it covers are read."""
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a SpilledText is sliced with [start:end] only")
        start, end, _ = key.indices(len(self))
        return str(self.view(start, end)) if end > start else ""

    def __getattr__(self, name: str) -> Any:
        # A string method the program seldom needs on a large text (`splitlines` for the
        # memorisation check): on the whole text, read into memory. Never for pieces of
        # work that scale (encoding, counting, hashing): those read `pieces()`.
        if name.startswith("_") or not hasattr(str, name):
            raise AttributeError(name)
        return getattr(str(self), name)


class LazyPieces:
    """A `SpilledText`'s pieces as a read-only sequence: each read from disk when asked for."""

    def __init__(self, text: SpilledText) -> None:
        self._text = text
        self._lengths = text.piece_lengths()
        self._starts = [0]
        for length in self._lengths:
            self._starts.append(self._starts[-1] + length)

    def __len__(self) -> int:
        return len(self._lengths)

    def __getitem__(self, index: int) -> str:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        return str(self._text.view(self._starts[index], self._starts[index + 1]))

    def __iter__(self) -> Iterator[str]:
        return self._text.pieces()

    @property
    def lengths(self) -> list[int]:
        return self._lengths


class SpillWriter:
    """Text appended a piece at a time; `finish()` gives it back as a `SpilledText`."""

    def __init__(self) -> None:
        self._store = _Store()
        self._waiting: list[str] = []
        self._waiting_chars = 0
        self.last_char = ""

    def write(self, text: str) -> None:
        if not text:
            return
        self._waiting.append(text)
        self._waiting_chars += len(text)
        self.last_char = text[-1]
        if self._waiting_chars >= PIECE_CHARS:
            self._cut(final=False)

    def _cut(self, final: bool) -> None:
        text = "".join(self._waiting)
        start = 0
        while len(text) - start >= PIECE_CHARS:
            cut = _safe_cut(text, start)
            if cut is None:
                if len(text) - start < HARD_PIECE_CHARS:
                    break
                cut = _word_cut(text, start, start + HARD_PIECE_CHARS)
            self._store.append(text[start:cut])
            start = cut
        if final and start < len(text):
            self._store.append(text[start:])
            start = len(text)
        rest = text[start:]
        self._waiting = [rest] if rest else []
        self._waiting_chars = len(rest)

    def mark(self) -> tuple[int, str, str]:
        """Where the text ends now: a `rollback` to this mark forgets what follows (a file
        that turned out to be in another encoding). What waits to be cut stays waiting (it
        is kept in the mark), so that the next file's text joins it where ids cannot change
        rather than at a piece cut at the file's boundary."""
        self._cut(final=False)
        return self._store.count, "".join(self._waiting), self.last_char

    def rollback(self, mark: tuple[int, str, str]) -> None:
        pieces, waiting, last_char = mark
        self._store.truncate(pieces)
        self._waiting = [waiting] if waiting else []
        self._waiting_chars = len(waiting)
        self.last_char = last_char

    def finish(self) -> SpilledText:
        self._cut(final=True)
        store = self._store
        return SpilledText(store, 0, store.char_starts[-1])

    def discard(self) -> None:
        self._store.close()


def _safe_cut(text: str, start: int) -> int | None:
    """The end of the last piece of `text` from `start` that ends after a newline between two
    characters that are not white space, at most `PIECE_CHARS * 2` long; None if none."""
    end = min(len(text) - 1, start + 2 * PIECE_CHARS)
    while end > start:
        newline = text.rfind("\n", start, end)
        if newline == -1:
            return None
        if not text[newline + 1].isspace() and newline > start and not text[newline - 1].isspace():
            return newline + 1
        end = newline
    return None


def _word_cut(text: str, start: int, position: int) -> int:
    """Before a single space between two words in the second half of [start, position),
    else `position`."""
    low = max(position - (position - start) // 2, start + 1)
    cut = text.rfind(" ", low, position)
    while cut != -1 and (
        cut + 1 >= len(text) or text[cut - 1].isspace() or text[cut + 1].isspace()
    ):
        cut = text.rfind(" ", low, cut)
    return cut if cut > start else position


def text_pieces(text: str | SpilledText) -> Iterator[str]:
    """A text in pieces that encode one by one to the ids of the whole: a string as it is,
    a `SpilledText` a piece at a time."""
    if isinstance(text, SpilledText):
        yield from text.pieces()
    elif text:
        yield text


def has_text(text: str | SpilledText) -> bool:
    """Whether `text` holds anything but white space (read until it does)."""
    return any(not piece.isspace() for piece in text_pieces(text))
