"""How long the Inside step takes to read a text step by step (`core.inside.read_text`'s
pass, which the window runs when "Read the text" is pressed) against
torch's own nn.LSTM / GRU / RNN over the same ids: the price of showing every gate.

    python bench/inside_trace.py [--hidden 512] [--tokens 400 2000]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

import torch

from lmstudio_app.core.inside import trace_network
from lmstudio_app.core.models.recurrent.module import RecurrentLM
from lmstudio_app.core.models.recurrent.spec import ModelSpec


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def torch_pass(module: RecurrentLM, ids: torch.Tensor) -> None:
    with torch.no_grad():
        module.rnn(module.embedding(ids.view(-1, 1)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--tokens", type=int, nargs="+", default=[400, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    for family in ("rnn", "lstm", "gru"):
        spec = ModelSpec(family=family, embed_dim=128, hidden_size=args.hidden, layers=2)
        module = RecurrentLM(80, spec).eval()
        for tokens in args.tokens:
            ids = torch.randint(0, 80, (tokens,))
            ours = best_of(args.runs, partial(trace_network, module, ids.tolist()))
            theirs = best_of(args.runs, partial(torch_pass, module, ids))
            print(
                f"{family} hidden {args.hidden}, 2 layers, {tokens} tokens: step by step "
                f"{ours * 1000:.0f} ms, torch {theirs * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
