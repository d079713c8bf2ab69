"""Tiny Shakespeare, characters: validation loss after a fixed time on 2 cores.

Peer: nanoGPT's CPU configuration (a 4-layer, 128-wide transformer, 2,000 iterations) reaches
a validation loss of 1.88 nats/char in about 4 minutes on this kind of machine. Ours: the
`small` character preset (one LSTM layer) with the same time budget, evaluated on the same
90/10-style held-out tail (our split: 90/5/5, valid = the 5 % after the training text).

    python bench/shakespeare_char.py [--minutes 4] [--threads 2] [--preset small] [--FLAG VALUE]
"""

from __future__ import annotations

import argparse
import math

from _recurrent import (
    DATA,
    add_override_arguments,
    char_data,
    save_result,
    timed_preset_run,
)

PEER_LOSS = 1.88  # nanoGPT, shakespeare_char CPU configuration, 2,000 iterations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--preset", default="small")
    parser.add_argument("--tag", default="")
    add_override_arguments(parser)
    args = parser.parse_args()

    tokenizer, data = char_data(DATA / "shakespeare" / "tinyshakespeare.txt")
    train_spec, result, load_before, load_after = timed_preset_run(args, tokenizer, data)
    loss = result.get("valid_loss", math.nan)
    print(
        f"\nTiny Shakespeare chars, {args.minutes:g} min, {train_spec.threads} threads: "
        f"valid loss {loss:.4f} nats/char (ours) vs {PEER_LOSS} (nanoGPT CPU config); "
        f"ratio ours/peer {loss / PEER_LOSS:.3f}; {result['steps']} steps, "
        f"{result['epochs']:.2f} epochs, {result['tokens_per_s']:,.0f} tokens/s; "
        f"test loss {result.get('test_loss', math.nan):.4f}"
    )
    print(f"load average after: {load_after}")
    result.update(load_before=load_before, load_after=load_after, tag=args.tag, peer=PEER_LOSS)
    print("saved", save_result("shakespeare_char", result))


if __name__ == "__main__":
    main()
