"""`lmstudio-app score`: one run's surprisal token by token, several runs ranked by bits per
character. Real runs, trained here on the bundled samples: the Shakespeare model expects a
Shakespeare line most, the Tang poems model a Tang line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main

SHAKESPEARE_LINE = "To be, or not to be, that is the question:\n"
TANG_LINE = "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("runs")
    out = {}
    for sample in ("shakespeare", "tangshi"):
        out[sample] = folder / sample
        code = main(
            [
                "train",
                "--sample",
                sample,
                "--model",
                "ngram",
                "--order",
                "3",
                "--tokenizer",
                "char",
                "--out",
                str(out[sample]),
                "--json",
            ]
        )
        assert code == 0
    return out


def score_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main(["score", *argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_the_ranking_picks_the_model_of_the_text(
    runs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    both = [str(runs["tangshi"]), str(runs["shakespeare"])]
    ranking = score_json(capsys, *both, "--text", SHAKESPEARE_LINE)["ranking"]
    assert [r["name"] for r in ranking] == ["shakespeare", "tangshi"]
    assert ranking[0]["run"] == str(runs["shakespeare"])
    assert ranking[0]["bits_per_char"] < ranking[1]["bits_per_char"]
    ranking = score_json(capsys, *both, "--text", TANG_LINE)["ranking"]
    assert [r["name"] for r in ranking] == ["tangshi", "shakespeare"]

    # and in words
    assert main(["score", *both, "--text", TANG_LINE]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("1. tangshi:") and lines[2].startswith("2. shakespeare:")


def test_one_run_scores_each_token_as_eval(
    runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "line.txt"
    path.write_text(SHAKESPEARE_LINE, encoding="utf-8")
    score = score_json(capsys, str(runs["shakespeare"]), "--file", str(path))
    assert score["tokens"] == len(SHAKESPEARE_LINE) == len(score["per_token"])
    first = score["per_token"][0]
    assert first["token"] == "T" and first["rank"] >= 1 and 0 < first["probability"] < 1
    assert main(["eval", str(runs["shakespeare"]), str(path), "--json"]) == 0
    evaluated = json.loads(capsys.readouterr().out)
    assert score["loss"] == pytest.approx(evaluated["loss"])
    assert score["perplexity"] == pytest.approx(evaluated["perplexity"])

    assert main(["score", str(runs["shakespeare"]), "--text", "To be"]) == 0
    out = capsys.readouterr().out
    assert "bits per character over 5 tokens" in out and "'T'" in out


def test_bad_input(runs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(runs["shakespeare"]), "--text", ""]) == 2
    assert "empty" in capsys.readouterr().err.lower()
    with pytest.raises(SystemExit):
        main(["score", str(runs["shakespeare"])])  # neither --text nor --file
