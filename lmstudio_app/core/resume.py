"""Reading again the text a run was trained on, to continue training it.

A run folder records in run.json's "corpus" where its text came from and fingerprints of it:

```
"corpus": {
  "name": ..., "fingerprint": "<sha256 of the whole text>",
  "fingerprints": {"train": ..., "valid": ..., "test": ...},     # of each part
  "source": {"files": [...], "sample": null, "valid": null, "test": null,
             "encoding": null, "split": "0.9,0.05,0.05", "split_method": "contiguous",
             "file_fingerprints": {"<file>": {"sha256": ..., "size": ...}, ...}}
}
```

A run folder may come from anyone, so its run.json is checked before it is used
(`core.run_checks`): a file is read again only when run.json vouches for it with its own
fingerprint, and it is a regular file (never `/dev/stdin`, a FIFO or a device).

Both the command line and the window write "source" (the window since it could resume);
older window runs recorded only "sample", "paths", "encoding" and "split_method", which is
read as the same source with the default split. `reload_corpus` reads the text again, splits
it the same way, and refuses (`resume_corpus_changed`) when it is not the text the run was
trained on: a model continued on another text would silently learn something else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lmstudio_app.core.corpus import Corpus, Splits, load_corpus, load_split_files, split_corpus
from lmstudio_app.core.errors import CorpusError, RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress
from lmstudio_app.core.run_checks import check_corpus_record, check_source_files, file_fingerprints

DEFAULT_SPLIT = "0.9,0.05,0.05"


def split_text(fractions: Sequence[float]) -> str:
    """Fractions as the command line's --split writes them ("0.9,0.05,0.05")."""
    return ",".join(f"{float(f):g}" for f in fractions)


def split_fingerprints(splits: Splits) -> dict[str, str]:
    """SHA-256 of each part, so that resuming can tell the same split from another one."""
    return {
        name: hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        for name, text in splits.items()
    }


def corpus_source(
    *,
    files: Sequence[str] = (),
    sample: str | None = None,
    valid: str | None = None,
    test: str | None = None,
    encoding: str | None = None,
    split: str | None = DEFAULT_SPLIT,
    split_method: str | None = None,
    fingerprint_files: bool = True,
) -> dict[str, Any]:
    """What resuming needs to read the same text again (paths made absolute), with the
    fingerprint of every file's bytes: a resume reads only files that match them.

    The window passes `fingerprint_files=False` and adds them in its worker
    (`with_file_fingerprints`): hashing a large text would freeze it."""

    def absolute(path: str | None) -> str | None:
        return str(Path(path).resolve()) if path else None

    source = {
        "files": [str(Path(p).resolve()) for p in files],
        "sample": sample,
        "valid": absolute(valid),
        "test": absolute(test),
        "encoding": encoding,
        "split": split,
        "split_method": split_method,
    }
    return with_file_fingerprints(source) if fingerprint_files else source


def with_file_fingerprints(source: dict[str, Any]) -> dict[str, Any]:
    """`source` with "file_fingerprints": SHA-256 and size of each file it names."""
    paths = list(source.get("files") or []) + [
        source[key] for key in ("valid", "test") if source.get(key)
    ]
    return {**source, "file_fingerprints": file_fingerprints(paths)}


def source_of_run(run: dict[str, Any], folder: Path) -> dict[str, Any]:
    """run.json's corpus source; a window run from before "source" was recorded is read from
    its "sample" / "paths" / "encoding" with the default split.

    Checked before anything is read (`run_checks`): values of the wrong type make the run
    folder damaged, and a file run.json does not vouch for is refused, not opened."""
    corpus = check_corpus_record(run, folder)
    source = corpus.get("source")
    if isinstance(source, dict):
        check_source_files(run, source, folder)
        return source
    if corpus.get("sample") or corpus.get("paths"):
        source = corpus_source(
            files=list(corpus.get("paths") or []),
            sample=corpus.get("sample"),
            encoding=corpus.get("encoding"),
            split_method=corpus.get("split_method"),
            fingerprint_files=False,
        )
        check_source_files(run, source, folder)
        return source
    raise RunFolderError(
        "run_corrupt", path=str(folder), reason=N_("run.json does not say which text was used")
    )


def split_fractions(source: dict[str, Any]) -> tuple[float, ...]:
    """The train, validation and test fractions a source dict records (the default if none)."""
    split = source.get("split") or DEFAULT_SPLIT
    try:
        return tuple(float(part) for part in str(split).split(","))
    except ValueError:
        raise CorpusError("bad_split", fractions=split) from None


def load_source(
    source: dict[str, Any],
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[Corpus, Splits]:
    """The corpus and its splits as a source dict describes them (see `corpus_source`)."""
    from lmstudio_app.core.samples import get_sample, load_sample

    files = list(source.get("files") or [])
    sample = source.get("sample")
    valid, test = source.get("valid"), source.get("test")
    encoding = source.get("encoding")
    if sample and files:
        raise CorpusError("no_corpus")
    if valid or test:
        if sample:
            train = load_sample(sample)
            valid_text = load_corpus(valid, encoding, cancel=cancel).text if valid else ""
            test_text = load_corpus(test, encoding, cancel=cancel).text if test else ""
            return train, Splits(train.text, valid_text, test_text, "files")
        if not files:
            raise CorpusError("no_corpus")
        return load_split_files(files, valid, test, encoding, progress=progress, cancel=cancel)
    if sample:
        corpus = load_sample(sample)
    elif files:
        corpus = load_corpus(files, encoding, progress=progress, cancel=cancel)
    else:
        raise CorpusError("no_corpus")
    fractions = split_fractions(source)
    method = source.get("split_method") or (
        get_sample(sample).split_method if sample else "contiguous"
    )
    return corpus, split_corpus(corpus, fractions, method)


def check_same_corpus(
    run: dict[str, Any], corpus: Corpus, splits: Splits, folder: str | Path = "run.json"
) -> None:
    """Refuse (`resume_corpus_changed`) a text or a split that is not the run's."""
    recorded = check_corpus_record(run, folder)
    expected = recorded.get("fingerprint")
    if expected and corpus.fingerprint != expected:
        raise StudioError("resume_corpus_changed", what="its content differs")
    stored = recorded.get("fingerprints") or {}
    if not stored:
        return
    current = split_fingerprints(splits)
    for name in ("train", "valid", "test"):
        if name in stored and stored[name] != current[name]:
            raise StudioError("resume_corpus_changed", what=f"the {name} part differs")


def reload_corpus(
    run: dict[str, Any],
    folder: Path,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[Corpus, Splits]:
    """The text run.json says the run was trained on, read and split again, and checked."""
    corpus, splits = load_source(source_of_run(run, Path(folder)), progress, cancel)
    check_same_corpus(run, corpus, splits)
    return corpus, splits
