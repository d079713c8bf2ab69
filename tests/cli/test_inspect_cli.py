"""`lmstudio-app inspect`: a real LSTM and a real GPT, trained here for a few steps; the JSON's
hidden states are the network's own, the embedding map the same twice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from lmstudio_app.cli import main
from lmstudio_app.core.inside import FEATURES
from lmstudio_app.core.models import load_run_model

TEXT = 'She said "go (now)" and went.\nHe stayed.'
RECURRENT = [
    "--model", "lstm", "--tokenizer", "char", "--embed-dim", "8", "--hidden-size", "12",
    "--layers", "2", "--seq-len", "16", "--batch-size", "4",
]  # fmt: skip
GPT = [
    "--model", "gpt", "--tokenizer", "char", "--layers", "1", "--heads", "2",
    "--embed-dim", "16", "--context", "16", "--batch-size", "4",
]  # fmt: skip
COMMON = ["--threads", "1", "--sample-tokens", "5", "--max-steps", "6", "--eval-every", "6"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inspect")
    corpus = folder / "plays.txt"
    corpus.write_text(shakespeare_text[:20_000], encoding="utf-8")
    out = {}
    for name, flags in (("lstm", RECURRENT), ("gpt", GPT)):
        out[name] = folder / name
        assert main(["train", str(corpus), *flags, *COMMON, "--out", str(out[name])]) == 0
    return out


def inspect_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main(["inspect", *argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_hidden_states_are_the_models_own(runs: dict[str, Path], capsys) -> None:
    data = inspect_json(capsys, str(runs["lstm"]), "--text", TEXT)
    assert data["family"] == "lstm" and data["layers"] == 2 and data["layer"] == 1
    tokens = data["tokens"]
    assert "".join(t["token"] for t in tokens) == TEXT
    _, tokenizer, model = load_run_model(runs["lstm"])
    ids = [model.start_id, *tokenizer.encode(TEXT).ids]
    with torch.no_grad():
        output, _ = model.module.eval().rnn(model.module.embedding(torch.tensor(ids).view(-1, 1)))
    shown = np.array([t["hidden"] for t in tokens])
    np.testing.assert_allclose(shown, output[1:, 0].numpy(), atol=2e-5)
    # each gate per token, and the step in numbers for the units that vary most
    assert {"input", "forget", "candidate", "output", "cell"} <= set(tokens[0])
    assert [s["unit"] for s in tokens[3]["steps"]] == data["units_by_variation"][:4]
    step = tokens[3]["steps"][0]
    assert step["h"] == pytest.approx(tokens[3]["hidden"][step["unit"]], abs=1e-6)
    assert step["h_prev"] == pytest.approx(tokens[2]["hidden"][step["unit"]], abs=1e-6)
    # features of the text, and a best unit for each one the text shows
    assert set(data["features"]) == set(FEATURES)
    assert data["features"]["inside_quotes"][TEXT.index("go")] == 1.0
    assert {m["feature"] for m in data["neurons"]} == set(FEATURES)
    strengths = [abs(m["correlation"]) for m in data["neurons"]]
    assert strengths == sorted(strengths, reverse=True)
    # the first layer on request
    first = inspect_json(capsys, str(runs["lstm"]), "--text", TEXT, "--layer", "1")
    assert first["layer"] == 0 and first["tokens"][0]["hidden"] != tokens[0]["hidden"]


def test_embedding_map_is_deterministic(runs: dict[str, Path], capsys) -> None:
    for run in ("lstm", "gpt"):
        one = inspect_json(capsys, str(runs[run]), "--text", "abc")["embedding_map"]
        two = inspect_json(capsys, str(runs[run]), "--text", "xyz")["embedding_map"]
        assert one == two
        _, tokenizer, _ = load_run_model(runs[run])
        assert len(one["tokens"]) == tokenizer.vocab_size
        assert 0 < one["explained"][1] <= one["explained"][0] < 1


def test_gpt_has_embeddings_but_no_hidden_states(runs: dict[str, Path], capsys) -> None:
    data = inspect_json(capsys, str(runs["gpt"]), "--text", "to be")
    assert "family" not in data and [t["token"] for t in data["tokens"]] == list("to be")


def test_text_output_and_bad_layer(runs: dict[str, Path], capsys) -> None:
    assert main(["inspect", str(runs["lstm"]), "--text", TEXT, "--units", "3"]) == 0
    out = capsys.readouterr().out
    assert "LSTM layer 2 of 2" in out and "Inside quotes" in out and "Embedding map" in out
    assert main(["inspect", str(runs["lstm"]), "--text", TEXT, "--layer", "3"]) == 2
    assert "between 1 and 2" in capsys.readouterr().err
