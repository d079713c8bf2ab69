"""The Generate page's writer: one model writing into one SurprisalText (the prompt, the ids
so far, their decoding), and how a token is labelled on the bars."""

from __future__ import annotations

import dataclasses
from typing import Any

from lmstudio_app.core.generation import GeneratedToken, top_alternatives
from lmstudio_app.core.tokenization import NEWLINE_AS_TEXT_KINDS, StudioTokenizer
from lmstudio_app.ui.widgets.surprisal_text import SurprisalText


def visible(text: str) -> str:
    return {" ": "␣", "\n": "↵", "\t": "⇥", "": "∅"}.get(text, text)


class Writer:
    """One model writing into one SurprisalText: the prompt, the ids so far, their decoding."""

    def __init__(self, model: Any, tokenizer: StudioTokenizer, view: SurprisalText) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.view = view
        self.ids: list[int] = []
        self.tokens: list[GeneratedToken] = []  # as written: each with its alternatives
        self.prompt = ""
        self.prompt_ids: list[int] = []
        self._decoded = ""

    def start(self, prompt: str) -> None:
        self.prompt = prompt
        self.prompt_ids = self.tokenizer.encode(prompt).ids if prompt else []
        self.ids = []
        self.tokens = []
        self._decoded = ""
        self.view.clear_text()
        self.view.set_prompt(prompt)

    def context(self) -> list[int]:
        return [*self.prompt_ids, *self.ids]

    def add(self, token: GeneratedToken) -> None:
        """Append a token and show the text it adds to the decoded whole.

        Decoding the whole each time (cheap at these lengths) lets the tokenizer's own rules
        apply: byte pieces join into characters, <eos> of line-based kinds becomes a newline.
        """
        if not token.alternatives and self.model is not None:  # picked by hand: the rest
            logprobs = self.model.next_logprobs(self.model.start(self.context()))
            token = dataclasses.replace(token, alternatives=top_alternatives(logprobs))
        self.ids.append(token.token_id)
        self.tokens.append(token)
        # partial: the bytes of a character not yet whole wait for the rest, never "�"
        decoded = self.tokenizer.decode(self.ids, partial=True)
        piece = decoded[len(self._decoded) :] if decoded.startswith(self._decoded) else ""
        self._decoded = decoded
        self.view.append_token(piece, token.probability)

    def eos_and_newlines(self) -> tuple[int, frozenset[int]]:
        newline = self.tokenizer.token_to_id("\n")
        if self.tokenizer.kind in NEWLINE_AS_TEXT_KINDS and newline is not None:
            return self.tokenizer.eos_id, frozenset({newline})
        return self.tokenizer.eos_id, frozenset()
