"""The Generate page's other modes and its past tokens, driven by accessible names: clicking a
written token shows its alternatives and branches; "Score a text" scores as eval does and
"Which model expects this text most?" picks the Shakespeare model for Shakespeare and the Tang
poems model for a Tang line; "Guess the next token" plays Shannon's game against the models."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import Splits
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.generate_page import GeneratePage
from lmstudio_app.ui.session import RunRecord, Session
from tests.ui.drive import click, find

SHAKESPEARE_LINE = "To be, or not to be, that is the question:"
TANG_LINE = "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。"


@pytest.fixture(scope="module")
def models() -> dict[str, tuple]:
    """Character trigrams of two bundled samples, trained here."""
    out = {}
    for sample in ("shakespeare", "tangshi"):
        text = load_sample(sample).text
        tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
        out[sample] = (train_ngram(NGramSpec(order=3), tokenizer, text), tokenizer, text)
    return out


@pytest.fixture
def page(qtbot: QtBot, models: dict[str, tuple]) -> GeneratePage:
    session = Session()
    for name, (model, tokenizer, _) in models.items():
        session.add_run(RunRecord(name, None, "ngram", {}, {}, loaded=(model, tokenizer)))
    first = session.runs[0]
    session.select_run(first, *first.loaded)
    text = models["shakespeare"][2]
    session.splits = Splits(text[:-5000], text[-5000:], "", "contiguous")
    page = GeneratePage(session)
    qtbot.addWidget(page)
    page.resize(1366, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_past_token_shows_its_alternatives_and_branches(
    qtbot: QtBot, page: GeneratePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.form.set_value(dataclasses.replace(page.spec(), max_tokens=40))
    page.prompt.setText("ROMEO:\n")
    click(qtbot, page, "Generate")
    qtbot.waitUntil(lambda: not page.pump.is_running() and page.text.token_count() == 40)
    writer = page.writers[0]
    original = list(writer.ids)
    assert all(len(t.alternatives) == 10 for t in writer.tokens)

    # No model call is needed to show what could have been written.
    def no_model(*_: object) -> None:
        raise AssertionError("the model was asked again")

    monkeypatch.setattr(writer.model, "next_logprobs", no_model)
    at = 5
    qtbot.mouseClick(
        page.text.viewport(), Qt.MouseButton.LeftButton, pos=page.text.token_rect(at).center()
    )
    branches = page.modes.branches
    popup = branches.popup
    qtbot.waitUntil(popup.isVisible)
    table = find(popup, QTableWidget, "Alternatives")
    assert table.rowCount() == 10
    marked = [r for r in range(10) if table.item(r, 2).text()]
    assert len(marked) == 1
    assert table.item(marked[0], 0).data(Qt.ItemDataRole.UserRole) == original[at]
    monkeypatch.undo()

    other = next(r for r in range(10) if r != marked[0])
    chosen = table.item(other, 0).data(Qt.ItemDataRole.UserRole)
    table.itemClicked.emit(table.item(other, 0))
    qtbot.waitUntil(lambda: not page.pump.is_running() and len(writer.ids) == 40)
    branch = list(writer.ids)
    assert branch[:at] == original[:at] and branch[at] == chosen
    assert not popup.isVisible()
    # both texts stand side by side: the branch in the page's text, the original beside it
    assert branches.branches[0].title == "Original"
    others = find(page, QWidget, "Other branches")
    assert others.isVisible()
    beside = [v for v in others.findChildren(type(page.text)) if v.accessibleName()]
    assert len(beside) == 1
    assert beside[0].plain_text() == "ROMEO:\n" + writer.tokenizer.decode(original)

    # Go back to the original; the branch stays, and one can go back to it again.
    click(qtbot, page, "Go back to this text")
    assert writer.ids == original and branches.current == 0
    assert page.text.plain_text() == "ROMEO:\n" + writer.tokenizer.decode(original)
    click(qtbot, page, "Go back to this text")
    assert writer.ids == branch
    page.step()  # the page writes on the branch
    assert writer.ids[:40] == branch and len(writer.ids) == 41

    click(qtbot, page, "Start again")
    assert branches.branches == [] and not others.isVisible()


def test_score_a_text_and_which_model_expects_it(
    qtbot: QtBot, page: GeneratePage, models: dict[str, tuple]
) -> None:
    click(qtbot, page, "Score a text")
    pane = page.modes.score_pane
    assert pane.isVisible() and not page.modes.write_pane.isVisible()
    assert not page.compare_combo.isVisible()
    box = find(page, QPlainTextEdit, "Text to score")
    box.setPlainText(SHAKESPEARE_LINE)
    click(qtbot, page, "Score the text")
    qtbot.waitUntil(lambda: pane.score_result is not None and not pane.runner.is_running())
    model = models["shakespeare"][0]
    result = model.evaluate_text(SHAKESPEARE_LINE)
    assert pane.score_result.loss == pytest.approx(result["loss"])
    assert pane.scored.token_count() == result["tokens"]
    assert pane.scored.plain_text() == SHAKESPEARE_LINE
    assert "rank" in pane.scored.tooltip_text(0)
    assert find(page, QLabel, "Score totals").text().startswith("shakespeare: loss")

    for line, winner in ((SHAKESPEARE_LINE, "shakespeare"), (TANG_LINE, "tangshi")):
        box.setPlainText(line)
        click(qtbot, page, "Which model expects this text most?")
        qtbot.waitUntil(lambda: not pane.runner.is_running())
        qtbot.waitUntil(lambda line=line: pane.ranking and pane.ranking[0].text == line)
        assert pane.ranking[0].name == winner
        assert f"1. {winner}" in find(page, QLabel, "Models ranked").text()
        assert winner in find(page, QLabel, "Which model expects it most").text()

    page.session.remove_run(page.session.runs[1])
    assert not find(page, QAbstractButton, "Which model expects this text most?").isEnabled()


def test_guess_the_next_token(qtbot: QtBot, page: GeneratePage) -> None:
    click(qtbot, page, "Guess the next token")
    pane = page.modes.guess_pane
    pane.seed = 7
    find(page, type(pane.tokens), "Tokens to guess").setValue(6)
    click(qtbot, page, "New text")
    qtbot.waitUntil(lambda: pane.game is not None and not pane.runner.is_running())
    game = pane.game
    units = game.passage.units
    assert len(units) == 6
    assert game.passage.text in page.session.splits.valid
    field = find(page, QLineEdit, "Your guess")
    qtbot.keyClicks(field, "#")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "#" in find(page, QLabel, "Guess feedback").text()
    for unit in units[:3]:
        if unit.text == "\n":
            click(qtbot, page, "Guess a new line")
            continue
        qtbot.keyClicks(field, unit.text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    click(qtbot, page, "Give up")
    for unit in units[4:]:
        pane.guess(unit.text)
    assert game.done
    assert [g.tries for g in game.results][:1] == [2]
    assert not game.results[3].found
    results = find(page, QLabel, "Guessing results")
    qtbot.waitUntil(results.isVisible)
    rows = pane.result_rows
    assert rows[0][0] == "You" and sorted(r[0] for r in rows[1:]) == ["shakespeare", "tangshi"]
    assert all(name in results.text() for name, _, _ in rows)
    assert find(page, QLabel, "How your bits are estimated").isVisible()
    assert rows[0][1] == pytest.approx(game.bits_per_char())
