"""How a tokenizer's kinds and tokens are shown to a person.

Kinds have friendly names (`KIND_NAMES`, translated like any core sentence). Byte-level BPE
tokens are stored as GPT-2 spells bytes, one printable character per byte ("Ġ" is a space, the
three bytes of "你" read "ä½ł"): `readable_token` turns them back into the text they stand for,
and bytes that do not make a whole character into their hexadecimal values ("<E4 BD>"), never
into those look-alike letters.
"""

from __future__ import annotations

from functools import cache

from lmstudio_app.core.i18n import N_

KIND_NAMES = {
    "char": N_("Characters"),
    "word": N_("Words"),
    "whitespace": N_("Words between spaces"),
    "bpe": N_("BPE (sub-words)"),
    "bytebpe": N_("Byte-level BPE"),
    "wordpiece": N_("WordPiece"),
    "unigram": N_("Unigram"),
}

END_OF_WORD = "</w>"  # the suffix the bpe kind puts on a token that ends a word


def kind_name(kind: str) -> str:
    """The friendly name of a tokenizer kind (untranslated); an unknown kind as it is."""
    return KIND_NAMES.get(kind, kind)


@cache
def _byte_of_char() -> dict[str, int]:
    """GPT-2's table, inverted: printable bytes stand for themselves, the others (controls,
    space, 0x7F-0xA0, 0xAD) for the characters from U+0100 on, in byte order."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    table = {chr(byte): byte for byte in printable}
    shifted = 0
    for byte in range(256):
        if byte not in printable:
            table[chr(256 + shifted)] = byte
            shifted += 1
    return table


def _utf8_length(first: int) -> int:
    """How many bytes the UTF-8 sequence starting with `first` takes; 0 if it starts none."""
    if first < 0x80:
        return 1
    if 0xC2 <= first <= 0xDF:
        return 2
    if 0xE0 <= first <= 0xEF:
        return 3
    if 0xF0 <= first <= 0xF4:
        return 4
    return 0


def bytes_as_text(data: bytes) -> str:
    """`data` decoded where its bytes make whole characters, the rest as "<E4 BD>"."""
    pieces: list[str] = []
    loose: list[int] = []

    def flush() -> None:
        if loose:
            pieces.append("<" + " ".join(f"{byte:02X}" for byte in loose) + ">")
            loose.clear()

    position = 0
    while position < len(data):
        length = _utf8_length(data[position])
        chunk = data[position : position + length] if length else b""
        try:
            character = chunk.decode("utf-8") if len(chunk) == length > 0 else None
        except UnicodeDecodeError:
            character = None
        if character is None:
            loose.append(data[position])
            position += 1
            continue
        flush()
        pieces.append(character)
        position += length
    flush()
    return "".join(pieces)


def readable_token(token: str, kind: str) -> str:
    """A token as a person should read it: for byte-level BPE the text its bytes make (with
    loose bytes in hexadecimal), for every other kind the token itself."""
    if kind != "bytebpe":
        return token
    table = _byte_of_char()
    if not token or any(char not in table for char in token):
        return token  # a special token, or one that is not spelled in bytes
    return bytes_as_text(bytes(table[char] for char in token))
