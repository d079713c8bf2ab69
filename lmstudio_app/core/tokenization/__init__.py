"""Tokenizers, seven kinds, all built on Hugging Face `tokenizers` (the table is in `spec`).

- `spec`: what a tokenizer is to be (`TokenizerSpec`), the kinds, and the checks on a spec;
- `build`: training one on a text (`train_tokenizer`), with progress and a cancel check;
- `tokenizer`: the tokenizer in use (`StudioTokenizer`): encode, decode, offsets, files;
- `statistics`: what it makes of a text (`TokenizerStats`: tokens, <unk>, the round trip);
- `byte_text`: byte tokens decoded, never as "�" (hex, or held back while a text is written);
- `chunks`: how a text is cut into the pieces the library is handed (shared with the n-gram);
- `checks`: whether a tokenizer.json from a file or a run folder can be trusted;
- `job`: building one and measuring what it makes of a text (the window and `tokenize`);
- `display`: the kinds' friendly names, and tokens as a person reads them (bytes included).
"""

from lmstudio_app.core.tokenization.build import _training_batches as _training_batches
from lmstudio_app.core.tokenization.build import train_tokenizer
from lmstudio_app.core.tokenization.chunks import lossless_pieces
from lmstudio_app.core.tokenization.spec import (
    BYTE_TOKENS,
    KIND_DESCRIPTIONS,
    KINDS,
    LOSSLESS_KINDS,
    MAX_VOCAB_SIZE,
    NEWLINE_AS_TEXT_KINDS,
    SUBWORD_KINDS,
    WORD_LEVEL_KINDS,
    TokenizerSpec,
    check_spec,
    default_vocab_size,
    infer_spec,
    minimum_vocab_size,
)
from lmstudio_app.core.tokenization.tokenizer import Encoded, StudioTokenizer, TokenizerStats

__all__ = [
    "BYTE_TOKENS",
    "KINDS",
    "KIND_DESCRIPTIONS",
    "LOSSLESS_KINDS",
    "MAX_VOCAB_SIZE",
    "NEWLINE_AS_TEXT_KINDS",
    "SUBWORD_KINDS",
    "WORD_LEVEL_KINDS",
    "Encoded",
    "StudioTokenizer",
    "TokenizerSpec",
    "TokenizerStats",
    "check_spec",
    "default_vocab_size",
    "infer_spec",
    "lossless_pieces",
    "minimum_vocab_size",
    "train_tokenizer",
]
