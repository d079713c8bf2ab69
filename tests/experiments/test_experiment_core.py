"""An experiment trains one run per value, picks the best by validation, and reads the test
text only when the choice is made final; pause and cancel reach the whole experiment."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.experiments import (
    ExperimentControl,
    Setup,
    decide,
    parse_values,
    read_experiment,
    run_experiment,
)
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.ngram import NGramSpec
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.runs.metrics import read_metrics
from lmstudio_app.core.runs.source import LoadedCorpus
from lmstudio_app.core.specs import preset_specs
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.events import PausedEvent, StepEvent


def _mentions_test(data: Any) -> bool:
    return "test_" in json.dumps(data)


def test_three_ngram_orders_best_by_validation_test_hidden_until_decided(
    tmp_path: Path, names: LoadedCorpus, char_tokenizer: StudioTokenizer
) -> None:
    folder = tmp_path / "orders"
    record = run_experiment(
        folder, Setup(NGramSpec()), "order", (1, 3, 6), char_tokenizer, names, budget_minutes=5
    )
    assert record["status"] == "finished"
    losses = {run["value"]: run["valid_loss"] for run in record["runs"]}
    assert all(run["status"] == "finished" for run in record["runs"])
    # Each run's validation loss is its own model's, measured again here.
    for run in record["runs"]:
        _, _, model = load_run_model(folder / run["folder"])
        again = model.evaluate_text(names.splits.valid)["loss"]
        assert again == pytest.approx(run["valid_loss"], rel=1e-6)
    best_value = min(losses, key=losses.__getitem__)
    assert record["best"]["value"] == best_value
    assert losses[1] > losses[best_value]  # a unigram knows no context: worse than the best
    # Hidden: no run folder and not the record holds a test score before the choice.
    assert not _mentions_test(read_experiment(folder))
    for run in record["runs"]:
        assert not _mentions_test(read_run_json(folder / run["folder"]).get("metrics"))
        assert not _mentions_test(read_metrics(folder / run["folder"]))
    decided = decide(folder, test_text=names.splits.test)
    assert decided["value"] == best_value and decided["was_best"]
    _, _, best_model = load_run_model(folder / record["best"]["folder"])
    expected = best_model.evaluate_text(names.splits.test)
    assert decided["test_perplexity"] == pytest.approx(expected["perplexity"], rel=1e-6)
    stored = read_experiment(folder)
    assert stored["decided"]["test_loss"] == decided["test_loss"]
    # Deciding again gives the first decision: the test text is not read a second time.
    assert decide(folder, test_text="something else entirely") == decided
    # Without the text given, the recorded text is read again (the command line's way).
    assert decide(folder)["test_loss"] == decided["test_loss"]


def test_values_are_parsed_and_bad_ones_refused() -> None:
    assert parse_values("lr", "0.001:0.1:3") == (0.001, 0.01, 0.1)
    assert parse_values("order", "2,3,4") == (2, 3, 4)
    assert parse_values("train_share", "10,25,50,100") == (0.1, 0.25, 0.5, 1.0)
    assert parse_values("dropout", "0:0.4:3") == (0.0, 0.2, 0.4)
    for name, text in (("lr", "0.01"), ("lr", "x,y"), ("order", "2,2"), ("lr", "1:2:1")):
        with pytest.raises(StudioError):
            parse_values(name, text)
    with pytest.raises(StudioError, match="not a setting an experiment can vary"):
        parse_values("colour", "1,2")


def test_a_setting_the_model_lacks_is_refused_before_any_run(
    tmp_path: Path, names: LoadedCorpus, char_tokenizer: StudioTokenizer
) -> None:
    with pytest.raises(StudioError):
        run_experiment(tmp_path / "x", Setup(NGramSpec()), "lr", (0.1, 0.2), char_tokenizer, names)
    assert not (tmp_path / "x").exists()


def test_pause_and_cancel_reach_the_whole_experiment(
    tmp_path: Path, names: LoadedCorpus, char_tokenizer: StudioTokenizer
) -> None:
    model, train = preset_specs("tiny", "char", "lstm")
    train = type(train)(
        **{
            **train.__dict__,
            "max_steps": 25,
            "epochs": 0,
            "max_minutes": 0.0,
            "eval_every": 10,
            "eval_tokens": 2000,
        }
    )
    control = ExperimentControl()
    events: list[tuple[int, Any]] = []
    done: dict[str, Any] = {}

    def report(record: dict[str, Any], _fraction: float, event: Any) -> None:
        running = [i for i, run in enumerate(record["runs"]) if run["status"] == "running"]
        index = running[0] if running else -1
        events.append((index, event))
        if isinstance(event, StepEvent) and index == 0 and event.step == 3:
            control.pause()
        if isinstance(event, StepEvent) and index == 1:
            control.cancel()  # in the middle of the second run

    def work() -> None:
        done["record"] = run_experiment(
            tmp_path / "lrs",
            Setup(model, train),
            "lr",
            (0.003, 0.01, 0.03),
            char_tokenizer,
            names,
            budget_minutes=5,
            control=control,
            report=report,
        )

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 120
    while not any(isinstance(e, PausedEvent) for _, e in events):
        assert time.monotonic() < deadline and thread.is_alive()
        time.sleep(0.02)
    steps = sum(isinstance(e, StepEvent) for _, e in events)
    time.sleep(0.5)
    assert sum(isinstance(e, StepEvent) for _, e in events) == steps  # paused: no steps
    assert control.paused
    control.resume()
    thread.join(timeout=300)
    assert not thread.is_alive()
    record = done["record"]
    assert record["status"] == "cancelled"
    statuses = [run["status"] for run in record["runs"]]
    assert statuses == ["finished", "cancelled", "skipped"]
    assert record["runs"][0]["steps"] == 25  # the pause lost no step
    assert record["best"]["value"] == 0.003  # only a finished run can be the best
    assert not (tmp_path / "lrs" / record["runs"][2]["folder"]).exists()
    assert read_experiment(tmp_path / "lrs")["status"] == "cancelled"


def test_a_share_of_the_training_text_and_a_budget_spent(
    tmp_path: Path, names: LoadedCorpus, char_tokenizer: StudioTokenizer
) -> None:
    record = run_experiment(
        tmp_path / "share",
        Setup(NGramSpec(order=3)),
        "train_share",
        (0.1, 1.0),
        char_tokenizer,
        names,
        budget_minutes=5,
    )
    small, whole = record["runs"]
    assert small["valid_loss"] > whole["valid_loss"]  # less text, a worse model
    tokens = [
        read_run_json(tmp_path / "share" / run["folder"])["metrics"]["train_tokens"]
        for run in record["runs"]
    ]
    assert tokens[0] == pytest.approx(tokens[1] * 0.1, rel=0.02)
    # A budget spent after the first run: the others are skipped, not started.
    spent = run_experiment(
        tmp_path / "spent",
        Setup(NGramSpec()),
        "order",
        (1, 2, 3),
        char_tokenizer,
        names,
        budget_minutes=1e-6,
    )
    assert spent["status"] == "out_of_time"
    assert [run["status"] for run in spent["runs"]] == ["finished", "skipped", "skipped"]


def test_a_transformer_context_sets_its_training_windows() -> None:
    from lmstudio_app.core.experiments import with_value

    model, train = preset_specs("tiny", "char", "gpt")
    varied = with_value(Setup(model, train), "context", 32)
    assert varied.model.context == 32 and varied.train.seq_len == 32
    recurrent = with_value(Setup(*preset_specs("tiny", "char", "lstm")), "context", 48)
    assert recurrent.train.seq_len == 48
