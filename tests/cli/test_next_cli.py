"""`lmstudio-app next`: prints what the core says (`next_token_report`), raw and as sampled,
with the cut, and for an n-gram where each probability comes from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.next_token import next_token_report


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> Path:
    folder = tmp_path_factory.mktemp("next")
    text = folder / "t.txt"
    text.write_text(shakespeare_text[:40_000], encoding="utf-8")
    out = folder / "kn5"
    code = main(["train", str(text), "--model", "ngram", "--order", "5",
                 "--tokenizer", "char", "--out", str(out), "--json"])  # fmt: skip
    assert code == 0
    return out


def next_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    capsys.readouterr()
    code = main(["next", *argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.mark.parametrize(
    "settings",
    [[], ["--top-k", "2"], ["--temperature", "0.5", "--top-p", "0.8"], ["--temperature", "0"]],
)
def test_next_prints_the_core_report(
    run: Path, capsys: pytest.CaptureFixture[str], settings: list[str]
) -> None:
    printed = next_json(capsys, str(run), "--prompt", "First Citiz", *settings)
    _, tokenizer, model = load_run_model(run)
    values = dict(zip(settings[::2], settings[1::2], strict=True))
    expected = next_token_report(
        model,
        tokenizer.encode("First Citiz").ids,
        tokenizer.display_token,
        float(values.get("--temperature", 1.0)),
        int(values.get("--top-k", 0)),
        float(values.get("--top-p", 1.0)),
        context_text=tokenizer.decode,
    )
    expected["prompt"] = "First Citiz"
    assert printed == json.loads(json.dumps(expected))  # JSON turns the order keys to strings
    assert printed["sampled"][0]["token"] == "e"
    cut = printed["cut"]
    if "--top-k" in values:
        assert cut["by"] == "top-k" and len(printed["sampled"]) == 2 == cut["kept"]
        assert cut["first_cut"][0]["token"] == printed["raw"][2]["token"]
    if values.get("--temperature") == "0":
        assert cut["by"] == "greedy" and printed["sampled"][0]["probability"] == 1.0
    for source in printed["sources"]:
        assert sum(source["parts"].values()) == pytest.approx(source["probability"])
        assert source["matched"]["text"] == "itiz"  # order 5: the four tokens before
        # the raw counts after "itiz": how often it was followed by this token and by any
        top = source["orders"][4]
        assert source["counts_known"] and 0 <= top["count"] <= top["context_count"]
        train_text = (run.parent / "t.txt").read_text(encoding="utf-8")[:36_000]
        assert top["context_count"] <= train_text.count("itiz") and top["context_count"] > 0


def test_next_in_words(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["next", str(run), "--prompt", "First Citiz", "--top-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "cut by top-k: 1 kept" in out and "'e'" in out and "matched context 'itiz'" in out
    assert "times after it" in out  # c(h w) of c(h)
    with pytest.raises(SystemExit) as refused:  # argparse's refusal, exit code 2
        main(["next", str(run), "--top", "0"])
    assert refused.value.code == 2
    assert "at least 1" in capsys.readouterr().err
