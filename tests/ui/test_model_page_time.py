"""The Model page's time per epoch and for the whole run, measured on this computer (issue 15).

The formula said 68 s per epoch where 107 s was measured. Now, once the engine has loaded, the
page times a few steps of the real Trainer in a worker thread and shows "about 1m47s (measured
on this computer)"; before that, the formula marked as a rough guess. How close the estimate
comes to training is measured in bench/epoch_estimate.py; here only a catastrophe is caught.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.model_cost import MEASURE_DELAY_MS
from lmstudio_app.ui.pages.model_page import ModelPage
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.workers import lower_this_threads_priority
from tests.ui.drive import choose, find

MEASURED = "(measured on this computer)"
TRAINED_STEPS = 40
SKIPPED_STEPS = 5  # the first steps allocate and pick kernels
# A catastrophe, not a target (the target, 25%, is bench/epoch_estimate.py's): ten times.
# A fresh-clone run with two busy loops measured 0.017 s against 0.067 s trained (3.9x).
FACTOR = 10.0


@pytest.fixture(scope="module")
def names() -> dict[str, Any]:
    """The names sample cut by a character tokenizer, with its statistics and token ids."""
    splits = split_corpus(load_sample("names"), method="lines")
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    stats = tokenizer.statistics(dict(splits.items()))
    return {"tokenizer": tokenizer, "stats": stats, "data": encode_splits(tokenizer, splits)}


def _page(qtbot: QtBot, names: dict[str, Any], preset: str = "tiny") -> ModelPage:
    session = Session()
    page = ModelPage(session)
    qtbot.addWidget(page)
    page.show()
    session.set_tokenizer(names["tokenizer"], names["stats"])
    choose(find(page, QComboBox, "Preset"), preset)
    return page


def _epoch(page: ModelPage) -> str:
    return str(find(page, QLabel, "Time per epoch").text())


def _run(page: ModelPage) -> str:
    return str(find(page, QLabel, "Whole run").text())


def _set(page: ModelPage, name: str, value: float) -> None:
    find(page, QAbstractSpinBox, name).setValue(value)


def _wait_measured(qtbot: QtBot, page: ModelPage) -> float:
    qtbot.waitUntil(lambda: MEASURED in _epoch(page), timeout=60_000)
    return page.estimates["step_seconds"]


@pytest.mark.slow
def test_the_page_measures_the_trainers_step_once_the_engine_has_loaded(
    qtbot: QtBot, names: dict[str, Any]
) -> None:
    from lmstudio_app.core.training import StepEvent, Trainer

    page = _page(qtbot, names)
    assert _epoch(page).startswith("roughly ") and "a rough guess until measured" in _epoch(page)
    qtbot.wait(MEASURE_DELAY_MS * 2)
    assert "step_seconds" not in page.estimates  # nothing measured before the engine loads
    page.session.set_engine_ready()  # what the window does once torch has been imported
    assert "measuring" in _epoch(page)
    step = _wait_measured(qtbot, page)
    assert _epoch(page).startswith("about ")
    # The tiny preset trains for 45 seconds.
    assert _run(page) == "45s (the time limit)"
    # A length in steps: the whole run from the measured step; a step costs the same, so
    # nothing is measured again.
    _set(page, "Steps", TRAINED_STEPS)
    _set(page, "Time limit", 0)
    assert _run(page).startswith("about ") and _run(page).endswith(f"({TRAINED_STEPS} steps)")
    assert MEASURED in _epoch(page) and page.estimates["step_seconds"] == step
    assert not page.cost._delay.isActive()
    # Then the real Trainer trains those settings on the real text, as the Train page would.
    train = dataclasses.replace(
        page.train_spec(), eval_every=0, sample_tokens=0, checkpoint_every=0.0
    )
    elapsed: dict[int, float] = {}

    def train_as_the_app_does() -> None:
        # In a worker thread at the workers' lower priority, as the page measured and as the
        # Train page trains: under load (two busy processes) a step of this test's own
        # thread, at normal priority, took a tenth of the time of a measured one.
        lower_this_threads_priority()
        trainer = Trainer(page.model_spec(), train, names["tokenizer"], names["data"])
        for event in trainer.run():
            if isinstance(event, StepEvent):
                elapsed[event.step] = event.elapsed

    worker = threading.Thread(target=train_as_the_app_does)
    worker.start()
    worker.join()
    assert max(elapsed) == TRAINED_STEPS
    trained = (elapsed[TRAINED_STEPS] - elapsed[SKIPPED_STEPS]) / (TRAINED_STEPS - SKIPPED_STEPS)
    assert trained / FACTOR < step < trained * FACTOR, (step, trained)


@pytest.mark.slow
def test_a_new_network_is_measured_again_but_not_while_a_model_trains(
    qtbot: QtBot, names: dict[str, Any]
) -> None:
    page = _page(qtbot, names)
    page.session.set_engine_ready()
    first = _wait_measured(qtbot, page)
    # The learning rate does not change a step's cost: no new measurement.
    _set(page, "Learning rate", 0.001)
    assert MEASURED in _epoch(page) and page.estimates["step_seconds"] == first
    # A wider network does: the rough guess, then a measurement of the new network.
    _set(page, "Hidden size", 64)
    assert "measuring" in _epoch(page)
    smaller = _wait_measured(qtbot, page)
    assert smaller != first
    # While a model trains (the Train page sets the property), nothing is measured: it would
    # slow training down and time the two together.
    page.session.setProperty("training", True)
    _set(page, "Hidden size", 96)
    qtbot.wait(MEASURE_DELAY_MS * 3)
    assert not page.cost._runner.is_running() and MEASURED not in _epoch(page)
    page.session.setProperty("training", False)  # training ended: measured now
    assert _wait_measured(qtbot, page) not in (first, smaller)
    # Back to the first network: remembered, not measured again.
    _set(page, "Hidden size", 256)
    assert page.model_spec().hidden_size == 256
    assert MEASURED in _epoch(page)


def test_an_ngram_has_no_steps_to_measure(qtbot: QtBot, names: dict[str, Any]) -> None:
    page = _page(qtbot, names)
    page.set_family("ngram")
    page.session.set_engine_ready()
    qtbot.wait(MEASURE_DELAY_MS * 2)
    assert not page.cost._runner.is_running()
    assert _run(page) == "one pass over the text"
    assert _epoch(page).endswith(" to count")
