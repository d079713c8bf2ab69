"""`lmstudio-app generate RUN --prompt TEXT`: write text with a saved model, as it comes.

Works for every model kind through `core.models.load_run_model` and the shared sampler in
`core.generation` (temperature, top-k, top-p, seed, where to stop).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from lmstudio_app.commands.common import EXIT_OK, print_json
from lmstudio_app.core.config import add_spec_arguments, spec_from_args
from lmstudio_app.core.generation import GenerationSpec

if TYPE_CHECKING:
    from lmstudio_app.core.tokenization import StudioTokenizer

# Decoding keeps this many earlier tokens for context (spacing, multi-byte characters).
_DECODE_CONTEXT = 8


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="the run folder of the model")
    parser.add_argument("--prompt", default="", help="the text to continue (default: none)")
    add_spec_arguments(parser, GenerationSpec)
    parser.add_argument(
        "--json", action="store_true", help='print {"text": ...} instead of streaming'
    )
    parser.add_argument(
        "--attention",
        action="store_true",
        help="print JSON (as --json) giving, with each generated token, how much it attended "
        "to each earlier token, per layer and head (gpt models only)",
    )


class _Streamer:
    """Prints decoded text as tokens arrive, never half a character: the bytes of one not yet
    whole are held back (`StudioTokenizer.decode(partial=True)`)."""

    def __init__(
        self, tokenizer: StudioTokenizer, prompt_ids: Sequence[int], out: TextIO | None
    ) -> None:
        self.tokenizer = tokenizer
        self.out = out
        self.cache = list(prompt_ids)[-_DECODE_CONTEXT:]
        self.shown = tokenizer.decode(self.cache, partial=True)

    def add(self, token_id: int) -> None:
        self.cache.append(token_id)
        text = self.tokenizer.decode(self.cache, partial=True)
        if text.endswith("\ufffd"):
            return  # byte-level BPE: the bytes of a character are not all there yet
        if self.out is not None:
            self.out.write(text[len(self.shown) :] if text.startswith(self.shown) else text[-1:])
            self.out.flush()
        self.shown = text
        if len(self.cache) > 4 * _DECODE_CONTEXT:
            self.cache = self.cache[-_DECODE_CONTEXT:]
            self.shown = self.tokenizer.decode(self.cache, partial=True)

    def finish(self) -> None:
        """The bytes still held back at the end, as their hex: they never became a character."""
        text = self.tokenizer.decode(self.cache)
        if self.out is not None and text.startswith(self.shown):
            self.out.write(text[len(self.shown) :])


def _attention(
    model: object, tokenizer: StudioTokenizer, prompt_ids: Sequence[int], drawn: Sequence[int]
) -> list[dict[str, object]]:
    """Each generated token with how it attended to its window (itself last), as the Generate
    page's attention view shows it: read again after the prompt, one position per token."""
    from lmstudio_app.core.attention import token_attention

    out = []
    for token_id, attention in zip(drawn, token_attention(model, prompt_ids, drawn), strict=True):
        out.append(
            {
                "token": tokenizer.display_token(token_id),
                "id": int(token_id),
                **attention.to_dict(tokenizer.display_token),
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.attention import records_attention
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.generation import generate
    from lmstudio_app.core.models import MODEL_KINDS, load_run_model
    from lmstudio_app.core.tokenization import NEWLINE_AS_TEXT_KINDS

    spec = spec_from_args(GenerationSpec, args)
    run_json, tokenizer, model = load_run_model(args.run)
    if args.attention and not records_attention(model):
        label = MODEL_KINDS[run_json["model_kind"]].label
        raise StudioError("no_attention", path=args.run, kind=label)
    prompt_ids = tokenizer.encode(args.prompt).ids if args.prompt else []
    newline = tokenizer.token_to_id("\n")
    newline_ids = frozenset({newline}) if newline is not None else frozenset()
    # Where the newline is a character, the end token still means "end of line" on screen.
    shown_eos = newline if tokenizer.kind in NEWLINE_AS_TEXT_KINDS and newline is not None else None
    as_json = args.json or args.attention
    out = None if as_json else sys.stdout
    if out is not None and args.prompt:
        out.write(tokenizer.decode(prompt_ids))
        out.flush()
    streamer = _Streamer(tokenizer, prompt_ids, out)
    generated: list[int] = []
    drawn: list[int] = []  # the model's own ids (the end token not shown as a newline)
    probabilities: list[float] = []
    for token in generate(
        model, prompt_ids, spec, eos_id=tokenizer.eos_id, newline_ids=newline_ids
    ):
        drawn.append(token.token_id)
        token_id = token.token_id
        if token_id == tokenizer.eos_id and shown_eos is not None:
            token_id = shown_eos
        generated.append(token_id)
        probabilities.append(token.probability)
        streamer.add(token_id)
    if as_json:
        result = {
            "text": tokenizer.decode(generated),
            "prompt": args.prompt,
            "tokens": len(generated),
            "probabilities": probabilities,
            "model_kind": run_json["model_kind"],
        }
        if args.attention:
            result["attention"] = _attention(model, tokenizer, prompt_ids, drawn)
        print_json(result)
    elif out is not None:
        streamer.finish()
        out.write("\n")
        out.flush()
    return EXIT_OK
