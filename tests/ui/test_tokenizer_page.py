"""The Tokenizer page refuses a spec by core's own rule, with core's own sentence; it names
kinds in words, shows byte-level tokens as text or bytes, explains </w>, and compares the
kinds with the tokenizer built on it."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.tokenization import KINDS, TokenizerSpec, check_spec
from lmstudio_app.core.tokenization.spec import MAX_SPECIAL_TOKEN_CHARS
from lmstudio_app.ui.pages.tokenizer_page import TokenizerPage
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core


@pytest.mark.parametrize(
    "tokens",
    [
        {"unk_token": "u" * (MAX_SPECIAL_TOKEN_CHARS + 1)},  # too long
        {"bos_token": "two words"},
        {"eos_token": ""},
        {"pad_token": "<unk>"},  # the same as another
        {"unk_token": "u" * MAX_SPECIAL_TOKEN_CHARS},  # the longest that works
        {"bos_token": "<s>", "eos_token": "</s>"},
        {"kind": "char", "vocab_size": 8},  # the four special tokens and four characters
        # too small for its kind (the 256 byte tokens): core refuses it too
        {"kind": "char", "vocab_size": 8, "byte_fallback": True},
    ],
)
def test_the_page_refuses_what_core_refuses_with_its_sentence(
    qtbot: QtBot, tokens: dict
) -> None:
    page = TokenizerPage(Session())  # no text chosen: a spec that passes asks for one
    qtbot.addWidget(page)
    spec = dataclasses.replace(TokenizerSpec(), **tokens)
    page.set_spec(spec)
    assert page.spec() == spec
    page.build()
    assert not page.builder.is_running()
    try:
        check_spec(spec)
    except TokenizerError as error:
        assert page.error.text() == translate_core(error.message)
    else:
        assert page.error.text() == "Choose a text on the Corpus page first."


def test_the_page_says_how_many_characters_became_unk_and_which(qtbot: QtBot) -> None:
    from lmstudio_app.core.tokenization import train_tokenizer

    page = TokenizerPage(Session())
    qtbot.addWidget(page)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "the cat sat\n")
    stats = tokenizer.statistics({"train": "the cat sat\n", "valid": "the café\n"})
    page._show(tokenizer, stats)
    shown = page.stat_labels["unk"].text()
    assert shown.startswith("22.22%")  # 2 of 9 validation tokens
    assert "2 characters of the validation text became <unk>" in shown and "é×1" in shown
    assert page.stat_labels["vocab"].text() == str(len(set("the cat sat\n")) + 4)


CHINESE = "关关雎鸠，在河之洲。窈窕淑女，君子好逑。参差荇菜，左右流之。\n" * 60


def _page_with_text(qtbot: QtBot, text: str) -> TokenizerPage:
    from lmstudio_app.core.corpus import Corpus, split_corpus
    from lmstudio_app.ui.session import CorpusChoice

    session = Session()
    corpus = Corpus.from_text(text, "poems")
    session.set_corpus(corpus, split_corpus(corpus), CorpusChoice())
    page = TokenizerPage(session)
    qtbot.addWidget(page)
    return page


def _build(qtbot: QtBot, page: TokenizerPage, kind: str, vocab_size: int) -> None:
    page.set_spec(dataclasses.replace(page.spec(), kind=kind, vocab_size=vocab_size))
    page.build()
    qtbot.waitUntil(lambda: page.session.tokenizer is not None, timeout=30_000)


def test_kinds_have_friendly_names_in_english(qtbot: QtBot) -> None:
    page = TokenizerPage(Session())
    qtbot.addWidget(page)
    kind = page.form.widget("kind")
    names = [kind.itemText(i) for i in range(kind.count())]
    assert "Byte-level BPE" in names and "Characters" in names
    assert not {"char", "bytebpe", "whitespace"} & set(names)


def test_compare_all_cuts_the_built_kinds_row_with_the_built_tokenizer(qtbot: QtBot) -> None:
    page = _page_with_text(qtbot, CHINESE)
    _build(qtbot, page, "bytebpe", 300)
    page.playground.set_text("关关雎鸠，在河之洲。")
    shown = page.playground.view.token_count()
    page.compare_all()
    qtbot.waitUntil(lambda: not page.comparer.is_running(), timeout=120_000)
    assert page.comparison.isVisibleTo(page)
    names = [page.comparison.item(row, 0).text() for row in range(page.comparison.rowCount())]
    assert names[KINDS.index("bytebpe")] == "Byte-level BPE (yours)"
    assert names[KINDS.index("char")] == "Characters"
    assert len(page.comparison.tokens(KINDS.index("bytebpe"))) == shown
    assert "trained here" in page.kinds.note.text() and page.kinds.note.isVisibleTo(page)


def _mojibake(text: str) -> bool:
    return any("\u00c0" <= char <= "\u00ff" or "\u0100" <= char <= "\u0143" for char in text)


def test_byte_level_tokens_of_chinese_show_as_characters_or_bytes(qtbot: QtBot) -> None:
    page = _page_with_text(qtbot, CHINESE)
    _build(qtbot, page, "bytebpe", 300)
    shown = [page.top_tokens.item(row, 0).text() for row in range(page.top_tokens.rowCount())]
    assert shown and not any(_mojibake(token) for token in shown), shown
    assert any(token in CHINESE for token in shown)
    page.playground.set_text("雎鸠")
    tips = page.playground.view.tooltip_at(0)
    assert not _mojibake(tips), tips
    assert not page.end_of_word_note.isVisibleTo(page)


def test_the_end_of_word_mark_is_explained(qtbot: QtBot) -> None:
    page = _page_with_text(qtbot, "the cat sat on the mat and the dog sat on the log\n" * 80)
    page.show()
    _build(qtbot, page, "bpe", 60)
    marked = [
        page.top_tokens.item(row, 0)
        for row in range(page.top_tokens.rowCount())
        if "</w>" in page.top_tokens.item(row, 0).text()
    ]
    assert marked
    assert all(item.toolTip() == "</w> marks the end of a word." for item in marked)
    assert page.end_of_word_note.isVisible()


def test_a_tokenizer_built_on_old_parts_is_built_again_on_the_new_ones(qtbot: QtBot) -> None:
    """The parts are cut again (80/10/10) while a build runs: the tokenizer that lands is
    the one of the new parts, not the old one put on them without a word."""
    from lmstudio_app.core.corpus import split_corpus

    page = _page_with_text(qtbot, CHINESE)
    session = page.session
    page.set_spec(dataclasses.replace(page.spec(), kind="char", vocab_size=200))
    page.build()
    assert page.builder.is_running()
    # In the GUI thread, so before the build's result can be delivered.
    new_splits = split_corpus(session.corpus, (0.5, 0.25, 0.25))
    session.set_splits(new_splits, (0.5, 0.25, 0.25))
    qtbot.waitUntil(
        lambda: session.tokenizer is not None and not page.builder.is_running(), timeout=30_000
    )
    assert session.splits is new_splits
    assert session.tokenizer_stats.chars_per_split == {
        name: len(text) for name, text in new_splits.items()
    }
    assert "parts of the text changed during the build" in page.notice.text()
    assert page.notice.isVisibleTo(page)
    # The next change, with no build running, takes the notice away: it spoke of old parts.
    session.set_splits(split_corpus(session.corpus, (0.8, 0.1, 0.1)), (0.8, 0.1, 0.1))
    assert not page.notice.isVisibleTo(page)


def test_a_tokenizer_built_for_another_text_is_set_aside(qtbot: QtBot) -> None:
    from lmstudio_app.core.corpus import Corpus, split_corpus
    from lmstudio_app.ui.session import CorpusChoice

    page = _page_with_text(qtbot, CHINESE)
    session = page.session
    page.set_spec(dataclasses.replace(page.spec(), kind="char", vocab_size=200))
    page.build()
    other = Corpus.from_text("the cat sat on the mat\n" * 50, "cats")
    session.set_corpus(other, split_corpus(other), CorpusChoice())
    qtbot.waitUntil(lambda: not page.builder.is_running(), timeout=30_000)
    qtbot.wait(50)  # anything still queued from the build
    assert session.tokenizer is None
    assert "text changed" in page.notice.text()
    page.build()  # and the text now chosen builds as usual
    qtbot.waitUntil(lambda: session.tokenizer is not None, timeout=30_000)
    assert session.tokenizer_stats.chars_per_split["train"] == len(session.splits.train)


def test_new_parts_of_the_same_text_keep_the_chosen_kind(qtbot: QtBot) -> None:
    from lmstudio_app.core.corpus import Corpus, split_corpus
    from lmstudio_app.ui.session import CorpusChoice

    page = _page_with_text(qtbot, "the cat sat on the mat\n" * 300)
    session = page.session
    chosen = dataclasses.replace(page.spec(), kind="wordpiece", vocab_size=777)
    page.set_spec(chosen)
    session.set_splits(split_corpus(session.corpus, (0.8, 0.1, 0.1)), (0.8, 0.1, 0.1))
    assert page.spec() == chosen
    other = Corpus.from_text(CHINESE, "poems")  # another text: its own suggestion
    session.set_corpus(other, split_corpus(other), CorpusChoice())
    assert page.spec().kind != "wordpiece"
