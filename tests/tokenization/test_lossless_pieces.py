"""A text cut by `lossless_pieces` encodes, piece by piece, to the ids of the whole text.

Byte-level BPE's pre-tokenizer groups a run of white space, and at the end of a piece it
read "\\n\\n" as one pre-token where the whole text has two ("\\n" then "\\n" before a word):
a cut after a blank line changed the ids. Cuts are now made only after a newline between
two characters that are not white space."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.core.tokenization import TokenizerSpec, lossless_pieces, train_tokenizer

TRAINING = "the cat sat on the mat\n\n  and the dog\n\n\nsat on the log\n" * 40
TOKENIZER = train_tokenizer(TokenizerSpec(kind="bytebpe", vocab_size=300), TRAINING)
LINES = st.sampled_from(["the cat", "", " ", "  on the mat", "dog\t", "sat", "\t"])


@settings(max_examples=80, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=60), st.integers(1, 40))
def test_pieces_encode_to_the_ids_of_the_whole_text(lines: list[str], size: int) -> None:
    text = "\n".join(lines) + "\n"
    pieces = list(lossless_pieces(text, size))
    assert "".join(pieces) == text
    whole = TOKENIZER.hf.encode(text, add_special_tokens=False).ids
    cut = [i for piece in pieces for i in TOKENIZER.hf.encode(piece, add_special_tokens=False).ids]
    assert np.array_equal(cut, whole), pieces
