"""A mix as a run folder: run.json (kind `mix`, the parts and their weights), tokenizer.json
(the parts' own), metrics.jsonl; and `mix_runs`, the one function that builds one (the CLI's
`mix` and the window call it): load the parts, check they share a tokenizer, score the
validation text with each, tune the weights by EM, and measure every part and the mix."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.losses import perplexity
from lmstudio_app.core.models.mix.em import MixFit, fit_weights, mixture_logprobs
from lmstudio_app.core.models.mix.model import MixModel
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization import StudioTokenizer


def part_path(mix_folder: Path, part: str) -> Path:
    """Where a part named in run.json lies (relative paths: from the mix's folder)."""
    path = Path(part)
    return path if path.is_absolute() else Path(mix_folder) / path


def recorded_part(mix_folder: Path, part: Path) -> str:
    """How run.json names a part: relative when it lies beside the mix, else absolute."""
    part = Path(part).resolve()
    try:
        relative = os.path.relpath(part, Path(mix_folder).resolve())
    except ValueError:  # another drive (Windows)
        return str(part)
    return str(part) if relative.startswith(os.pardir + os.sep + os.pardir) else relative


def same_tokenizer(a: StudioTokenizer, b: StudioTokenizer) -> bool:
    from lmstudio_app.core.tokenization.checks import tokenizer_fingerprint

    return a.spec == b.spec and tokenizer_fingerprint(a.hf) == tokenizer_fingerprint(b.hf)


def load_parts(
    paths: Sequence[str | Path],
    tokenizer: StudioTokenizer | None = None,
    mix_folder: Path | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[list[Any], StudioTokenizer]:
    """The parts' models, refused in one sentence when one is missing or reads other tokens
    than the first (or than `tokenizer`, the mix's own)."""
    from lmstudio_app.core.models import load_run_model
    from lmstudio_app.core.runs import is_run_folder

    if len(paths) < 2:
        raise StudioError("mix_too_few")
    models = []
    first_name = str(paths[0])
    for index, path in enumerate(paths):
        check_cancel(cancel)
        if not is_run_folder(path):
            if mix_folder is not None:
                raise RunFolderError("mix_part_missing", path=str(mix_folder), part=str(path))
            raise StudioError("run_not_found", path=str(path))
        share = scaled(progress, index / len(paths), 1 / len(paths))
        _, part_tokenizer, model = load_run_model(path, share, cancel)
        if tokenizer is None:
            tokenizer = part_tokenizer
        elif not same_tokenizer(tokenizer, part_tokenizer):
            raise StudioError("mix_tokenizer_differs", part=str(path), first=first_name)
        models.append(model)
    assert tokenizer is not None
    return models, tokenizer


def load_from_run(
    folder: str | Path,
    run: dict[str, Any],
    tokenizer: StudioTokenizer,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> MixModel:
    """The mix of a run folder, its parts loaded from where run.json says they are."""
    folder = Path(folder)
    spec = run.get("model")
    parts = spec.get("parts") if isinstance(spec, dict) else None
    weights = spec.get("weights") if isinstance(spec, dict) else None
    if (
        not isinstance(parts, list)
        or not isinstance(weights, list)
        or len(parts) != len(weights)
        or len(parts) < 2
        or not all(isinstance(p, str) for p in parts)
        or not all(isinstance(w, (int, float)) and math.isfinite(w) and w >= 0 for w in weights)
        or not sum(weights) > 0
    ):
        raise RunFolderError(
            "run_corrupt",
            path=str(folder),
            reason=N_("run.json: a mix needs two or more parts, each with a weight"),
        )
    paths = [part_path(folder, p) for p in parts]
    models, _ = load_parts(paths, tokenizer, folder, progress, cancel)
    return MixModel(models, weights, tokenizer, [Path(p).name for p in parts])


@dataclass
class MixResult:
    """What `mix_runs` measured: the tuned weights and each part's and the mix's figures."""

    parts: list[str]
    weights: list[float]
    fit: MixFit
    figures: dict[str, dict[str, float]] = field(default_factory=dict)  # split -> name -> ppl
    folder: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "parts": self.parts,
            "weights": self.weights,
            "em_iterations": len(self.fit.history) - 1,
            "valid_tokens": self.fit.tokens,
            "perplexity": self.figures,
            "run": self.folder,
        }


def _part_rows(
    model: MixModel, text: str, progress: ProgressCallback, cancel: CancelCheck | None
) -> np.ndarray:
    ids = model.tokenizer.encode_to_array(text, scaled(progress, 0.0, 0.1), cancel)
    if ids.size == 0:
        raise StudioError("empty_text")
    rows = model.stream_part_logprobs(ids, scaled(progress, 0.1, 0.9), cancel)
    return rows


def _perplexities(rows: np.ndarray, weights: np.ndarray, names: list[str]) -> dict[str, float]:
    out = {name: perplexity(float(-row.mean())) for name, row in zip(names, rows, strict=True)}
    out["mix"] = perplexity(float(-mixture_logprobs(rows, weights).mean()))
    return out


def mix_runs(
    paths: Sequence[str | Path],
    out: str | Path | None = None,
    valid_text: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> MixResult:
    """Mix the runs in `paths` (two or more, one tokenizer): weights tuned by EM on
    `valid_text` (default: the validation part of the first run's text), the test part
    measured when the first run's text has one; saved as a run folder in `out` if given."""
    from lmstudio_app.core.runs.source import CorpusSource

    if out is not None:
        from lmstudio_app.core.runs.jobs import check_new_run_folder

        check_new_run_folder(out, taken="run_folder_taken")
    models, tokenizer = load_parts(paths, progress=scaled(progress, 0.0, 0.3), cancel=cancel)
    names = [Path(p).name or str(p) for p in paths]
    if len(set(names)) != len(names):
        names = [str(p) for p in paths]
    mix = MixModel(models, [1.0] * len(models), tokenizer, names)
    from lmstudio_app.core.runs import read_run_json

    try:  # the first run's own text: its validation part (unless given) and its test part
        splits = (
            CorpusSource.of_run(read_run_json(Path(paths[0])), paths[0])
            .load(scaled(progress, 0.3, 0.1), cancel)
            .splits
        )
    except StudioError:
        splits = None
    if valid_text is None:
        if splits is None or not splits.valid:
            raise StudioError("mix_no_valid")
        valid_text = splits.valid
    test_text = splits.test if splits is not None and splits.test else None
    rows = _part_rows(mix, valid_text, scaled(progress, 0.4, 0.3), cancel)
    fit = fit_weights(rows)
    mix.set_weights(fit.weights)
    result = MixResult([str(p) for p in paths], list(fit.weights), fit)
    result.figures["valid"] = _perplexities(rows, mix.weights, names)
    if test_text:
        rows = _part_rows(mix, test_text, scaled(progress, 0.7, 0.25), cancel)
        result.figures["test"] = _perplexities(rows, mix.weights, names)
    if out is not None:
        save_mix_run(out, paths, fit.weights, tokenizer, result)
        result.folder = str(out)
    progress(1.0, N_("Done"))
    return result


def save_mix_run(
    folder: str | Path,
    paths: Sequence[str | Path],
    weights: Sequence[float],
    tokenizer: StudioTokenizer,
    result: MixResult | None = None,
) -> None:
    """Write a mix's run folder (its lock held while it is written)."""
    from lmstudio_app.core.runs import (
        append_metrics,
        is_run_folder,
        new_run_json,
        save_run_start,
    )
    from lmstudio_app.core.runs.lock import acquire_run_lock

    folder = Path(folder)
    with acquire_run_lock(folder):
        if is_run_folder(folder):
            raise StudioError("run_folder_taken", path=str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        parts = [recorded_part(folder, Path(p)) for p in paths]
        run = new_run_json(
            model_kind="mix",
            tokenizer_spec=tokenizer.spec,
            model_spec={"parts": parts, "weights": [float(w) for w in weights]},
        )
        run["status"] = "done"
        figures = result.to_json() if result is not None else {}
        for split, values in result.figures.items() if result is not None else ():
            # as an n-gram run records them, so the Runs page shows the mix's figures
            figures[f"{split}_perplexity"] = values["mix"]
            figures[f"{split}_loss"] = math.log(values["mix"])
        run["metrics"] = figures
        save_run_start(folder, run, tokenizer)
        if result is not None:
            append_metrics(folder, {"kind": "built", **result.to_json()})
            for split, values in result.figures.items():
                append_metrics(
                    folder,
                    {
                        "kind": "eval",
                        "split": split,
                        "perplexity": values["mix"],
                        "loss": math.log(values["mix"]),
                    },
                )
