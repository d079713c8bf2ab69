"""`lmstudio-app export RUN --arpa FILE`: save an n-gram model as a standard ARPA file;
`lmstudio-app export RUN --hf DIR`: save a GPT run as a Hugging Face `transformers` GPT-2
folder (`core.models.gpt.hf_export`, which checks and writes it).

SRILM (`ngram -lm FILE -ppl ...`) and KenLM read the file as it is.

The run folder may come from anyone, so the model is checked before anything is written: it
must be a regular file in the folder (not a link to somewhere else), and it must load as the
app's model, exactly as `generate` loads it. Only then is it copied, to a temporary name beside
FILE and renamed: a damaged model leaves an existing FILE byte for byte as it was. FILE may not
be the run folder's own file (`--arpa RUN/run.json` would overwrite the run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import BinaryIO

from lmstudio_app.commands.common import EXIT_OK, print_json
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="the run folder of an n-gram or GPT model")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--arpa", metavar="FILE", help="the ARPA file to write (n-gram runs)")
    target.add_argument(
        "--hf",
        metavar="DIR",
        help="the folder to write in Hugging Face's GPT-2 layout, for transformers' "
        "GPT2LMHeadModel and AutoTokenizer (GPT runs; DIR must be new or empty)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    if args.hf is not None:
        return _run_hf(args)
    from lmstudio_app.core.fileio import atomic_writer
    from lmstudio_app.core.models.ngram import MODEL_FILE, load_from_run
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json
    from lmstudio_app.core.runs import paths as runpaths

    folder = Path(args.run)
    run_json = read_run_json(folder)  # refuses a folder whose own files are links
    if run_json["model_kind"] != "ngram":
        raise StudioError("not_ngram_run", path=str(folder), kind=run_json["model_kind"])
    target = Path(args.arpa)
    runpaths.refuse_inside(folder, target)
    try:
        handle = runpaths.open_regular(folder, MODEL_FILE)  # never through a link
    except FileNotFoundError:
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("{name} is missing", name=MODEL_FILE)
        ) from None
    except OSError as exc:
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("{name}: {exc}", name=MODEL_FILE, exc=exc)
        ) from None
    with os.fdopen(handle, "rb") as reading:
        # The whole model is read and checked (counts, numbers, words) before the target is
        # touched: a damaged one is "the run folder is damaged", exit 2.
        load_from_run(folder, run_json, load_run_tokenizer(folder, run_json))
        if _changed(reading.fileno(), folder / MODEL_FILE):
            raise StudioError("file_changed", path=str(folder / MODEL_FILE))
        counts = _header_counts(reading)
        reading.seek(0)
        with atomic_writer(target, "wb") as writing:
            shutil.copyfileobj(reading, writing, 1 << 20)
    if args.json:
        print_json({"arpa": str(target), "ngrams": counts, "bytes": target.stat().st_size})
    else:
        shown = ", ".join(f"{n}-grams {c:,}" for n, c in enumerate(counts, 1))
        print(f"Saved {target} ({shown})", file=sys.stdout)
    return EXIT_OK


def _run_hf(args: argparse.Namespace) -> int:
    from lmstudio_app.core.models.gpt.hf_export import export_hf

    done = export_hf(Path(args.run), Path(args.hf))
    if args.json:
        print_json(
            {
                "hf": str(done.folder),
                "files": list(done.files),
                "bytes": done.bytes,
                "parameters": done.parameters,
            }
        )
    else:
        print(
            f"Saved {done.folder} for Hugging Face transformers ({', '.join(done.files)}; "
            f"{done.parameters:,} parameters)",
            file=sys.stdout,
        )
    return EXIT_OK


def _changed(handle: int, path: Path) -> bool:
    """Whether the file at `path` is no longer the one open as `handle` (replaced, or written
    to while it was checked): then what was checked is not what would be copied."""
    opened = os.fstat(handle)
    try:
        now = os.lstat(path)
    except OSError:
        return True
    return (opened.st_dev, opened.st_ino, opened.st_size, opened.st_mtime_ns) != (
        now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns
    )


def _header_counts(stream: BinaryIO) -> list[int]:
    """The `ngram N=COUNT` lines of the (already checked) ARPA header."""
    counts: list[int] = []
    stream.seek(0)
    for raw in stream:
        text = raw.decode("utf-8", errors="replace").strip()
        if text.startswith("ngram ") and "=" in text:
            try:
                counts.append(int(text.split("=", 1)[1]))
            except ValueError:
                break
        elif text.startswith("\\") and text.endswith("-grams:"):
            break
    return counts
