"""Run folders: what a teacher hands to a class, and the steps that make and continue them.

```
folder.py      run.json (RunInfo: its schema and format version), tokenizer.json, reading back
metrics.py     metrics.jsonl: one schema, each line's "kind"
curves.py      the loss curves in metrics.jsonl, by step and by training time
source.py      CorpusSource: where the text comes from and how it is split, to and from JSON
jobs.py        the steps: new recurrent run, resume, n-gram run, ARPA import (CLI and window)
lock.py        one writer per run folder; runs a crash left behind
paths.py       paths inside a run folder, never followed through a link
checks.py      what a run folder from anyone may make the app read
unfinished.py  runs that never got a model, and their folder used again
```

The names of run.json and metrics.jsonl's readers and writers are importable from here, as
they were from the module this package replaced. `jobs` is imported on its own: it loads the
trainer (torch) when used.
"""

from lmstudio_app.core.runs.folder import (
    CHECKPOINT_DIR,
    METRICS_JSONL,
    RUN_FORMAT_VERSION,
    RUN_JSON,
    TOKENIZER_JSON,
    RunInfo,
    is_run_folder,
    load_run_tokenizer,
    new_run_json,
    read_json,
    read_run_json,
    save_run_start,
    update_run_json,
    write_json,
)
from lmstudio_app.core.runs.metrics import (
    append_metrics,
    append_metrics_many,
    metric_step,
    read_metrics,
    truncate_metrics,
)

__all__ = [
    "CHECKPOINT_DIR",
    "METRICS_JSONL",
    "RUN_FORMAT_VERSION",
    "RUN_JSON",
    "TOKENIZER_JSON",
    "RunInfo",
    "append_metrics",
    "append_metrics_many",
    "is_run_folder",
    "load_run_tokenizer",
    "metric_step",
    "new_run_json",
    "read_json",
    "read_metrics",
    "read_run_json",
    "save_run_start",
    "truncate_metrics",
    "update_run_json",
    "write_json",
]
