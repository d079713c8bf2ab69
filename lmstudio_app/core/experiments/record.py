"""experiment.json: what an experiment varied, each run's validation score, the best run, and
whether the choice was made final (`decided`), the only moment the test text is read.

```
{"format": 1, "kind": "experiment", "setting": "order", "values": [2, 3, 4],
 "budget_minutes": 5, "model_kind": "ngram", "base": {"model": {...}, "train": null,
 "train_share": 1.0}, "corpus": {<the text's source, as run.json records it>},
 "status": "running" | "finished" | "cancelled" | "out_of_time",
 "runs": [{"value": 2, "folder": "order-2", "status": "finished", "valid_loss": 1.9,
           "valid_perplexity": 6.7, "seconds": 0.4}, ...],
 "best": {"value": 3, "folder": "order-3", "valid_loss": ...} | null,
 "decided": null | {"value": 3, "folder": "order-3", "test_loss": ..., "test_perplexity": ...,
                    "test_tokens": ..., "valid_loss": ..., "when": "2026-..."}}
```

Honest selection: the runs are trained with the test text held back (none of their metrics
has a test score), the best is the lowest validation loss, and `decide()` measures the test
text once, on the chosen run only, and records it; deciding again returns that record
without reading the test text a second time.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

from lmstudio_app.core import jsontext
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.fileio import atomic_write_text
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress
from lmstudio_app.core.runs import paths

RECORD_FILE = "experiment.json"
FORMAT = 1


def is_experiment_folder(folder: str | Path) -> bool:
    return (Path(folder) / RECORD_FILE).is_file()


def read_experiment(folder: str | Path) -> dict[str, Any]:
    try:
        # not through a link: experiment.json -> someone's file is not read
        data = json.loads(paths.read_text(folder, RECORD_FILE))
    except FileNotFoundError:
        raise RunFolderError("run_not_found", path=str(folder)) from None
    except (OSError, ValueError) as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=str(exc)) from None
    if not isinstance(data, dict) or data.get("kind") != "experiment":
        raise RunFolderError("run_corrupt", path=str(folder), reason="not an experiment record")
    return data


def write_experiment(folder: str | Path, record: dict[str, Any]) -> None:
    # refused when experiment.json is a link (the rename would replace the link, but the
    # record read back would not be the one written)
    atomic_write_text(paths.entry(folder, RECORD_FILE), jsontext.dumps(record, indent=2) + "\n")


def best_run(record: dict[str, Any]) -> dict[str, Any] | None:
    """The finished run with the lowest validation loss (the first of equals), or None."""
    scored = [
        run
        for run in record.get("runs", [])
        if run.get("status") == "finished" and _finite(run.get("valid_loss"))
    ]
    return min(scored, key=lambda run: run["valid_loss"]) if scored else None


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def shown_result(record: dict[str, Any]) -> dict[str, Any]:
    """What may be shown of an experiment: each run's validation score and the best; the
    test score only once the choice was made final."""
    best = record.get("best")
    result: dict[str, Any] = {
        "setting": record["setting"],
        "status": record.get("status"),
        "runs": [
            {
                key: run.get(key)
                for key in (
                    "value",
                    "folder",
                    "status",
                    "valid_loss",
                    "valid_perplexity",
                    "seconds",
                )
            }
            for run in record.get("runs", [])
        ],
        "best": best,
        "decided": record.get("decided"),
    }
    return result


def decide(
    folder: str | Path,
    run_folder: str | None = None,
    test_text: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> dict[str, Any]:
    """Make the choice final: the chosen run (the best by validation unless `run_folder` names
    another of the experiment's runs) is measured once on the test text, and the experiment
    is marked decided. `test_text`: the text's test part when the caller has it (the window);
    otherwise the recorded text is read again. Deciding again returns the first decision."""
    from lmstudio_app.core.models import load_run_model

    folder = Path(folder)
    record = read_experiment(folder)
    if record.get("decided"):
        return dict(record["decided"])
    chosen = best_run(record)
    if run_folder is not None:
        names = {
            run["folder"]: run for run in record.get("runs", []) if run.get("status") == "finished"
        }
        chosen = names.get(Path(run_folder).name)
    if chosen is None:
        raise StudioError("experiment_not_done", path=str(folder))
    if test_text is None:
        test_text = _recorded_test_text(record, progress, cancel)
    _run, _tokenizer, model = load_run_model(folder / chosen["folder"])
    result = model.evaluate_text(test_text, cancel=cancel)
    decided = {
        "value": chosen["value"],
        "folder": chosen["folder"],
        "valid_loss": chosen.get("valid_loss"),
        "valid_perplexity": chosen.get("valid_perplexity"),
        "test_loss": result["loss"],
        "test_perplexity": result["perplexity"],
        "test_tokens": result["tokens"],
        "was_best": chosen is best_run(record) or chosen == best_run(record),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    record["decided"] = decided
    write_experiment(folder, record)
    return dict(decided)


def _recorded_test_text(
    record: dict[str, Any], progress: ProgressCallback, cancel: CancelCheck | None
) -> str:
    from lmstudio_app.core.runs.source import CorpusSource

    source = CorpusSource.from_json(record["corpus"])
    return source.load(progress, cancel).splits.test
