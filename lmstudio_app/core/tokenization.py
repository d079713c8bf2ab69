"""Tokenizers, seven kinds, all built on Hugging Face `tokenizers`.

| kind       | cuts text into                              | lossless | newline       |
|------------|---------------------------------------------|----------|---------------|
| char       | characters (unseen ones spelled as bytes)   | yes      | a character   |
| word       | words and punctuation marks                 | no       | `<eos>`       |
| whitespace | what lies between spaces (for pre-tokenized text: PTB) | no | `<eos>`     |
| bpe        | sub-words (byte-pair encoding over words)   | no       | `<eos>`       |
| bytebpe    | sub-words over bytes (GPT-2 style)          | yes      | a token       |
| wordpiece  | sub-words, BERT style (`##` continues)      | no       | `<eos>`       |
| unigram    | sub-words, SentencePiece style (`▁` = space)| no       | `<eos>`       |

Kinds that keep the newline as an ordinary token (char, bytebpe) encode a text in one go. The
others work line by line, and the end of each line becomes `<eos>`, as the PyTorch
word-language-model example reads the Penn Treebank. CJK ideographs are always their own
pre-tokens, so Chinese text without spaces works with every kind.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from tokenizers import (
    AddedToken,
    Regex,
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    trainers,
)

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.corpus import PathLike, character_counts
from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.pretokenize import bounded_words
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from lmstudio_app.core.tokenizer_checks import check_loaded_tokenizer, check_special_tokens

KINDS: tuple[str, ...] = ("char", "word", "whitespace", "bpe", "bytebpe", "wordpiece", "unigram")
LOSSLESS_KINDS = frozenset({"char", "bytebpe"})
# Kinds whose pre-tokenizer keeps "\n" as text; the others go line by line with <eos>.
NEWLINE_AS_TEXT_KINDS = frozenset({"char", "bytebpe"})
WORD_LEVEL_KINDS = frozenset({"word", "whitespace"})
SUBWORD_KINDS = frozenset({"bpe", "bytebpe", "wordpiece", "unigram"})

KIND_DESCRIPTIONS = {
    "char": N_(
        "Each character is a token. Small vocabulary, long sequences; nothing is ever unknown."
    ),
    "word": N_("Each word and each punctuation mark is a token. Rare words become <unk>."),
    "whitespace": N_("Splits only on spaces, for text that is already cut into words "
    "(such as the Penn Treebank)."),
    "bpe": N_("Byte-pair encoding: starts from characters and repeatedly merges the most frequent "
    "pair, so common words are one token and rare words are spelled in pieces."),
    "bytebpe": N_("Byte-pair encoding over bytes, as GPT-2 does: any text at all can be encoded, "
    "with no unknown tokens."),
    "wordpiece": N_("BERT's sub-word method: pieces that continue a word start with ##."),
    "unigram": N_("SentencePiece's method: keeps the pieces that make the text most probable; "
    "▁ marks a space."),
}

BYTE_TOKENS = [f"<0x{byte:02X}>" for byte in range(256)]
# Oniguruma syntax: the CJK unified ideographs and their extensions, one pre-token each.
_CJK_PATTERN = r"[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{20000}-\x{3134F}]"
_CJK_IDEOGRAPH_CLASS = r"\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{20000}-\x{3134F}"
# Words (letters, digits, underscore) and single punctuation marks, CJK ideographs alone.
_WORD_PATTERN = rf"{_CJK_PATTERN}|[^\s\p{{P}}\p{{S}}{_CJK_IDEOGRAPH_CLASS}]+|[\p{{P}}\p{{S}}]"
# Up to this many lines go to the Rust side at once.
_LINES_PER_BATCH = 4096
# Lossless kinds are encoded in pieces of about this many characters.
_CHARS_PER_PIECE = 1 << 16
# Characters handed to the Rust side in one call. While encoding it holds about a hundred
# bytes per token (strings, offsets, masks): a megabyte of text costs about 100 MB there.
_CHARS_PER_BATCH = 1 << 20
# The tokenizer trainers read ahead a few hundred batches: keep each batch small.
_TRAINING_CHARS_PER_BATCH = 1 << 17
# Lines longer than this (a file without newlines) are cut into pieces before a space.
_LONG_LINE_CHARS = 1 << 16
MAX_VOCAB_SIZE = 1_000_000


@dataclass(frozen=True)
class TokenizerSpec:
    """How to build a tokenizer."""

    kind: str = setting(
        "char",
        label="Tokenizer kind",
        help="How the text is cut into tokens, the units the model reads and writes.",
        choices=KINDS,
    )
    vocab_size: int = setting(
        0,
        label="Vocabulary size",
        help="How many different tokens the tokenizer may have, special tokens included. "
        "0 chooses for you: every character or word that occurs, or a size that suits the "
        "length of the text for sub-word kinds.",
        low=8,
        high=MAX_VOCAB_SIZE,
        special=0,
    )
    min_frequency: int = setting(
        1,
        label="Minimum frequency",
        help="A token must occur at least this often in the training text to be kept; rarer "
        "ones become <unk> (or are spelled in smaller pieces).",
        low=1,
        high=1_000_000,
        advanced=True,
    )
    lowercase: bool = setting(
        False,
        label="Lowercase",
        help="Turn all text into lower case first. A smaller vocabulary, but capitals are lost.",
        advanced=True,
    )
    unk_token: str = setting(
        "<unk>",
        label="Unknown token",
        help="Stands for anything not in the vocabulary.",
        advanced=True,
    )
    bos_token: str = setting(
        "<bos>", label="Beginning token", help="Marks the start of a text.", advanced=True
    )
    eos_token: str = setting(
        "<eos>",
        label="End token",
        help="Marks the end of a line or text; a model that writes it has finished.",
        advanced=True,
    )
    pad_token: str = setting(
        "<pad>", label="Padding token", help="Fills up short sequences.", advanced=True
    )

    @property
    def special_tokens(self) -> list[str]:
        return [self.unk_token, self.bos_token, self.eos_token, self.pad_token]


def default_vocab_size(kind: str, num_chars: int) -> int:
    """The automatic vocabulary size: 0 (keep every type) or a size suited to the text."""
    if kind not in SUBWORD_KINDS:
        return 0
    if num_chars < 300_000:
        size = 1000
    elif num_chars < 3_000_000:
        size = 4000
    else:
        size = 8000
    return max(size, 512) if kind == "bytebpe" else size


def minimum_vocab_size(spec: TokenizerSpec) -> int:
    if spec.kind == "bytebpe":
        return 256 + len(spec.special_tokens)
    if spec.kind == "char":
        return len(spec.special_tokens) + 256 + 1
    return len(spec.special_tokens) + 1


def check_spec(spec: TokenizerSpec) -> TokenizerSpec:
    if spec.kind not in KINDS:
        raise TokenizerError("unknown_tokenizer", kind=spec.kind, choices=", ".join(KINDS))
    spec = validate_spec(spec)
    check_special_tokens(spec)  # equal or empty special tokens would share or lose an id
    low = minimum_vocab_size(spec)
    if spec.vocab_size and spec.vocab_size < low:
        raise TokenizerError("bad_vocab_size", low=low, high=MAX_VOCAB_SIZE, value=spec.vocab_size)
    return spec


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Encoded:
    """Token ids, their strings and the (start, end) character span of each in the text."""

    ids: list[int]
    tokens: list[str]
    offsets: list[tuple[int, int]]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class TokenizerStats:
    kind: str
    vocab_size: int
    tokens_per_split: dict[str, int]
    chars_per_split: dict[str, int]
    unk_rate: float  # share of <unk> among the valid tokens (train when there is no valid)
    roundtrip_ok: bool  # every line of the valid text decodes back to itself
    roundtrip_fidelity: float  # share of valid lines that do
    top_tokens: list[tuple[str, int]]
    rank_frequency: np.ndarray  # counts of the train tokens, most frequent first

    @property
    def chars_per_token(self) -> float:
        tokens = self.tokens_per_split.get("train", 0)
        return self.chars_per_split.get("train", 0) / tokens if tokens else 0.0


# --------------------------------------------------------------------------- the tokenizer


class StudioTokenizer:
    """A Hugging Face tokenizer plus the rules for lines and special tokens."""

    def __init__(self, hf: Tokenizer, spec: TokenizerSpec) -> None:
        self.hf = hf
        self.spec = spec
        self.kind = spec.kind
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
        ids = self._encode_chars("\n".join(lines), no_progress, None)
        (newline,) = self._encode_chars("\n", no_progress, None)  # one token, whatever it is
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
        if self.kind == "char":
            return self._encode_chars(text, progress, cancel)
        arrays: list[np.ndarray] = []
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
            arrays.append(np.array(flat, dtype=dtype))
            done += sum(len(piece) for piece, _ in batch)
            progress(min(done / total, 1.0), N_("Encoding"))
        progress(1.0, N_("Encoding"))  # line ends are not counted above: end at 1 exactly
        if not arrays:
            return np.zeros(0, dtype=dtype)
        return np.concatenate(arrays)

    def _encode_chars(
        self, text: str, progress: ProgressCallback, cancel: CancelCheck | None
    ) -> np.ndarray:
        """`encode_to_array` for characters: each is its own token, so a table from code
        point to id gives the library's ids a megabyte at a time, without the library's
        objects for every token (about a hundred bytes each, the largest cost of encoding a
        large text). A piece holding a special token or a character outside the vocabulary
        (spelled as bytes) goes to the library instead."""
        table = self._char_table
        specials = self.spec.special_tokens
        normalizer = self.hf.normalizer
        arrays: list[np.ndarray] = []
        start, length = 0, len(text)
        while start < length:
            check_cancel(cancel)
            end = min(start + _CHARS_PER_BATCH, length)
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
                pieces = list(_lossless_pieces(piece, _CHARS_PER_PIECE))
                encodings = self.hf.encode_batch(pieces, add_special_tokens=False)
                ids = np.concatenate([np.array(e.ids, dtype=self.id_dtype) for e in encodings])
                del encodings
            arrays.append(ids)
            start = end
            progress(start / length, N_("Encoding"))
        progress(1.0, N_("Encoding"))
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=self.id_dtype)

    def _spell_unknown(self, points: np.ndarray, ids: np.ndarray) -> np.ndarray | None:
        """`ids` (-1 for characters outside the vocabulary) with each unknown character
        spelled as the ids of its UTF-8 bytes, as the library's byte fallback does; None if
        that cannot be done here (a lone surrogate, or no byte tokens)."""
        unknown = ids < 0
        if not unknown.any():
            return ids.astype(self.id_dtype)
        byte_ids = self._byte_ids
        odd = points[unknown]
        if byte_ids is None or ((odd >= 0xD800) & (odd <= 0xDFFF)).any():
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
    def _char_table(self) -> np.ndarray:
        """The id of each code point that is a token of its own, -1 for the others (the
        last entry stands for every code point beyond the table)."""
        singles = {ord(token): i for token, i in self.hf.get_vocab().items() if len(token) == 1}
        table = np.full(max(singles, default=0) + 2, -1, dtype=np.int32)
        for point, token_id in singles.items():
            table[point] = token_id
        return table

    def _batches(self, text: str) -> Iterator[list[tuple[str, bool]]]:
        """Pieces of `text` in batches of about `_CHARS_PER_BATCH` characters, each piece
        with whether it ends a line (for <eos>). Batches are kept small because the Rust side
        holds several objects per token while it encodes, many times the text's size."""
        if self.kind in NEWLINE_AS_TEXT_KINDS:
            batch: list[tuple[str, bool]] = []
            size = 0
            for piece in _lossless_pieces(text, _CHARS_PER_PIECE):
                batch.append((piece, False))
                size += len(piece)
                if size >= _CHARS_PER_BATCH:
                    yield batch
                    batch, size = [], 0
            if batch:
                yield batch
            return
        yield from _line_batches(text, _LINES_PER_BATCH)

    # ---- decoding

    def decode(self, ids: Sequence[int] | np.ndarray, skip_special: bool = False) -> str:
        """Text for `ids`. For line-based kinds each <eos> becomes a newline."""
        ids = [int(i) for i in ids]
        if self.kind in NEWLINE_AS_TEXT_KINDS:
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
        """Token counts per split, characters per token, <unk> rate, round trip, top tokens."""
        arrays = dict(arrays or {})
        total = max(sum(len(text) for name, text in splits.items() if name not in arrays), 1)
        done = 0
        for name, text in splits.items():
            if name not in arrays:
                base, weight = done / total, len(text) / total
                arrays[name] = self.encode_to_array(
                    text,
                    lambda f, m, b=base, w=weight: progress(None if f is None else b + w * f, m),
                    cancel,
                )
                done += len(text)
        check_cancel(cancel)
        train = arrays.get("train", np.zeros(0, dtype=self.id_dtype))
        counts = np.bincount(train, minlength=self.vocab_size) if train.size else np.zeros(1)
        order = np.argsort(-counts, kind="stable")
        nonzero = order[counts[order] > 0]
        top_tokens = [(self.id_to_token(int(i)), int(counts[i])) for i in nonzero[:top]]
        held_out = "valid" if arrays.get("valid") is not None and arrays["valid"].size else "train"
        held = arrays.get(held_out, train)
        unk_rate = float(np.count_nonzero(held == self.unk_id) / held.size) if held.size else 0.0
        check_text = splits.get("valid") or splits.get("train", "")
        ok, fidelity = self.roundtrip(check_text)
        return TokenizerStats(
            kind=self.kind,
            vocab_size=self.vocab_size,
            tokens_per_split={name: int(array.size) for name, array in arrays.items()},
            chars_per_split={name: len(text) for name, text in splits.items()},
            unk_rate=unk_rate,
            roundtrip_ok=ok,
            roundtrip_fidelity=fidelity,
            top_tokens=top_tokens,
            rank_frequency=counts[nonzero].astype(np.int64),
        )

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


def infer_spec(hf: Tokenizer) -> TokenizerSpec:
    """Recover the kind of a tokenizer.json written by this app (for files saved alone)."""
    data = json.loads(hf.to_str())
    model = data.get("model", {})
    model_type = model.get("type")
    pre = json.dumps(data.get("pre_tokenizer"))
    if model_type == "BPE":
        if model.get("byte_fallback") and not model.get("merges"):
            kind = "char"
        elif "ByteLevel" in pre:
            kind = "bytebpe"
        else:
            kind = "bpe"
    elif model_type == "WordLevel":
        kind = "whitespace" if "WhitespaceSplit" in pre else "word"
    elif model_type == "WordPiece":
        kind = "wordpiece"
    elif model_type == "Unigram":
        kind = "unigram"
    else:
        raise TokenizerError("tokenizer_file_bad", path="tokenizer.json", reason=str(model_type))
    lowercase = "Lowercase" in json.dumps(data.get("normalizer"))
    return TokenizerSpec(kind=kind, lowercase=lowercase)


# --------------------------------------------------------------------------- training


def _line_pieces(text: str, start: int, end: int) -> Iterator[tuple[str, bool]]:
    """The line text[start:end], cut into pieces of at most `_LONG_LINE_CHARS` characters
    before a space, so that a file without newlines is not handed over in one piece (which
    would take many times its size in memory). Cutting before a space changes nothing for the
    line-based kinds: their pre-tokenizers split there anyway (and Metaspace marks the space
    as "▁" at the start of the next piece, as it would inside the line)."""
    while end - start > _LONG_LINE_CHARS:
        limit = start + _LONG_LINE_CHARS
        cut = text.rfind(" ", start + _LONG_LINE_CHARS // 2, limit)
        if cut <= start:
            cut = limit  # no space at all: a word this long is cut
        yield text[start:cut], False
        start = cut
    yield text[start:end], True


def _line_batches(
    text: str, lines_per_batch: int, max_chars: int = _CHARS_PER_BATCH
) -> Iterator[list[tuple[str, bool]]]:
    """Lines of `text` in batches of at most `lines_per_batch` pieces and about
    `_CHARS_PER_BATCH` characters, each piece with whether it ends its line; a final newline
    does not make an extra empty line."""
    batch: list[tuple[str, bool]] = []
    size = 0
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end == -1:
            end = length
        for piece in _line_pieces(text, start, end):
            batch.append(piece)
            size += len(piece[0]) + 1
            if len(batch) >= lines_per_batch or size >= max_chars:
                yield batch
                batch, size = [], 0
        start = end + 1
    if batch:
        yield batch


def _lossless_pieces(text: str, size: int) -> Iterator[str]:
    """Pieces of `text` that encode to the same ids one by one as the whole text does.

    A cut is made only after a newline that is followed by a non-space character, because
    byte-level BPE's pre-tokenizer groups a run of white space together. A text with no such
    newline for a long stretch (a file without line breaks) is cut before a single space
    between two words (where byte-level BPE starts a new pre-token anyway), and as a last
    resort anywhere: a long text in one piece would take many times its size in memory.
    """
    start = 0
    length = len(text)
    while start < length:
        end = start + size
        if end >= length:
            yield text[start:]
            return
        cut = text.find("\n", end, end + _LONG_LINE_CHARS)
        while cut != -1 and cut + 1 < length and text[cut + 1].isspace():
            cut = text.find("\n", cut + 1, end + _LONG_LINE_CHARS)
        if (cut != -1 and cut + 1 >= length) or (cut == -1 and end + _LONG_LINE_CHARS >= length):
            yield text[start:]
            return
        if cut == -1:
            cut = _word_boundary_before(text, end + _LONG_LINE_CHARS) - 1
        yield text[start : cut + 1]
        start = cut + 1


def _word_boundary_before(text: str, position: int) -> int:
    """A position at or before `position` that starts " word" after a word, if one is near."""
    low = max(position - _LONG_LINE_CHARS // 2, 1)
    cut = text.rfind(" ", low, position)
    while cut != -1 and (text[cut - 1].isspace() or cut + 1 >= len(text)
                         or text[cut + 1].isspace()):
        cut = text.rfind(" ", low, cut)
    return cut if cut > 0 else position


def _normalizer(spec: TokenizerSpec) -> normalizers.Normalizer | None:
    return normalizers.Lowercase() if spec.lowercase else None


def _cjk_split() -> pre_tokenizers.PreTokenizer:
    return pre_tokenizers.Split(Regex(_CJK_PATTERN), behavior="isolated")


def _build_char(spec: TokenizerSpec, text: str) -> Tokenizer:
    """Characters, with byte fallback so a character never seen is still encoded losslessly.

    Ids: the special tokens, the characters (most frequent first), then the 256 byte tokens.
    In most alphabets a text's characters then have ids below 256, and n-gram counting keeps
    a long text's ids in one byte each (`ngram._layout_of_text`)."""
    counts = character_counts(text.lower() if spec.lowercase else text)
    vocab: dict[str, int] = {}
    for token in spec.special_tokens:
        vocab.setdefault(token, len(vocab))
    budget = spec.vocab_size - len(vocab) - len(BYTE_TOKENS) if spec.vocab_size else len(counts)
    for char, count in counts.items():
        if budget <= 0:
            break
        if count < spec.min_frequency or char in vocab:
            continue
        vocab[char] = len(vocab)
        budget -= 1
    for token in BYTE_TOKENS:
        vocab.setdefault(token, len(vocab))
    hf = Tokenizer(models.BPE(vocab=vocab, merges=[], byte_fallback=True, unk_token=spec.unk_token))
    hf.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    hf.decoder = decoders.Sequence([decoders.ByteFallback(), decoders.Fuse()])
    return hf


def _word_level_pre_tokenizer(kind: str) -> pre_tokenizers.PreTokenizer:
    if kind == "whitespace":
        return pre_tokenizers.Sequence([_cjk_split(), pre_tokenizers.WhitespaceSplit()])
    return pre_tokenizers.Split(Regex(_WORD_PATTERN), behavior="removed", invert=True)


def _subword_setup(spec: TokenizerSpec, vocab_size: int) -> tuple[Tokenizer, trainers.Trainer]:
    special = spec.special_tokens
    if spec.kind == "bpe":
        hf = Tokenizer(models.BPE(unk_token=spec.unk_token, end_of_word_suffix="</w>"))
        hf.pre_tokenizer = pre_tokenizers.Sequence([_cjk_split(), pre_tokenizers.Whitespace()])
        hf.decoder = decoders.BPEDecoder(suffix="</w>")
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            min_frequency=spec.min_frequency,
            special_tokens=special,
            end_of_word_suffix="</w>",
            show_progress=False,
        )
    elif spec.kind == "bytebpe":
        hf = Tokenizer(models.BPE())
        hf.pre_tokenizer = pre_tokenizers.Sequence(
            [_cjk_split(), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)]
        )
        hf.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            min_frequency=spec.min_frequency,
            special_tokens=special,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
    elif spec.kind == "wordpiece":
        hf = Tokenizer(models.WordPiece(unk_token=spec.unk_token))
        hf.pre_tokenizer = pre_tokenizers.Sequence(
            [_cjk_split(), pre_tokenizers.BertPreTokenizer()]
        )
        hf.decoder = decoders.WordPiece(prefix="##", cleanup=True)
        trainer = trainers.WordPieceTrainer(
            vocab_size=vocab_size,
            min_frequency=spec.min_frequency,
            special_tokens=special,
            show_progress=False,
        )
    elif spec.kind == "unigram":
        hf = Tokenizer(models.Unigram())
        hf.pre_tokenizer = pre_tokenizers.Sequence(
            [_cjk_split(), pre_tokenizers.Metaspace(prepend_scheme="first")]
        )
        hf.decoder = decoders.Metaspace(prepend_scheme="first")
        trainer = trainers.UnigramTrainer(
            vocab_size=vocab_size,
            special_tokens=special,
            unk_token=spec.unk_token,
            show_progress=False,
        )
    else:  # pragma: no cover - check_spec keeps other kinds out
        raise TokenizerError("unknown_tokenizer", kind=spec.kind, choices=", ".join(KINDS))
    return hf, trainer


def _training_batches(
    spec: TokenizerSpec, text: str, progress: ProgressCallback, cancel: CancelCheck | None
) -> Iterator[list[str]]:
    """Feed the trainer in batches, reporting progress and honouring the cancel check."""
    total = max(len(text), 1)
    done = 0
    if spec.kind in NEWLINE_AS_TEXT_KINDS:
        pieces = _lossless_pieces(text, _CHARS_PER_PIECE)
        batches: Iterator[list[str]] = ([piece] for piece in pieces)
    else:
        # Smaller batches than for encoding: the trainer reads ahead many batches at once.
        batches = (
            [piece for piece, _ in batch]
            for batch in _line_batches(text, _LINES_PER_BATCH, _TRAINING_CHARS_PER_BATCH)
        )
    bound = spec.kind in SUBWORD_KINDS  # their trainers slow down badly on long words
    for batch in batches:
        check_cancel(cancel)
        size = sum(len(line) + 1 for line in batch)
        yield list(bounded_words(batch)) if bound else batch
        done += size
        progress(min(done / total, 1.0) * 0.9, N_("Counting"))


def train_tokenizer(
    spec: TokenizerSpec,
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> StudioTokenizer:
    """Build a tokenizer from the training text.

    Progress covers the counting pass (the part that grows with the text); the final merge
    step of the sub-word trainers runs inside `tokenizers` and is reported as indeterminate.
    """
    spec = check_spec(spec)
    check_cancel(cancel)
    progress(0.0, N_("Counting"))
    if spec.kind == "char":
        hf = _build_char(spec, text)
    elif spec.kind in WORD_LEVEL_KINDS:
        hf = _train_word_level(spec, text, progress, cancel)
    else:
        vocab_size = spec.vocab_size or default_vocab_size(spec.kind, len(text))
        if spec.kind == "unigram":
            # Unigram keeps every character of the text as a piece, so it needs at least that
            # many entries: grow the automatic size, and refuse a size chosen too small.
            needed = len(character_counts(text)) + len(spec.special_tokens) + 1
            if spec.vocab_size and spec.vocab_size < needed:
                raise TokenizerError(
                    "bad_vocab_size", low=needed, high=MAX_VOCAB_SIZE, value=spec.vocab_size
                )
            vocab_size = max(vocab_size, needed + needed // 4)
        hf, trainer = _subword_setup(spec, vocab_size)
        hf.normalizer = _normalizer(spec)  # the trainer must see the text as encode will
        hf.train_from_iterator(_training_batches(spec, text, progress, cancel), trainer=trainer)
    hf.normalizer = _normalizer(spec)
    # Special tokens are matched before pre-tokenization, so "<unk>" in the text stays whole.
    hf.add_special_tokens([AddedToken(t, normalized=False) for t in spec.special_tokens])
    check_cancel(cancel)
    progress(1.0, N_("Done"))
    return StudioTokenizer(hf, spec)


def _train_word_level(
    spec: TokenizerSpec, text: str, progress: ProgressCallback, cancel: CancelCheck | None
) -> Tokenizer:
    """Count words with `tokenizers`, then lay out the vocabulary with the special tokens first.

    Training directly with special tokens would count "<unk>" from the text (the Penn Treebank
    has it) as a second, different entry; building the model from the counts avoids that.
    """
    counter = Tokenizer(models.WordLevel(unk_token=spec.unk_token))
    counter.normalizer = _normalizer(spec)
    counter.pre_tokenizer = _word_level_pre_tokenizer(spec.kind)
    counter.train_from_iterator(
        _training_batches(spec, text, progress, cancel),
        trainer=trainers.WordLevelTrainer(
            vocab_size=MAX_VOCAB_SIZE * 4, min_frequency=spec.min_frequency, show_progress=False
        ),
    )
    by_frequency = sorted(counter.get_vocab().items(), key=lambda item: item[1])
    vocab: dict[str, int] = {}
    for token in spec.special_tokens:
        vocab.setdefault(token, len(vocab))
    limit = spec.vocab_size or len(by_frequency) + len(vocab)
    for word, _ in by_frequency:
        if len(vocab) >= limit:
            break
        vocab.setdefault(word, len(vocab))
    hf = Tokenizer(models.WordLevel(vocab=vocab, unk_token=spec.unk_token))
    hf.pre_tokenizer = _word_level_pre_tokenizer(spec.kind)
    if spec.kind == "word":
        hf.decoder = decoders.WordPiece(prefix="##", cleanup=True)
    return hf
