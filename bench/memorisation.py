"""How long the memorisation meter takes: building the suffix array over a training text, and
asking what a generated text copied from it.

The texts are built from the bundled samples (Tiny Shakespeare, the names, the Chinese
classics): their lines shuffled and joined until the size is reached, so that a large text
repeats lines (as real corpora do) but not whole files (a file repeated 100 times has a
repeat as long as the text, which no corpus has and which would make every prefix-doubling
round run). The query is 1,000 characters: half a line of the training text, half new text,
as a model's sample is. The build is timed once (it is seconds, not milliseconds); the query
is the median of 5. Peer: what one writes without an index, Python's `in` over the text for
every 8-character piece of the query (it only says whether each piece occurs, not the
longest match nor where), timed once.

    python bench/memorisation.py [--sizes 1,10,100]   # megabytes
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from lmstudio_app.core.memorisation import TrainingText
from lmstudio_app.core.samples import SAMPLES, load_sample


def text_of(megabytes: float, seed: int = 0) -> str:
    lines = [line for name in SAMPLES for line in load_sample(name).text.splitlines() if line]
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        rng.shuffle(lines)
        for line in lines:
            out.append(line)
            size += len(line.encode("utf-8")) + 1
            if size >= target:
                break
    return "\n".join(out)


def query_of(text: str, seed: int = 1) -> str:
    rng = random.Random(seed)
    start = rng.randrange(len(text) - 600)
    copied = text[start : start + 500]
    new = "".join(rng.choice("abcdefghij klmnop") for _ in range(500))
    return new[:250] + copied + new[250:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10")
    args = parser.parse_args()
    # The build's processor time beside its wall time: on a shared machine they differ.
    print(
        "| training text | build (wall) | build (CPU) | query (1,000 chars) | copied share "
        "| peer: `in` per 8 chars |"
    )
    print("|---|---|---|---|---|---|")
    for size in (float(part) for part in args.sizes.split(",")):
        text = text_of(size)
        meter = TrainingText(text)
        started, cpu = time.perf_counter(), time.process_time()
        meter.index()
        build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
        query = query_of(text)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            report = meter.copied(query)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = sum(1 for i in range(len(query) - 7) if query[i : i + 8] in text)
        peer = time.perf_counter() - started
        assert found > 0
        print(
            f"| {len(meter.data) / 1e6:.0f} MB | {build:.1f} s | {build_cpu:.1f} s | "
            f"{statistics.median(times) * 1000:.0f} ms | {report.share:.0%} | {peer:.1f} s |",
            flush=True,
        )


if __name__ == "__main__":
    main()
