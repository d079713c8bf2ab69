"""`lmstudio-app import-arpa FILE --tokenizer-from RUN --out RUN2`: an ARPA model as a run.

The ARPA file's words must be tokens of the tokenizer of RUN (`<s>`, `</s>` and `<unk>`
stand for its begin, end and unknown tokens). When RUN is itself an n-gram run, its
settings (smoothing, sentence per line) carry over; otherwise the model is taken to score
one sentence per line, as ARPA models usually do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lmstudio_app.commands.common import EXIT_OK, ProgressBar, print_json
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arpa", metavar="FILE", help="the ARPA file to read")
    parser.add_argument(
        "--tokenizer-from",
        metavar="RUN",
        required=True,
        help="a run folder whose tokenizer has the model's words",
    )
    parser.add_argument("--out", metavar="RUN2", help="the new run folder to write")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.config import spec_from_dict
    from lmstudio_app.core.models.ngram import NGramSpec, import_arpa_to_run
    from lmstudio_app.core.runs import is_run_folder, load_run_tokenizer, read_run_json

    if not args.out:
        raise StudioError("no_output")
    if is_run_folder(args.out):
        raise StudioError("run_folder_taken", path=str(args.out))
    arpa = Path(args.arpa)
    if not arpa.exists():
        raise StudioError("path_not_found", path=str(arpa))
    if not arpa.is_file():  # a folder, a FIFO that would wait for a writer, a device
        raise StudioError("not_readable", path=str(arpa), reason=N_("it is not a plain file"))
    source_folder = Path(args.tokenizer_from)
    source = read_run_json(source_folder)
    tokenizer = load_run_tokenizer(source_folder, source)
    base = None
    if source["model_kind"] == "ngram":
        try:
            base = spec_from_dict(NGramSpec, source["model"])
        except StudioError as exc:
            raise RunFolderError(
                "run_corrupt", path=str(source_folder), reason=exc.message
            ) from None
    bar = ProgressBar("Importing")
    model = import_arpa_to_run(
        args.arpa, tokenizer, args.out, base, source.get("corpus"), progress=bar
    )
    bar.close()
    counts = model.num_ngrams()
    if args.json:
        print_json({"run": str(args.out), "order": model.order, "ngrams": counts})
    else:
        shown = ", ".join(f"{n}-grams {c:,}" for n, c in enumerate(counts, 1))
        print(f"Imported a {model.order}-gram model ({shown}) into {args.out}", file=sys.stdout)
    return EXIT_OK
