"""JSON text that can always be written as UTF-8, whatever file names it holds.

On Linux a file name is bytes; Python shows bytes that are not UTF-8 (b"caf\\xe9.txt") as lone
surrogates ("caf\\udce9.txt", `os.fsdecode`). `json.dumps(..., ensure_ascii=False)` puts such
a character into the text as it is, and writing that text as UTF-8 fails with
UnicodeEncodeError. Written as a JSON escape (`\\udce9`) it is valid JSON and valid UTF-8,
and `json.loads` gives back the very same string, so the path still opens the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_lone_surrogates(text: str) -> str:
    """`text` (JSON) with each lone surrogate written as a `\\uXXXX` escape.

    Only characters inside JSON strings can be surrogates, so escaping them keeps the JSON
    meaning the same.
    """
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def dumps(value: Any, **options: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)` that encodes as UTF-8."""
    return escape_lone_surrogates(json.dumps(value, ensure_ascii=False, **options))
