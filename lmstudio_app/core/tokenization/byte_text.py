"""Text from byte tokens (`<0x00>`..`<0xFF>`, the char kind's byte fallback), never "�".

A model that may write bytes can write some that do not form a character: a lone lead byte,
a continuation byte after a letter. The library's decoder shows each such byte as "�", so at
a high temperature the text filled with "�" and boxes. Here a byte that cannot be part of a
character is shown as its hex token (`<0xE4>`), and bytes at the end of a text still being
written that begin a character not yet whole are held back until the rest comes (or, at the
end, shown as hex too).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence

# The codec error handler that writes each undecodable byte as its token, <0xNN>.
HEX_ERRORS = "lmstudio-byte-hex"


def _as_hex(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):  # pragma: no cover - only decoding uses it
        raise error
    bad = error.object[error.start : error.end]
    return "".join(f"<0x{byte:02X}>" for byte in bad), error.end


codecs.register_error(HEX_ERRORS, _as_hex)


def bytes_text(data: bytes, partial: bool = False) -> str:
    """`data` as UTF-8, each byte that is not part of a whole character as <0xNN>; with
    `partial`, the bytes at the end that begin a character not yet whole are left out."""
    decoder = codecs.getincrementaldecoder("utf-8")(HEX_ERRORS)
    return decoder.decode(data, final=not partial)


def decode_with_bytes(
    ids: Sequence[int],
    byte_of: dict[int, int],
    decode_others: Callable[[list[int]], str],
    partial: bool = False,
) -> str:
    """The text of `ids` where `byte_of` maps each byte token's id to its byte: runs of byte
    tokens as `bytes_text`, the other runs by `decode_others` (the library's decoder)."""
    pieces: list[str] = []
    others: list[int] = []
    run = bytearray()
    for token_id in ids:
        byte = byte_of.get(token_id)
        if byte is None:
            if run:  # what follows is not a byte: a character left unfinished is broken
                pieces.append(bytes_text(bytes(run)))
                run.clear()
            others.append(token_id)
        else:
            if others:
                pieces.append(decode_others(others))
                others = []
            run.append(byte)
    if others:
        pieces.append(decode_others(others))
    if run:
        pieces.append(bytes_text(bytes(run), partial))
    return "".join(pieces)
