"""The memorisation meter: how much of what a model writes it copied from its training text.

```
suffix.py  a suffix array over the training text's bytes (numpy), and the longest match
copied.py  copied spans of a generated text, and line data's train / valid / new lines
```

`training_text_of_run` reads a run's training part as the run split it (run.json's corpus
source), so the meter compares with exactly the text the model learned from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lmstudio_app.core.memorisation.copied import (
    MIN_CHARS,
    MIN_WORDS,
    CopiedSpan,
    CopyReport,
    LineCounts,
    TrainingText,
    cached_training_text,
)
from lmstudio_app.core.progress import CancelCheck

if TYPE_CHECKING:
    from lmstudio_app.core.corpus import Splits

__all__ = [
    "MIN_CHARS",
    "MIN_WORDS",
    "CopiedSpan",
    "CopyReport",
    "LineCounts",
    "TrainingText",
    "cached_training_text",
    "training_text_of_run",
    "training_text_of_splits",
]


def training_text_of_splits(splits: Splits) -> TrainingText:
    """The meter for a text split in memory, built once per training part."""
    from lmstudio_app.core.corpus import spill
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.runs.source import split_fingerprints

    if isinstance(splits.train, spill.SpilledText) or isinstance(splits.valid, spill.SpilledText):
        # A text too large to read into memory (`corpus.spill`): its suffix array would take
        # about ninety bytes a character while it is built.
        raise StudioError(
            "copies_text_too_large", chars=len(splits.train),
            limit_mb=round(spill.STREAM_BYTES / 2**20, 1),
        )
    key = split_fingerprints(splits)["train"]
    return cached_training_text(key, splits.train, splits.valid, line_data=splits.method == "lines")


def training_text_of_run(folder: str | Path, cancel: CancelCheck | None = None) -> TrainingText:
    """The meter for the run in `folder`: its text read and split as run.json records."""
    from lmstudio_app.core.runs import read_run_json
    from lmstudio_app.core.runs.source import CorpusSource

    folder = Path(folder)
    run = read_run_json(folder)
    loaded = CorpusSource.of_run(run, folder).load(cancel=cancel)
    loaded.check_is_the_run_text(run, folder)
    meter = training_text_of_splits(loaded.splits)
    meter.index(cancel)
    return meter


def meter_for_run(
    folder: str | Path, splits: Splits | None = None, cancel: CancelCheck | None = None
) -> TrainingText:
    """The meter for the run in `folder`, from `splits` (a text already split in memory, the
    window's) when its training part is the run's, else read again from the run's source."""
    from lmstudio_app.core.runs import read_run_json
    from lmstudio_app.core.runs.source import split_fingerprints

    if splits is not None:
        corpus = read_run_json(Path(folder)).get("corpus")
        recorded = corpus.get("fingerprints") if isinstance(corpus, dict) else None
        train = recorded.get("train") if isinstance(recorded, dict) else None
        if train and split_fingerprints(splits)["train"] == train:
            meter = training_text_of_splits(splits)
            meter.index(cancel)
            return meter
    return training_text_of_run(folder, cancel)
