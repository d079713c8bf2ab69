"""Bytes to text, in whatever encoding they came in; bytes that are not text are refused.

Decoding order, fastest and surest first: a byte-order mark; then strict UTF-8 (most files);
then charset-normalizer's guess (GB18030, Big5, Shift-JIS, cp1252, UTF-16 without a BOM...).
A user-chosen encoding overrides all of it. Files that are not text (a PDF or PNG renamed
`.txt`, a file of NUL bytes) are refused with a sentence that names the file and the reason.
"""

from __future__ import annotations

import codecs
import re

from lmstudio_app.core.corpus.encodings import (
    EncodingGuess,
    Reading,
    choose_reading,
    parse_encoding,
    utf8_damage,
)
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, check_cancel

# charset-normalizer looks at this much of a file; the whole file is then decoded strictly.
DETECTION_SAMPLE_BYTES = 256 * 1024
# Above this share of control characters (besides tab, newline, form feed) a file is binary.
MAX_CONTROL_CHAR_SHARE = 0.05

# Signatures of common binary formats, checked before any decoding.
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

_NON_SPACE_BYTES = re.compile(rb"\S")
# Any character that makes a text more than white space (NUL and a stray BOM do not).
NON_SPACE = re.compile(r"[^\s\x00\ufeff]")


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
    pieces, used, _ = decode_guessing(data, path, encoding, cancel)
    return pieces, used


def decode_guessing(
    data: bytes, path: str = "text", encoding: str | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[list[str], str, tuple[str, ...]]:
    """Like `decode_pieces`, with the encodings that would have read the text almost as
    plausibly as the one guessed (none when the encoding was given, marked or clear)."""
    if encoding:
        chosen = parse_encoding(encoding)
        try:
            return _decode(data, chosen.codec, chosen.errors, cancel), chosen.label, ()
        except UnicodeError:  # a few codecs raise the base class
            _refuse_damaged_utf8(data, path, chosen.codec)
            raise CorpusError("undecodable", path=path, encoding=chosen.codec) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _decode(data, name, cancel=cancel), _bom_label(bom, name), ()
            except UnicodeDecodeError:
                raise CorpusError("undecodable", path=path, encoding=name) from None
    # Before UTF-8: UTF-16 text of Latin letters is valid UTF-8 too (every other byte a NUL),
    # and would then be refused as binary.
    utf16 = _utf16_without_bom(data[:DETECTION_SAMPLE_BYTES])
    if utf16 is not None:
        try:
            return _decode(data, utf16, cancel=cancel), utf16, ()
        except UnicodeDecodeError:
            pass
    try:
        return _decode(data, "utf-8", cancel=cancel), "utf-8", ()
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes (a download cut short, a disk error) would be read
    # as cp1251 below, every "É" becoming "Г‰": say so, and offer to replace them.
    _refuse_damaged_utf8(data, path, "utf-8")
    samples = [data[:DETECTION_SAMPLE_BYTES]]
    if len(data) > DETECTION_SAMPLE_BYTES:
        samples.append(data)  # the sample misled the detector: look at the whole file
    for sample in samples:
        guess = _guess_encoding(sample)
        if guess is not None:
            try:
                return _decode(data, guess.codec, cancel=cancel), guess.codec, guess.alternatives
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


def _guess_encoding(data: bytes) -> EncodingGuess | None:
    from charset_normalizer import from_bytes  # imported lazily: it takes a moment to load

    readings = [
        Reading(
            codec=_superset(match.encoding),
            same_text=frozenset(_superset(name) for name in match.could_be_from_charset),
            chaos=match.chaos,
            coherence=match.coherence,
            language=match.language,
        )
        for match in from_bytes(data)
        if match.encoding is not None
    ]
    return choose_reading(readings)


def _superset(name: str) -> str:
    name = normalise_encoding_name(name)
    # GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters work.
    return "gb18030" if name in {"gb2312", "gbk"} else name


# --------------------------------------------------------------------------- a file's bytes


def decode_file(
    data: bytes, path: str, encoding: str | None = None, cancel: CancelCheck | None = None
) -> tuple[list[str], str, tuple[str, ...]]:
    """A file's bytes decoded in pieces, with the encoding used and its close alternatives
    (`decode_guessing`); empty files and binary ones (a known format's signature, or bytes no
    encoding explains) are refused. Finish the text with `file_text`, after letting go of
    `data`."""
    if _NON_SPACE_BYTES.search(data) is None:  # search, not strip: strip would copy
        raise CorpusError("empty_file", path=path)
    kind = sniff_binary(data[:512])
    if kind is not None:
        raise CorpusError("binary_file", path=path, kind=kind)
    try:
        return decode_guessing(data, path, encoding, cancel)
    except CorpusError as exc:
        # Bytes no encoding explains, with many control codes: binary, whatever its name says.
        if exc.code == "encoding_undetected" and _control_byte_share(data[:8192]) > 0.1:
            raise CorpusError("binary_file", path=path, kind=N_("binary data")) from None
        raise


def file_text(pieces: list[str], path: str) -> list[str]:
    """The pieces `decode_file` gave, with every line end made a newline (also a CR LF cut in
    two by a piece boundary); refused when control characters show binary data, or when only
    white space is left."""
    pieces = [piece for piece in pieces if piece]
    if not pieces or _control_char_share(pieces[0]) > MAX_CONTROL_CHAR_SHARE:
        raise CorpusError("binary_file", path=path, kind=N_("binary data"))
    for index in range(len(pieces) - 1):  # a "\r\n" cut in two would become two line ends
        if pieces[index].endswith("\r"):
            pieces[index], pieces[index + 1] = pieces[index][:-1], "\r" + pieces[index + 1]
    pieces = [normalise_newlines(piece) for piece in pieces]
    if not any(NON_SPACE.search(piece) for piece in pieces):
        raise CorpusError("empty_file", path=path)
    return pieces
