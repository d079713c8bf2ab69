"""`lmstudio-app experiment`: the same core as the window; each run's validation loss and the
choice, and the test score only once the choice is final (--decide)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.core.experiments import read_experiment
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.runs.source import CorpusSource
from tests.reliability.conftest import assert_refused, run_cli

BASE = ("experiment", "--sample", "names", "--tokenizer", "char", "--model", "ngram")


def test_experiment_prints_validation_and_the_choice_then_test_once_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "orders"
    code, out, err = run_cli(
        capsys,
        *BASE,
        "--vary",
        "order=1,2,4",
        "--budget-minutes",
        "2",
        "--out",
        str(out_dir),
        "--json",
    )
    assert code == 0, err
    result = json.loads(out)
    losses = {run["value"]: run["valid_loss"] for run in result["runs"]}
    assert set(losses) == {1, 2, 4}
    assert result["best"]["value"] == min(losses, key=losses.__getitem__)
    assert result["decided"] is None
    assert not any(key.startswith("test_") for run in result["runs"] for key in run)
    # The same record the window reads.
    assert read_experiment(out_dir)["best"] == result["best"]
    code, out, err = run_cli(capsys, "experiment", "--decide", "--out", str(out_dir))
    assert code == 0, err
    assert "Test perplexity" in out and "Best by validation: order=" in out
    decided = read_experiment(out_dir)["decided"]
    _, _, model = load_run_model(out_dir / result["best"]["folder"])
    test = CorpusSource.create(sample="names").load().splits.test
    assert decided["test_perplexity"] == pytest.approx(model.evaluate_text(test)["perplexity"])
    assert f"{decided['test_perplexity']:.2f}" in out


def test_a_network_experiment_with_decide_in_one_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        capsys,
        "experiment",
        "--sample",
        "names",
        "--tokenizer",
        "char",
        "--model",
        "lstm",
        "--preset",
        "tiny",
        "--max-steps",
        "8",
        "--eval-every",
        "4",
        "--vary",
        "lr=0.003,0.03",
        "--budget-minutes",
        "3",
        "--out",
        str(tmp_path / "lrs"),
        "--decide",
        "--json",
    )
    assert code == 0, err
    result = json.loads(out)
    assert [run["status"] for run in result["runs"]] == ["finished", "finished"]
    assert result["decided"]["value"] == result["best"]["value"]
    assert result["decided"]["test_loss"] > 0


def test_bad_experiments_are_refused_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_refused(
        capsys,
        *BASE,
        "--vary",
        "colour=1,2",
        "--out",
        str(tmp_path / "a"),
        says="not a setting an experiment can vary",
    )
    assert_refused(
        capsys, *BASE, "--vary", "order=3", "--out", str(tmp_path / "b"), says="at least two values"
    )
    assert_refused(
        capsys,
        "experiment",
        "--decide",
        "--out",
        str(tmp_path / "none"),
        says="there is no run folder here",
    )
