"""`lmstudio-app tokenize`: build a tokenizer on a corpus and report what it does."""

from __future__ import annotations

import argparse
import sys
import time

from lmstudio_app.commands.common import (
    EXIT_OK,
    ProgressBar,
    add_corpus_arguments,
    add_tokenizer_arguments,
    load_corpus_input,
    print_json,
    tokenizer_spec_for,
)
from lmstudio_app.core.tokenization.ids import text_ids
from lmstudio_app.core.tokenization.job import build_and_measure


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_corpus_arguments(parser)
    add_tokenizer_arguments(parser, default_kind="char")
    parser.add_argument("--save", metavar="PATH", help="write the tokenizer.json here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--top", type=int, default=10, help="how many top tokens to show")
    parser.add_argument(
        "--text",
        metavar="TEXT",
        help="also encode this text: its ids, token strings, character offsets and <unk>",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    data = load_corpus_input(args)
    spec = tokenizer_spec_for(args, args.tokenizer, args.vocab_size)
    bar = ProgressBar("Building tokenizer")
    # the same job as the Tokenizer page's Build
    tokenizer, stats = build_and_measure(spec, dict(data.splits.items()), args.top, bar)
    bar.close()
    if args.save:
        tokenizer.save(args.save)
    result = {
        "tokenizer": tokenizer.kind,
        "vocab_size": stats.vocab_size,
        "encoding": data.corpus.encoding,
        "num_chars": stats.chars_per_split.get("train", 0),
        "num_tokens": stats.tokens_per_split.get("train", 0),
        "tokens_per_split": stats.tokens_per_split,
        "chars_per_token": round(stats.chars_per_token, 4),
        "unk_rate": stats.unk_rate,
        "unk_per_split": stats.unk_per_split,
        "unknown_characters": [[char, count] for char, count in stats.unknown_chars],
        "roundtrip_ok": stats.roundtrip_ok,
        "roundtrip_fidelity": round(stats.roundtrip_fidelity, 4),
        "lossless": tokenizer.lossless,
        "top_tokens": [[token, count] for token, count in stats.top_tokens],
        "skipped_files": len(data.corpus.skipped),
        "seconds": round(time.perf_counter() - started, 3),
    }
    encoded = text_ids(tokenizer, args.text) if args.text is not None else None
    if encoded is not None:
        result["encoded"] = encoded
    if args.json:
        print_json(result)
        return EXIT_OK
    out = sys.stdout
    print(f"Corpus: {data.corpus.name} ({data.corpus.encoding})", file=out)
    # What a folder held that was not read was told on stderr, a sentence a reason, as it
    # loaded (commands/common.py: report_skipped).
    print(f"Tokenizer: {tokenizer.kind}, vocabulary of {stats.vocab_size} tokens", file=out)
    for name, count in stats.tokens_per_split.items():
        print(
            f"  {name:5s}: {stats.chars_per_split[name]:>11,} characters -> {count:>10,} tokens",
            file=out,
        )
    print(f"Characters per token: {stats.chars_per_token:.2f}", file=out)
    print(f"Unknown-token rate: {stats.unk_rate:.2%}. {stats.unknown_sentence()}", file=out)
    fidelity = "exact" if stats.roundtrip_ok else f"{stats.roundtrip_fidelity:.1%} of lines exact"
    print(f"Decoding gives back the text: {fidelity}", file=out)
    shown = ", ".join(f"{token!r} {count}" for token, count in stats.top_tokens)
    print(f"Most frequent: {shown}", file=out)
    if encoded is not None:
        print(f"Text: {len(encoded['ids'])} tokens", file=out)
        for token_id, token, (start, end) in zip(
            encoded["ids"], encoded["tokens"], encoded["offsets"], strict=True
        ):
            print(f"  {token_id:>6}  {token!r:<16} [{start}, {end})", file=out)
        if encoded["unk_tokens"]:
            print(
                f"  <unk>: {encoded['unk_tokens']} tokens, "
                f"{encoded['unk_char_share']:.1%} of the characters",
                file=out,
            )
    if args.save:
        print(f"Saved {args.save}", file=out)
    return EXIT_OK
