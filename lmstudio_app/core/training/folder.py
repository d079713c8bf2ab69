"""A training run's folder as the Trainer starts it and reads its settings back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmstudio_app.core import runs
from lmstudio_app.core.config import spec_from_dict, spec_to_dict, validate_spec
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.models import kind_of_spec, model_kind
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.spec import TrainSpec


def create_run(
    folder: Path,
    model_spec: Any,
    train_spec: TrainSpec,
    tokenizer: StudioTokenizer,
    corpus: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A new run folder with run.json and tokenizer.json, ready for `Trainer`."""
    model_spec = validate_spec(model_spec)
    train_spec = validate_spec(train_spec)
    run = runs.new_run_json(
        model_kind=kind_of_spec(model_spec).name,
        tokenizer_spec=tokenizer.spec,
        model_spec=spec_to_dict(model_spec),
        train_spec=spec_to_dict(train_spec),
        corpus=corpus,
    )
    runs.save_run_start(Path(folder), run, tokenizer)
    return run


def specs_from_run(folder: Path, run: dict[str, Any]) -> tuple[Any, TrainSpec]:
    """The model and training settings run.json records, read with the class its model kind
    names; damaged ones make the folder damaged."""
    spec_class = model_kind(str(run.get("model_kind"))).spec_class
    try:
        model = spec_from_dict(spec_class, run["model"])
        train = spec_from_dict(TrainSpec, run.get("train") or {})
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    return model, train
