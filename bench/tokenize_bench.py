"""Load, split, train an 8k BPE and encode Tiny Shakespeare repeated to 11 MB.

Ours (`load_corpus` -> `split_corpus` -> `train_tokenizer` -> `encode_to_array`) beside the bare
`tokenizers` calls on the same text with the same pre-tokenizer and trainer settings (read the
file, slice the same split, `train_from_iterator`, `encode_batch`, ids into numpy). Each side
runs in a fresh process; peak memory is its VmHWM (Linux); medians of --repeats runs.

    python bench/tokenize_bench.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "resources" / "corpora" / "tinyshakespeare.txt"

OURS = r"""
import json, sys, time
from lmstudio_app.core.corpus import load_corpus, split_corpus
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
t = {}
t0 = time.perf_counter(); corpus = load_corpus(sys.argv[1]); t["load"] = time.perf_counter() - t0
t0 = time.perf_counter(); splits = split_corpus(corpus); t["split"] = time.perf_counter() - t0
t0 = time.perf_counter()
tok = train_tokenizer(TokenizerSpec(kind="bpe", vocab_size=8000), splits.train)
t["train"] = time.perf_counter() - t0
t0 = time.perf_counter()
ids = tok.encode_to_array(splits.train)
t["encode"] = time.perf_counter() - t0
status = open("/proc/self/status").read().splitlines()
t["peak_mb"] = [int(s.split()[1]) for s in status if s.startswith("VmHWM")][0] / 1024
t["tokens"] = int(ids.size)
print(json.dumps(t))
"""

BARE = r"""
import json, sys, time
import numpy as np
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
t = {}
t0 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
t["load"] = time.perf_counter() - t0
t0 = time.perf_counter()
cut = text.find("\n", int(len(text) * 0.9)) + 1
train = text[:cut]
t["split"] = time.perf_counter() - t0
t0 = time.perf_counter()
tok = Tokenizer(models.BPE(unk_token="<unk>", end_of_word_suffix="</w>"))
cjk = r"[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{20000}-\x{3134F}]"
tok.pre_tokenizer = pre_tokenizers.Sequence(
    [pre_tokenizers.Split(Regex(cjk), "isolated"), pre_tokenizers.Whitespace()])
tok.decoder = decoders.BPEDecoder(suffix="</w>")
lines = train.split("\n")
trainer = trainers.BpeTrainer(vocab_size=8000, special_tokens=["<unk>", "<bos>", "<eos>", "<pad>"],
                              end_of_word_suffix="</w>", show_progress=False)
tok.train_from_iterator(lines, trainer=trainer)
t["train"] = time.perf_counter() - t0
t0 = time.perf_counter()
encodings = tok.encode_batch(lines, add_special_tokens=False)
ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.uint16)
t["encode"] = time.perf_counter() - t0
status = open("/proc/self/status").read().splitlines()
t["peak_mb"] = [int(s.split()[1]) for s in status if s.startswith("VmHWM")][0] / 1024
t["tokens"] = int(ids.size)
print(json.dumps(t))
"""

PHASES = ["load", "split", "train", "encode"]


def run(script: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=11.0)
    args = parser.parse_args()
    text = SOURCE.read_text(encoding="utf-8")
    copies = max(1, round(args.megabytes * 1e6 / len(text.encode())))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shakespeare-x.txt"
        path.write_text(text * copies, encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        ours, bare = [], []
        for _ in range(args.repeats):  # interleaved, so a burst of load hits both sides
            ours.append(run(OURS, path))
            bare.append(run(BARE, path))
    print(f"Tiny Shakespeare x{copies} = {size_mb:.1f} MB, 8k BPE, median of {args.repeats} runs")
    print(f"{'phase':8s} {'ours (s)':>10s} {'bare (s)':>10s} {'ours/bare':>10s}")
    rows = []
    for phase in [*PHASES, "total", "peak_mb"]:
        if phase == "total":
            ours_value = statistics.median(sum(r[p] for p in PHASES) for r in ours)
            bare_value = statistics.median(sum(r[p] for p in PHASES) for r in bare)
        else:
            ours_value = statistics.median(r[phase] for r in ours)
            bare_value = statistics.median(r[phase] for r in bare)
        ratio = ours_value / bare_value if bare_value else float("nan")
        rows.append((phase, ours_value, bare_value, ratio))
        label = "peak MB" if phase == "peak_mb" else phase
        print(f"{label:8s} {ours_value:10.2f} {bare_value:10.2f} {ratio:10.2f}")
    print(f"tokens: ours {ours[0]['tokens']:,} (one <eos> per line), bare {bare[0]['tokens']:,}")


if __name__ == "__main__":
    main()
