"""Peak memory of a run on a large corpus: read, tokenize, train a tiny LSTM.

The corpus is made from the bundled samples (every line of every `resources/corpora/*.txt`,
shuffled with a fixed seed, repeated until the size asked for) in a temporary folder. One
fresh process then does what `train` does (`CorpusSource.load`, `start_neural_run`,
`trainer.run()`) for --steps steps and reports its VmHWM (Linux: the process's own peak
resident memory) for each stage (the peak is reset between stages), so the figures are
the run's own. The tokenizer is trained
on the first --tokenizer-mb of the text (training one is not what is measured here).

    python bench/big_corpus.py --megabytes 100 --kind char
    python bench/big_corpus.py --megabytes 1000 --kind char --steps 100

`--pythonpath DIR` runs another checkout (the code before a change) on the same corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "resources" / "corpora"

SCRIPT = r"""
import json, sys, time, tempfile, dataclasses
from pathlib import Path
from lmstudio_app.core.memory import peak_memory
path, kind, steps, tokenizer_mb, run_dir, stop = sys.argv[1:7]
stop = stop == "stop"
stages, calls = {}, {"progress": 0, "cancel": 0}
def mark(name):
    # This stage's own peak, then the peak is reset (Linux: clear_refs 5), so that a stage
    # freeing memory (the split lets the old parts go) does not hide the next one's cost.
    stages[name] = round(peak_memory() / 2**20, 1)
    with open("/proc/self/clear_refs", "w") as stream:
        stream.write("5")
def progress(fraction, message=""):
    calls["progress"] += 1
def cancel():
    calls["cancel"] += 1
    return False
mark("start")
import torch
from lmstudio_app.core.runs.jobs import start_neural_run
from lmstudio_app.core.runs.source import CorpusSource
from lmstudio_app.core.specs import ModelSpec, TrainSpec, model_parameters
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
mark("imports")
t0 = time.perf_counter()
loaded = CorpusSource.create(files=[path]).load(progress, cancel)
mark("loaded")
head = loaded.corpus.head(int(float(tokenizer_mb) * 2**20))
spec = TokenizerSpec(kind=kind)
if kind != "char":
    spec = dataclasses.replace(spec, vocab_size=2000)
tokenizer = train_tokenizer(spec, head)
del head
mark("tokenizer")
model = ModelSpec(family="lstm", embed_dim=32, hidden_size=64, layers=1, dropout=0.0)
train = TrainSpec(seq_len=35, batch_size=20, max_steps=int(steps), max_minutes=0, epochs=0,
                  eval_every=0, eval_tokens=20000, threads=1, device="cpu",
                  sample_tokens=0, checkpoint_every=0)
trainer = start_neural_run(Path(run_dir) / "run", model, train, tokenizer, loaded,
                           progress, cancel)
del loaded
mark("encoded")
t1 = time.perf_counter()
done = 0
for event in trainer.run():
    if type(event).__name__ == "StepEvent":
        done += 1
        if stop and done >= int(steps):
            trainer.cancel()  # Stop: the run ends resumable, without the whole-test score
mark("trained")
params = model_parameters(tokenizer.vocab_size, model)
print(json.dumps({"stages_mb": stages, "steps": done, "params": params,
                  "encode_s": round(t1 - t0, 1), "train_s": round(time.perf_counter() - t1, 1),
                  **calls}))
"""


def make_corpus(path: Path, megabytes: float, seed: int = 0) -> int:
    """Shuffled lines of the bundled samples, repeated to `megabytes`; its size in bytes."""
    lines: list[str] = []
    for source in sorted(CORPORA.glob("*.txt")):
        lines += source.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines:
        raise SystemExit(f"no sample lines in {CORPORA}")
    rng = random.Random(seed)
    target, written = int(megabytes * 2**20), 0
    with open(path, "w", encoding="utf-8") as stream:
        while written < target:
            rng.shuffle(lines)
            block = "".join(lines)
            stream.write(block)
            written += len(block.encode("utf-8"))
    return path.stat().st_size


def run(
    path: Path,
    kind: str,
    steps: int,
    tokenizer_mb: float,
    pythonpath: Path,
    data_dir: Path,
    stop: bool = False,
) -> dict:
    env = dict(os.environ, PYTHONPATH=str(pythonpath), LMSTUDIO_DATA_DIR=str(data_dir))
    with tempfile.TemporaryDirectory(prefix="big-corpus-run-") as run_dir:
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                SCRIPT,
                str(path),
                kind,
                str(steps),
                str(tokenizer_mb),
                run_dir,
                "stop" if stop else "end",
            ],
            capture_output=True,
            text=True,
            cwd=pythonpath,
            env=env,
        )
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=100)
    parser.add_argument("--kind", default="char")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--tokenizer-mb", type=float, default=4)
    parser.add_argument("--pythonpath", type=Path, default=REPO)
    parser.add_argument(
        "--stop",
        action="store_true",
        help="stop the run after --steps (as Stop does) rather than end it with its test "
        "score, which reads the whole test part",
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="run twice with the same cache: the second reads the id file",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="big-corpus-") as folder:
        path = Path(folder) / "corpus.txt"
        size = make_corpus(path, args.megabytes)
        data_dir = Path(folder) / "data"
        for attempt in range(2 if args.cached else 1):
            result = run(
                path,
                args.kind,
                args.steps,
                args.tokenizer_mb,
                args.pythonpath,
                data_dir,
                args.stop,
            )
            peak = max(result["stages_mb"].values())
            model_mb = result["params"] * 4 / 2**20
            load = os.getloadavg()[0]
            print(
                json.dumps(
                    {
                        "corpus_mb": round(size / 2**20, 1),
                        "kind": args.kind,
                        "attempt": attempt,
                        "peak_mb": peak,
                        "peak_over_corpus": round(peak / (size / 2**20), 2),
                        "model_mb": round(model_mb, 2),
                        "load1": load,
                        **result,
                    }
                )
            )


if __name__ == "__main__":
    main()
