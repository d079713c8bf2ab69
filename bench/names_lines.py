"""names.txt, characters: the `lines` batching against the contiguous one, same model, same
minutes.

`lines` reads each name on its own, from `<bos>` to its newline, padded to the longest name
of its batch, the loss ignoring the padding (as makemore trains); contiguous reads the
shuffled names as streams carrying the memory from one name to the next. Each mode is
measured the way it reads: validation nats per character (the newline that ends each name
included, as makemore counts its end token), each name from `<bos>` for `lines`. The names are
shuffled (seed 42) and cut 80/10/10, as bench/names_char.py does.

    python bench/names_lines.py [--seconds 60] [--preset small] [--batch-size N]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random

from _recurrent import DATA, load_average, save_result, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--preset", default="small")
    parser.add_argument("--family", default="lstm")
    parser.add_argument("--batch-size", type=int, default=0, help="0: the preset's")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    from lmstudio_app.core.corpus import load_corpus, split_corpus
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.specs import preset_specs
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    names = load_corpus(DATA / "names" / "names.txt").text.split()
    random.Random(42).shuffle(names)
    splits = split_corpus("\n".join(names) + "\n", (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    model_spec, train_spec = preset_specs(args.preset, "char", args.family, int(data.train.size))
    train_spec = dataclasses.replace(
        train_spec,
        max_minutes=args.seconds / 60,
        max_steps=0,
        epochs=0,
        threads=args.threads,
        batch_size=args.batch_size or train_spec.batch_size,
    )
    print(f"load average before: {load_average()}")
    print(f"model {model_spec}\ntrain {train_spec}", flush=True)
    results = {}
    for batching in ("contiguous", "lines"):
        spec = dataclasses.replace(train_spec, batching=batching)
        print(f"--- {batching}", flush=True)
        results[batching] = train(model_spec, spec, tokenizer, data)
    for batching, result in results.items():
        print(
            f"{batching:>10}: valid {result.get('valid_loss', math.nan):.4f} nats/char, "
            f"test {result.get('test_loss', math.nan):.4f}, {result['steps']} steps, "
            f"{result['epochs']:.1f} epochs, {result['tokens_per_s']:,.0f} tokens/s"
        )
    ratio = results["lines"]["valid_loss"] / results["contiguous"]["valid_loss"]
    print(f"lines / contiguous validation nats per character: {ratio:.3f}")
    print(f"load average after: {load_average()}")
    print("saved", save_result("names_lines", {"results": results, "ratio": ratio}))


if __name__ == "__main__":
    main()
