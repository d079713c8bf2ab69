"""The run folder: what a teacher hands to a class.

```
my-run/
  run.json           format version, app version, model kind, specs, corpus, final metrics
  tokenizer.json     the Hugging Face tokenizers file
  model.safetensors  neural weights (n-gram: model.arpa)
  metrics.jsonl      one JSON line per logged step or evaluation
  checkpoint/        what resuming needs (safetensors + JSON)
```

Every file is written to a temporary name and renamed, so a crash or a full disk never leaves
a half-written file in place of a good one. Nothing here ever unpickles: JSON and safetensors.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

from lmstudio_app import __version__
from lmstudio_app.core import jsontext, runpaths
from lmstudio_app.core.config import spec_from_dict
from lmstudio_app.core.errors import RunFolderError, StudioError, TokenizerError
from lmstudio_app.core.fileio import atomic_write_text, write_error
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.tokenization import StudioTokenizer, TokenizerSpec

RUN_FORMAT_VERSION = 1
RUN_JSON = "run.json"
TOKENIZER_JSON = "tokenizer.json"
METRICS_JSONL = "metrics.jsonl"
CHECKPOINT_DIR = "checkpoint"


def _json_safe(value: Any) -> Any:
    """JSON has no NaN or infinity: write them as strings a person can read."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def write_json(path: Path, data: dict[str, Any]) -> None:
    # jsontext: a file name that is not UTF-8 (lone surrogates) is written as an escape.
    atomic_write_text(path, jsontext.dumps(_json_safe(data), indent=2) + "\n")


def read_json(path: Path, folder: Path) -> dict[str, Any]:
    try:
        # Never through a link: a run.json pointing elsewhere is a damaged folder.
        text = runpaths.read_text(folder, str(Path(path).relative_to(folder)))
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

    return {
        "format_version": RUN_FORMAT_VERSION,
        "app_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "model_kind": model_kind,
        "tokenizer": spec_to_dict(tokenizer_spec),
        "model": model_spec,
        "train": train_spec or {},
        "corpus": corpus or {},
        "metrics": {},
        "status": "created",
    }


def save_run_start(folder: Path, run: dict[str, Any], tokenizer: StudioTokenizer) -> None:
    """Create the folder with run.json and tokenizer.json, before any training."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from exc
    # A folder chosen as --out may hold links where the app's files go (checkpoint -> a
    # person's folder): refused before anything is written.
    runpaths.check_run_folder(folder)
    tokenizer.save(folder / TOKENIZER_JSON)
    from lmstudio_app.core.tokenizer_checks import record_tokenizer_fingerprint

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
    runpaths.check_run_folder(folder)
    if not (folder / RUN_JSON).exists():
        raise RunFolderError("run_not_found", path=str(folder))
    run = read_json(folder / RUN_JSON, folder)
    version = run.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=N_("run.json has no format version")
        )
    if version > RUN_FORMAT_VERSION:
        raise RunFolderError("run_future_version", path=str(folder), version=version)
    for key in ("model_kind", "tokenizer", "model"):
        if key not in run:
            raise RunFolderError(
                "run_corrupt", path=str(folder), reason=N_("run.json lacks {key!r}", key=key)
            )
    return run


def load_run_tokenizer(folder: Path, run: dict[str, Any] | None = None) -> StudioTokenizer:
    folder = Path(folder)
    run = run if run is not None else read_run_json(folder)
    try:
        spec = spec_from_dict(TokenizerSpec, run["tokenizer"])
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    try:
        tokenizer = StudioTokenizer.load(runpaths.entry(folder, TOKENIZER_JSON), spec)
    except TokenizerError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    from lmstudio_app.core.tokenizer_checks import check_run_tokenizer

    check_run_tokenizer(folder, run, tokenizer)  # the tokenizer the run was trained with
    return tokenizer


def append_metrics(folder: Path, record: dict[str, Any]) -> None:
    """Add one line to metrics.jsonl (append-only: a crash loses at most this line)."""
    append_metrics_many(folder, [record])


def append_metrics_many(folder: Path, records: list[dict[str, Any]]) -> None:
    """Add several lines to metrics.jsonl in one write (training logs in batches)."""
    if not records:
        return
    text = "".join(jsontext.dumps(_json_safe(r)) + "\n" for r in records)
    # Appending follows no link: metrics.jsonl -> someone's notes would grow the notes.
    runpaths.append_text(folder, METRICS_JSONL, text)


def metric_step(record: dict[str, Any]) -> int | None:
    """The step of a metrics line: 0 when it has none (n-gram events), None when it is not a
    whole number (a damaged line)."""
    step = record.get("step", 0)
    if isinstance(step, int) and not isinstance(step, bool):
        return step
    return None


def read_metrics(folder: Path) -> list[dict[str, Any]]:
    """Every good line of metrics.jsonl.

    A torn last line (from a crash), a line that is not UTF-8 or not JSON, and a line whose
    step is not a whole number are skipped: one damaged line loses that line, not the run.
    """
    folder = Path(folder)
    try:
        handle = runpaths.open_regular(folder, METRICS_JSONL)
    except FileNotFoundError:
        return []
    except OSError as exc:
        reason = N_("{name}: {exc}", name=METRICS_JSONL, exc=exc)
        raise RunFolderError("run_corrupt", path=str(folder), reason=reason) from None
    records = []
    with os.fdopen(handle, "rb") as stream:
        for raw in stream:
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(record, dict) and metric_step(record) is not None:
                records.append(record)
    return records


def truncate_metrics(folder: Path, after_step: int) -> None:
    """Drop metrics logged after `after_step` (used when resuming from an older checkpoint)."""
    records = [r for r in read_metrics(folder) if (metric_step(r) or 0) <= after_step]
    text = "".join(jsontext.dumps(r) + "\n" for r in records)
    atomic_write_text(Path(folder) / METRICS_JSONL, text)


def is_run_folder(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / RUN_JSON).is_file()
