"""A large text file read a megabyte at a time into a `SpillWriter`, never whole in memory.

The order of `decode` is kept, on what can be known without the whole file: a user-chosen
encoding; a byte-order mark; UTF-16 without a mark (from the first 256 KB); strict UTF-8;
then the detector's guess from the first 256 KB. A file that fails UTF-8 part way through is
read again from its start with the guess (what it had written is taken back), unless the
failing megabyte is UTF-8 with a few damaged bytes, which is refused as `decode` refuses it.
Binary files, empty files and files that change while read are refused with the same
sentences as a file read whole.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

from lmstudio_app.core.corpus.decode import (
    _BOMS,
    DECODE_CHUNK_BYTES,
    DETECTION_SAMPLE_BYTES,
    MAX_CONTROL_CHAR_SHARE,
    NON_SPACE,
    _bom_label,
    _control_byte_share,
    _control_char_share,
    _guess_encoding,
    _utf16_without_bom,
    sniff_binary,
)
from lmstudio_app.core.corpus.encodings import parse_encoding, utf8_damage
from lmstudio_app.core.corpus.files import PathLike, open_regular, stat_regular
from lmstudio_app.core.corpus.spill import SpillWriter
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress


def spill_text_file(
    writer: SpillWriter,
    path: PathLike,
    encoding: str | None,
    max_bytes: int,
    cancel: CancelCheck | None = None,
    progress: ProgressCallback = no_progress,
) -> tuple[str, int, int, tuple[str, ...]]:
    """Append the text of `path` to `writer`, newlines made "\\n"; (encoding used, size in
    bytes, characters, close alternatives). Nothing is appended when it is refused."""
    shown = str(path)
    file_path = Path(path)
    before = stat_regular(file_path, shown)
    size = before.st_size
    if size > max_bytes:
        raise CorpusError("too_large", path=shown, size_mb=size / 1e6, limit_mb=max_bytes / 1e6)
    stream, _ = open_regular(file_path, shown)
    with stream:
        head = stream.read(DETECTION_SAMPLE_BYTES)
        kind = sniff_binary(head[:512])
        if kind is not None:
            raise CorpusError("binary_file", path=shown, kind=kind)
        candidates: list[tuple[str, str, str]] = []  # (codec, errors, label)
        bom = None
        if encoding:
            chosen = parse_encoding(encoding)
            candidates.append((chosen.codec, chosen.errors, chosen.label))
        else:
            bom = next(((sign, name) for sign, name in _BOMS if head.startswith(sign)), None)
            if bom is not None:
                candidates.append((bom[1], "strict", _bom_label(*bom)))
            else:
                utf16 = _utf16_without_bom(head)
                if utf16 is not None:
                    candidates.append((utf16, "strict", utf16))
                candidates.append(("utf-8", "strict", "utf-8"))
        mark = writer.mark()
        guessed = False
        alternatives: tuple[str, ...] = ()
        while True:
            if not candidates:
                if guessed or encoding:
                    raise CorpusError("encoding_undetected", path=shown)
                guessed = True
                guess = _guess_encoding(head)
                if guess is None:
                    if _control_byte_share(head[:8192]) > 0.1:
                        raise CorpusError("binary_file", path=shown, kind=N_("binary data"))
                    raise CorpusError("encoding_undetected", path=shown)
                candidates.append((guess.codec, "strict", guess.codec))
                alternatives = guess.alternatives
            codec, errors, label = candidates.pop(0)
            try:
                chars = _decode_into(writer, stream, codec, errors, shown, size, cancel, progress)
                break
            except UnicodeError:
                writer.rollback(mark)
                if encoding:
                    raise CorpusError("undecodable", path=shown, encoding=codec) from None
                if bom is not None:
                    raise CorpusError("undecodable", path=shown, encoding=codec) from None
            except BaseException:
                writer.rollback(mark)
                raise
        after = file_path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        writer.rollback(mark)
        raise CorpusError("file_changed", path=shown)
    return label, size, chars, alternatives


def _decode_into(
    writer: SpillWriter,
    stream: BinaryIO,
    codec: str,
    errors: str,
    shown: str,
    size: int,
    cancel: CancelCheck | None,
    progress: ProgressCallback,
) -> int:
    """Decode the whole of `stream` with `codec` into `writer`; the characters written.
    Raises UnicodeError (after checking for damaged UTF-8) when the codec does not fit."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(codec)(errors)
    carried_cr = False  # a "\r\n" cut in two by a chunk boundary is still one line end
    first = True
    any_text = False
    chars = 0
    done = 0
    while True:
        check_cancel(cancel)
        chunk = stream.read(DECODE_CHUNK_BYTES)
        final = not chunk
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            if codec == "utf-8":
                damage = utf8_damage(chunk)
                if damage is not None:
                    raise CorpusError(
                        "utf8_damaged", path=shown, count=damage.count,
                        position=done + damage.position,
                    ) from None
            raise
        done += len(chunk)
        if carried_cr:
            text = "\r" + text
        carried_cr = text.endswith("\r") and not final
        if carried_cr:
            text = text[:-1]
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if first and text:
            if _control_char_share(text) > MAX_CONTROL_CHAR_SHARE:
                raise CorpusError("binary_file", path=shown, kind=N_("binary data"))
            if writer.last_char and writer.last_char != "\n":
                writer.write("\n")  # files are joined on line boundaries
            first = False
        if text:
            any_text = any_text or NON_SPACE.search(text) is not None
            writer.write(text)
            chars += len(text)
        progress(min(done / max(size, 1), 1.0), N_("Reading {name}", name=Path(shown).name))
        if final:
            break
    if not any_text:
        raise CorpusError("empty_file", path=shown)
    return chars
