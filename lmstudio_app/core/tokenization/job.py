"""Building a tokenizer and measuring what it makes of the text: one job, the same for the
Tokenizer page and `lmstudio-app tokenize`.

Training reports the first 60% of the progress; encoding each part of the text (the part that
grows with the text, and what the statistics are counted from) the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled
from lmstudio_app.core.tokenization.build import train_tokenizer
from lmstudio_app.core.tokenization.spec import TokenizerSpec
from lmstudio_app.core.tokenization.tokenizer import StudioTokenizer, TokenizerStats

TRAINING_SHARE = 0.6  # of the progress bar: building the vocabulary


def build_and_measure(
    spec: TokenizerSpec,
    parts: Mapping[str, str],
    top: int = 50,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[StudioTokenizer, TokenizerStats]:
    """A tokenizer trained on `parts["train"]`, and its statistics over every part that has
    text (empty parts are left out, as a text too short to split has none)."""
    texts = {name: text for name, text in parts.items() if text}
    tokenizer = train_tokenizer(
        spec, texts.get("train", ""), scaled(progress, 0.0, TRAINING_SHARE), cancel
    )
    encoding = scaled(progress, TRAINING_SHARE, 1.0 - TRAINING_SHARE)
    arrays = _encoded(tokenizer, texts, encoding, cancel)
    return tokenizer, tokenizer.statistics(texts, top=top, arrays=arrays)


def _encoded(
    tokenizer: StudioTokenizer,
    texts: Mapping[str, str],
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> dict[str, np.ndarray]:
    """Each part's ids. A text on disk's (`corpus.spill`) go to the token-id file in the
    cache (`core.token_file`), as training would encode them: its ids are then a memory map,
    never all in memory, and training reads the file already there."""
    from lmstudio_app.core import token_file
    from lmstudio_app.core.corpus import Splits
    from lmstudio_app.core.corpus.spill import SpilledText

    if any(isinstance(text, SpilledText) for text in texts.values()):
        splits = Splits(*(texts.get(name, "") for name in token_file.SPLITS), "contiguous")
        data = token_file.cached_token_data(tokenizer, splits, progress, cancel)
        return {name: getattr(data, name) for name in texts}
    arrays: dict[str, np.ndarray] = {}
    share = 1.0 / max(1, len(texts))
    for index, (name, text) in enumerate(texts.items()):
        part = scaled(progress, share * index, share)
        arrays[name] = tokenizer.encode_to_array(text, part, cancel)
    return arrays


def reuse_and_measure(
    folder: str | Path,
    parts: Mapping[str, str],
    top: int = 50,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[StudioTokenizer, TokenizerStats]:
    """The tokenizer of the run in `folder` (as `train --tokenizer-from` reuses it), and its
    statistics over every part of this text: runs on one tokenizer can be mixed and compared
    token for token."""
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json

    tokenizer = load_run_tokenizer(Path(folder), read_run_json(Path(folder)))
    texts = {name: text for name, text in parts.items() if text}
    arrays = _encoded(tokenizer, texts, progress, cancel)
    return tokenizer, tokenizer.statistics(texts, top=top, arrays=arrays)
