"""Kneser-Ney n-grams on the Penn Treebank: ours beside NLTK's KneserNeyInterpolated.

Ours: the `whitespace` tokenizer (PTB's own `<unk>`, 10,002 ids), one sentence per line,
interpolated modified Kneser-Ney, trigrams and 5-grams: build time (encode + count + smooth),
scoring time (valid + test), peak memory, perplexities against the published 148.3 / 141.2
(SRILM `-kndiscount -interpolate`, no cut-offs; Mikolov 2012, table 4.1), and the time to
write and read back model.arpa. Peer: `nltk.lm.KneserNeyInterpolated(3)` on the same
sentences (its own padding and single 0.1 discount), fit time, and scoring throughput on the
first sentences of the test set, since its lower orders scan every n-gram on each call and
the whole test set would take hours.

Each measurement runs in a fresh process; peak memory is that process's
`resource.getrusage(RUSAGE_SELF).ru_maxrss` (the resident-set high-water mark, Linux KiB).
Times are medians of --repeats runs (NLTK: one run).

    flock /tmp/lmstudio-bench.lock python bench/ngram_ptb.py [--repeats 3] [--nltk-sentences 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PTB = REPO.parent / "shared" / "data" / "ptb"
PUBLISHED = {3: 148.3, 5: 141.2}


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_ours(order: int) -> dict[str, float]:
    import tempfile

    sys.path.insert(0, str(REPO))
    from lmstudio_app.core.models.ngram import NGramModel, NGramSpec, train_ngram
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    read = lambda name: (PTB / f"ptb.{name}.txt").read_text(encoding="utf-8")  # noqa: E731
    train, valid, test = read("train"), read("valid"), read("test")
    result: dict[str, float] = {}
    started = time.perf_counter()
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), train)
    result["tokenizer_s"] = time.perf_counter() - started
    started = time.perf_counter()
    model = train_ngram(
        NGramSpec(order=order, smoothing="kneser-ney", sentence_per_line=True), tokenizer, train
    )
    result["build_s"] = time.perf_counter() - started
    started = time.perf_counter()
    valid_result = model.evaluate_text(valid)
    result["valid_score_s"] = time.perf_counter() - started
    started = time.perf_counter()
    test_result = model.evaluate_text(test)
    result["test_score_s"] = time.perf_counter() - started
    result["peak_mb"] = _peak_mb()
    result["valid_ppl"] = valid_result["perplexity"]
    result["test_ppl"] = test_result["perplexity"]
    result["test_tokens"] = test_result["tokens"]
    result["ngrams"] = sum(model.num_ngrams())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.arpa"
        started = time.perf_counter()
        model.save_arpa(path)
        result["arpa_write_s"] = time.perf_counter() - started
        result["arpa_mb"] = path.stat().st_size / 1e6
        started = time.perf_counter()
        again = NGramModel.load_arpa(path, tokenizer, model.spec)
        result["arpa_read_s"] = time.perf_counter() - started
        result["reloaded_test_ppl"] = again.evaluate_text(test)["perplexity"]
    result["peak_mb_with_arpa"] = _peak_mb()
    return result


def worker_nltk(order: int, sentences: int) -> dict[str, float]:
    from nltk.lm import KneserNeyInterpolated
    from nltk.lm.preprocessing import padded_everygram_pipeline

    read = lambda name: [  # noqa: E731
        line.split() for line in (PTB / f"ptb.{name}.txt").read_text().split("\n") if line.strip()
    ]
    train, test = read("train"), read("test")
    result: dict[str, float] = {}
    started = time.perf_counter()
    ngrams, vocabulary = padded_everygram_pipeline(order, train)
    lm = KneserNeyInterpolated(order)
    lm.fit(ngrams, vocabulary)
    result["fit_s"] = time.perf_counter() - started
    result["peak_mb"] = _peak_mb()
    started = time.perf_counter()
    logprob = 0.0
    tokens = 0
    for sentence in test[:sentences]:
        padded = ["<s>"] * (order - 1) + sentence + ["</s>"]
        for i in range(order - 1, len(padded)):
            logprob += lm.logscore(padded[i], padded[i - order + 1 : i])
            tokens += 1
    result["score_s"] = time.perf_counter() - started
    result["tokens"] = tokens
    result["tokens_per_s"] = tokens / result["score_s"]
    result["subset_ppl"] = 2 ** (-logprob / tokens)
    return result


def worker_ours_subset(order: int, sentences: int) -> dict[str, float]:
    """Our perplexity on the same test sentences NLTK scored, for the table's footnote."""
    sys.path.insert(0, str(REPO))
    from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    train = (PTB / "ptb.train.txt").read_text(encoding="utf-8")
    lines = [line for line in (PTB / "ptb.test.txt").read_text().split("\n") if line.strip()]
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), train)
    spec = NGramSpec(order=order, smoothing="kneser-ney", sentence_per_line=True)
    result = train_ngram(spec, tokenizer, train).evaluate_text("\n".join(lines[:sentences]))
    return {"subset_ppl": result["perplexity"], "tokens": result["tokens"]}


def spawn(*args: str) -> dict[str, float]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--nltk-sentences", type=int, default=30)
    parser.add_argument("--skip-nltk", action="store_true")
    parser.add_argument("--worker", choices=["ours", "nltk", "ours-subset"], help=argparse.SUPPRESS)
    parser.add_argument("--order", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "ours":
        print(json.dumps(worker_ours(args.order)))
        return
    if args.worker == "nltk":
        print(json.dumps(worker_nltk(args.order, args.nltk_sentences)))
        return
    if args.worker == "ours-subset":
        print(json.dumps(worker_ours_subset(args.order, args.nltk_sentences)))
        return
    if not (PTB / "ptb.train.txt").exists():
        sys.exit(f"the Penn Treebank is not at {PTB}")
    load_before = os.getloadavg()
    runs: dict[int, list[dict[str, float]]] = {3: [], 5: []}
    for _ in range(args.repeats):  # interleaved, so a burst of load hits both alike
        for order in (3, 5):
            runs[order].append(spawn("--worker", "ours", "--order", str(order)))
    median = {
        order: {key: statistics.median(r[key] for r in results) for key in results[0]}
        for order, results in runs.items()
    }
    print(f"Penn Treebank, {args.repeats} runs each, medians; "
          f"load average {load_before[0]:.1f} before", flush=True)
    print()
    print("| model | build (s) | score valid+test (s) | peak RSS (MB) | valid ppl | test ppl "
          "| published | delta |")
    print("|---|---|---|---|---|---|---|---|")
    for order, m in median.items():
        delta = (m["test_ppl"] / PUBLISHED[order] - 1) * 100
        score = m["valid_score_s"] + m["test_score_s"]
        print(
            f"| KN{order} (ours) | {m['build_s']:.2f} | {score:.2f}"
            f" | {m['peak_mb']:.0f} | {m['valid_ppl']:.2f} | {m['test_ppl']:.2f} "
            f"| {PUBLISHED[order]} | {delta:+.2f}% |"
        )
    print()
    print("| model | tokenizer (s) | build + score test (s) | ARPA write (s) | ARPA read (s) "
          "| ARPA (MB) | n-grams | peak RSS with ARPA (MB) | whole process (s) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for order, m in median.items():
        print(
            f"| KN{order} | {m['tokenizer_s']:.2f} | {m['build_s'] + m['test_score_s']:.2f} "
            f"| {m['arpa_write_s']:.2f} | {m['arpa_read_s']:.2f} | {m['arpa_mb']:.0f} "
            f"| {m['ngrams']:,.0f} | {m['peak_mb_with_arpa']:.0f} | {m['process_s']:.1f} |"
        )
        assert abs(m["reloaded_test_ppl"] / m["test_ppl"] - 1) < 1e-6
    if args.skip_nltk:
        return
    peer = spawn("--worker", "nltk", "--order", "3", "--nltk-sentences", str(args.nltk_sentences))
    ours_subset = spawn(
        "--worker", "ours-subset", "--order", "3", "--nltk-sentences", str(args.nltk_sentences)
    )
    ours = median[3]
    ours_rate = ours["test_tokens"] / ours["test_score_s"]
    print()
    print("| trigrams | fit / build (s) | scoring (tokens/s) | peak RSS (MB) | perplexity on "
          f"the first {args.nltk_sentences} test sentences |")
    print("|---|---|---|---|---|")
    print(f"| ours, KN3 | {ours['build_s']:.2f} | {ours_rate:,.0f} (whole test set) "
          f"| {ours['peak_mb']:.0f} | {ours_subset['subset_ppl']:.1f} |")
    print(f"| NLTK KneserNeyInterpolated(3) | {peer['fit_s']:.2f} | {peer['tokens_per_s']:,.1f} "
          f"({peer['tokens']:.0f} tokens) | {peer['peak_mb']:.0f} | {peer['subset_ppl']:.1f} |")
    print(f"| ratio NLTK / ours | {peer['fit_s'] / ours['build_s']:.1f}x slower to build "
          f"| ours {ours_rate / peer['tokens_per_s']:,.0f}x the throughput | "
          f"{peer['peak_mb'] / ours['peak_mb']:.2f} | |")
    load_after = os.getloadavg()
    print()
    print(f"load average {load_after[0]:.1f} after")


if __name__ == "__main__":
    main()
