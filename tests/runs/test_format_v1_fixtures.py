"""Run folders written by format version 1 keep opening, generating, evaluating and resuming.

The folders in tests/fixtures/runs_v1/ were made once, by the release named in their
README.md (scripts/make_run_fixtures.py); expected.json holds what that release said of them.
A later version that changes run.json, metrics.jsonl or the trainer must still read them
(migrating on read), with the same numbers. Every test works on a copy: the fixtures are
never modified.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.runs import read_metrics, read_run_json
from lmstudio_app.core.runs.jobs import resume_neural_run
from tests.reliability.conftest import assert_refused, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "runs_v1"
EXPECTED: dict[str, Any] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
RUNS: dict[str, dict[str, Any]] = EXPECTED["runs"]
RECURRENT = sorted(name for name, run in RUNS.items() if run["model_kind"] != "ngram")
NGRAMS = sorted(name for name, run in RUNS.items() if run["model_kind"] == "ngram")
# The runs trained on a file (kept in texts/), not on a bundled sample.
ON_FILES = sorted(
    name for name in RECURRENT
    if json.loads((FIXTURES / name / "run.json").read_text(encoding="utf-8"))["corpus"]
    ["source"]["files"]
)
EXTRA_STEPS = 10
# An n-gram's perplexity is float64 arithmetic on counts: the same to the last digits. A
# network's is float32 kernels, whose sums another CPU may order differently.
NGRAM_TOLERANCE = 1e-6
RECURRENT_TOLERANCE = 1e-5


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def _tolerance(name: str) -> float:
    return NGRAM_TOLERANCE if RUNS[name]["model_kind"] == "ngram" else RECURRENT_TOLERANCE


def _assert_metrics_continue(folder: Path, steps: int) -> None:
    """metrics.jsonl holds every training step from 1 to `steps` once, in order, and its
    evaluations at increasing steps: no gap and no repeat where training went on."""
    records = read_metrics(folder)
    train = [r["step"] for r in records if r.get("kind") == "train"]
    assert train == list(range(1, steps + 1))
    evals = [r["step"] for r in records if r.get("kind") == "eval"]
    assert evals == sorted(set(evals)) and evals[-1] == steps


def test_the_fixtures_are_what_the_release_wrote() -> None:
    assert set(RUNS) == {"lstm-plays", "gru-names", "rnn-window", "ngram-names", "ngram-words"}
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert EXPECTED["commit"].split()[0] in readme
    for name in RUNS:
        files = [p for p in (FIXTURES / name).rglob("*") if p.is_file()]
        assert sum(p.stat().st_size for p in files) < 300_000, name
        assert not (FIXTURES / name / ".lock").exists()


@pytest.mark.parametrize("name", sorted(RUNS))
def test_opens(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path, name)
    run = read_run_json(folder)
    assert run["format_version"] == 1
    assert run["app_version"] == EXPECTED["app_version"]
    assert run["model_kind"] == RUNS[name]["model_kind"]
    # The status each writer recorded: the trainer's "finished", the n-gram counter's "done".
    assert run["status"] == ("done" if name in NGRAMS else "finished")
    loaded, tokenizer, model = load_run_model(folder)
    assert loaded["model_kind"] == run["model_kind"]
    assert tokenizer.vocab_size > 0
    assert model is not None


@pytest.mark.parametrize("name", sorted(RUNS))
def test_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    folder = _copy(tmp_path, name)
    prompt = RUNS[name]["prompt"]
    code, out, err = run_cli(capsys, "generate", str(folder), "--prompt", prompt,
                             "--max-tokens", "20", "--seed", "0", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert 1 <= result["tokens"] <= 20
    assert result["text"].strip()
    # As a person sees it: the prompt, then the text as it comes.
    code, out, err = run_cli(capsys, "generate", str(folder), "--prompt", prompt,
                             "--max-tokens", "20", "--seed", "0")
    assert code == 0, err
    assert "Traceback" not in err
    assert len(out.strip()) > len(prompt)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_evaluates(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    folder = _copy(tmp_path, name)
    expected = RUNS[name]
    code, out, err = run_cli(capsys, "eval", str(folder), str(FIXTURES / expected["eval"]),
                             "--json")
    assert code == 0, err
    result = json.loads(out)
    perplexity = result["perplexity"]
    assert math.isfinite(perplexity)
    assert result["tokens"] == expected["tokens"]
    # What the release said of the same model on the same text.
    assert math.isclose(perplexity, expected["perplexity"], rel_tol=_tolerance(name))
    recorded = expected.get("recorded")
    if recorded:  # the n-gram recorded its test perplexity: `eval` scores the same text
        value = read_run_json(folder)["metrics"][recorded]
        assert math.isclose(perplexity, value, rel_tol=NGRAM_TOLERANCE)


@pytest.mark.parametrize("name", RECURRENT)
def test_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """`train --resume RUN [FILE]`, naming the text for a run trained on a file (the supported
    way: run.json records the file where it was when the run was made)."""
    folder = _copy(tmp_path, name)
    steps = read_run_json(folder)["metrics"]["steps"]
    assert steps == RUNS[name]["steps"]
    text = [str(FIXTURES / "texts" / "plays.txt")] if name in ON_FILES else []
    code, out, err = run_cli(capsys, "train", "--resume", str(folder), *text,
                             "--max-steps", str(steps + EXTRA_STEPS), "--json")
    assert code == 0, err
    assert json.loads(out)["steps"] == steps + EXTRA_STEPS
    run = read_run_json(folder)
    assert run["status"] == "finished"
    assert run["metrics"]["steps"] == steps + EXTRA_STEPS
    _assert_metrics_continue(folder, steps + EXTRA_STEPS)


@pytest.mark.parametrize("name", ON_FILES)
def test_resumes_or_refuses_without_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Without naming the text, the file run.json recorded is read again where it still is
    (in this checkout, at the same path), or the resume is refused in one sentence."""
    folder = _copy(tmp_path, name)
    steps = read_run_json(folder)["metrics"]["steps"]
    code, _out, err = run_cli(capsys, "train", "--resume", str(folder),
                              "--max-steps", str(steps + EXTRA_STEPS), "--json")
    assert "Traceback" not in err
    if code == 0:
        _assert_metrics_continue(folder, steps + EXTRA_STEPS)
    else:
        assert code == 2, err
        assert len([line for line in err.splitlines() if line.startswith("lmstudio-app: ")]) == 1


@pytest.mark.parametrize("name", ON_FILES)
def test_a_moved_text_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """The run folder taken to another computer: the file it records is not there."""
    folder = _copy(tmp_path, name)
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    source = run["corpus"]["source"]
    gone = str(tmp_path / "elsewhere" / "plays.txt")
    (item,) = source["file_fingerprints"].values()
    source["file_fingerprints"] = {gone: item}
    source["files"] = [gone]
    (folder / "run.json").write_text(json.dumps(run), encoding="utf-8")
    before = (folder / "metrics.jsonl").read_bytes()
    assert_refused(capsys, "train", "--resume", str(folder), "--max-steps", "99", says=gone)
    assert (folder / "metrics.jsonl").read_bytes() == before


@pytest.mark.parametrize("name", NGRAMS)
def test_an_ngram_run_has_nothing_to_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    folder = _copy(tmp_path, name)
    # not "the run folder is damaged": an n-gram run is whole, it just has no steps to go on
    refusal = assert_refused(capsys, "train", "--resume", str(folder), says=(
        f"{folder}: n-gram models are counted in one go, so this run has nothing to continue. "
        "Train a new one instead."
    ))
    assert "damaged" not in refusal
    with pytest.raises(RunFolderError) as refused:
        resume_neural_run(folder)
    assert refused.value.code == "nothing_to_resume"


@pytest.mark.parametrize("name", ["lstm-plays", "gru-names", "rnn-window", "ngram-names"])
def test_a_hot_generation_never_shows_a_broken_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """These char runs have the 256 byte tokens of their time, and at temperature 2 write
    bytes that form no character: they showed as "�". Now as hex (<0xE4>), the same when
    streamed as in --json, and the tokenizer is the one the run was made with."""
    folder = _copy(tmp_path, name)
    _, tokenizer, _ = load_run_model(folder)
    assert tokenizer.token_to_id("<0xE4>") is not None and tokenizer.spec.byte_fallback
    prompt = RUNS[name]["prompt"]
    argv = ["generate", str(folder), "--prompt", prompt, "--max-tokens", "80", "--seed", "0",
            "--temperature", "2", "--stop", "none"]
    code, out, err = run_cli(capsys, *argv, "--json")
    assert code == 0, err
    text = json.loads(out)["text"]
    assert "\ufffd" not in text and "<0x" in text
    code, streamed, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert streamed == prompt + text + "\n"
