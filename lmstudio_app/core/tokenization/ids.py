"""A text as the model receives it: token ids, with the token strings and where each token
sits in the text, and how much of the text became `<unk>`. The Tokenizer page's "Show ids"
switch and `lmstudio-app tokenize --text` both read `text_ids`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lmstudio_app.core.tokenization.tokenizer import StudioTokenizer


def unk_share(
    text: str, ids: Sequence[int], offsets: Sequence[tuple[int, int]], unk_id: int
) -> tuple[int, float]:
    """How many tokens are `<unk>`, and the share of the text's characters they stand for
    (what the model never sees)."""
    covered: set[int] = set()
    count = 0
    for token_id, (start, end) in zip(ids, offsets, strict=True):
        if int(token_id) == unk_id:
            count += 1
            covered.update(range(start, end))
    return count, (len(covered) / len(text) if text else 0.0)


def text_ids(tokenizer: StudioTokenizer, text: str) -> dict[str, Any]:
    """`text` encoded: ids, token strings, [start, end) character offsets, the `<unk>`
    tokens and the share of characters they cover."""
    encoded = tokenizer.encode(text)
    count, share = unk_share(text, encoded.ids, encoded.offsets, tokenizer.unk_id)
    return {
        "text": text,
        "ids": [int(i) for i in encoded.ids],
        "tokens": list(encoded.tokens),
        "offsets": [[int(a), int(b)] for a, b in encoded.offsets],
        "unk_tokens": count,
        "unk_char_share": share,
    }


def ids_layout(
    text: str, ids: Sequence[int], offsets: Sequence[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """The ids written out in place of the tokens, one space apart (a new line where the
    token held a line break, so the lines stay lines), and each id's span in that text."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for index, (token_id, (start, end)) in enumerate(zip(ids, offsets, strict=True)):
        piece = str(int(token_id))
        spans.append((position, position + len(piece)))
        parts.append(piece)
        position += len(piece)
        if index < len(ids) - 1:
            gap = "\n" if "\n" in text[start:end] else " "
            parts.append(gap)
            position += 1
    return "".join(parts), spans
