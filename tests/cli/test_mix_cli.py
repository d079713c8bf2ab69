"""`lmstudio-app train --tokenizer-from RUN` and `lmstudio-app mix`: a character 5-gram and a
small LSTM trained here on the same tokenizer, mixed with weights tuned on the validation
text; the mix beats both parts on the test text it never saw, and `eval`, `generate` and
`score` use the mix's run folder like any other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mix")
    out = {"ngram": folder / "ngram", "lstm": folder / "lstm"}
    common = ["--sample", "shakespeare", "--json"]
    assert (
        main(
            [
                "train",
                *common,
                "--model",
                "ngram",
                "--order",
                "5",
                "--tokenizer",
                "char",
                "--out",
                str(out["ngram"]),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "train",
                *common,
                "--model",
                "lstm",
                "--preset",
                "tiny",
                "--max-steps",
                "250",
                "--eval-every",
                "0",
                "--threads",
                "1",
                "--seed",
                "1",
                "--tokenizer-from",
                str(out["ngram"]),
                "--out",
                str(out["lstm"]),
            ]
        )
        == 0
    )
    return out


def test_tokenizer_from_reuses_the_very_tokenizer(runs: dict[str, Path]) -> None:
    ngram = json.loads((runs["ngram"] / "run.json").read_text(encoding="utf-8"))
    lstm = json.loads((runs["lstm"] / "run.json").read_text(encoding="utf-8"))
    assert lstm["tokenizer"] == ngram["tokenizer"]
    assert lstm["tokenizer_fingerprint"] == ngram["tokenizer_fingerprint"]
    assert (runs["lstm"] / "tokenizer.json").read_bytes() == (
        runs["ngram"] / "tokenizer.json"
    ).read_bytes()


def test_the_mix_beats_both_parts_on_the_test_text(
    runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mix"
    result = run_json(capsys, "mix", str(runs["ngram"]), str(runs["lstm"]), "--out", str(out))
    assert sum(result["weights"]) == pytest.approx(1.0)
    assert all(0 < w < 1 for w in result["weights"])
    for split in ("valid", "test"):
        figures = result["perplexity"][split]
        assert figures["mix"] < min(figures["ngram"], figures["lstm"]), (split, figures)
    # the saved mix is a model like any other
    test_text = tmp_path / "valid.txt"
    test_text.write_text("KING HENRY:\nWhat say you, lords? Speak.\n" * 20, encoding="utf-8")
    evaluated = run_json(capsys, "eval", str(out), str(test_text))
    assert evaluated["model_kind"] == "mix" and evaluated["tokens"] > 0
    written = run_json(capsys, "generate", str(out), "--max-tokens", "30", "--seed", "3")
    assert written
    ranked = run_json(
        capsys,
        "score",
        str(out),
        str(runs["ngram"]),
        "--text",
        "ROMEO:\nWhat light through yonder window breaks?\n",
    )
    assert {r["name"] for r in ranked["ranking"]} == {"mix", "ngram"}
    # --valid: another text to tune on gives other weights, still a distribution
    tuned = run_json(
        capsys, "mix", str(runs["ngram"]), str(runs["lstm"]), "--valid", str(test_text)
    )
    assert sum(tuned["weights"]) == pytest.approx(1.0)
    assert tuned["weights"] != result["weights"]


def test_mixing_runs_of_two_tokenizers_is_refused(
    runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "words"
    assert (
        main(
            [
                "train",
                "--sample",
                "shakespeare",
                "--model",
                "ngram",
                "--order",
                "2",
                "--tokenizer",
                "whitespace",
                "--out",
                str(other),
                "--json",
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(["mix", str(runs["ngram"]), str(other), "--out", str(tmp_path / "m")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("lmstudio-app: ") and "words" in err and "--tokenizer-from" in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "m").exists()
