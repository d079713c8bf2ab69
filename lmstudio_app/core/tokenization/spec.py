"""What a tokenizer is to be: its kind and settings (`TokenizerSpec`), and the checks on them.

The kinds, all built on Hugging Face `tokenizers`:

| kind       | cuts text into                              | lossless | newline       |
|------------|---------------------------------------------|----------|---------------|
| char       | characters (unseen ones: `<unk>`, or bytes) | bytes on | a character   |
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

The char kind's vocabulary is the characters of its text and the special tokens, so its size
is the number of different characters the corpus statistics show (plus the four special
tokens); a character it never saw becomes `<unk>`. With `byte_fallback` ("spell unseen
characters as bytes") 256 byte tokens `<0x00>`..`<0xFF>` are added and such a character is
spelled as its UTF-8 bytes: any text then comes back exactly. Tokenizers from before this
setting always had the byte tokens; their tokenizer.json is read as it is (`infer_spec`).

Special tokens: empty ones, ones with a space, or two equal ones give a tokenizer that
silently misbehaves (a text's beginning read as an unknown token); the spec refuses them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.i18n import N_

if TYPE_CHECKING:
    from tokenizers import Tokenizer

KINDS: tuple[str, ...] = ("char", "word", "whitespace", "bpe", "bytebpe", "wordpiece", "unigram")
# Kinds that give any text back exactly (char only with `byte_fallback`).
LOSSLESS_KINDS = frozenset({"char", "bytebpe"})
# Kinds whose pre-tokenizer keeps "\n" as text; the others go line by line with <eos>.
NEWLINE_AS_TEXT_KINDS = frozenset({"char", "bytebpe"})
WORD_LEVEL_KINDS = frozenset({"word", "whitespace"})
SUBWORD_KINDS = frozenset({"bpe", "bytebpe", "wordpiece", "unigram"})

KIND_DESCRIPTIONS = {
    "char": N_(
        "Each character is a token. Small vocabulary, long sequences; a character the "
        "training text does not have becomes <unk>."
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

MAX_VOCAB_SIZE = 1_000_000
MAX_SPECIAL_TOKEN_CHARS = 32
# With byte fallback, the char kind spells a character it never saw as these, one per UTF-8
# byte.
BYTE_TOKENS = [f"<0x{byte:02X}>" for byte in range(256)]


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
        "<pad>",
        label="Padding token",
        help="Fills up short lines to the longest of their batch when training reads one line "
        "at a time (Batching: lines); the loss ignores it.",
        advanced=True,
    )
    byte_fallback: bool = setting(
        False,
        label="Spell unseen characters as bytes",
        help="Character tokenizer only. Off: the vocabulary is the characters of the text, "
        "and a character the text does not have becomes <unk>. On: 256 byte tokens are "
        "added and such a character is spelled as its bytes, so any text comes back exactly; "
        "a model may then write bytes that do not form a character, which are shown as hex.",
        advanced=True,
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
        return len(spec.special_tokens) + (len(BYTE_TOKENS) if spec.byte_fallback else 0) + 1
    return len(spec.special_tokens) + 1


def special_tokens_problem(spec: TokenizerSpec) -> str | None:
    """The special tokens of `spec`, listed, when they cannot work; None when they can."""
    tokens = spec.special_tokens
    bad = any(
        not isinstance(token, str)
        or not token
        or any(c.isspace() for c in token)
        or len(token) > MAX_SPECIAL_TOKEN_CHARS
        for token in tokens
    )
    if bad or len(set(tokens)) != len(tokens):
        return ", ".join(repr(token) for token in tokens)
    return None


def check_special_tokens(spec: TokenizerSpec) -> None:
    problem = special_tokens_problem(spec)
    if problem is not None:
        raise TokenizerError("bad_special_tokens", tokens=problem)


def check_spec(spec: TokenizerSpec) -> TokenizerSpec:
    if spec.kind not in KINDS:
        raise TokenizerError("unknown_tokenizer", kind=spec.kind, choices=", ".join(KINDS))
    spec = validate_spec(spec)
    check_special_tokens(spec)  # equal or empty special tokens would share or lose an id
    low = minimum_vocab_size(spec)
    if spec.vocab_size and spec.vocab_size < low:
        raise TokenizerError("bad_vocab_size", low=low, high=MAX_VOCAB_SIZE, value=spec.vocab_size)
    return spec


def infer_spec(hf: Tokenizer) -> TokenizerSpec:
    """Recover the kind of a tokenizer.json written by this app (for files saved alone)."""
    data = json.loads(hf.to_str())
    model = data.get("model", {})
    model_type = model.get("type")
    pre = json.dumps(data.get("pre_tokenizer"))
    byte_fallback = False
    if model_type == "BPE":
        # The char kind: one character a pre-token (a Split at the top, where the sub-word
        # kinds have a Sequence), with byte fallback in the tokenizers made before it was a
        # setting and when it is on.
        top = data.get("pre_tokenizer")
        if isinstance(top, dict) and top.get("type") == "Split" and not model.get("merges"):
            kind = "char"
            byte_fallback = bool(model.get("byte_fallback"))
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
    return TokenizerSpec(kind=kind, lowercase=lowercase, byte_fallback=byte_fallback)
