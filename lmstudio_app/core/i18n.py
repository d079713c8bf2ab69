"""Sentences that a view can translate, without core knowing anything about translation.

Core speaks English. Every sentence it hands to a person (an error, a progress message, a
setting's label or help) is marked with `N_`, which returns a `Text`: an ordinary `str` holding
the English sentence, that also remembers its template and arguments. The command line prints
it as it is; the window looks the template up in its translation catalogue and fills in the
same arguments. `scripts/update_translations.py` finds every `N_("...")` literal in core, so a
new sentence cannot be forgotten by the translators.
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """An English sentence that keeps its template and arguments for translation."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Text:
        sentence = template.format(**params) if params else template
        text = super().__new__(cls, sentence)
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (multiprocessing, copy) rebuilds it from the template, not from the sentence.
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def N_(template: str, **params: Any) -> Text:
    """Mark an English sentence for translation; `params` fill its `{placeholders}`."""
    return Text(template, **params)
