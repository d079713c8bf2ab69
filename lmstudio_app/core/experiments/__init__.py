"""Experiments: vary one setting over a few values, train a run for each, pick the best by
validation, and read the test text once, when the choice is final.

The window's "Vary a setting" and `lmstudio-app experiment` both call `run_experiment` and
`decide`; see `runner` and `record` for the details and experiment.json.
"""

from lmstudio_app.core.experiments.record import (
    RECORD_FILE,
    best_run,
    decide,
    is_experiment_folder,
    read_experiment,
    shown_result,
)
from lmstudio_app.core.experiments.runner import (
    ExperimentControl,
    held_back,
    run_experiment,
    run_folder_name,
)
from lmstudio_app.core.experiments.settings import (
    VARIED,
    Setup,
    Varied,
    format_value,
    parse_values,
    varied,
    with_value,
)

__all__ = [
    "RECORD_FILE",
    "VARIED",
    "ExperimentControl",
    "Setup",
    "Varied",
    "best_run",
    "decide",
    "format_value",
    "held_back",
    "is_experiment_folder",
    "parse_values",
    "read_experiment",
    "run_experiment",
    "run_folder_name",
    "shown_result",
    "varied",
    "with_value",
]
