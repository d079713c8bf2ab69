"""names.txt, characters: a recurrent network against makemore's figures, in a time budget.

The 32,033 names are shuffled (seed 42) and cut 80/10/10, as makemore does; every name ends
with a newline, makemore's end token. The shuffle matters: names.txt lists the rare names in
alphabetical order, so a network that carries its memory from one name to the next would
learn the shared prefixes of neighbours (zyran, zyrie, zyron) and score far better than on
independent names. Shuffled, the memory carried over from the previous name is of no use.

Peers (same data, same split proportions, nats per character including the end token): a
count bigram 2.48, an MLP 2.17, a 76k-parameter WaveNet-style model 1.99. Target: 2.0 or
lower within 5 minutes on 2 cores.

    python bench/names_char.py [--minutes 5] [--preset small] [--FLAG VALUE ...]
"""

from __future__ import annotations

import argparse
import math
import random

from _recurrent import DATA, add_override_arguments, save_result, timed_preset_run

PEERS = {"count bigram": 2.48, "MLP": 2.17, "WaveNet-style": 1.99}
TARGET = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--preset", default="small")
    parser.add_argument("--tag", default="")
    add_override_arguments(parser)
    args = parser.parse_args()
    from lmstudio_app.core.corpus import load_corpus, split_corpus
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    corpus = load_corpus(DATA / "names" / "names.txt")
    names = corpus.text.split()
    random.Random(42).shuffle(names)
    splits = split_corpus("\n".join(names) + "\n", (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    train_spec, result, load_before, load_after = timed_preset_run(args, tokenizer, data)
    loss = result.get("valid_loss", math.nan)
    first_below = next((t for _, _, v, t in result["curve"] if v <= TARGET), None)
    peers = ", ".join(f"{name} {value}" for name, value in PEERS.items())
    print(
        f"\nnames.txt chars, {args.minutes:g} min, {train_spec.threads} threads: valid loss "
        f"{loss:.4f} nats/char (ours) vs {peers}; ratio ours/MLP {loss / PEERS['MLP']:.3f}; "
        f"first evaluation at or below {TARGET}: "
        f"{'never' if first_below is None else f'{first_below:.0f} s'}; "
        f"{result['steps']} steps, {result['epochs']:.1f} epochs, "
        f"{result['tokens_per_s']:,.0f} tokens/s; test loss {result.get('test_loss', math.nan):.4f}"
    )
    print(f"load average after: {load_after}")
    result.update(load_before=load_before, load_after=load_after, tag=args.tag, peers=PEERS,
                  first_below_target_s=first_below)
    print("saved", save_result("names_char", result))


if __name__ == "__main__":
    main()
