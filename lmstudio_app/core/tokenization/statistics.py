"""What a tokenizer makes of a text: tokens per part, characters per token, <unk> (how many
tokens, and for the char kind which characters it never saw), the round trip, top tokens.
The Tokenizer page and `lmstudio-app tokenize` show the same numbers and sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from lmstudio_app.core.corpus.spill import SpilledText, text_pieces
from lmstudio_app.core.corpus.split import SPLIT_LABELS
from lmstudio_app.core.i18n import N_, Text
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, scaled

if TYPE_CHECKING:
    from lmstudio_app.core.tokenization.tokenizer import StudioTokenizer

# How many of the characters that became <unk> are named.
UNKNOWN_CHARS_SHOWN = 10
# Ids counted at a time (a large text's ids are a memory map).
IDS_PER_CHUNK = 1 << 22
# The round trip of a text on disk is checked on its first characters.
ROUNDTRIP_CHARS = 1 << 22


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
    # <unk> tokens in each part: for the char kind, characters the vocabulary does not have
    unk_per_split: dict[str, int] = field(default_factory=dict)
    held_out: str = "valid"  # the part `unk_rate` and the <unk> sentence speak of
    # char kind: the characters of that part that became <unk>, most frequent first
    unknown_chars: list[tuple[str, int]] = field(default_factory=list)

    @property
    def chars_per_token(self) -> float:
        tokens = self.tokens_per_split.get("train", 0)
        return self.chars_per_split.get("train", 0) / tokens if tokens else 0.0

    def unknown_sentence(self) -> Text:
        """How much of the held-out part became <unk>, in words (the char kind names the
        characters)."""
        count = self.unk_per_split.get(self.held_out, 0)
        split = SPLIT_LABELS.get(self.held_out, self.held_out)
        if self.kind != "char":
            if not count:
                return N_("No token of the {split} text is <unk>.", split=split)
            return N_("{count:,} tokens of the {split} text are <unk>.", count=count, split=split)
        if not count:
            return N_("No character of the {split} text became <unk>.", split=split)
        chars = " ".join(
            f"{_visible(char)}×{times}" for char, times in self.unknown_chars[:UNKNOWN_CHARS_SHOWN]
        )
        return N_(
            "{count:,} characters of the {split} text became <unk> (the training text does not "
            "have them): {chars}",
            count=count, split=split, chars=chars,
        )


def _visible(char: str) -> str:
    """A character as it can be read in a list: a space or a control character by its code."""
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def compute_statistics(
    tokenizer: StudioTokenizer,
    splits: dict[str, str],
    top: int,
    arrays: dict[str, np.ndarray] | None,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> TokenizerStats:
    """`StudioTokenizer.statistics`: the parts are encoded unless `arrays` has them."""
    arrays = dict(arrays or {})
    total = max(sum(len(text) for name, text in splits.items() if name not in arrays), 1)
    done = 0
    for name, text in splits.items():
        if name not in arrays:
            base, weight = done / total, len(text) / total
            arrays[name] = tokenizer.encode_to_array(text, scaled(progress, base, weight), cancel)
            done += len(text)
    check_cancel(cancel)
    train = arrays.get("train", np.zeros(0, dtype=tokenizer.id_dtype))
    counts = _bincount(train, tokenizer.vocab_size) if train.size else np.zeros(1)
    order = np.argsort(-counts, kind="stable")
    nonzero = order[counts[order] > 0]
    top_tokens = [(tokenizer.id_to_token(int(i)), int(counts[i])) for i in nonzero[:top]]
    held_out = "valid" if arrays.get("valid") is not None and arrays["valid"].size else "train"
    held = arrays.get(held_out, train)
    unk_per_split = {name: _count(array, tokenizer.unk_id) for name, array in arrays.items()}
    unk_rate = unk_per_split.get(held_out, 0) / held.size if held.size else 0.0
    unknown_chars: list[tuple[str, int]] = []
    if tokenizer.kind == "char" and unk_per_split.get(held_out):
        unknown_chars = _unknown_chars(tokenizer, splits.get(held_out, ""))
    check_text = splits.get("valid") or splits.get("train", "")
    if not isinstance(check_text, str):  # a text on disk: its start has lines enough
        check_text = check_text[:ROUNDTRIP_CHARS]
    ok, fidelity = tokenizer.roundtrip(check_text)
    return TokenizerStats(
        kind=tokenizer.kind,
        vocab_size=tokenizer.vocab_size,
        tokens_per_split={name: int(array.size) for name, array in arrays.items()},
        chars_per_split={name: len(text) for name, text in splits.items()},
        unk_rate=float(unk_rate),
        roundtrip_ok=ok,
        roundtrip_fidelity=fidelity,
        top_tokens=top_tokens,
        rank_frequency=counts[nonzero].astype(np.int64),
        unk_per_split=unk_per_split,
        held_out=held_out,
        unknown_chars=unknown_chars,
    )


def _unknown_chars(tokenizer: StudioTokenizer, text: str | SpilledText) -> list[tuple[str, int]]:
    """The characters of `text` (as the tokenizer normalizes it) that are not tokens of their
    own, most frequent first (then in code point order: the same list every time)."""
    normalizer = tokenizer.hf.normalizer
    vocab = tokenizer.hf.get_vocab()
    missing: dict[str, int] = {}
    for piece in text_pieces(text):
        normalized = normalizer.normalize_str(piece) if normalizer else piece
        for char in set(normalized):
            if char not in vocab:
                missing[char] = missing.get(char, 0) + normalized.count(char)
    return sorted(missing.items(), key=lambda item: (-item[1], item[0]))


def _bincount(ids: np.ndarray, vocab_size: int) -> np.ndarray:
    """`np.bincount` a few million ids at a time: it widens its input to 64 bits, which
    for the memory-mapped ids of a large text would be eight bytes a token in memory."""
    counts = np.zeros(vocab_size, dtype=np.int64)
    for start in range(0, ids.size, IDS_PER_CHUNK):
        chunk = np.bincount(ids[start : start + IDS_PER_CHUNK], minlength=vocab_size)
        counts[: chunk.size] += chunk[:vocab_size]
    return counts


def _count(ids: np.ndarray, value: int) -> int:
    """How many of `ids` are `value`, a chunk at a time (no mask as long as the ids)."""
    return sum(
        int(np.count_nonzero(ids[start : start + IDS_PER_CHUNK] == value))
        for start in range(0, ids.size, IDS_PER_CHUNK)
    )
