"""A small text and tokenizer shared by the experiment tests: the names sample, by character."""

from __future__ import annotations

import pytest

from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus
from lmstudio_app.core.tokenization import StudioTokenizer, TokenizerSpec, train_tokenizer


@pytest.fixture(scope="module")
def names() -> LoadedCorpus:
    return CorpusSource.create(sample="names").load()


@pytest.fixture(scope="module")
def char_tokenizer(names: LoadedCorpus) -> StudioTokenizer:
    return train_tokenizer(TokenizerSpec(kind="char"), names.splits.train)
