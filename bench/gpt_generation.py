"""Generation with the key/value cache: time per token at positions 10, 100 and the full
context, against recomputing the whole window for each token (what generation without a
cache does). Target (issue 16): flat with the cache, and at least 5x faster at full context.

    python bench/gpt_generation.py                      # the medium character preset
    python bench/gpt_generation.py --preset small --context 256 --threads 1

The network is untrained (the time does not depend on the weights); each figure is the
fastest of `--repeats` tokens (the machine is shared: the fastest is the one least disturbed),
every one read from the same state so that only the position varies.
Past the context the window slides and is read afresh: that figure is printed too.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch

from lmstudio_app.core.models.gpt import GPT, GPTRunModel, preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\n" * 4


def best_seconds(action: Callable[[], object], repeats: int) -> float:
    action()  # the first call picks kernels and allocates
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="medium")
    parser.add_argument("--context", type=int, default=0, help="instead of the preset's")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    spec, _ = preset_specs(args.preset, "char", "gpt")
    if args.context:
        spec = dataclasses.replace(spec, context=args.context)
    torch.manual_seed(0)
    lm = GPTRunModel(GPT(tokenizer.vocab_size, spec), tokenizer)
    context = spec.context
    ids = [int(i) for i in torch.randint(tokenizer.vocab_size, (2 * context,))]
    print(
        f"GPT {args.preset}: {spec.layers} layers, {spec.embed_dim} wide, {spec.heads} heads, "
        f"context {context}; {lm.num_parameters:,} parameters; {args.threads} threads"
    )
    print("| position | with the cache (ms/token) | recomputing the window (ms/token) | ratio |")
    print("|---|---|---|---|")
    positions = [p for p in (10, 100) if p < context] + [context]
    for position in positions:
        # the state has read `position - 1` tokens (the start token and the rest), so the next
        # token is read at `position`
        state = lm.start(ids[: position - 2])
        window = (*state.window, ids[position])
        token = ids[position]
        cached = best_seconds(lambda s=state, t=token: lm.advance(s, t), args.repeats)
        whole = best_seconds(lambda w=window: lm.window_logprobs(w), args.repeats)
        print(f"| {position} | {cached * 1e3:.3f} | {whole * 1e3:.3f} | {whole / cached:.1f}x |")
    slid = lm.start(ids[: context - 1])  # full: the next token slides the window
    past = best_seconds(lambda: lm.advance(slid, ids[0]), args.repeats)
    print(f"past the context (the slid window is read afresh): {past * 1e3:.3f} ms/token")


if __name__ == "__main__":
    main()
