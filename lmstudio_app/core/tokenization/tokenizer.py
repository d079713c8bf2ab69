"""The tokenizer in use: a Hugging Face tokenizer plus this app's rules for lines and special
tokens. Encodes a text to ids (with each token's character span, for colouring), a whole split
to a numpy array in bounded batches, decodes, measures, and saves and loads tokenizer.json."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from lmstudio_app.core.corpus.files import PathLike
from lmstudio_app.core.corpus.spill import SpilledText
from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization.byte_text import bytes_text, decode_with_bytes
from lmstudio_app.core.tokenization.checks import check_loaded_tokenizer
from lmstudio_app.core.tokenization.chunks import (
    CHARS_PER_BATCH,
    CHARS_PER_PIECE,
    LINES_PER_BATCH,
    line_batches,
    lossless_pieces,
)
from lmstudio_app.core.tokenization.spec import (
    BYTE_TOKENS,
    LOSSLESS_KINDS,
    NEWLINE_AS_TEXT_KINDS,
    TokenizerSpec,
    infer_spec,
)
from lmstudio_app.core.tokenization.statistics import TokenizerStats, compute_statistics

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Encoded:
    """Token ids, their strings and the (start, end) character span of each in the text."""

    ids: list[int]
    tokens: list[str]
    offsets: list[tuple[int, int]]

    def __len__(self) -> int:
        return len(self.ids)


# --------------------------------------------------------------------------- the tokenizer


class StudioTokenizer:
    """A Hugging Face tokenizer plus the rules for lines and special tokens."""

    def __init__(self, hf: Tokenizer, spec: TokenizerSpec) -> None:
        self.hf = hf
        self.kind = spec.kind
        if self.kind == "char" and spec.byte_fallback != (self._byte_ids is not None):
            # What the file is wins: run.json's spec from before the setting existed says
            # nothing of the byte tokens every char tokenizer then had.
            spec = dataclasses.replace(spec, byte_fallback=self._byte_ids is not None)
        self.spec = spec
        self.unk_id = self._special_id(spec.unk_token)
        self.bos_id = self._special_id(spec.bos_token)
        self.eos_id = self._special_id(spec.eos_token)
        self.pad_id = self._special_id(spec.pad_token)

    def _special_id(self, token: str) -> int:
        token_id = self.hf.token_to_id(token)
        if token_id is None:
            raise TokenizerError(
                "tokenizer_file_bad", path="tokenizer", reason=N_("no {token} token", token=token)
            )
        return token_id

    # ---- vocabulary

    @property
    def vocab_size(self) -> int:
        return self.hf.get_vocab_size(with_added_tokens=True)

    @property
    def id_dtype(self) -> np.dtype:
        """uint16 when every id fits (the common case: half the memory), else int32."""
        return np.dtype(np.uint16) if self.vocab_size <= 1 << 16 else np.dtype(np.int32)

    @property
    def lossless(self) -> bool:
        """Whether any text decodes back to itself (the char kind: with byte fallback)."""
        if self.kind == "char" and self._byte_ids is None:
            return False
        return self.kind in LOSSLESS_KINDS and not self.spec.lowercase

    @property
    def special_ids(self) -> frozenset[int]:
        return frozenset((self.unk_id, self.bos_id, self.eos_id, self.pad_id))

    def id_to_token(self, token_id: int) -> str:
        token = self.hf.id_to_token(int(token_id))
        return token if token is not None else self.spec.unk_token

    def token_to_id(self, token: str) -> int | None:
        return self.hf.token_to_id(token)

    def vocabulary(self) -> list[str]:
        """Every token string, indexed by id."""
        return [self.id_to_token(i) for i in range(self.vocab_size)]

    def display_token(self, token_id: int) -> str:
        """The text a token stands for, as a person would read it (bytes joined, ▁ as space)."""
        token_id = int(token_id)
        if token_id == self.eos_id and self.kind not in NEWLINE_AS_TEXT_KINDS:
            return "\n"
        if token_id in self.special_ids:
            return self.id_to_token(token_id)
        byte = self._byte_of_id.get(token_id)
        if byte is not None:  # a byte of a character: its hex token, never "�"
            return bytes_text(bytes([byte]))
        return self.hf.decode([token_id], skip_special_tokens=False)

    # ---- encoding

    def encode(self, text: str) -> Encoded:
        """Ids, token strings and character offsets of `text`, as the model will see them."""
        if self.kind in NEWLINE_AS_TEXT_KINDS:
            encoding = self.hf.encode(text, add_special_tokens=False)
            return Encoded(list(encoding.ids), list(encoding.tokens), list(encoding.offsets))
        ids: list[int] = []
        tokens: list[str] = []
        offsets: list[tuple[int, int]] = []
        lines = text.split("\n")
        start = 0
        encodings = self.hf.encode_batch(lines, add_special_tokens=False) if lines else []
        for index, (line, encoding) in enumerate(zip(lines, encodings, strict=True)):
            ids.extend(encoding.ids)
            tokens.extend(encoding.tokens)
            offsets.extend((start + a, start + b) for a, b in encoding.offsets)
            end = start + len(line)
            if index < len(lines) - 1:  # the newline that ended this line
                ids.append(self.eos_id)
                tokens.append(self.spec.eos_token)
                offsets.append((end, end + 1))
            start = end + 1
        return Encoded(ids, tokens, offsets)

    def encode_ids(self, text: str) -> list[int]:
        return self.encode(text).ids

    def encode_lines(self, lines: Sequence[str]) -> list[list[int]]:
        """The ids of each line on its own (no newline, no <eos>)."""
        return [list(e.ids) for e in self.hf.encode_batch(list(lines), add_special_tokens=False)]

    def encode_lines_to_array(self, lines: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """`encode_lines` as numpy: the lines' ids back to back (`id_dtype`) and each line's
        number of tokens (int64). Characters go by table (`_encode_chars`): the library's
        objects for every token took several times the text, and kept it afterwards."""
        if self.kind != "char" or not lines:
            encoded = self.encode_lines(lines)
            lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
            ids = np.fromiter(
                itertools.chain.from_iterable(encoded), dtype=self.id_dtype,
                count=int(lengths.sum()),
            )
            return ids, lengths
        # Each character is its own token, so the lines joined by a newline encode to their
        # ids with one newline token between each two (no special token spans a line).
        (newline,) = self.encode_to_array("\n")  # one token, whatever it is
        if newline == self.unk_id:
            # A text without a newline gave no newline token: a newline is then <unk>, as
            # other characters may be, so the lines go to the library one by one.
            encoded = self.encode_lines(lines)
            lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
            flat = itertools.chain.from_iterable(encoded)
            return np.fromiter(flat, dtype=self.id_dtype, count=int(lengths.sum())), lengths
        ids = self.encode_to_array("\n".join(lines))
        between = np.flatnonzero(ids == newline)
        assert between.size == len(lines) - 1
        lengths = np.diff(between, prepend=-1, append=ids.size) - 1
        return np.delete(ids, between), lengths.astype(np.int64)

    def encode_to_array(
        self,
        text: str,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> np.ndarray:
        """A whole split as one numpy array of ids (uint16 or int32), never a list of ints.

        Line-based kinds end every line with <eos>, the last one included when the text ends
        with a newline.
        """
        arrays = list(self.encode_pieces(text, progress, cancel))
        if not arrays:
            return np.zeros(0, dtype=self.id_dtype)
        return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)

    def encode_pieces(
        self,
        text: str,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> Iterator[np.ndarray]:
        """`encode_to_array` a piece at a time (about a megabyte of text each): the arrays,
        joined, are its ids. A token-id file is written from them (`core.token_file`) without
        ever holding all the ids at once. A text on disk (`corpus.spill`) is encoded a piece
        of it at a time: its pieces are cut where the ids cannot change."""
        if isinstance(text, SpilledText):
            total, done = max(len(text), 1), 0
            for piece in text.pieces():
                yield from self.encode_pieces(
                    piece, scaled(progress, done / total, len(piece) / total), cancel
                )
                done += len(piece)
            return
        if self.kind == "char":
            yield from self._encode_chars(text, progress, cancel)
            return
        total = max(len(text), 1)
        done = 0
        dtype = self.id_dtype
        end_lines = self.kind not in NEWLINE_AS_TEXT_KINDS
        for batch in self._batches(text):
            check_cancel(cancel)
            # One flat list per batch, then one array: far cheaper than an array per line.
            flat: list[int] = []
            pieces = [piece for piece, _ in batch]
            encodings = self.hf.encode_batch(pieces, add_special_tokens=False)
            for (_, ends_line), encoding in zip(batch, encodings, strict=True):
                flat.extend(encoding.ids)
                if end_lines and ends_line:
                    flat.append(self.eos_id)
            del encodings  # the Rust side's per-token objects are many times the text's size
            done += sum(len(piece) for piece, _ in batch)
            yield np.array(flat, dtype=dtype)
            progress(min(done / total, 1.0), N_("Encoding"))
        progress(1.0, N_("Encoding"))  # line ends are not counted above: end at 1 exactly

    def _encode_chars(
        self, text: str, progress: ProgressCallback, cancel: CancelCheck | None
    ) -> Iterator[np.ndarray]:
        """`encode_pieces` for characters: each is its own token, so a table from code
        point to id gives the library's ids a megabyte at a time, without the library's
        objects for every token (about a hundred bytes each, the largest cost of encoding a
        large text). A character outside the vocabulary is <unk>, or with byte fallback
        spelled as bytes; a piece holding a special token, or a character whose bytes cannot
        be spelled here, goes to the library instead."""
        table = self._char_table
        specials = self.spec.special_tokens
        normalizer = self.hf.normalizer
        start, length = 0, len(text)
        while start < length:
            check_cancel(cancel)
            end = min(start + CHARS_PER_BATCH, length)
            for token in specials:  # never cut through a special token: it would not be seen
                across = text.find(token, max(end - len(token) + 1, start), end + len(token) - 1)
                if start < across < end:
                    end = across
            piece = text[start:end]
            ids = None
            if not any(token in piece for token in specials):
                normalized = normalizer.normalize_str(piece) if normalizer else piece
                points = np.frombuffer(normalized.encode("utf-32-le", "surrogatepass"), "<u4")
                ids = self._spell_unknown(points, table[np.minimum(points, table.size - 1)])
            if ids is None:
                pieces = list(lossless_pieces(piece, CHARS_PER_PIECE))
                encodings = self.hf.encode_batch(pieces, add_special_tokens=False)
                ids = np.concatenate([np.array(e.ids, dtype=self.id_dtype) for e in encodings])
                del encodings
            start = end
            yield ids
            progress(start / length, N_("Encoding"))
        progress(1.0, N_("Encoding"))

    def _spell_unknown(self, points: np.ndarray, ids: np.ndarray) -> np.ndarray | None:
        """`ids` (-1 for characters outside the vocabulary) with each unknown character
        <unk> (no byte tokens), or spelled as the ids of its UTF-8 bytes, as the library's
        byte fallback does; None if that cannot be done here (a lone surrogate)."""
        unknown = ids < 0
        if not unknown.any():
            return ids.astype(self.id_dtype)
        byte_ids = self._byte_ids
        if byte_ids is None:
            return np.where(unknown, self.unk_id, ids).astype(self.id_dtype)
        odd = points[unknown]
        if ((odd >= 0xD800) & (odd <= 0xDFFF)).any():
            return None
        widths = np.ones(ids.size, dtype=np.int64)
        widths[unknown] = 1 + (odd >= 0x80) + (odd >= 0x800) + (odd >= 0x10000)
        starts = np.cumsum(widths) - widths
        spelled = np.empty(int(widths.sum()), dtype=self.id_dtype)
        spelled[starts[~unknown]] = ids[~unknown]
        utf8 = np.frombuffer("".join(map(chr, odd.tolist())).encode("utf-8"), dtype=np.uint8)
        odd_widths = widths[unknown]
        within = np.arange(utf8.size) - np.repeat(np.cumsum(odd_widths) - odd_widths, odd_widths)
        spelled[np.repeat(starts[unknown], odd_widths) + within] = byte_ids[utf8]
        return spelled

    @cached_property
    def _byte_ids(self) -> np.ndarray | None:
        """The ids of the 256 byte tokens `<0x00>`..`<0xFF>` (None if one is missing)."""
        ids = [self.hf.token_to_id(token) for token in BYTE_TOKENS]
        return None if None in ids else np.array(ids, dtype=self.id_dtype)

    @cached_property
    def _byte_of_id(self) -> dict[int, int]:
        """The byte each byte token stands for, by id (empty without byte tokens)."""
        byte_ids = self._byte_ids
        return {} if byte_ids is None else {int(i): byte for byte, i in enumerate(byte_ids)}

    @cached_property
    def _char_table(self) -> np.ndarray:
        """The id of each code point that is a token of its own, -1 for the others (the
        last entry stands for every code point beyond the table)."""
        singles = {ord(token): i for token, i in self.hf.get_vocab().items() if len(token) == 1}
        table = np.full(max(singles, default=0) + 2, -1, dtype=np.int32)
        for point, token_id in singles.items():
            table[point] = token_id
        return table

    def _batches(self, text: str) -> Iterator[list[tuple[str, bool]]]:
        """Pieces of `text` in batches of about `CHARS_PER_BATCH` characters, each piece
        with whether it ends a line (for <eos>). Batches are kept small because the Rust side
        holds several objects per token while it encodes, many times the text's size."""
        if self.kind in NEWLINE_AS_TEXT_KINDS:
            batch: list[tuple[str, bool]] = []
            size = 0
            for piece in lossless_pieces(text, CHARS_PER_PIECE):
                batch.append((piece, False))
                size += len(piece)
                if size >= CHARS_PER_BATCH:
                    yield batch
                    batch, size = [], 0
            if batch:
                yield batch
            return
        yield from line_batches(text, LINES_PER_BATCH)

    # ---- decoding

    def decode(
        self, ids: Sequence[int] | np.ndarray, skip_special: bool = False, *, partial: bool = False
    ) -> str:
        """Text for `ids`. For line-based kinds each <eos> becomes a newline. Byte tokens
        that do not form a character are shown as their hex (`byte_text`), never "�";
        `partial` (a text still being written) holds back the bytes at the end that begin a
        character not yet whole."""
        ids = [int(i) for i in ids]
        if self.kind in NEWLINE_AS_TEXT_KINDS:
            if self._byte_of_id and not self._byte_of_id.keys().isdisjoint(ids):
                return decode_with_bytes(
                    ids, self._byte_of_id,
                    lambda others: self.hf.decode(others, skip_special_tokens=skip_special),
                    partial,
                )
            return self.hf.decode(ids, skip_special_tokens=skip_special)
        lines: list[list[int]] = [[]]
        for token_id in ids:
            if token_id == self.eos_id:
                lines.append([])
            else:
                lines[-1].append(token_id)
        decoded = self.hf.decode_batch(lines, skip_special_tokens=skip_special)
        return "\n".join(decoded)

    # ---- fidelity and statistics

    def roundtrip(self, text: str, max_lines: int = 20_000) -> tuple[bool, float]:
        """Whether each line of `text` decodes back to itself, and the share that does."""
        lines = [line for line in text.split("\n") if line][:max_lines]
        if not lines:
            return True, 1.0
        encodings = self.hf.encode_batch(lines, add_special_tokens=False)
        decoded = self.hf.decode_batch([e.ids for e in encodings], skip_special_tokens=False)
        same = sum(1 for a, b in zip(lines, decoded, strict=True) if a == b)
        return same == len(lines), same / len(lines)

    def statistics(
        self,
        splits: dict[str, str],
        top: int = 50,
        arrays: dict[str, np.ndarray] | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> TokenizerStats:
        """Token counts per split, characters per token, <unk> (tokens, and the characters
        the char kind never saw), round trip, top tokens (`statistics`)."""
        return compute_statistics(self, splits, top, arrays, progress, cancel)

    # ---- files

    def save(self, path: PathLike) -> None:
        """Write `tokenizer.json` atomically (temporary file, then rename)."""
        from lmstudio_app.core.fileio import atomic_write_text

        atomic_write_text(Path(path), self.hf.to_str(pretty=True))

    def to_json(self) -> str:
        return self.hf.to_str()

    @classmethod
    def load(cls, path: PathLike, spec: TokenizerSpec | None = None) -> StudioTokenizer:
        try:
            hf = Tokenizer.from_file(str(path))
        except FileNotFoundError:
            raise TokenizerError(
                "tokenizer_file_bad", path=str(path), reason=N_("missing")
            ) from None
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # plain Exception for bad JSON, a Rust panic
            # (pyo3's PanicException derives from BaseException) for worse
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise TokenizerError("tokenizer_file_bad", path=str(path), reason=reason) from None
        check_loaded_tokenizer(hf, str(path))  # a file from anyone: it must not fail in use
        return cls(hf, spec if spec is not None else infer_spec(hf))
