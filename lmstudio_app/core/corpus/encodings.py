"""Which encodings a corpus may be read with, and how to tell damaged UTF-8 from another
encoding.

Python's codec registry holds more than text encodings: `zlib`, `bz2`, `base64`, `hex`,
`uu`, `quopri`, `rot13`, `punycode`... turn bytes into bytes (or str into str). Handed to the
decoder as "the encoding of this file", zlib inflated a 1.5 MB file to 1.5 GB in memory and
the others failed as internal errors, so only codecs that say they are text encodings
(`CodecInfo._is_text_encoding`) are accepted.

An encoding may name how bad bytes are handled: `utf-8:replace` (also `utf-8-replace`) reads
a file whose few damaged bytes become U+FFFD. It is recorded as written, so reading a run's
corpus again (`--resume`) reads it the same way.
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass

from lmstudio_app.core.errors import CorpusError

# How the damaged bytes of a file may be handled, as an encoding's suffix.
ERROR_MODES = ("strict", "replace")
REPLACE_SUFFIXES = (":replace", "-replace")
UTF8_REPLACE = "utf-8:replace"
_NOT_FOR_FILES = frozenset({"punycode", "idna", "undefined"})


@dataclass(frozen=True)
class Encoding:
    """A text codec and what to do with bytes it cannot decode."""

    codec: str  # the codec's canonical name ("utf-8", "cp1251")
    errors: str = "strict"

    @property
    def label(self) -> str:
        """The name to record and show: one that `parse_encoding` reads back the same."""
        return self.codec if self.errors == "strict" else f"{self.codec}:{self.errors}"


def parse_encoding(name: str) -> Encoding:
    """The encoding `name` stands for; refuses unknown names and codecs that are not text.

    Checked before anything is read, so a bytes-to-bytes codec never sees a file."""
    text = str(name).strip()
    errors = "strict"
    lowered = text.lower()
    for suffix in REPLACE_SUFFIXES:
        if lowered.endswith(suffix) and len(text) > len(suffix):
            text, errors = text[: -len(suffix)], "replace"
            break
    try:
        info = codecs.lookup(text)
    except LookupError:
        raise CorpusError("unknown_encoding", encoding=str(name)) from None
    # CodecInfo has no public flag for this; the private one is what open() itself checks.
    # punycode and idna are for host names, "undefined" refuses everything.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_FILES:
        raise CorpusError("not_text_encoding", encoding=str(name))
    return Encoding(info.name, errors)


# --------------------------------------------------------------------------- damaged UTF-8

# A file is "UTF-8 with damaged bytes" (rather than another encoding) when its valid
# multibyte sequences outnumber its bad spots this many times. A Cyrillic cp1251 file, a
# latin-1 French one or a GBK Chinese one has far more bad spots than valid sequences (in
# GBK about one character in ten happens to form a valid pair): the ratio is below 1 there.
VALID_PER_DAMAGE = 20
# Stop counting once this many bad spots are seen: no file with so many is "damaged UTF-8"
# unless it also has 20 times as many valid sequences, and counting each costs a call.
MAX_DAMAGE_COUNTED = 10_000
SCAN_CHUNK_BYTES = 1 << 20
# Bytes that start a multibyte UTF-8 sequence; everything else is deleted to count them.
_NOT_LEAD_BYTES = bytes(b for b in range(256) if not 0xC2 <= b <= 0xF4)


@dataclass(frozen=True)
class Utf8Damage:
    """Where a mostly-UTF-8 file is damaged: the first bad byte and how many there are."""

    position: int
    count: int


class _TooDamaged(Exception):
    """Raised from the error handler to stop a scan early."""


# The scan's state, per thread: the window reads files in a worker while the CLI or a test
# may read others.
_scan_state = threading.local()
_COUNTING_HANDLER = "lmstudio-count-utf8-damage"


def _count_damage(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    damaged: list[tuple[int, int]] = _scan_state.damaged
    damaged.append((_scan_state.base + exc.start, _scan_state.base + exc.end))
    if len(damaged) > MAX_DAMAGE_COUNTED:
        raise _TooDamaged
    return "\ufffd", exc.end


codecs.register_error(_COUNTING_HANDLER, _count_damage)


def utf8_damage(data: bytes | memoryview) -> Utf8Damage | None:
    """The damage of `data` when it is UTF-8 with a few bad bytes; None when it is not UTF-8
    at all (or has no bad byte). Reads a megabyte at a time and keeps none of the text."""
    state = _scan_state
    state.damaged = damaged = []  # (start, end) of bad byte runs, file positions
    state.base = 0  # where the decoder's current input starts in the file
    decoder = codecs.getincrementaldecoder("utf-8")(_COUNTING_HANDLER)
    view = memoryview(data)
    valid_leads = 0
    try:
        for start in range(0, len(view), SCAN_CHUNK_BYTES):
            chunk = view[start : start + SCAN_CHUNK_BYTES]
            # Bytes held back from the last chunk (a sequence cut in two) come first.
            state.base = start - len(decoder.getstate()[0])
            decoder.decode(chunk, final=start + SCAN_CHUNK_BYTES >= len(view))
            valid_leads += len(bytes(chunk).translate(None, _NOT_LEAD_BYTES))
            if len(damaged) > 64 and valid_leads < VALID_PER_DAMAGE * len(damaged):
                return None  # far too damaged already: another encoding
    except _TooDamaged:
        return None
    finally:
        state.damaged = []
    if not damaged:
        return None
    bad_bytes = sum(end - start for start, end in damaged)
    # Lead bytes inside bad runs were counted as valid: take them out again.
    valid = valid_leads - sum(
        1 for start, end in damaged for b in bytes(view[start:end]) if 0xC2 <= b <= 0xF4
    )
    if valid < VALID_PER_DAMAGE * len(damaged):
        return None
    return Utf8Damage(position=damaged[0][0], count=bad_bytes)
