"""The run folder: what a teacher hands to a class.

```
my-run/
  run.json           format version, app version, model kind, specs, corpus, final metrics
  tokenizer.json     the Hugging Face tokenizers file
  model.safetensors  neural weights (n-gram: model.arpa)
  metrics.jsonl      one JSON line per logged step or evaluation
  checkpoint/        what resuming needs (safetensors + JSON)
```

run.json's schema is `RunInfo` (a dataclass, with its format version). Readers get run.json
as a dict, checked and migrated (`read_run_json`): the shapes format version 1 took over
time read as today's, so run folders made by any release of that format keep opening.

Every file is written to a temporary name and renamed, so a crash or a full disk never leaves
a half-written file in place of a good one. Nothing here ever unpickles: JSON and safetensors.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmstudio_app import __version__
from lmstudio_app.core import jsontext
from lmstudio_app.core.config import spec_from_dict
from lmstudio_app.core.errors import RunFolderError, StudioError, TokenizerError
from lmstudio_app.core.fileio import atomic_write_text, write_error
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.runs import paths
from lmstudio_app.core.tokenization import StudioTokenizer, TokenizerSpec

# Raised when a reader of an older version could no longer read what this one writes. The
# changes since 1 (the window's corpus record in the command line's shape, n-gram metrics
# lines under "kind") are read by version 1's code as they are, so they did not raise it.
RUN_FORMAT_VERSION = 1
RUN_JSON = "run.json"
TOKENIZER_JSON = "tokenizer.json"
METRICS_JSONL = "metrics.jsonl"
CHECKPOINT_DIR = "checkpoint"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class RunInfo:
    """run.json: what a run folder says of itself. `extra` keeps what other parts of the app
    add beside these (the tokenizer's fingerprint, an imported ARPA file's origin, the
    model's size), written back unchanged."""

    model_kind: str
    tokenizer: dict[str, Any]
    model: dict[str, Any]
    train: dict[str, Any] = field(default_factory=dict)
    corpus: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    status: str = "created"
    format_version: int = RUN_FORMAT_VERSION
    app_version: str = __version__
    created: str = field(default_factory=_now)
    extra: dict[str, Any] = field(default_factory=dict)

    # The order run.json has always been written in.
    _ORDER = ("format_version", "app_version", "created", "model_kind", "tokenizer", "model",
              "train", "corpus", "metrics", "status")

    def to_json(self) -> dict[str, Any]:
        return {**{key: getattr(self, key) for key in self._ORDER}, **self.extra}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunInfo:
        """A run.json already checked and migrated (`checked_run_json`); what it lacks takes
        the defaults of a new run."""
        names = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        known = {key: data[key] for key in names if key in data}
        return cls(**known, extra={k: v for k, v in data.items() if k not in names})


def checked_run_json(data: dict[str, Any], folder: str | Path) -> dict[str, Any]:
    """run.json's content, checked (a clear error for a corrupt or future-version one) and
    the older shapes of format version 1 migrated (`migrate`)."""
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("run.json has no format version")
        )
    if version > RUN_FORMAT_VERSION:
        raise RunFolderError("run_future_version", path=str(folder), version=version)
    for key in ("model_kind", "tokenizer", "model"):
        if key not in data:
            raise RunFolderError(
                "run_corrupt", path=str(folder), reason=N_("run.json lacks {key!r}", key=key)
            )
    return migrate(data)


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """A run.json of format version 1, in today's shape (unknown shapes are kept for the
    checks of whoever reads them: a generate never needs the corpus record)."""
    from lmstudio_app.core.runs.source import migrate_corpus_record

    if "corpus" in data:
        data = {**data, "corpus": migrate_corpus_record(data["corpus"])}
    return data


def json_safe(value: Any) -> Any:
    """JSON has no NaN or infinity: write them as strings a person can read."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


def write_json(path: Path, data: dict[str, Any]) -> None:
    # jsontext: a file name that is not UTF-8 (lone surrogates) is written as an escape.
    atomic_write_text(path, jsontext.dumps(json_safe(data), indent=2) + "\n")


def read_json(path: Path, folder: Path) -> dict[str, Any]:
    try:
        # Never through a link: a run.json pointing elsewhere is a damaged folder.
        text = paths.read_text(folder, str(Path(path).relative_to(folder)))
    except FileNotFoundError:
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("{name} is missing", name=path.name)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("{name}: {exc}", name=path.name, exc=exc)
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("{name} is not valid JSON", name=path.name)
        ) from None
    if not isinstance(data, dict):
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("{name} is not an object", name=path.name)
        )
    return data


def new_run_json(
    *,
    model_kind: str,
    tokenizer_spec: TokenizerSpec,
    model_spec: dict[str, Any],
    train_spec: dict[str, Any] | None = None,
    corpus: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from lmstudio_app.core.config import spec_to_dict

    return RunInfo(
        model_kind=model_kind,
        tokenizer=spec_to_dict(tokenizer_spec),
        model=model_spec,
        train=train_spec or {},
        corpus=corpus or {},
    ).to_json()


def save_run_start(folder: Path, run: dict[str, Any], tokenizer: StudioTokenizer) -> None:
    """Create the folder with run.json and tokenizer.json, before any training."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from exc
    # A folder chosen as --out may hold links where the app's files go (checkpoint -> a
    # person's folder): refused before anything is written.
    paths.check_run_folder(folder)
    tokenizer.save(folder / TOKENIZER_JSON)
    from lmstudio_app.core.tokenization.checks import record_tokenizer_fingerprint

    record_tokenizer_fingerprint(run, tokenizer)  # a swapped tokenizer.json is then noticed
    write_json(folder / RUN_JSON, run)


def update_run_json(folder: Path, **changes: Any) -> dict[str, Any]:
    run = read_run_json(folder)
    run.update(changes)
    write_json(Path(folder) / RUN_JSON, run)
    return run


def read_run_json(folder: Path) -> dict[str, Any]:
    """run.json, checked: a clear error for a missing, corrupt or future-version folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RunFolderError("run_not_found", path=str(folder))
    # Every reader and writer starts here: a run folder whose own files are links to
    # somewhere else is damaged, and nothing is read from or written through it.
    paths.check_run_folder(folder)
    if not (folder / RUN_JSON).exists():
        raise RunFolderError("run_not_found", path=str(folder))
    return checked_run_json(read_json(folder / RUN_JSON, folder), folder)


def load_run_tokenizer(folder: Path, run: dict[str, Any] | None = None) -> StudioTokenizer:
    folder = Path(folder)
    run = run if run is not None else read_run_json(folder)
    try:
        spec = spec_from_dict(TokenizerSpec, run["tokenizer"])
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    try:
        tokenizer = StudioTokenizer.load(paths.entry(folder, TOKENIZER_JSON), spec)
    except TokenizerError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    from lmstudio_app.core.tokenization.checks import check_run_tokenizer

    check_run_tokenizer(folder, run, tokenizer)  # the tokenizer the run was trained with
    return tokenizer


def is_run_folder(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / RUN_JSON).is_file()
