"""`lmstudio-app export RUN --arpa FILE`: save an n-gram model as a standard ARPA file.

SRILM (`ngram -lm FILE -ppl ...`) and KenLM read the file as it is.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from lmstudio_app.commands.common import EXIT_OK, print_json
from lmstudio_app.core.errors import RunFolderError, StudioError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="the run folder of an n-gram model")
    parser.add_argument(
        "--arpa", metavar="FILE", required=True, help="the ARPA file to write"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.fileio import atomic_writer
    from lmstudio_app.core.models.ngram import MODEL_FILE
    from lmstudio_app.core.runs import read_run_json

    folder = Path(args.run)
    run_json = read_run_json(folder)
    if run_json["model_kind"] != "ngram":
        raise StudioError("not_ngram_run", path=str(folder), kind=run_json["model_kind"])
    source = folder / MODEL_FILE
    if not source.is_file():
        raise RunFolderError("run_corrupt", path=str(folder), reason=f"{MODEL_FILE} is missing")
    target = Path(args.arpa)
    # model.arpa already is the ARPA file: copy it, through a temporary name
    with open(source, "rb") as reading, atomic_writer(target, "wb") as writing:
        shutil.copyfileobj(reading, writing, 1 << 20)
    counts = _header_counts(target)
    if args.json:
        print_json({"arpa": str(target), "ngrams": counts, "bytes": target.stat().st_size})
    else:
        shown = ", ".join(f"{n}-grams {c:,}" for n, c in enumerate(counts, 1))
        print(f"Saved {target} ({shown})", file=sys.stdout)
    return EXIT_OK


def _header_counts(path: Path) -> list[int]:
    counts: list[int] = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            text = line.strip()
            if text.startswith("ngram ") and "=" in text:
                counts.append(int(text.split("=", 1)[1]))
            elif text.startswith("\\") and text.endswith("-grams:"):
                break
    return counts
