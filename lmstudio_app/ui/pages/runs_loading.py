"""A run's record and model read from its folder, for the Runs and Generate pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmstudio_app.core.errors import StudioError
from lmstudio_app.ui.session import RunRecord
from lmstudio_app.ui.workers import describe_failure


def load_run_for_generation(record: RunRecord) -> tuple[Any, Any] | str:
    """(model, tokenizer) of a run, loaded once; or a sentence saying why it cannot be."""
    if record.loaded is not None:
        return record.loaded
    if record.folder is None:
        return "This run has no folder to load its model from."
    from lmstudio_app.core.models import load_run_model

    try:
        _, tokenizer, model = load_run_model(record.folder)
    except StudioError as exc:
        return exc.message
    except Exception as exc:
        return describe_failure(exc)
    record.loaded = (model, tokenizer)
    return record.loaded


def record_from_folder(folder: Path) -> RunRecord:
    """A RunRecord with its settings, metrics, curves and loaded model (in a worker thread)."""
    from lmstudio_app.core.models import load_run_model
    from lmstudio_app.ui.pages.train_work import load_curves

    run, tokenizer, model = load_run_model(folder)
    train_curve, valid_curve = load_curves(folder)
    record = RunRecord.from_run(
        folder,
        run,
        metrics=dict(run.get("metrics") or {}),
        train_curve=train_curve,
        valid_curve=valid_curve,
    )
    record.loaded = (model, tokenizer)
    return record
