"""An n-gram run folder: its model read back from model.arpa, or an ARPA file imported as a
new run. (`training.train_to_run` writes the folders that training makes.)"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from lmstudio_app.core.config import spec_from_dict, spec_to_dict, validate_spec
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models.ngram.model import NGramModel
from lmstudio_app.core.models.ngram.raw_counts import load_counts
from lmstudio_app.core.models.ngram.spec import INTERPOLATED_SMOOTHINGS, NGramSpec
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled
from lmstudio_app.core.runs.lock import holding_run_lock
from lmstudio_app.core.tokenization import StudioTokenizer

MODEL_FILE = "model.arpa"


def load_from_run(
    folder: str | Path,
    run: dict[str, Any],
    tokenizer: StudioTokenizer,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """The model of an n-gram run folder, read back from its model.arpa."""
    folder = Path(folder)
    try:
        spec = spec_from_dict(NGramSpec, run["model"])
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    path = folder / MODEL_FILE
    if not path.is_file():
        raise RunFolderError("run_corrupt", path=str(folder), reason=f"{MODEL_FILE} is missing")
    arpa_info = run.get("arpa") or {}
    interpolated = arpa_info.get("interpolated") if isinstance(arpa_info, dict) else None
    try:
        model = NGramModel.load_arpa(
            path, tokenizer, spec, interpolated=interpolated, progress=progress, cancel=cancel
        )
    except StudioError as exc:
        if exc.code in ("arpa_bad", "arpa_vocab_mismatch"):
            raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
        raise
    model.info.discounts = _recorded_discounts(run, model.order)
    model.info.raw_counts = load_counts(folder, model.tables)
    return model


def _recorded_discounts(run: dict[str, Any], order: int) -> list[tuple[float, float, float]]:
    """The Kneser-Ney discounts training recorded (for the explanation of a probability;
    the ARPA file holds only their effect). None usable: an empty list."""
    metrics = run.get("metrics")
    recorded = metrics.get("discounts") if isinstance(metrics, dict) else None
    if not isinstance(recorded, list) or len(recorded) != order:
        return []
    try:
        rows = [tuple(float(d) for d in row) for row in recorded]
    except (TypeError, ValueError):
        return []
    if any(len(row) != 3 or not all(math.isfinite(d) for d in row) for row in rows):
        return []
    return rows  # type: ignore[return-value]


@holding_run_lock
def import_arpa_to_run(
    arpa_path: str | Path,
    tokenizer: StudioTokenizer,
    folder: str | Path,
    base_spec: NGramSpec | None = None,
    source: dict[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """Read an ARPA file over `tokenizer`'s tokens and save it as a new n-gram run folder.

    `base_spec` (the spec of the run the tokenizer came from, if it was an n-gram run) says
    how the model was smoothed and where its sentences end; without it the model is taken
    to be a sentence-per-line model (what ARPA files usually are) of unknown smoothing.
    The folder's lock is held while it is written.
    """
    from lmstudio_app.core.runs import is_run_folder, new_run_json, save_run_start, update_run_json

    folder = Path(folder)
    if is_run_folder(folder):
        raise StudioError("run_folder_taken", path=str(folder))
    smoothing_known = base_spec is not None
    model = NGramModel.load_arpa(
        arpa_path, tokenizer, progress=scaled(progress, 0.0, 0.5), cancel=cancel
    )
    base = base_spec or NGramSpec(sentence_per_line=True)
    spec = validate_spec(
        NGramSpec(
            order=model.order,
            smoothing=base.smoothing,
            add_k=base.add_k,
            sentence_per_line=base.sentence_per_line,
        )
    )
    interpolated = smoothing_known and spec.smoothing in INTERPOLATED_SMOOTHINGS
    model = NGramModel(model.tables, model.special, spec, tokenizer, interpolated=interpolated)
    run = new_run_json(
        model_kind="ngram",
        tokenizer_spec=tokenizer.spec,
        model_spec=spec_to_dict(spec),
        corpus=source or {},
    )
    run["arpa"] = {
        "imported_from": str(Path(arpa_path).resolve()),
        "smoothing_known": smoothing_known,
        "interpolated": interpolated,
    }
    save_run_start(folder, run, tokenizer)
    model.save_arpa(folder / MODEL_FILE, scaled(progress, 0.5, 0.5), cancel)
    update_run_json(folder, metrics={"ngrams": model.num_ngrams()}, status="done")
    progress(1.0, N_("Done"))
    return model
