"""Where an n-gram's probability comes from: each order's part adds up to the model's
probability, for every smoothing, every token and every context (`ngram.explain`)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmstudio_app.cli import main
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.ngram import SMOOTHINGS
from lmstudio_app.core.models.ngram.explain import explain_token, shorter_share
from tests.models.test_ngram import BOS, PAD, build

VOCAB = 9
sentences = st.lists(
    st.lists(st.integers(4, VOCAB - 1), min_size=1, max_size=8), min_size=1, max_size=6
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sentences,
    st.integers(1, 4),
    st.sampled_from(SMOOTHINGS),
    st.booleans(),
    st.lists(st.integers(0, VOCAB - 1), max_size=5),
)
def test_the_parts_add_up_to_the_probability(
    text: list[list[int]], order: int, smoothing: str, per_line: bool, context: list[int]
) -> None:
    model = build(text, VOCAB, order, smoothing, sentence_per_line=per_line, add_k=0.5)
    probs = np.exp(model.next_logprobs(model.start(context)))
    for token in range(VOCAB):
        explained = explain_token(model, context, token)
        assert explained["probability"] == pytest.approx(probs[token], rel=1e-12, abs=1e-300)
        parts = explained["parts"]
        assert all(p >= 0 for p in parts.values())
        assert math.fsum(parts.values()) == pytest.approx(probs[token], rel=1e-9, abs=1e-15)
        if probs[token] > 0:
            assert math.fsum(explained["shares"].values()) == pytest.approx(1.0, rel=1e-9)
        # nothing comes from an order longer than the longest n-gram seen
        assert all(p == 0 for n, p in parts.items() if n > explained["order"])
        if not model.interpolated and probs[token] > 0:
            assert parts[explained["order"]] == pytest.approx(probs[token], rel=1e-12)
        if token in (BOS, PAD):
            assert explained["order"] == 0 and probs[token] == 0
        # the matched context is a context the model saw followed by something
        matched = explained["matched"]
        assert len(matched["context_ids"]) == matched["order"] - 1
        by_order = {entry["order"]: entry for entry in explained["orders"]}
        assert by_order[matched["order"]]["followers"] > 0
        assert 0 <= shorter_share(explained) <= 1 + 1e-9


def test_a_worked_kneser_ney_example() -> None:
    # after "4 5": 6 twice, 7 once (c = 3); Kneser-Ney with D1 0.8, D2 1.0, D3+ 1.5 at order 3
    model = build([[4, 5, 6], [4, 5, 7], [6, 5, 4], [4, 5, 6, 8]], 10, 3)
    explained = explain_token(model, [4, 5], 6)
    top = explained["orders"][2]
    assert top["context_ids"] == [4, 5] and top["followers"] == 2 and top["seen"]
    d1, d2, _ = top["discounts"]
    assert explained["parts"][3] == pytest.approx((2 - d2) / 3)  # (c(4 5 6) - D2) / c(4 5)
    assert top["lower_weight"] == pytest.approx((d1 + d2) / 3)  # what the discounts set aside
    assert explained["matched"]["order"] == 3 and explained["order"] == 3
    lower = explain_token(model, [5], 6)["probability"]  # the order below, whole
    assert explained["probability"] == pytest.approx((2 - d2) / 3 + (d1 + d2) / 3 * lower)
    assert shorter_share(explained) == pytest.approx(1 - (2 - d2) / 3 / explained["probability"])


def test_a_back_off_model_takes_it_whole_from_one_order() -> None:
    model = build([[4, 5, 6], [4, 5, 7]], 9, 3, "add-k")
    unseen = explain_token(model, [4, 5], 8)  # never after "4 5" nor "5", nor at all
    assert unseen["order"] == 1 and unseen["parts"][1] == pytest.approx(unseen["probability"])
    assert shorter_share(unseen) == pytest.approx(1.0)
    seen = explain_token(model, [4, 5], 6)
    assert seen["shares"][3] == pytest.approx(1.0) and shorter_share(seen) == 0


def test_a_run_folder_keeps_its_discounts(tmp_path: Path, shakespeare_text: str) -> None:
    text = tmp_path / "t.txt"
    text.write_text(shakespeare_text[:20_000], encoding="utf-8")
    out = tmp_path / "run"
    code = main(["train", str(text), "--model", "ngram", "--order", "4",
                 "--tokenizer", "char", "--out", str(out), "--json"])  # fmt: skip
    assert code == 0
    _, tokenizer, model = load_run_model(out)
    assert len(model.info.discounts) == 4
    context = tokenizer.encode("First Citiz").ids
    explained = explain_token(model, context, tokenizer.token_to_id("e"))
    assert explained["matched"]["order"] == 4
    assert (
        tokenizer.decode(explained["matched"]["context_ids"]) == "tiz"
    )  # order 4: three tokens before
    assert explained["orders"][3]["discounts"] == pytest.approx(list(model.info.discounts[3]))
    assert math.fsum(explained["parts"].values()) == pytest.approx(explained["probability"])
