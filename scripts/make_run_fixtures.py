"""Write the format-version-1 run folders kept in tests/fixtures/runs_v1/.

These folders are what the release wrote: later versions must keep opening, generating,
evaluating and resuming them (tests/runs/test_format_v1_fixtures.py). They were made once,
with the code of the commit named in tests/fixtures/runs_v1/README.md; do not regenerate them
after the run folder format changed, or the tests would guard nothing.

```
python scripts/make_run_fixtures.py                 # into tests/fixtures/runs_v1/ (must be empty)
PYTHONPATH=/tmp/pristine python scripts/make_run_fixtures.py --commit 32b7e13
                                                    # with the code of a clean `git archive`
```

Every run is made the way a person makes it: with the command line (`lmstudio_app.cli.main`),
and one run the way the window makes it (`core` functions with the corpus record of
`ui/pages/train_page.py`, without Qt). Training is seeded and single-threaded, so the numbers
are the same each time on one machine; only times and dates differ.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "tests" / "fixtures" / "runs_v1"
PLAYS_CHARS = 20_000  # the first 20,000 characters of Tiny Shakespeare: about 20 KB
TINY = [
    "--embed-dim", "8", "--hidden-size", "16", "--seq-len", "16", "--batch-size", "4",
    "--threads", "1", "--sample-tokens", "5", "--eval-tokens", "500", "--seed", "0",
]
STEPS = 30
PROMPTS = {"char": "ROMEO:", "names": "em", "whitespace": "the"}


def _cli(*argv: str) -> None:
    from lmstudio_app.cli import main

    code = main(list(argv))
    if code != 0:
        raise SystemExit(f"lmstudio-app {' '.join(argv)}: exit {code}")


def _commit(given: str | None) -> str:
    """The commit of the code that runs: given, or this checkout's HEAD (flagged when
    lmstudio_app/ has changes that are not committed)."""
    if given:
        return given
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "lmstudio_app"], cwd=REPO,
                           check=True, capture_output=True, text=True).stdout.strip()
    return f"{head} (with uncommitted changes in lmstudio_app/)" if dirty else head


def _write_exact(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")  # no newline translation


def _window_run(folder: Path, text_file: Path) -> None:
    """An RNN run made as the window's Train page makes it (`TrainPage.start`): the corpus
    record holds the window's "sample" / "paths" / "encoding" beside "source"."""
    import dataclasses

    from lmstudio_app.core.corpus import load_corpus, split_corpus
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.resume import (
        corpus_source,
        split_fingerprints,
        split_text,
        with_file_fingerprints,
    )
    from lmstudio_app.core.specs import preset_specs
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
    from lmstudio_app.core.training import Trainer, create_run

    paths = [str(text_file)]
    fractions = (0.9, 0.05, 0.05)  # the Corpus page's default split
    corpus = load_corpus(paths, None)
    splits = split_corpus(corpus, fractions, "contiguous")
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)  # Tokenizer page
    model_spec, train_spec = preset_specs("tiny", "char", "rnn")
    model_spec = dataclasses.replace(model_spec, embed_dim=8, hidden_size=16)
    train_spec = dataclasses.replace(
        train_spec, seq_len=16, batch_size=4, threads=1, sample_tokens=5, eval_tokens=500,
        seed=0, max_steps=STEPS, epochs=0, max_minutes=0.0, eval_every=10,
    )
    corpus_info: dict[str, Any] = {
        "sample": None, "paths": paths, "encoding": None,  # CorpusChoice.describe()
        "name": corpus.name,
        "split_method": splits.method,
        "source": corpus_source(files=paths, sample=None, encoding=None,
                                split=split_text(fractions), split_method=splits.method,
                                fingerprint_files=False),
    }
    # _with_fingerprints, as the window's worker adds them
    corpus_info["fingerprint"] = corpus.fingerprint
    corpus_info["fingerprints"] = split_fingerprints(splits)
    corpus_info["source"] = with_file_fingerprints(corpus_info["source"])
    data = encode_splits(tokenizer, splits)
    create_run(folder, model_spec, train_spec, tokenizer, corpus_info)
    for _event in Trainer(model_spec, train_spec, tokenizer, data, folder).run():
        pass


def _expected(out: Path, runs: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What today's code says of each run: its evaluation of the kept texts and the text it
    generates, so that a later version can be compared with it."""
    from lmstudio_app.core.models import load_run_model

    expected: dict[str, Any] = {}
    for name, info in runs.items():
        run, _tokenizer, model = load_run_model(out / name)
        text = (out / info["eval"]).read_text(encoding="utf-8")
        result = model.evaluate_text(text)
        entry = {"model_kind": run["model_kind"], "eval": info["eval"],
                 "perplexity": result["perplexity"], "tokens": result["tokens"],
                 "prompt": info["prompt"], "steps": run["metrics"].get("steps")}
        recorded = run["metrics"].get(info.get("recorded", ""))
        if recorded is not None:
            # The n-gram scores its test text as `eval` does: the same number, or a bug.
            if not math.isclose(recorded, result["perplexity"], rel_tol=1e-9):
                raise SystemExit(f"{name}: eval gives {result['perplexity']}, run.json {recorded}")
            entry["recorded"] = info["recorded"]
        expected[name] = entry
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--commit", help="the commit of the code that runs (default: HEAD)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty: these fixtures are not to be regenerated")
    # The CLI logs under the user data folder: a scratch one, not the person's.
    os.environ.setdefault("LMSTUDIO_DATA_DIR", tempfile.mkdtemp(prefix="lmstudio-fixtures-"))
    import lmstudio_app
    from lmstudio_app.core.corpus import load_corpus, split_corpus
    from lmstudio_app.core.samples import load_sample

    commit = _commit(args.commit)
    texts = out / "texts"
    texts.mkdir(parents=True)
    plays = texts / "plays.txt"
    source = (REPO / "resources" / "corpora" / "tinyshakespeare.txt").read_text(encoding="utf-8")
    _write_exact(plays, source[:PLAYS_CHARS])
    # The test parts, kept as files to evaluate on: the same text the runs were scored on.
    plays_test = split_corpus(load_corpus([str(plays)]), (0.9, 0.05, 0.05), "contiguous").test
    _write_exact(texts / "plays-test.txt", plays_test)
    names_test = split_corpus(load_sample("names"), (0.9, 0.05, 0.05), "lines").test
    _write_exact(texts / "names-test.txt", names_test)

    p = str(plays)
    commands: dict[str, list[str]] = {
        "lstm-plays": ["train", p, "--model", "lstm", "--tokenizer", "char", *TINY,
                       "--max-steps", str(STEPS), "--eval-every", "10"],
        "gru-names": ["train", "--sample", "names", "--model", "gru", "--tokenizer", "char",
                      *TINY, "--max-steps", str(STEPS), "--eval-every", "10"],
        "ngram-names": ["train", "--sample", "names", "--model", "ngram", "--order", "3",
                        "--tokenizer", "char"],
        "ngram-words": ["train", p, "--model", "ngram", "--order", "2",
                        "--tokenizer", "whitespace"],
    }
    for name, argv_run in commands.items():
        _cli(*argv_run, "--out", str(out / name), "--json")
    _window_run(out / "rnn-window", plays)

    runs = {
        "lstm-plays": {"eval": "texts/plays-test.txt", "prompt": PROMPTS["char"]},
        "gru-names": {"eval": "texts/names-test.txt", "prompt": PROMPTS["names"]},
        "ngram-names": {"eval": "texts/names-test.txt", "prompt": PROMPTS["names"],
                        "recorded": "test_perplexity"},
        "ngram-words": {"eval": "texts/plays-test.txt", "prompt": PROMPTS["whitespace"],
                        "recorded": "test_perplexity"},
        "rnn-window": {"eval": "texts/plays-test.txt", "prompt": PROMPTS["char"]},
    }
    expected = {"app_version": lmstudio_app.__version__, "commit": commit,
                "runs": _expected(out, runs)}
    (out / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    shown = {name: "lmstudio-app " + " ".join(a.replace(str(out), "runs_v1") for a in argv_run)
             + f" --out runs_v1/{name} --json" for name, argv_run in commands.items()}
    print(json.dumps({"commit": commit, "version": lmstudio_app.__version__,
                      "package": str(Path(lmstudio_app.__file__).parent), "commands": shown},
                     indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
