"""metrics.jsonl: one JSON object a line, each saying what it records under "kind".

```
{"kind": "train", "step": 12, "epoch": 0.02, "loss": 3.1, "lr": 0.003, ...}    # a trainer step
{"kind": "eval", "step": 100, "valid_loss": 2.4, ...}                          # an evaluation
{"kind": "built", "train_tokens": 206061, "ngrams": [...], ...}                # an n-gram built
{"kind": "eval", "split": "valid", "perplexity": 9.3, "loss": 2.2, ...}        # an n-gram scored
```

Format version 1's n-gram lines said "event" where the trainer said "kind". The writer takes
either and writes "kind" (a line with neither, or with another kind, is a bug and refused);
the reader gives every line, old or new, its "kind". A line without "step" is at step 0.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from lmstudio_app.core import jsontext
from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.fileio import atomic_write_text
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.runs import paths
from lmstudio_app.core.runs.folder import METRICS_JSONL, json_safe

METRIC_KINDS = frozenset({"train", "eval", "built"})
_OLD_KIND_KEY = "event"  # format version 1's n-gram lines


def metric_record(record: dict[str, Any]) -> dict[str, Any]:
    """`record` in the one schema: its kind under "kind" (first), one of `METRIC_KINDS`."""
    body = dict(record)
    kind = body.pop("kind", None)
    old = body.pop(_OLD_KIND_KEY, None)
    kind = kind if kind is not None else old
    if kind not in METRIC_KINDS:
        raise ValueError(f"a metrics line needs a kind among {sorted(METRIC_KINDS)}: {record}")
    return {"kind": kind, **body}


def append_metrics(folder: Path, record: dict[str, Any]) -> None:
    """Add one line to metrics.jsonl (append-only: a crash loses at most this line)."""
    append_metrics_many(folder, [record])


def append_metrics_many(folder: Path, records: list[dict[str, Any]]) -> None:
    """Add several lines to metrics.jsonl in one write (training logs in batches)."""
    if not records:
        return
    text = "".join(jsontext.dumps(json_safe(metric_record(r))) + "\n" for r in records)
    # Appending follows no link: metrics.jsonl -> someone's notes would grow the notes.
    paths.append_text(folder, METRICS_JSONL, text)


def metric_step(record: dict[str, Any]) -> int | None:
    """The step of a metrics line: 0 when it has none (n-gram lines), None when it is not a
    whole number (a damaged line)."""
    step = record.get("step", 0)
    if isinstance(step, int) and not isinstance(step, bool):
        return step
    return None


def _read_line(raw: bytes) -> dict[str, Any] | None:
    """One line as today's schema, or None when it is damaged."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(record, dict) or metric_step(record) is None:
        return None
    if "kind" not in record and _OLD_KIND_KEY in record:
        record = {"kind": record.pop(_OLD_KIND_KEY), **record}
    return record


def read_metrics(folder: Path) -> list[dict[str, Any]]:
    """Every good line of metrics.jsonl, each with its "kind".

    A torn last line (from a crash), a line that is not UTF-8 or not JSON, and a line whose
    step is not a whole number are skipped: one damaged line loses that line, not the run.
    """
    folder = Path(folder)
    try:
        handle = paths.open_regular(folder, METRICS_JSONL)
    except FileNotFoundError:
        return []
    except OSError as exc:
        reason = N_("{name}: {exc}", name=METRICS_JSONL, exc=exc)
        raise RunFolderError("run_corrupt", path=str(folder), reason=reason) from None
    with os.fdopen(handle, "rb") as stream:
        return [record for raw in stream if (record := _read_line(raw)) is not None]


def truncate_metrics(folder: Path, after_step: int) -> None:
    """Drop metrics logged after `after_step` (used when resuming from an older checkpoint)."""
    records = [r for r in read_metrics(folder) if (metric_step(r) or 0) <= after_step]
    text = "".join(jsontext.dumps(r) + "\n" for r in records)
    atomic_write_text(Path(folder) / METRICS_JSONL, text)
