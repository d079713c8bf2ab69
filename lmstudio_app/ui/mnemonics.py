"""Menu texts as a toolbar button shows them. Its own module: the window imports it before its
first paint, and `ui.translations` (core's catalogue helpers) can load after that."""

from __future__ import annotations

import re

# A mnemonic as translations write it after their text: "新建(&N)".
_TRAILING_MNEMONIC = re.compile(r"\s*\(&[^&\s]\)")


def without_mnemonic(text: str) -> str:
    """A menu text as a button beside an icon shows it: no "&" marks, no "(&N)" a translation
    adds for a letter its language lacks (a toolbar showed "新建(N)"), no closing "…"."""
    text = _TRAILING_MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip()
