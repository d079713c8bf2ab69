"""Checks that a tokenizer read from a file or a run folder can be trusted (the special-token
rule for a tokenizer to be built is the spec's: `spec.check_special_tokens`).

- A tokenizer.json from a run folder may come from anyone. The `tokenizers` library runs its
  regular expressions with a backtracking engine: a pattern such as `(a+)+$` makes it panic
  (a `pyo3_runtime.PanicException`, which derives from BaseException, not Exception) on the
  first text that triggers it, possibly in the middle of training. Only the patterns this
  app writes are accepted, the unknown token must be in the vocabulary, and a probe text is
  encoded once; any failure is "the run folder is damaged", never a crash.
- A tokenizer swapped for another of the same size would go unnoticed: run.json records the
  fingerprint of the tokenizer it was trained with, and every load compares it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.tokenization.chunks import CHAR_PATTERN, CJK_PATTERN, WORD_PATTERN

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# Letters, digits, punctuation, a CJK ideograph, an emoji and a new line: every pre-tokenizer
# and normalizer this app writes takes a path through them.
PROBE_TEXT = "The probe, 42 times: naïve café. 日本語の文 🙂\nAnother line <unk>"
# run.json's key for the tokenizer's fingerprint.
FINGERPRINT_KEY = "tokenizer_fingerprint"


def tokenizer_fingerprint(hf: Tokenizer) -> str:
    """SHA-256 of the tokenizer's canonical JSON (the same for a file saved pretty or not,
    on any system's line ends)."""
    return hashlib.sha256(hf.to_str().encode("utf-8")).hexdigest()


def _regex_patterns(node: Any) -> Iterator[str]:
    """Every {"Regex": pattern} anywhere in a tokenizer.json."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Regex":
                yield value if isinstance(value, str) else repr(value)
            else:
                yield from _regex_patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _regex_patterns(item)


def _bad(path: str, reason: str) -> TokenizerError:
    return TokenizerError("tokenizer_file_bad", path=path, reason=reason)


def check_loaded_tokenizer(hf: Tokenizer, path: str) -> None:
    """Refuse (`tokenizer_file_bad`) a tokenizer that would fail or panic when used."""
    try:
        data = json.loads(hf.to_str())
    except (ValueError, TypeError) as exc:  # pragma: no cover - the library wrote it
        raise _bad(path, str(exc)) from None
    allowed = {CJK_PATTERN, WORD_PATTERN, CHAR_PATTERN}
    for pattern in _regex_patterns(data):
        if pattern not in allowed:
            raise _bad(path, N_("it uses a regular expression this app never writes: {pattern}",
                                pattern=pattern[:80]))
    model = data.get("model") if isinstance(data, dict) else None
    unk = model.get("unk_token") if isinstance(model, dict) else None
    if isinstance(unk, str) and hf.token_to_id(unk) is None:
        raise _bad(path, N_("its unknown token {token} is not in its vocabulary", token=unk))
    try:
        ids = hf.encode(PROBE_TEXT).ids
        hf.decode(ids)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise _bad(path, N_("it fails on a sample text: {reason}", reason=first)) from None
    size = hf.get_vocab_size(with_added_tokens=True)
    if any(not 0 <= token_id < size for token_id in ids):
        raise _bad(path, N_("it gives token ids outside its vocabulary"))


def record_tokenizer_fingerprint(run: dict[str, Any], tokenizer: Any) -> None:
    """Put the fingerprint of the run's tokenizer into run.json's dict (when it is created)."""
    from tokenizers import Tokenizer

    # As it will be read back: the first save of a Unigram tokenizer rounds its scores.
    as_saved = Tokenizer.from_str(tokenizer.hf.to_str(pretty=True))
    run[FINGERPRINT_KEY] = tokenizer_fingerprint(as_saved)


def check_run_tokenizer(folder: Any, run: dict[str, Any], tokenizer: Any) -> None:
    """Refuse a run's tokenizer that is not the one it was trained with. A run folder from
    before the fingerprint was recorded has none, and loads as before."""
    from lmstudio_app.core.errors import RunFolderError

    expected = run.get(FINGERPRINT_KEY)
    if expected is None:
        return
    if not isinstance(expected, str):
        raise RunFolderError("run_corrupt", path=str(folder),
                             reason=N_("run.json: {key} is not a text", key=FINGERPRINT_KEY))
    if tokenizer_fingerprint(tokenizer.hf) != expected:
        raise RunFolderError(
            "run_corrupt", path=str(folder),
            reason=N_("tokenizer.json is not the tokenizer this run was trained with"),
        )
