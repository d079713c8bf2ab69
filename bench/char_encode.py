"""Encode Tiny Shakespeare repeated to 11 MB with a character tokenizer.

Ours: `StudioTokenizer.encode_to_array`, which looks characters up in a table (a piece with a
special token or an unknown character goes to the library). Peer: the library itself, the
same tokenizer's `encode_batch` over the same 64 K-character pieces, ids into numpy (what
`encode_to_array` did before). Each side runs in a fresh process, alternating; peak memory
is its VmHWM (Linux) above the process before encoding; medians of --repeats runs. The ids
are checked to be the same.

    python bench/char_encode.py [--repeats 5] [--megabytes 11]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "resources" / "corpora" / "tinyshakespeare.txt"

SCRIPT = r"""
import hashlib, json, sys, time
import numpy as np
from lmstudio_app.core.memory import peak_memory
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer, _lossless_pieces
text = open(sys.argv[1], encoding="utf-8").read()
tok = train_tokenizer(TokenizerSpec(kind="char"), text)
base = peak_memory()
t0 = time.perf_counter()
if sys.argv[2] == "ours":
    ids = tok.encode_to_array(text)
else:
    pieces = list(_lossless_pieces(text, 1 << 16))
    arrays = []
    for lo in range(0, len(pieces), 16):  # about a megabyte a call, as before
        encodings = tok.hf.encode_batch(pieces[lo:lo + 16], add_special_tokens=False)
        arrays.append(np.concatenate([np.array(e.ids, dtype=tok.id_dtype) for e in encodings]))
        del encodings
    ids = np.concatenate(arrays)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "extra_mb": (peak_memory() - base) / 2**20,
                  "tokens": int(ids.size), "digest": hashlib.sha256(ids.tobytes()).hexdigest()}))
"""


def run(path: Path, side: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path), side], capture_output=True,
                         text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=11)
    args = parser.parse_args()
    text = SOURCE.read_text(encoding="utf-8")
    text = text * max(1, round(args.megabytes * 1e6 / len(text)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "text.txt"
        path.write_text(text, encoding="utf-8")
        results: dict[str, list[dict]] = {"ours": [], "library": []}
        for _ in range(args.repeats):
            for side in results:
                results[side].append(run(path, side))
    digests = {r["digest"] for side in results.values() for r in side}
    assert len(digests) == 1, "the two sides gave different ids"
    load = os.getloadavg()[0]
    print(f"{len(text) / 1e6:.1f} M characters, {results['ours'][0]['tokens']:,} tokens, "
          f"{args.repeats} runs each, medians; load average {load:.1f} after")
    print("| side | encode (s) | extra peak memory (MB) |")
    print("|---|---|---|")
    medians = {}
    for side, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        memory = statistics.median(r["extra_mb"] for r in runs)
        medians[side] = seconds
        print(f"| {side} | {seconds:.2f} | {memory:.0f} |")
    print(f"ours / library: {medians['ours'] / medians['library']:.3f} "
          f"({medians['library'] / medians['ours']:.1f}x faster)")


if __name__ == "__main__":
    main()
