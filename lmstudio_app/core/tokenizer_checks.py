"""Moved to `lmstudio_app.core.tokenization.checks`; kept for `core/runs.py`'s imports."""

from lmstudio_app.core.tokenization.checks import (
    FINGERPRINT_KEY,
    PROBE_TEXT,
    check_loaded_tokenizer,
    check_run_tokenizer,
    record_tokenizer_fingerprint,
    tokenizer_fingerprint,
)

__all__ = [
    "FINGERPRINT_KEY",
    "PROBE_TEXT",
    "check_loaded_tokenizer",
    "check_run_tokenizer",
    "record_tokenizer_fingerprint",
    "tokenizer_fingerprint",
]
