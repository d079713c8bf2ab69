"""Load a corpus from files, folders or a string, in whatever encoding it came in, and split it.

Decoding order, fastest and surest first: a byte-order mark; then strict UTF-8 (most files);
then charset-normalizer's guess (GB18030, Big5, Shift-JIS, cp1252, UTF-16 without a BOM...).
A user-chosen encoding overrides all of it. Files that are not text (a PDF or PNG renamed
`.txt`, a file of NUL bytes) are refused with a sentence that names the file and the reason.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lmstudio_app.core.corpus_files import (
    HIDDEN,
    SkippedFile,
    folder_files,
    open_regular,
    stat_regular,
)
from lmstudio_app.core.corpus_files import skipped_summary as skipped_summary  # re-exported
from lmstudio_app.core.encodings import parse_encoding, utf8_damage
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.memory import release_free_memory
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB
# charset-normalizer looks at this much of a file; the whole file is then decoded strictly.
DETECTION_SAMPLE_BYTES = 256 * 1024
# Above this share of control characters (besides tab, newline, form feed) a file is binary.
MAX_CONTROL_CHAR_SHARE = 0.05

PathLike = str | os.PathLike[str]

# Signatures of common binary formats, checked before any decoding.
# The parts of a split as a sentence names them.
SPLIT_LABELS = {"train": N_("training"), "valid": N_("validation"), "test": N_("test")}

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", N_("a PDF document")),
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"PK\x03\x04", N_("a ZIP archive or an Office document")),
    (b"PK\x05\x06", N_("an empty ZIP archive")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"BZh", N_("a bzip2 archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"Rar!\x1a\x07", N_("a RAR archive")),
    (b"\xfd7zXZ\x00", N_("an XZ archive")),
    (b"\x7fELF", N_("a program")),
    (b"MZ", N_("a Windows program")),
    (b"SQLite format 3\x00", N_("a database")),
    (b"ID3", N_("an MP3 audio file")),
    (b"OggS", N_("an audio or video file")),
    (b"RIFF", N_("an audio or video file")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an old Office document")),
    (b"\x80\x02", N_("a Python pickle")),
    (b"\x80\x03", N_("a Python pickle")),
    (b"\x80\x04", N_("a Python pickle")),
    (b"\x80\x05", N_("a Python pickle")),
]

# Byte-order marks: the longest first, since the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

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
_STATS_CHUNK_CHARS = 1 << 20
_NON_SPACE_BYTES = re.compile(rb"\S")
_NON_SPACE = re.compile(r"[^\s\x00\ufeff]")


@dataclass(frozen=True)
class SourceFile:
    """One file that went into a corpus."""

    path: str
    encoding: str
    size_bytes: int
    num_chars: int


# SkippedFile (a file a folder held that was left out) lives in corpus_files, with the rules
# of which paths may be read; it is imported from here as before.


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


class Corpus:
    """A text and where it came from. Build it with `load_corpus` or `Corpus.from_text`.

    The text is kept as consecutive parts: the pieces a file was decoded in, and after a
    contiguous split the three splits themselves (`split_corpus`). A large text is then
    held once in memory, not twice, and never copied whole in one call. Read `parts`,
    `num_chars` or `head` rather than `text`, which joins them (a copy).
    """

    def __init__(
        self,
        text: str | Sequence[str],
        name: str,
        sources: list[SourceFile] | None = None,
        skipped: list[SkippedFile] | None = None,
    ) -> None:
        """`text` whole or in consecutive pieces (as files are read)."""
        parts = (text,) if isinstance(text, str) else tuple(part for part in text if part)
        self._parts: tuple[str, ...] = parts or ("",)
        self.name = name
        self.sources: list[SourceFile] = sources if sources is not None else []
        self.skipped: list[SkippedFile] = skipped if skipped is not None else []

    def __repr__(self) -> str:
        return f"Corpus(name={self.name!r}, num_chars={self.num_chars})"

    @classmethod
    def from_text(cls, text: str, name: str = "text") -> Corpus:
        if _NON_SPACE.search(text) is None:
            raise CorpusError("empty_text")
        return cls(text=normalise_newlines(text), name=name)

    @property
    def text(self) -> str:
        """The whole text (joined anew from the parts after a contiguous split)."""
        return self._parts[0] if len(self._parts) == 1 else "".join(self._parts)

    @property
    def parts(self) -> tuple[str, ...]:
        """The text in consecutive pieces (never empty ones, unless the text is)."""
        return self._parts

    @property
    def num_chars(self) -> int:
        return sum(len(part) for part in self._parts)

    def head(self, num_chars: int) -> str:
        """The first `num_chars` characters, without joining the parts."""
        head = ""
        for part in self._parts:
            head += part[: num_chars - len(head)]
            if len(head) >= num_chars:
                break
        return head

    def _share_with(self, parts: Sequence[str]) -> None:
        """Keep the text as `parts`, which must join to it, and let go of the old ones."""
        self._parts = tuple(part for part in parts if part) or ("",)

    @property
    def encoding(self) -> str:
        """The encoding used to read the files ("mixed: ..." when they differ)."""
        encodings = sorted({source.encoding for source in self.sources})
        if not encodings:
            return "unicode"
        if len(encodings) == 1:
            return encodings[0]
        return "mixed: " + ", ".join(encodings)

    @cached_property
    def stats(self) -> CorpusStats:
        return compute_stats(self._parts)

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the text (as UTF-8), computed in chunks to keep memory flat."""
        digest = hashlib.sha256()
        for part in self._parts:
            for chunk in _chunks(part, _STATS_CHUNK_CHARS):
                digest.update(chunk.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


@dataclass(frozen=True)
class Splits:
    """Train, validation and test texts."""

    train: str
    valid: str
    test: str
    method: str

    def __iter__(self) -> Iterator[str]:
        return iter((self.train, self.valid, self.test))

    def items(self) -> list[tuple[str, str]]:
        return [("train", self.train), ("valid", self.valid), ("test", self.test)]


# --------------------------------------------------------------------------- decoding


def normalise_encoding_name(encoding: str) -> str:
    """The canonical name of a text encoding (refusing `zlib`, `base64` and the like)."""
    return parse_encoding(encoding).codec


def normalise_newlines(text: str) -> str:
    if "\r" not in text:  # the common case costs one scan and no copy
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_binary(head: bytes) -> str | None:
    """What binary format `head` (the first bytes of a file) looks like, or None."""
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return N_("an audio or video file")
    if head[257:262] == b"ustar":  # POSIX and GNU tar put their magic after the first name
        return N_("a tar archive")
    if head and head.count(0) == len(head):
        return N_("binary data (only zero bytes)")
    return None


def _control_char_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x1b")
    controls += sample.count("\x7f") + sample.count("\ufffd")
    return controls / len(sample)


def _control_byte_share(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for byte in data if byte < 0x09 or 0x0E <= byte < 0x20 or byte == 0x7F)
    return controls / len(data)


def decode_bytes(data: bytes, path: str = "text", encoding: str | None = None) -> tuple[str, str]:
    """Decode `data` and return (text, encoding used). Newlines are left as they are."""
    pieces, used = decode_pieces(data, path, encoding)
    return "".join(pieces), used


# Decoded this many bytes at a time: one call to a codec holds Python's interpreter lock, and
# a 100 MB file decoded at once held it for about 90 ms, during which the window could not
# repaint. A megabyte takes about a millisecond.
DECODE_CHUNK_BYTES = 1 << 20


def _decode(
    data: bytes, encoding: str, errors: str = "strict", cancel: CancelCheck | None = None
) -> list[str]:
    """`data.decode(encoding, errors)` in pieces (raising UnicodeDecodeError the same way);
    `cancel` is asked between pieces, so that a large file stops decoding promptly."""
    if len(data) <= DECODE_CHUNK_BYTES:
        return [data.decode(encoding, errors)]
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    view = memoryview(data)
    pieces = []
    for start in range(0, len(data), DECODE_CHUNK_BYTES):
        check_cancel(cancel)
        end = start + DECODE_CHUNK_BYTES
        pieces.append(decoder.decode(view[start:end], final=end >= len(data)))
    return pieces


def decode_pieces(
    data: bytes, path: str = "text", encoding: str | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[list[str], str]:
    """Like `decode_bytes`, the text in pieces: a caller that drops `data` before joining
    them needs memory for the text twice at most, not the bytes and the text twice."""
    if encoding:
        chosen = parse_encoding(encoding)
        try:
            return _decode(data, chosen.codec, chosen.errors, cancel), chosen.label
        except UnicodeError:  # a few codecs raise the base class
            _refuse_damaged_utf8(data, path, chosen.codec)
            raise CorpusError("undecodable", path=path, encoding=chosen.codec) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _decode(data, name, cancel=cancel), _bom_label(bom, name)
            except UnicodeDecodeError:
                raise CorpusError("undecodable", path=path, encoding=name) from None
    # Before UTF-8: UTF-16 text of Latin letters is valid UTF-8 too (every other byte a NUL),
    # and would then be refused as binary.
    utf16 = _utf16_without_bom(data[:DETECTION_SAMPLE_BYTES])
    if utf16 is not None:
        try:
            return _decode(data, utf16, cancel=cancel), utf16
        except UnicodeDecodeError:
            pass
    try:
        return _decode(data, "utf-8", cancel=cancel), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes (a download cut short, a disk error) would be read
    # as cp1251 below, every "É" becoming "Г‰": say so, and offer to replace them.
    _refuse_damaged_utf8(data, path, "utf-8")
    guess = _guess_encoding(data[:DETECTION_SAMPLE_BYTES])
    if guess is not None:
        try:
            return _decode(data, guess, cancel=cancel), guess
        except UnicodeDecodeError:
            pass  # the sample misled the detector; look at the whole file
    if len(data) > DETECTION_SAMPLE_BYTES:
        guess = _guess_encoding(data)
        if guess is not None:
            try:
                return _decode(data, guess, cancel=cancel), guess
            except UnicodeDecodeError:
                pass
    raise CorpusError("encoding_undetected", path=path)


def _refuse_damaged_utf8(data: bytes, path: str, codec: str) -> None:
    """Raise "utf8_damaged" when `data`, which UTF-8 could not decode, is UTF-8 with a few
    damaged bytes rather than another encoding."""
    if codec != "utf-8":
        return
    damage = utf8_damage(data)
    if damage is not None:
        raise CorpusError(
            "utf8_damaged", path=path, count=damage.count, position=damage.position
        )


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `sample` looks like UTF-16 without a byte-order mark.

    In UTF-16, every character of the Latin, Greek or Cyrillic scripts, digits, spaces and
    newlines has one zero byte: the high one. So a text in those scripts has zeros at nearly
    every odd position (little-endian) or even position (big-endian) and hardly any at the
    other. Chinese or Japanese text has few zero bytes; charset-normalizer recognises it.
    """
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even_zeros = sample[0::2].count(0) / (len(sample) // 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) // 2)
    if odd_zeros > 0.3 and even_zeros < 0.02:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.02:
        return "utf-16-be"
    return None


def _bom_label(bom: bytes, name: str) -> str:
    if name == "utf-16":
        return "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    if name == "utf-32":
        return "utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be"
    return name


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: it takes a moment to load

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    name = normalise_encoding_name(best.encoding)
    # GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters work.
    if name in {"gb2312", "gbk"}:
        return "gb18030"
    return name


# --------------------------------------------------------------------------- loading


def read_text_file(
    path: PathLike, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: CancelCheck | None = None,
) -> tuple[list[str], SourceFile]:
    """Read one text file; refuse binaries, empty files and files over `max_bytes`.

    The text comes in the pieces it was decoded in (about a megabyte each) and is never
    joined here: joining a 100 MB text is one call that holds Python's interpreter for
    about 60 ms (the window cannot repaint meanwhile) and needs memory for it twice."""
    shown = str(path)
    file_path = Path(path)
    # Checked before opening: a named pipe would block for ever, /dev/zero read without end.
    before = _file_state(stat_regular(file_path, shown))
    if before[0] > max_bytes:
        raise CorpusError(
            "too_large", path=shown, size_mb=before[0] / 1e6, limit_mb=max_bytes / 1e6
        )
    stream, _ = open_regular(file_path, shown)
    try:
        with stream:
            # Never more than the limit, even if the file grew since it was measured.
            data = stream.read(max_bytes + 1)
        after = _file_state(file_path.stat())
    except PermissionError:
        raise CorpusError("permission_denied", path=shown) from None
    except FileNotFoundError:  # it vanished between stat and read
        raise CorpusError("path_not_found", path=shown) from None
    except OSError as exc:
        raise CorpusError("not_readable", path=shown, reason=exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise CorpusError(
            "too_large", path=shown, size_mb=len(data) / 1e6, limit_mb=max_bytes / 1e6
        )
    if after != before:
        # Being written (a download, an editor saving): what was read may be cut mid-way.
        raise CorpusError("file_changed", path=shown)
    size = len(data)
    if _NON_SPACE_BYTES.search(data) is None:  # search, not strip: strip would copy
        raise CorpusError("empty_file", path=shown)
    kind = sniff_binary(data[:512])
    if kind is not None:
        raise CorpusError("binary_file", path=shown, kind=kind)
    try:
        pieces, used = decode_pieces(data, shown, encoding, cancel)
    except CorpusError as exc:
        # Bytes no encoding explains, with many control codes: binary, whatever its name says.
        if exc.code == "encoding_undetected" and _control_byte_share(data[:8192]) > 0.1:
            raise CorpusError("binary_file", path=shown, kind=N_("binary data")) from None
        raise
    del data
    pieces = [piece for piece in pieces if piece]
    if not pieces or _control_char_share(pieces[0]) > MAX_CONTROL_CHAR_SHARE:
        raise CorpusError("binary_file", path=shown, kind=N_("binary data"))
    for index in range(len(pieces) - 1):  # a "\r\n" cut in two would become two line ends
        if pieces[index].endswith("\r"):
            pieces[index], pieces[index + 1] = pieces[index][:-1], "\r" + pieces[index + 1]
    pieces = [normalise_newlines(piece) for piece in pieces]
    if not any(_NON_SPACE.search(piece) for piece in pieces):
        raise CorpusError("empty_file", path=shown)
    num_chars = sum(len(piece) for piece in pieces)
    return pieces, SourceFile(path=shown, encoding=used, size_bytes=size, num_chars=num_chars)


# The files a folder stands for, as `load_corpus` reads them (`core/run_checks.py` asks).
_folder_files = folder_files


def _file_state(info: os.stat_result) -> tuple[int, int]:
    """Size and modification time: if either differs after reading, the file changed."""
    return info.st_size, info.st_mtime_ns


def load_corpus(
    paths: PathLike | Sequence[PathLike],
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Corpus:
    """Load one file, several files or folders (recursively) into one corpus.

    Files named directly must be regular text files; inside folders, hidden, binary, empty
    and unreadable files, links that leave the folder, named pipes, devices and sockets are
    skipped and listed in `Corpus.skipped` (`skipped_summary` tells them in sentences).
    Texts are joined with a newline.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not paths:
        raise CorpusError("no_corpus")
    if encoding:
        parse_encoding(encoding)  # refused before anything is read: `zlib` inflates files
    planned: list[tuple[Path, bool]] = []  # (file, came from a folder)
    skipped: list[SkippedFile] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files, left_out = folder_files(path)
            if not files and all(item.kind == HIDDEN for item in left_out):
                raise CorpusError("empty_folder", path=str(given))
            skipped.extend(left_out)
            planned.extend((file, True) for file in files)
        elif path.exists():
            planned.append((path, False))
        else:
            raise CorpusError("path_not_found", path=str(given))
    pieces: list[str] = []
    sources: list[SourceFile] = []
    total = len(planned)
    for index, (file, in_folder) in enumerate(planned):
        check_cancel(cancel)
        progress(index / total, N_("Reading {name}", name=file.name))
        try:
            file_pieces, source = read_text_file(file, encoding, max_bytes, cancel)
        except CorpusError as exc:
            if not in_folder:
                raise
            skipped.append(SkippedFile(str(file), exc.message))  # kind: not text
            continue
        if pieces and not pieces[-1].endswith("\n"):
            pieces[-1] += "\n"  # files are joined on line boundaries
        pieces.extend(file_pieces)
        sources.append(source)
    progress(1.0, N_("Read all files"))
    if not sources:
        folder = next(str(p) for p in paths if Path(p).is_dir())
        raise CorpusError("no_text_files", path=folder, skipped=len(skipped))
    names = [Path(p).name or str(p) for p in paths]
    name = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
    return Corpus(pieces, name=name, sources=sources, skipped=skipped)


# --------------------------------------------------------------------------- statistics


def _chunks(text: str, size: int) -> Iterator[str]:
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


def _chunk_code_point_counts(text: str) -> Iterator[tuple[str, np.ndarray]]:
    import numpy as np  # lazily: the window paints before numpy loads

    for chunk in _chunks(text, _STATS_CHUNK_CHARS):
        code_points = np.frombuffer(chunk.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        yield chunk, np.bincount(code_points, minlength=0x110000)


def character_counts(text: str) -> dict[str, int]:
    """How often each character occurs, most frequent first (ties by code point)."""
    import numpy as np  # lazily: the window paints before numpy loads

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

    parts = [text] if isinstance(text, str) else [part for part in text if part]
    counts = np.zeros(0x110000, dtype=np.int64)
    words = newlines = 0
    done = 0
    num_chars = sum(len(part) for part in parts)
    total = max(num_chars, 1)
    # each part is counted on its own; a word running across two was counted twice
    words -= sum(_joins_a_word(a, b) for a, b in itertools.pairwise(parts))
    chunks = (pair for part in parts for pair in _chunk_code_point_counts(part))
    for chunk, chunk_counts in chunks:
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
    last = parts[-1] if parts else ""
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


# --------------------------------------------------------------------------- splitting


def _check_fractions(fractions: Sequence[float]) -> tuple[float, float, float]:
    # Written so that NaN fails each test (every comparison with NaN is false): "nan,0,0"
    # once passed both and ended in "cannot convert float NaN to integer".
    if len(fractions) != 3 or not all(f >= 0 for f in fractions) or not fractions[0] > 0:
        raise CorpusError("bad_split", fractions=tuple(fractions))
    if not abs(sum(fractions) - 1.0) <= 1e-6:
        raise CorpusError("bad_split", fractions=tuple(fractions))
    return float(fractions[0]), float(fractions[1]), float(fractions[2])


class _PartedText:
    """Consecutive parts read as one text by position, without joining them."""

    def __init__(self, parts: Sequence[str]) -> None:
        self.parts = list(parts)
        self.starts = list(itertools.accumulate((len(part) for part in self.parts), initial=0))
        self.length = self.starts[-1]

    def find_newline(self, start: int, end: int) -> int:
        """The position of the first newline in [start, end), or -1."""
        index = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while index < len(self.parts) and self.starts[index] < end:
            offset = self.starts[index]
            found = self.parts[index].find("\n", max(start - offset, 0), end - offset)
            if found != -1:
                return offset + found
            index += 1
        return -1

    def slice(self, start: int, end: int) -> str:
        """text[start:end]; a part taken whole is not copied."""
        pieces = []
        for part, offset in zip(self.parts, self.starts, strict=False):
            if offset < end and offset + len(part) > start:
                pieces.append(part[max(start - offset, 0) : end - offset])
        return pieces[0] if len(pieces) == 1 else "".join(pieces)

    def line_start_after(self, position: int, slack: int) -> int:
        """The start of the line at or after `position`, if one begins within `slack`
        characters; else `position`."""
        if position <= 0 or position >= self.length or self.slice(position - 1, position) == "\n":
            return position
        newline = self.find_newline(position, position + slack)
        return newline + 1 if newline != -1 else position


def split_corpus(
    corpus: Corpus | str,
    fractions: Sequence[float] = (0.9, 0.05, 0.05),
    method: str = "contiguous",
    seed: int = 0,
) -> Splits:
    """Split into train / valid / test, deterministically.

    `contiguous` holds out the tail (valid, then test), as language-model benchmarks do, with
    the cuts moved to the next line start when one is near. `lines` deals whole lines to the
    three parts at random with `seed`.
    """
    train_f, valid_f, test_f = _check_fractions(fractions)
    if method == "contiguous":
        # Read from the corpus's parts: the whole text is never joined, and each split is
        # made in one copy (a part it takes whole, not even that).
        parted = _PartedText(corpus.parts if isinstance(corpus, Corpus) else [corpus])
        n = parted.length
        slack = max(int(n * 0.01), 200)
        cut_valid = parted.line_start_after(round(n * train_f), slack)
        cut_test = max(parted.line_start_after(round(n * (train_f + valid_f)), slack), cut_valid)
        splits = Splits(
            parted.slice(0, cut_valid), parted.slice(cut_valid, cut_test),
            parted.slice(cut_test, n), method,
        )
        del parted
        if isinstance(corpus, Corpus):
            # The three parts join to the text: the corpus keeps them instead of its old
            # parts, which are then freed (a large text is held once, not twice), and
            # handed back to the system (the C library may keep a megabyte piece's memory).
            corpus._share_with(splits)
            release_free_memory()
    elif method == "lines":
        text = corpus.text if isinstance(corpus, Corpus) else corpus
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        import numpy as np

        draws = np.random.default_rng(seed).random(len(lines))
        parts: list[list[str]] = [[], [], []]
        for line, draw in zip(lines, draws, strict=True):
            parts[0 if draw < train_f else 1 if draw < train_f + valid_f else 2].append(line)
        splits = Splits(*("\n".join(part) + "\n" if part else "" for part in parts), method)
    else:
        raise CorpusError("bad_split", fractions=f"{tuple(fractions)} with method {method!r}")
    for name, part, fraction in zip(
        ("train", "valid", "test"), splits, (train_f, valid_f, test_f), strict=True
    ):
        if fraction > 0 and _NON_SPACE.search(part) is None:
            raise CorpusError("split_too_small", split=SPLIT_LABELS[name])
    return splits


def load_split_files(
    train: PathLike | Sequence[PathLike],
    valid: PathLike | None = None,
    test: PathLike | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[Corpus, Splits]:
    """Predefined splits, as the Penn Treebank comes: one corpus per part."""

    def part(base: float, width: float) -> ProgressCallback:
        return lambda f, m: progress(None if f is None else base + width * f, m)

    train_corpus = load_corpus(train, encoding, max_bytes, part(0.0, 0.8), cancel)
    valid_text = test_text = ""
    if valid:
        valid_text = load_corpus(valid, encoding, max_bytes, part(0.8, 0.1), cancel).text
    if test:
        test_text = load_corpus(test, encoding, max_bytes, part(0.9, 0.1), cancel).text
    progress(1.0, N_("Read all files"))
    return train_corpus, Splits(train_corpus.text, valid_text, test_text, "files")
