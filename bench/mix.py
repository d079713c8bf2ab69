"""Model fusion: an n-gram and an LSTM on one tokenizer, interpolated with weights tuned on
the validation text by EM (`lmstudio-app mix`, SRILM's compute-best-mix), against each part
alone on the test text.

Two cases, each run through the app's own commands (the ones a person types):

- characters: Tiny Shakespeare (the bundled sample, its 90/5/5 split), a Kneser-Ney 5-gram
  and a `tiny` LSTM trained --lstm-minutes (default 2) with `--tokenizer-from` the 5-gram;
- Penn Treebank (`../shared/data/ptb`): the interpolated modified Kneser-Ney 5-gram, one
  sentence a line (141.2 published), and the `small` word LSTM (word_language_model's recipe)
  trained --ptb-minutes (default 5, what this shared machine allows) with `--tokenizer-from`.
  Target: the mix at most 0.92 x the better part's test perplexity.

    flock /tmp/lmstudio-bench.lock python bench/mix.py [--case char|ptb|both] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PTB = REPO.parent / "shared" / "data" / "ptb"


def app(*argv: str) -> dict:
    """Run `lmstudio-app ARGV --json` and return its last JSON line."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "lmstudio_app", *argv, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"lmstudio-app {' '.join(argv)} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def case(name: str, corpus: list[str], ngram: list[str], lstm: list[str], out: Path) -> dict:
    kn, net, mix = out / f"{name}-kn5", out / f"{name}-lstm", out / f"{name}-mix"
    print(f"[{name}] load before {load()}", flush=True)
    kn_result = app("train", *corpus, "--model", "ngram", *ngram, "--out", str(kn))
    print(
        f"[{name}] 5-gram: valid {kn_result['valid_perplexity']:.2f} "
        f"test {kn_result['test_perplexity']:.2f} ({kn_result['wall_s']} s)",
        flush=True,
    )
    net_result = app(
        "train", *corpus, "--model", "lstm", *lstm, "--tokenizer-from", str(kn), "--out", str(net)
    )
    print(
        f"[{name}] LSTM: valid {net_result['valid_perplexity']:.2f} "
        f"test {net_result['test_perplexity']:.2f}, {net_result['steps']} steps, "
        f"{net_result['epochs']} epochs ({net_result['wall_s']} s)",
        flush=True,
    )
    mixed = app("mix", str(kn), str(net), "--out", str(mix))
    test = mixed["perplexity"]["test"]
    parts = {k: v for k, v in test.items() if k != "mix"}
    best = min(parts.values())
    summary = {
        "case": name,
        "weights": dict(zip(parts, mixed["weights"], strict=True)),
        "em_iterations": mixed["em_iterations"],
        "valid": mixed["perplexity"]["valid"],
        "test": test,
        "mix_over_best_part": test["mix"] / best,
        "beats_both": test["mix"] < best,
        "lstm_steps": net_result["steps"],
        "lstm_epochs": net_result["epochs"],
        "lstm_seconds": net_result.get("elapsed_s"),
        "mix_seconds": mixed["wall_s"],
        "load_after": load(),
    }
    print(json.dumps(summary, indent=1), flush=True)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("char", "ptb", "both"), default="both")
    parser.add_argument("--lstm-minutes", type=float, default=2.0)
    parser.add_argument("--ptb-minutes", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", help="keep the run folders here (default: a temporary one)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="lmstudio-mix-"))
    results = []
    threads = ["--threads", str(args.threads)]
    if args.case in ("char", "both"):
        results.append(
            case(
                "char",
                ["--sample", "shakespeare"],
                ["--order", "5", "--smoothing", "kneser-ney", "--tokenizer", "char"],
                ["--preset", "tiny", "--max-minutes", str(args.lstm_minutes), *threads],
                out,
            )
        )
    if args.case in ("ptb", "both"):
        results.append(
            case(
                "ptb",
                [
                    str(PTB / "ptb.train.txt"),
                    "--valid",
                    str(PTB / "ptb.valid.txt"),
                    "--test",
                    str(PTB / "ptb.test.txt"),
                ],
                [
                    "--order",
                    "5",
                    "--smoothing",
                    "kneser-ney",
                    "--sentence-per-line",
                    "yes",
                    "--tokenizer",
                    "whitespace",
                ],
                ["--preset", "small", "--max-minutes", str(args.ptb_minutes), *threads],
                out,
            )
        )
    for r in results:
        verdict = "beats both" if r["beats_both"] else "does NOT beat both"
        print(
            f"{r['case']}: test perplexity mix {r['test']['mix']:.2f} vs parts "
            + ", ".join(f"{k} {v:.2f}" for k, v in r["test"].items() if k != "mix")
            + f" -> {r['mix_over_best_part']:.3f} x the better part ({verdict})"
        )
    print(f"run folders in {out}")


if __name__ == "__main__":
    main()
