"""core.runs.curves: a run's loss curves by step and by training time, from metrics.jsonl."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.runs.curves import read_curves

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "runs_v1"
TINY = [
    "--tokenizer", "char", "--embed-dim", "8", "--hidden-size", "16", "--seq-len", "16",
    "--batch-size", "4", "--threads", "1", "--sample-tokens", "5", "--eval-tokens", "300",
    "--patience", "0",
]  # fmt: skip


def lines(folder: Path) -> list[dict]:
    text = (folder / "metrics.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_a_trained_run_has_the_time_of_every_point(tmp_path: Path) -> None:
    out = tmp_path / "lstm"
    args = ["--max-steps", "12", "--eval-every", "6", "--out", str(out)]
    assert main(["train", "--sample", "names", "--model", "lstm", *TINY, *args]) == 0
    curves = read_curves(out)
    train = [r for r in lines(out) if r["kind"] == "train"]
    valid = [r for r in lines(out) if "valid_loss" in r]
    assert curves.train.steps == [r["step"] for r in train] == list(range(1, 13))
    assert curves.train.losses == [r["loss"] for r in train]
    assert curves.train.has_times()
    assert curves.train.times == [r["time"] for r in train]
    assert curves.train.times == sorted(curves.train.times)  # training time only grows
    assert curves.train.times[-1] > 0
    assert curves.valid.steps == [6, 12]
    assert curves.valid.times == [r["time"] for r in valid]
    assert curves.build_seconds is None and curves.level is None


def test_an_ngram_is_a_level_reached_after_its_counting(tmp_path: Path) -> None:
    out = tmp_path / "trigram"
    argv = ["train", "--sample", "names", "--model", "ngram", "--order", "3"]
    assert main([*argv, "--tokenizer", "char", "--out", str(out)]) == 0
    curves = read_curves(out)
    built = next(r for r in lines(out) if r["kind"] == "built")
    scored = next(r for r in lines(out) if r.get("split") == "valid")
    assert curves.build_seconds == built["build_seconds"] > 0
    assert curves.level == scored["loss"]
    assert not curves.train.steps and not curves.train.has_times()


@pytest.mark.parametrize("name", ["lstm-plays", "ngram-words"])
def test_format_version_1_runs_read_with_their_times(name: str) -> None:
    curves = read_curves(FIXTURES / name)
    if name == "ngram-words":  # its lines said "event"
        assert curves.build_seconds == 0.004 and curves.level == pytest.approx(5.500331539)
    else:
        assert curves.train.has_times() and len(curves.train.times or []) == 30


def test_a_run_without_times_says_so_rather_than_half_a_curve(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "gru-names", folder)
    records = lines(folder)
    records[5].pop("time")  # one line without: the curve has no times
    text = "".join(json.dumps(r) + "\n" for r in records)
    (folder / "metrics.jsonl").write_text(text, encoding="utf-8")
    curves = read_curves(folder)
    assert curves.train.times is None and not curves.train.has_times()
    assert len(curves.train.steps) == 30  # still there by step
    assert curves.valid.has_times()  # the evaluations kept theirs
