"""How many threads should training use? Our Trainer with 1 thread against 2, taking turns.

Two Trainers with the same preset run side by side in one process, one step each in turn;
before each step torch's thread count is set for that Trainer. Taking turns spreads the
neighbours' load on this shared machine over both. Reports tokens/s for each count.

    python bench/threads.py [--preset small] [--steps 120] [--counts 1,2]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np
import torch
from _recurrent import DATA, char_data, load_average, save_result

WARMUP = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="small")
    parser.add_argument("--steps", type=int, default=120)
    parser.add_argument("--counts", default="1,2")
    args = parser.parse_args()
    from lmstudio_app.core.data import TokenData
    from lmstudio_app.core.specs import preset_specs
    from lmstudio_app.core.training import StepEvent, Trainer

    counts = [int(c) for c in args.counts.split(",")]
    model_spec, train_spec = preset_specs(args.preset, "char", "lstm")
    tokenizer, data = char_data(DATA / "shakespeare" / "tinyshakespeare.txt")
    empty = np.zeros(0, dtype=data.train.dtype)
    train_only = TokenData(data.train, empty, empty, data.chars)
    iterators = {}
    for count in counts:
        spec = dataclasses.replace(train_spec, max_steps=args.steps, max_minutes=0,
                                   threads=count, eval_every=0, checkpoint_every=0)
        events = Trainer(model_spec, spec, tokenizer, train_only).run()
        iterators[count] = (e for e in events if isinstance(e, StepEvent))
    print(f"load average before: {load_average()}", flush=True)
    times: dict[int, list[float]] = {count: [] for count in counts}
    for step in range(args.steps):
        for count, iterator in iterators.items():
            torch.set_num_threads(count)
            started = time.perf_counter()
            next(iterator)
            if step >= WARMUP:
                times[count].append(time.perf_counter() - started)
    tokens = train_spec.batch_size * train_spec.seq_len
    rates = {count: tokens * len(t) / sum(t) for count, t in times.items()}
    shown = ", ".join(f"{count} thread(s) {rate:,.0f} tok/s" for count, rate in rates.items())
    print(f"\n{args.preset} char preset ({model_spec.family} {model_spec.hidden_size}): {shown}; "
          f"ratio {counts[-1]}/{counts[0]}: {rates[counts[-1]] / rates[counts[0]]:.2f}")
    print(f"load average after: {load_average()}")
    save_result(f"threads-{args.preset}", {"rates": rates, "preset": args.preset})


if __name__ == "__main__":
    main()
