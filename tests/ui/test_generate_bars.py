"""The Generate page's bars tell the truth: they show what the sampler draws from (cut tokens
greyed under the cut line), redraw as the settings move without asking the model again,
switch to the raw distribution, and for an n-gram explain where a probability comes from."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QWidget
from pytestqt.qtbot import QtBot

from lmstudio_app.cli import main
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.ngram.explain import explain_token
from lmstudio_app.core.sampling import sampling_distribution
from lmstudio_app.ui.pages.generate_page import GeneratePage
from lmstudio_app.ui.session import RunRecord, Session
from tests.ui.drive import find


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> Path:
    folder = tmp_path_factory.mktemp("bars")
    text = folder / "t.txt"
    text.write_text(shakespeare_text[:40_000], encoding="utf-8")
    out = folder / "kn4"
    code = main(["train", str(text), "--model", "ngram", "--order", "4",
                 "--tokenizer", "char", "--out", str(out), "--json"])  # fmt: skip
    assert code == 0
    return out


@pytest.fixture
def page(qtbot: QtBot, run_folder: Path) -> GeneratePage:
    _, tokenizer, model = load_run_model(run_folder)
    session = Session()
    record = RunRecord("kn4", run_folder, "ngram", {}, {})
    session.add_run(record)
    session.select_run(record, model, tokenizer)
    page = GeneratePage(session)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    page.prompt.setText("First Cit")
    page.restart()
    return page


def setting(page: QWidget, name: str, value: float) -> None:
    find(page, QAbstractSpinBox, name).setValue(value)  # as typed: the form emits `changed`


def model_distribution(page: GeneratePage, temperature: float, top_k: int, top_p: float):
    writer = page.writers[0]
    logprobs = writer.model.next_logprobs(writer.model.start(writer.context()))
    return sampling_distribution(logprobs, temperature, top_k, top_p)


def test_the_bars_are_what_the_sampler_draws_from(qtbot: QtBot, page: GeneratePage) -> None:
    bars = page.bars
    calls = []
    model = page.writers[0].model
    original = model.next_logprobs
    model.next_logprobs = lambda state: calls.append(state) or original(state)  # type: ignore[method-assign]
    try:
        for temperature, top_k, top_p in [
            (1.0, 2, 1.0),
            (0.7, 0, 0.8),
            (1.5, 5, 0.95),
            (0.0, 0, 1.0),
        ]:
            setting(page, "Temperature", temperature)
            setting(page, "Top-k", top_k)
            setting(page, "Top-p", top_p)
            expected = model_distribution(page, temperature, top_k, top_p)
            kept = [(i, p) for i, p, _ in expected.kept_rows(10)]
            items = bars.items()
            cut_at = bars.cut_index()
            assert [(i, p) for _, p, i in items[: len(kept)]] == kept
            assert cut_at == (len(kept) if expected.cut_count() else -1)
            for _, p, i in items[len(kept) :]:  # greyed under the line, with the raw chance
                assert expected.probs[i] == 0 and p == pytest.approx(expected.raw[i])
            if top_k == 2:
                assert cut_at == 2 and len(items) == 10 and "Top-k 2" in bars.cut_label()
            if temperature == 0:
                assert items[0][1] == 1.0 and cut_at == 1
        # four settings, four redraws: only the four model calls of `model_distribution`
        assert len(calls) == 4
    finally:
        model.next_logprobs = original  # type: ignore[method-assign]
    # Step draws with the probability its bar showed
    setting(page, "Temperature", 0.8)
    setting(page, "Top-k", 3)
    shown = {i: p for _, p, i in bars.items()[: bars.cut_index()]}
    page.step()
    drawn = page.writers[0].ids[-1]
    assert drawn in shown


def test_the_raw_switch_shows_the_model_itself(qtbot: QtBot, page: GeneratePage) -> None:
    setting(page, "Top-k", 2)
    raw = find(page, QCheckBox, "Show raw probabilities")
    assert raw.isVisible() and not raw.isChecked()
    raw.click()
    expected = model_distribution(page, 1.0, 2, 1.0)
    assert [(i, p) for _, p, i in page.bars.items()] == expected.raw_rows(10)
    assert page.bars.cut_index() == -1
    assert math.isclose(
        sum(p for _, p, _ in page.bars.items()), expected.raw[expected.ranking[:10]].sum()
    )
    raw.click()
    assert page.bars.cut_index() == 2


def hover(widget: QWidget, point: QPointF) -> None:
    QApplication.sendEvent(
        widget,
        QMouseEvent(
            QEvent.Type.MouseMove, point, widget.mapToGlobal(point),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        ),
    )  # fmt: skip


def test_the_panel_says_where_the_probability_comes_from(qtbot: QtBot, page: GeneratePage) -> None:
    panel = find(page, QWidget, "Where the probability comes from")
    assert panel.isVisible()
    writer = page.writers[0]
    # the most likely token first, then the one under the pointer
    for row in (0, 1):
        if row:
            hover(page.bars, QPointF(page.bars.bar_rect(row).center()))
        token = page.bars.items()[row][2]
        explained = explain_token(writer.model, writer.context(), token)
        words = panel.accessibleDescription()
        own = explained["shares"][explained["matched"]["order"]]
        percent = page.locale().toString(own * 100, "f", 1)
        assert f"{percent} % from what followed “Cit”" in words  # order 4: three before
        assert page.bars.items()[row][0] in words
        numbers = find(page, QWidget, "Where the probability comes from, in numbers").text()
        for share in explained["shares"].values():
            assert page.locale().toString(share * 100, "f", 1) in numbers or share * 100 < 0.1
        # the raw counts the run kept: c(h) and c(h w) after the matched context
        top = explained["orders"][explained["matched"]["order"] - 1]
        total, count = (page.locale().toString(top[k]) for k in ("context_count", "count"))
        assert top["context_count"] > 0 and f"followed by a token {total} times" in words
        assert f"{count} of {total}" in numbers
    assert np.isclose(sum(explained["parts"].values()), explained["probability"])
