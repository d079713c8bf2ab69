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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_, Text

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


# --------------------------------------------------------------------------- guesses

# Single-byte encodings of the Latin script. Among them the detector (charset-normalizer)
# often scores several the same: "naïve" in cp1252 reads "naďve" in cp1250, both equally
# plausible to it, and it named the first in its list. cp1252, the most common of them, wins
# such ties unless the text is in a language written in another of them.
LATIN_SINGLE_BYTE = frozenset(
    codecs.lookup(name).name  # the canonical names, as `parse_encoding` gives them
    for name in (
        "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3",
        "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
        "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp437",
        "cp775", "cp850", "cp852", "cp858", "cp860", "cp861", "cp863", "cp865",
    )
)
PREFERRED_LATIN = "cp1252"
# Languages (as the detector names them) whose letters cp1252 lacks: their text read as
# cp1252 looks as plausible to the detector ("tűrő" as "tûrõ"), but is not.
NOT_CP1252_LANGUAGES = frozenset({
    "Czech", "Polish", "Slovak", "Hungarian", "Slovene", "Croatian", "Romanian", "Serbian",
    "Lithuanian", "Latvian", "Turkish", "Vietnamese",
})
# Two readings are as plausible when the detector's measure of mess (chaos, 0 to 1) differs
# by no more than this (its own rounding), and its measure of how much the letters look like
# a language (coherence, 0 to 1) by no more than COHERENCE_MARGIN.
CHAOS_MARGIN = 0.01
COHERENCE_MARGIN = 0.05


@dataclass(frozen=True)
class Reading:
    """One way the detector could read a text: the codec, and the others that give the same
    text (`same_text`), with its scores."""

    codec: str
    same_text: frozenset[str]
    chaos: float
    coherence: float
    language: str = ""

    def close_to(self, other: Reading) -> bool:
        return (
            abs(self.chaos - other.chaos) <= CHAOS_MARGIN
            and abs(self.coherence - other.coherence) <= COHERENCE_MARGIN
        )


@dataclass(frozen=True)
class EncodingGuess:
    """The encoding a detector chose, and the others that read the text differently but
    almost as plausibly (none when the guess is clear)."""

    codec: str
    alternatives: tuple[str, ...] = ()


def choose_reading(readings: Sequence[Reading]) -> EncodingGuess | None:
    """The encoding to read a text with, from the detector's readings, best first: its best,
    or cp1252 when that is as plausible among Latin single-byte encodings; and the readings
    as plausible as the chosen one that give another text."""
    if not readings:
        return None
    best = readings[0]
    chosen = best
    if best.codec in LATIN_SINGLE_BYTE and best.language not in NOT_CP1252_LANGUAGES:
        for reading in readings:
            same_chaos = abs(reading.chaos - best.chaos) <= CHAOS_MARGIN
            if same_chaos and PREFERRED_LATIN in reading.same_text | {reading.codec}:
                chosen = reading
                break
    codec = PREFERRED_LATIN if PREFERRED_LATIN in chosen.same_text else chosen.codec
    alternatives = tuple(
        reading.codec for reading in readings if reading is not chosen and reading.close_to(chosen)
    )
    return EncodingGuess(codec, alternatives)


def guess_sentence(guesses: Sequence[tuple[str, str, Sequence[str]]]) -> Text | None:
    """One sentence saying that an encoding was guessed among close alternatives, from
    (path, encoding used, alternatives) of each file read; None when no guess was unsure."""
    unsure = [(path, used, others) for path, used, others in guesses if others]
    if not unsure:
        return None
    path, used, others = unsure[0]
    name = PurePath(path).name or path
    alternatives = ", ".join(others[:3])
    if len(unsure) == 1:
        return N_(
            "The encoding of {name} was guessed: it was read as {encoding}, but {alternatives} "
            "would read it almost as plausibly, so if letters look wrong, choose its encoding.",
            name=name, encoding=used, alternatives=alternatives,
        )
    return N_(
        "The encodings of {count} files were guessed among close alternatives ({name} was read "
        "as {encoding}, or could be {alternatives}), so if letters look wrong, choose the "
        "encoding.",
        count=len(unsure), name=name, encoding=used, alternatives=alternatives,
    )
