"""Where a run's text comes from and how it is split: `CorpusSource`, recorded once in run.json.

The window and the command line describe their text with the same `CorpusSource`, and a new
run records it the same way (`LoadedCorpus.record()`), under run.json's "corpus":

```
"corpus": {
  "name": ..., "encoding": ..., "fingerprint": "<sha256 of the whole text>",
  "files": [<the files read>], "split_method": ..., "chars": {"train": ..., ...},
  "source": {"files": [...], "sample": null, "valid": null, "test": null,
             "encoding": null, "split": "0.9,0.05,0.05", "split_method": "contiguous",
             "file_fingerprints": {"<file>": {"sha256": ..., "size": ...}, ...}},
  "fingerprints": {"train": ..., "valid": ..., "test": ...}      # of each part
}
```

A run folder may come from anyone, so its record is checked before it is used
(`runs.checks`): a file is read again only when run.json vouches for it with its own
fingerprint, and it is a regular file (never `/dev/stdin`, a FIFO or a device). Resuming reads
the text again, splits it the same way, and refuses (`resume_corpus_changed`) a text that is
not the one the run was trained on: a model continued on another text would silently learn
something else. Older window runs recorded only "sample", "paths" and "encoding":
`migrate_corpus_record` reads them as the same source with the default split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lmstudio_app.core.corpus import Corpus, Splits
from lmstudio_app.core.errors import CorpusError, RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress
from lmstudio_app.core.runs.checks import (
    check_corpus_record,
    check_source_files,
    file_fingerprints,
)

DEFAULT_SPLIT: tuple[float, ...] = (0.9, 0.05, 0.05)


def split_text(fractions: Sequence[float]) -> str:
    """Fractions as the command line's --split writes them ("0.9,0.05,0.05")."""
    return ",".join(f"{float(f):g}" for f in fractions)


def parse_split(text: str) -> tuple[float, ...]:
    """"0.9,0.05,0.05" as fractions; `bad_split` for anything else."""
    try:
        return tuple(float(part) for part in str(text).split(","))
    except ValueError:
        raise CorpusError("bad_split", fractions=text) from None


def split_fingerprints(splits: Splits) -> dict[str, str]:
    """SHA-256 of each part, so that resuming can tell the same split from another one.

    Hashed a few megabytes at a time (`token_file.text_fingerprint`, the same digest): the
    training part of a large text encoded whole to UTF-8 was a copy of it as large again."""
    from lmstudio_app.core.token_file import text_fingerprint

    return {name: text_fingerprint(text) for name, text in splits.items()}


def _absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path else None


@dataclass(frozen=True)
class CorpusSource:
    """What the text is (files, a bundled sample, or a lesson's embedded text), how it is read
    (encoding) and how it is split (fractions and method, or predefined valid / test files).

    Files are read as named, and recorded with absolute paths (resolved when the record is
    made, right after reading them). `file_fingerprints` is None until
    `with_file_fingerprints()` hashed the files, which takes a moment on a large text.
    A lesson's embedded text (`embedded`) is not written to run.json: such a run's text is
    named again to resume it, as `train --resume RUN FILE`."""

    files: tuple[str, ...] = ()
    sample: str | None = None
    valid: str | None = None
    test: str | None = None
    encoding: str | None = None
    split: tuple[float, ...] | None = DEFAULT_SPLIT
    split_method: str | None = None
    file_fingerprints: dict[str, dict[str, Any]] | None = None
    embedded: Corpus | None = field(default=None, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        *,
        files: Sequence[str] = (),
        sample: str | None = None,
        valid: str | None = None,
        test: str | None = None,
        encoding: str | None = None,
        split: Sequence[float] | None = DEFAULT_SPLIT,
        split_method: str | None = None,
        embedded: Corpus | None = None,
    ) -> CorpusSource:
        """A source as a person names it, with the split method a run then uses written out
        (the names sample holds out random lines, other texts their tail; predefined valid /
        test files are the split)."""
        if valid or test:
            split_method = "files"
        elif split_method is None:
            split_method = default_split_method(sample)
        return cls(
            files=tuple(str(path) for path in files),
            sample=sample,
            valid=str(valid) if valid else None,
            test=str(test) if test else None,
            encoding=encoding,
            split=tuple(float(f) for f in split) if split is not None else None,
            split_method=split_method,
            embedded=embedded,
        )

    # ---- JSON in and out (run.json's "corpus.source")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "files": [str(Path(path).resolve()) for path in self.files],
            "sample": self.sample,
            "valid": _absolute(self.valid),
            "test": _absolute(self.test),
            "encoding": self.encoding,
            "split": split_text(self.split) if self.split is not None else None,
            "split_method": self.split_method,
        }
        if self.file_fingerprints is not None:
            data["file_fingerprints"] = self.file_fingerprints
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorpusSource:
        """A source read back from JSON already checked for its types (`runs.checks`)."""
        split = data.get("split")
        fingerprints = data.get("file_fingerprints")
        return cls(
            files=tuple(data.get("files") or ()),
            sample=data.get("sample"),
            valid=data.get("valid"),
            test=data.get("test"),
            encoding=data.get("encoding"),
            split=parse_split(split) if split else DEFAULT_SPLIT,
            split_method=data.get("split_method"),
            file_fingerprints=dict(fingerprints) if isinstance(fingerprints, dict) else None,
        )

    @classmethod
    def of_run(cls, run: dict[str, Any], folder: str | Path) -> CorpusSource:
        """run.json's corpus source, checked before anything is read (`runs.checks`): values
        of the wrong type make the run folder damaged, and a file run.json does not vouch for
        is refused, not opened."""
        corpus = check_corpus_record(run, folder)
        data = corpus.get("source")
        if not isinstance(data, dict) or not (data.get("files") or data.get("sample")):
            raise RunFolderError(
                "run_corrupt", path=str(folder),
                reason=N_("run.json does not say which text was used"),
            )
        check_source_files(run, data, folder)
        return cls.from_json(data)

    @classmethod
    def of_moved_run(
        cls, run: dict[str, Any], folder: str | Path, moved_to: Sequence[str]
    ) -> CorpusSource:
        """run.json's corpus source with its files where they are now (`moved_to`), read and
        split as recorded (encoding, fractions, method): a run folder taken to another
        computer names its text by the old computer's paths. The files are not vouched for
        by their old paths' fingerprints: the text read is checked to be the run's instead
        (`LoadedCorpus.check_is_the_run_text`), as a text named on the command line is."""
        corpus = check_corpus_record(run, folder)
        data = corpus.get("source")
        if not isinstance(data, dict) or not (data.get("files") or data.get("sample")):
            raise RunFolderError(
                "run_corrupt", path=str(folder),
                reason=N_("run.json does not say which text was used"),
            )
        return replace(cls.from_json(data), file_fingerprints=None).moved_to(moved_to)

    def moved_to(self, paths: Sequence[str]) -> CorpusSource:
        """This source with its files (and valid / test files) found at `paths` instead.

        Each recorded file is found by its name: a path given with the same name, or a file
        of that name in a folder given. A single file recorded may also be given under
        another name. A recorded file found nowhere is refused (`path_not_found`)."""
        given = [Path(path) for path in paths]
        recorded = [*self.files, *(path for path in (self.valid, self.test) if path)]
        if len(recorded) == 1 and len(given) == 1 and not given[0].is_dir():
            found = {recorded[0]: str(given[0])}
        else:
            found = {}
            for old in recorded:
                name = Path(old).name
                matches = [str(path) for path in given if path.name == name]
                matches += [str(path / name) for path in given
                            if path.is_dir() and (path / name).exists()]
                if not matches:
                    where = given[0] / name if len(given) == 1 and given[0].is_dir() else name
                    raise StudioError("path_not_found", path=str(where))
                found[old] = matches[0]
        return replace(
            self,
            files=tuple(found[path] for path in self.files),
            valid=found[self.valid] if self.valid else None,
            test=found[self.test] if self.test else None,
            file_fingerprints=None,
        )

    def with_file_fingerprints(self) -> CorpusSource:
        """This source with the SHA-256 and size of each file it names: a resume reads only
        files that match them."""
        paths = [str(Path(path).resolve()) for path in self.files]
        paths += [str(Path(path).resolve()) for path in (self.valid, self.test) if path]
        return replace(self, file_fingerprints=file_fingerprints(paths))

    # ---- reading the text

    def load(
        self, progress: ProgressCallback = no_progress, cancel: CancelCheck | None = None
    ) -> LoadedCorpus:
        """The text and its parts, read and split as this source says."""
        from lmstudio_app.core.corpus import load_corpus, load_split_files, split_corpus
        from lmstudio_app.core.corpus.encodings import parse_encoding
        from lmstudio_app.core.samples import load_sample

        if self.encoding:
            parse_encoding(self.encoding)  # `--encoding zlib`: refused before anything is read
        if self.sample and self.files:
            raise CorpusError("no_corpus")
        if self.valid or self.test:
            if self.sample or (self.embedded is not None and not self.files):
                train = load_sample(self.sample) if self.sample else self.embedded
                assert train is not None
                valid = load_corpus(self.valid, self.encoding, cancel=cancel).text \
                    if self.valid else ""
                test = load_corpus(self.test, self.encoding, cancel=cancel).text \
                    if self.test else ""
                return LoadedCorpus(self, train, Splits(train.text, valid, test, "files"))
            if not self.files:
                raise CorpusError("no_corpus")
            corpus, splits = load_split_files(
                list(self.files), self.valid, self.test, self.encoding,
                progress=progress, cancel=cancel,
            )
            return LoadedCorpus(self, corpus, splits)
        if self.sample:
            corpus = load_sample(self.sample)
        elif self.files:
            corpus = load_corpus(list(self.files), self.encoding, progress=progress, cancel=cancel)
        elif self.embedded is not None:
            corpus = self.embedded
        else:
            raise CorpusError("no_corpus")
        method = self.split_method or default_split_method(self.sample)
        return LoadedCorpus(self, corpus, split_corpus(corpus, self.split or DEFAULT_SPLIT, method))


def default_split_method(sample: str | None) -> str:
    """How a text is split when nothing else is said: the names sample holds out random lines
    (its own setting), any other text its tail."""
    from lmstudio_app.core.samples import get_sample

    return get_sample(sample).split_method if sample else "contiguous"


@dataclass
class LoadedCorpus:
    """A source's text, read and split: what the steps of a run work on."""

    source: CorpusSource
    corpus: Corpus
    splits: Splits

    def record(self) -> dict[str, Any]:
        """run.json's "corpus": the text's name and fingerprints, and its source with each
        file's fingerprint (hashing takes a moment: call this in a worker)."""
        return {
            "name": self.corpus.name,
            "encoding": self.corpus.encoding,
            "fingerprint": self.corpus.fingerprint,
            "files": [source.path for source in self.corpus.sources],
            "split_method": self.splits.method,
            "chars": {name: len(text) for name, text in self.splits.items()},
            "source": self.source.with_file_fingerprints().to_json(),
            "fingerprints": split_fingerprints(self.splits),
        }

    def check_is_the_run_text(self, run: dict[str, Any], folder: str | Path) -> None:
        """Refuse (`resume_corpus_changed`) a text or a split that is not the run's."""
        recorded = check_corpus_record(run, folder)
        expected = recorded.get("fingerprint")
        if expected and self.corpus.fingerprint != expected:
            raise StudioError("resume_corpus_changed", what="its content differs")
        stored = recorded.get("fingerprints") or {}
        if not stored:
            return
        current = split_fingerprints(self.splits)
        for name in ("train", "valid", "test"):
            if name in stored and stored[name] != current[name]:
                raise StudioError("resume_corpus_changed", what=f"the {name} part differs")


def migrate_corpus_record(corpus: Any) -> Any:
    """A corpus record of format version 1 in today's shape.

    The window once recorded only "sample", "paths", "encoding" and "split_method" (before
    "source" existed), and then those beside "source": both are read as the source they
    describe, with the default split. Anything of an unexpected shape is left as it is, for
    `runs.checks` to refuse when the text is needed (generate and eval do not need it)."""
    if not isinstance(corpus, dict) or not ("paths" in corpus or "sample" in corpus):
        return corpus
    paths, sample = corpus.get("paths"), corpus.get("sample")
    if not (isinstance(paths, list | None) and isinstance(sample, str | None)):
        return corpus
    migrated = {key: value for key, value in corpus.items() if key not in ("paths", "sample")}
    if "source" not in corpus and (paths or sample):
        method = corpus.get("split_method")
        migrated["source"] = CorpusSource(
            files=tuple(str(path) for path in paths or ()),
            sample=sample,
            encoding=corpus.get("encoding") if isinstance(corpus.get("encoding"), str) else None,
            split_method=method if isinstance(method, str) else None,
        ).to_json()
    return migrated
