"""The Generate page's writer: bytes of a character not yet whole wait for the rest."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from lmstudio_app.core.generation import GeneratedToken
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.generate_page import Writer
from lmstudio_app.ui.widgets.surprisal_text import SurprisalText


def test_a_character_written_byte_by_byte_appears_whole_never_as_a_replacement(
    qtbot: QtBot,
) -> None:
    """With byte fallback, a model writes "中" as three byte tokens: the page showed "�" for
    the first two, then lost the character. Now nothing shows until it is whole; a byte
    that can never be part of one shows as its hex."""
    tokenizer = train_tokenizer(TokenizerSpec(kind="char", byte_fallback=True), "ab\n")
    view = SurprisalText()
    qtbot.addWidget(view)
    writer = Writer(None, tokenizer, view)
    writer.start("a")
    seen = []
    ids = [tokenizer.token_to_id(f"<0x{byte:02X}>") for byte in "中".encode()]
    for token_id in [*ids, tokenizer.token_to_id("<0xE4>"), tokenizer.token_to_id("b")]:
        writer.add(GeneratedToken(token_id, 0.5, 0.5))
        seen.append(view.generated_text())
    assert seen == ["", "", "中", "中", "中<0xE4>b"]
    assert "\ufffd" not in view.plain_text()
