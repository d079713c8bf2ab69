"""Trainer overhead: our Trainer against a plain PyTorch loop, same model, data, batch and seed.

The plain loop is what one writes by hand after pytorch/examples word_language_model: the same
`RecurrentLM`, the same contiguous batches with the hidden state carried and detached,
cross-entropy, backward, gradient clipping, Adam, `loss.item()` each step. Ours is
`Trainer.run()` with its events, learning-rate schedule, NaN check, metrics and good-weights
copies, without a run folder and without a validation text (both sides only train).

The machine is shared, so whole runs one after the other measure the neighbours as much as
the code. Instead the two loops run side by side in one process and take turns, one step
each: every step of ours is timed from asking the Trainer for its next event to getting it
(so all its bookkeeping counts), every plain step from start to end, and a burst of
neighbours' work falls on both. The first steps warm up and are not counted. The two must
produce the same losses (same initial weights, same batches, same arithmetic), which the
benchmark checks.

    python bench/trainer_overhead.py [--preset tiny] [--steps 300] [--threads 2]
    python bench/trainer_overhead.py --family gpt --preset small   # the transformer (issue 16)

For the GPT the plain loop is nanoGPT's: random windows of the context (drawn as our
`random` batching draws them, so that both read the same text), the network batch-first,
cross-entropy, backward, clipping, Adam (weight decay 0 on both sides, to keep it plain).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Iterator

import numpy as np
import torch
import torch.nn.functional as F
from _recurrent import DATA, char_data, load_average, save_result

WARMUP = 10


def plain_loop(model_spec, train_spec, data, vocab_size: int) -> Iterator[float]:
    """The hand-written loop: yields each step's loss."""
    from lmstudio_app.core.models.recurrent import RecurrentLM

    torch.manual_seed(train_spec.seed)
    model = RecurrentLM(vocab_size, model_spec)
    optimizer = torch.optim.Adam(model.parameters(), lr=train_spec.lr)
    ids = data.train
    batch, bptt = train_spec.batch_size, train_spec.seq_len
    n = ids.size // batch
    streams = torch.from_numpy(ids[: n * batch].astype(np.int64).reshape(batch, n).T.copy())
    hidden = None
    model.train()
    for i in range(0, n - 1, bptt):
        inputs, targets = streams[i : i + bptt], streams[i + 1 : i + 1 + bptt]
        if hidden is not None:
            hidden = tuple(h.detach() for h in hidden) if isinstance(hidden, tuple) else (
                hidden.detach())
        output, hidden = model(inputs, hidden)
        loss = F.cross_entropy(output.view(-1, vocab_size), targets.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), train_spec.clip)
        optimizer.step()
        yield loss.item()


def plain_gpt_loop(model_spec, train_spec, data, vocab_size: int) -> Iterator[float]:
    """The hand-written transformer loop (nanoGPT's shape): yields each step's loss."""
    from lmstudio_app.core.models.gpt.module import GPT

    torch.manual_seed(train_spec.seed)
    model = GPT(vocab_size, model_spec)
    optimizer = torch.optim.Adam(model.parameters(), lr=train_spec.lr)
    ids, batch, block = data.train, train_spec.batch_size, train_spec.seq_len
    offsets = np.arange(block + 1)
    model.train()
    for index in range(10**9):
        rng = np.random.default_rng((train_spec.seed, 0, index))
        starts = rng.integers(0, ids.size - block, size=batch)
        rows = torch.from_numpy(ids[starts[:, None] + offsets].astype(np.int64))
        inputs, targets = rows[:, :-1], rows[:, 1:]
        logits = model(inputs).logits
        loss = F.cross_entropy(logits.reshape(-1, vocab_size), targets.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), train_spec.clip)
        optimizer.step()
        yield loss.item()


def our_steps(model_spec, train_spec, tokenizer, data) -> Iterator[float]:
    """Our Trainer, reduced to its step losses."""
    from lmstudio_app.core.data import TokenData
    from lmstudio_app.core.training import StepEvent, Trainer

    empty = np.zeros(0, dtype=data.train.dtype)
    train_only = TokenData(data.train, empty, empty, data.chars)
    for event in Trainer(model_spec, train_spec, tokenizer, train_only).run():
        if isinstance(event, StepEvent):
            yield event.loss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="tiny")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--family", default="lstm", choices=("lstm", "gru", "rnn", "gpt"))
    args = parser.parse_args()
    from lmstudio_app.core.specs import preset_specs

    model_spec, train_spec = preset_specs(args.preset, "char", args.family)
    # A constant learning rate, so that the plain loop needs no schedule code; no dropout, so
    # that the two loops taking turns draw nothing from the shared random generator.
    model_spec = dataclasses.replace(model_spec, dropout=0.0)
    train_spec = dataclasses.replace(
        train_spec, max_steps=args.steps, max_minutes=0, schedule="constant", warmup_steps=0,
        threads=args.threads, eval_every=0, checkpoint_every=0, sample_tokens=0,
        optimizer="adam", weight_decay=0.0,
    )
    tokenizer, data = char_data(DATA / "shakespeare" / "tinyshakespeare.txt")
    load_before = load_average()
    print(f"load average before: {load_before}")
    print(f"model {model_spec}\ntrain {train_spec}", flush=True)
    torch.set_num_threads(args.threads)
    ours_iter = our_steps(model_spec, train_spec, tokenizer, data)
    loop = plain_gpt_loop if args.family == "gpt" else plain_loop
    plain_iter = loop(model_spec, train_spec, data, tokenizer.vocab_size)
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    losses: dict[str, list[float]] = {"ours": [], "plain": []}
    for step in range(args.steps):
        for name, iterator in (("ours", ours_iter), ("plain", plain_iter)):
            started = time.perf_counter()
            loss = next(iterator)
            elapsed = time.perf_counter() - started
            losses[name].append(loss)
            if step >= WARMUP:
                times[name].append(elapsed)
    tokens = train_spec.batch_size * train_spec.seq_len
    rate = {name: tokens * len(t) / sum(t) for name, t in times.items()}
    median_ratio = statistics.median(times["plain"]) / statistics.median(times["ours"])
    # The transformer's two layouts (ours time-first, the plain loop batch-first) sum in
    # another order: the same losses to float rounding, which grows over the steps.
    tolerance = {"rtol": 1e-3, "atol": 1e-5} if args.family == "gpt" else {"rtol": 0, "atol": 1e-6}
    same = bool(np.allclose(losses["ours"], losses["plain"], **tolerance))
    load_after = load_average()
    print(
        f"\nTrainer overhead, {args.preset} char preset ({model_spec}, batch "
        f"{train_spec.batch_size}x{train_spec.seq_len}), "
        f"{args.steps - WARMUP} timed steps each, {args.threads} threads: ours "
        f"{rate['ours']:,.0f} tok/s, plain loop {rate['plain']:,.0f} tok/s, ratio "
        f"{rate['ours'] / rate['plain']:.3f} (median step time ratio {median_ratio:.3f}; "
        f"target >= 0.95); identical losses: {same}"
    )
    print(f"load average after: {load_after}")
    save_result(f"trainer_overhead-{args.family}-{args.preset}", {
        "tokens_per_s": rate, "ratio": rate["ours"] / rate["plain"],
        "median_step_ratio": median_ratio, "same_losses": same, "preset": args.preset,
        "steps": args.steps, "threads": args.threads, "load_before": load_before,
        "load_after": load_after,
    })


if __name__ == "__main__":
    main()
