"""From text to a layout: encoded a batch of lines or a few megabytes at a time, and written
straight into the layout, so that a large text's ids are never held twice."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

from lmstudio_app.core.corpus.spill import SpilledText, text_pieces
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models.ngram import sizes
from lmstudio_app.core.models.ngram.layout import (
    Layout,
    clean_ids,
    dtype_holding,
    layout_sentences,
)
from lmstudio_app.core.models.ngram.spec import SpecialIds
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization import NEWLINE_AS_TEXT_KINDS, StudioTokenizer

# the tokenizer's own rule for cutting a text without changing its ids
from lmstudio_app.core.tokenization.chunks import lossless_pieces


def _text_lines(text: str) -> Iterator[list[str]]:
    """The lines of `text` (as `text.split("\\n")`, less a final empty one), a megabyte or so
    of text at a time: split at once, every line of a large text would be held as its own
    string object, several times the text's size. A text on disk (`corpus.spill`) is read a
    piece at a time; its pieces end on lines."""
    for part in text_pieces(text):
        start, length = 0, len(part)
        while start < length:
            cut = part.find("\n", start + sizes.LINE_CHARS_PER_BATCH)
            if cut == -1:
                lines = part[start:].split("\n")
                if lines[-1] == "":
                    lines.pop()
                start = length
            else:
                lines = part[start:cut].split("\n")
                start = cut + 1
            yield lines


def _encoded_sentences(
    tokenizer: StudioTokenizer,
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The lines of `text` encoded a batch at a time: the ids of the batch's lines back to
    back (in the tokenizer's own type) and each line's length (int64). Lines go to the
    tokenizer in large batches, never one by one."""
    done = 0
    lines = itertools.chain.from_iterable(_text_lines(text))
    # full batches across the pieces of `_text_lines`: the tokenizer's cost is per call
    while batch := list(itertools.islice(lines, sizes.LINES_PER_BATCH)):
        check_cancel(cancel)
        ids, lengths = tokenizer.encode_lines_to_array(batch)
        done += sum(map(len, batch)) + len(batch)
        progress(min(done / max(len(text), 1), 1.0), N_("Encoding"))
        yield ids, lengths


def encode_text(
    tokenizer: StudioTokenizer,
    text: str,
    sentence_per_line: bool,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids of `text`: all lines back to back plus each line's length (sentences), or one
    array (a stream). The ids are in the tokenizer's own type (uint16 or int32), the lengths
    int64."""
    if not sentence_per_line:
        return tokenizer.encode_to_array(text, progress, cancel), None
    pieces, lengths = [], []
    for ids, batch_lengths in _encoded_sentences(tokenizer, text, progress, cancel):
        pieces.append(ids)
        lengths.append(batch_lengths)
    if not pieces:
        return np.zeros(0, dtype=tokenizer.id_dtype), np.zeros(0, dtype=np.int64)
    return np.concatenate(pieces), np.concatenate(lengths)

def _stream_pieces(tokenizer: StudioTokenizer, text: str) -> Iterator[str]:
    """`text` in pieces of a few megabytes that encode one by one to the ids of the whole:
    for a line-based tokenizer (each line encoded on its own, <eos> after it) cut after a
    newline; for one that reads newlines as text, where the tokenizer itself cuts."""
    for part in text_pieces(text):  # a text on disk: a piece of it at a time
        if tokenizer.kind in NEWLINE_AS_TEXT_KINDS:
            yield from lossless_pieces(part, sizes.STREAM_CHARS_PER_PIECE)
            continue
        start = 0
        while start < len(part):
            cut = part.find("\n", start + sizes.STREAM_CHARS_PER_PIECE)
            end = len(part) if cut == -1 else cut + 1
            yield part[start:end]
            start = end


def layout_of_text(
    tokenizer: StudioTokenizer,
    text: str,
    sentence_per_line: bool,
    in_vocab: np.ndarray,
    special: SpecialIds,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Layout:
    """`encode_text`, `clean_ids` and `layout_sentences` or `layout_stream` in one, holding
    less on a large text. A stream is encoded a few megabytes at a time, each piece's ids
    written straight into the layout: the ids are never held twice (once as the tokenizer's
    array, once in the layout), which on a large text would be the largest cost of all."""
    if sentence_per_line:
        return _sentences_layout_of_text(tokenizer, text, in_vocab, special, progress, cancel)
    if isinstance(text, SpilledText):
        return _stream_layout_on_disk(tokenizer, text, in_vocab, special, progress, cancel)
    # Room for one token a character (as many as most tokenizers give): pages never written
    # take no memory, and should the room run out, a resize moves the pages (realloc), it
    # does not copy them. One byte an id while every id so far fits (a text's characters,
    # say), which on a long text is the largest saving of all; wider when one does not.
    seq = np.empty(len(text) + 2, dtype=dtype_holding(np.uint8, special.bos))
    seq[0] = special.bos
    at = 1
    for ids in _stream_piece_ids(tokenizer, text, in_vocab, special, progress, cancel):
        seq = _written(seq, at, ids, dtype_holding(tokenizer.id_dtype, special.bos))
        at += ids.size
    seq.resize(at, refcheck=False)  # the unused room is given back
    return Layout(seq, None, 1)


def _stream_piece_ids(
    tokenizer: StudioTokenizer,
    text: str | SpilledText,
    in_vocab: np.ndarray,
    special: SpecialIds,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> Iterator[np.ndarray]:
    """The stream's cleaned ids, a piece of the text at a time (`_stream_pieces`), with
    progress over the whole text."""
    start, whole = 0, max(len(text), 1)
    for piece in _stream_pieces(tokenizer, text):
        end = start + len(piece)
        ids = tokenizer.encode_to_array(
            piece, scaled(progress, start / whole, (end - start) / whole), cancel
        )
        yield clean_ids(ids, in_vocab, special, False, copy=False)
        start = end


def _stream_layout_on_disk(
    tokenizer: StudioTokenizer,
    text: SpilledText,
    in_vocab: np.ndarray,
    special: SpecialIds,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> Layout:
    """`layout_of_text` for a text on disk (`corpus.spill`, a large one): the stream's ids
    go to an unnamed temporary file beside the token-id files, a piece at a time, and are
    counted from there as a memory map, a chunk at a time (`counting`), never all in memory.
    Their type is the narrowest that holds the vocabulary (`token_file.narrowest_dtype`)."""
    import tempfile

    from lmstudio_app.core.fileio import write_error
    from lmstudio_app.core.token_file import narrowest_dtype, token_cache_dir

    folder = token_cache_dir()
    dtype = dtype_holding(narrowest_dtype(tokenizer.vocab_size), special.bos, special.unk)
    written = 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix="ngram-") as stream:
            stream.write(np.array([special.bos], dtype=dtype).tobytes())
            for ids in _stream_piece_ids(tokenizer, text, in_vocab, special, progress, cancel):
                stream.write(np.ascontiguousarray(ids, dtype=dtype).tobytes())
                written += ids.size
            stream.flush()
            # The map keeps the file (and its pages) for as long as the layout lives.
            seq = np.memmap(stream, dtype=dtype, mode="r", shape=(written,))
    except OSError as exc:
        raise write_error(folder, exc) from None
    return Layout(seq, None, 1)


def _sentences_layout_of_text(
    tokenizer: StudioTokenizer,
    text: str,
    in_vocab: np.ndarray,
    special: SpecialIds,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Layout:
    """`layout_of_text` for one sentence a line: each batch of lines is laid out as
    `layout_sentences` does and written straight into the whole layout, which grows as
    needed; all the ids are never held a second time, nor as the tokenizer's type when one
    byte an id will do."""
    # Room for a line's tokens and its <s> and </s> (pages never written take no memory).
    seq = np.empty(
        len(text) + len(text) // 2 + 2, dtype_holding(np.uint8, special.bos, special.eos)
    )
    starts: list[np.ndarray] = []
    at = sentences = 0
    for ids, lengths in _encoded_sentences(tokenizer, text, progress, cancel):
        ids = clean_ids(ids, in_vocab, special, True, copy=False)
        part = layout_sentences(ids, lengths, special)
        del ids
        seq = _written(seq, at, part.seq, part.seq.dtype)
        assert part.starts is not None
        starts.append(part.starts + at)
        at += part.seq.size
        sentences += part.sentences
    seq.resize(at, refcheck=False)
    all_starts = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    return Layout(seq, all_starts, sentences)


def _written(seq: np.ndarray, at: int, ids: np.ndarray, wider: np.dtype) -> np.ndarray:
    """`seq` with `ids` written from `at` on: as `wider` first if an id does not fit its
    type, and half as large again if out of room (in place: pages never written take no
    memory, and a resize moves pages, it does not copy them)."""
    if ids.size and ids.max() > np.iinfo(seq.dtype).max:
        seq = _widened(seq, at, wider)
    if at + ids.size > seq.size:
        seq.resize(max(at + ids.size, seq.size * 3 // 2), refcheck=False)
    seq[at : at + ids.size] = ids
    return seq


def _widened(seq: np.ndarray, written: int, dtype: np.dtype) -> np.ndarray:
    """`seq` as `dtype`, with the same room; only the `written` ids are copied (the rest of
    the room stays unwritten, taking no memory)."""
    wider = np.empty(seq.size, dtype=dtype)
    wider[:written] = seq[:written]
    return wider

