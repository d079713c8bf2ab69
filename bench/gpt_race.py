"""Which wins on a laptop in four minutes? Tiny Shakespeare, characters, the same wall-clock
budget on this machine, one after another in one run (issue 16, benchmark 1):

1. nanoGPT's own `train.py` with its README's CPU configuration (the peer; `_nanogpt.py`);
2. our `small` GPT preset;
3. our `small` LSTM preset.

    python bench/gpt_race.py                 # 240 s each (the issue's budget)
    python bench/gpt_race.py --seconds 30    # a quick check that all three run

nanoGPT stops itself after its 2,000 iterations (or at the budget, whichever comes first) and
prints its validation loss every 250; it estimates it on 20 batches of its last 10 % of the
text, where ours measure the whole 5 % held out after the training part (our split). The
figures printed: each one's last validation loss within the budget, and ours over the peer's.
Target: our GPT below 1.55 nats/char.
"""

from __future__ import annotations

import argparse
import dataclasses
import math

from _nanogpt import run_nanogpt
from _recurrent import DATA, char_data, load_average, save_result, train

from lmstudio_app.core.specs import preset_specs

TARGET = 1.55
TEXT = DATA / "shakespeare" / "tinyshakespeare.txt"


def ours(family: str, seconds: float, tokenizer, data) -> dict:  # type: ignore[no-untyped-def]
    model, training = preset_specs(
        "small", "char", family, int(data.train.size), tokenizer.vocab_size
    )
    training = dataclasses.replace(
        training, max_minutes=seconds / 60, max_steps=0, epochs=0, threads=2, sample_tokens=0,
        checkpoint_every=0.0,
    )
    print(f"{family}: {model}\n  {training}", flush=True)
    return train(model, training, tokenizer, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=240.0)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    load_before = load_average()
    print(f"load average before: {load_before}", flush=True)

    peer = run_nanogpt(TEXT, args.seconds)
    peer_loss = peer.valid_loss_by(args.seconds)
    last = peer.evaluations[-1] if peer.evaluations else (math.nan, 0, math.nan)
    print(f"nanoGPT: {peer.evaluations} (finished: {peer.finished})", flush=True)

    tokenizer, data = char_data(TEXT)
    gpt = ours("gpt", args.seconds, tokenizer, data)
    lstm = ours("lstm", args.seconds, tokenizer, data)
    load_after = load_average()

    print(f"\nTiny Shakespeare, characters, {args.seconds:g} s each on this machine "
          f"(load average before {load_before}, after {load_after})")
    print("| model | validation nats/char | steps | over nanoGPT |")
    print("|---|---|---|---|")
    print(f"| nanoGPT CPU configuration (peer) | {peer_loss} | {last[1]} (at {last[0]:.0f} s) "
          "| 1.000 |")
    for name, result in (("our GPT, small preset", gpt), ("our LSTM, small preset", lstm)):
        loss = result.get("valid_loss", math.nan)
        ratio = loss / peer_loss if peer_loss else math.nan
        print(f"| {name} | {loss:.4f} | {result['steps']} | {ratio:.3f} |")
    gpt_loss = gpt.get("valid_loss", math.nan)
    print(f"target: our GPT below {TARGET}: {'met' if gpt_loss < TARGET else 'NOT met'}")
    if not args.no_save:
        print("saved", save_result("gpt_race", {
            "seconds": args.seconds, "nanogpt": peer.evaluations, "nanogpt_finished":
            peer.finished, "gpt": gpt, "lstm": lstm, "load_before": load_before,
            "load_after": load_after,
        }))


if __name__ == "__main__":
    main()
