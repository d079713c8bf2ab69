"""The exported tokenizer gives the app's ids, for every tokenizer kind: through the
`tokenizers` library alone, and through transformers' AutoTokenizer where it is installed.

The line-based kinds end a line with <eos> outside the library in the app; the export does it
with normalizers (`hf_export.hf_tokenizer_json`), which these texts put to the test: blank
lines, lines starting with a space, a Windows line end, a text starting or ending with a
newline, Chinese lines, characters never seen, and special tokens written in the text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tokenizers import Tokenizer

from lmstudio_app.core.models.gpt.hf_export import hf_tokenizer_json, tokenizer_files
from lmstudio_app.core.tokenization import KINDS, StudioTokenizer, TokenizerSpec
from lmstudio_app.core.tokenization.build import train_tokenizer

TEXTS = [
    "First Citizen:\nBefore we proceed any further, hear me speak.\n",
    "  two  spaces\n\nand a blank line\r\nthen a Windows line end",
    "A\n B\n\nC\n",
    "\n\nstarts with newlines",
    "Zebra é ☃ 日本 <eos> <unk>x <bos>",
    "line one\n床前明月光\n 疑是地上霜\n",
]
VARIANTS = (
    [(kind, {}) for kind in KINDS]
    + [(kind, {"lowercase": True}) for kind in ("char", "bpe", "unigram", "word")]
    + [("char", {"byte_fallback": True})]
)


@pytest.fixture(scope="module")
def training_text(shakespeare_text: str, tang_text: str) -> str:
    return shakespeare_text[:30_000] + "\n" + tang_text[:3_000]


@pytest.fixture(scope="module")
def tokenizers(training_text: str) -> dict[str, StudioTokenizer]:
    return {
        name(kind, extra): train_tokenizer(TokenizerSpec(kind=kind, **extra), training_text)
        for kind, extra in VARIANTS
    }


def name(kind: str, extra: dict[str, bool]) -> str:
    return "-".join([kind, *extra])


@pytest.mark.parametrize(("kind", "extra"), VARIANTS, ids=[name(*v) for v in VARIANTS])
def test_the_library_alone_gives_the_apps_ids(
    kind: str, extra: dict[str, bool], tokenizers: dict[str, StudioTokenizer]
) -> None:
    ours = tokenizers[name(kind, extra)]
    exported = Tokenizer.from_str(hf_tokenizer_json(ours))
    for text in TEXTS:
        assert exported.encode(text, add_special_tokens=False).ids == ours.encode_ids(text), text


@pytest.mark.parametrize(("kind", "extra"), VARIANTS, ids=[name(*v) for v in VARIANTS])
def test_autotokenizer_gives_the_apps_ids(
    kind: str, extra: dict[str, bool], tokenizers: dict[str, StudioTokenizer], tmp_path: Path
) -> None:
    transformers = pytest.importorskip("transformers")
    ours = tokenizers[name(kind, extra)]
    for file, data in tokenizer_files(ours, context=64).items():
        (tmp_path / file).write_bytes(data)
    theirs = transformers.AutoTokenizer.from_pretrained(tmp_path)
    assert len(theirs) == ours.vocab_size
    assert (theirs.eos_token_id, theirs.bos_token_id) == (ours.eos_id, ours.bos_id)
    assert (theirs.unk_token_id, theirs.pad_token_id) == (ours.unk_id, ours.pad_id)
    for text in TEXTS:
        assert theirs(text)["input_ids"] == ours.encode_ids(text), text


def test_the_newline_rule_is_only_added_where_the_app_needs_it(
    tokenizers: dict[str, StudioTokenizer],
) -> None:
    """Kinds that keep a newline as a token of their own get their tokenizer.json as it is;
    for the others the library alone would drop "\\n", where the app writes <eos>."""
    for key, ours in tokenizers.items():
        as_is = json.loads(ours.hf.to_str())
        exported = json.loads(hf_tokenizer_json(ours))
        if ours.kind in ("char", "bytebpe"):
            assert exported == as_is, key
            continue
        assert exported != as_is, key
        assert ours.eos_id not in ours.hf.encode("a\nb", add_special_tokens=False).ids, key
        assert ours.encode_ids("a\nb").count(ours.eos_id) == 1, key
