"""Which encoding a file without a marking is read in, and a warning when that was a guess
among close alternatives (issue 15: a cp1252 English file read as cp1250, "naïve" shown as
"naďve", with no warning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmstudio_app.core.corpus import load_corpus
from lmstudio_app.core.corpus.encodings import EncodingGuess, Reading, choose_reading

# Smart quotes, an apostrophe, "café", "naïve", a euro sign and a dash, as Word writes them.
WESTERN = "“The café was naïve,” she said. “It cost €5 — can you believe it?”\nHe didn’t answer.\n"
# Only smart quotes, an apostrophe and é: the same bytes in cp1250 and cp1252.
QUOTES_AND_E = "“The café is open,” she said. He didn’t answer; it’s late.\n"


def _load(tmp_path: Path, text: str, encoding: str, repeat: int = 30):
    path = tmp_path / "text.txt"
    path.write_bytes((text * repeat).encode(encoding))
    corpus = load_corpus(path)
    assert corpus.text == text * repeat
    return corpus


def test_a_cp1252_file_with_smart_quotes_and_accents_is_read_as_cp1252_with_a_warning(
    tmp_path: Path,
) -> None:
    corpus = _load(tmp_path, WESTERN, "cp1252")
    assert "naïve" in corpus.text
    assert corpus.encoding == "cp1252"
    # cp1250 and cp1257 read the same bytes as plausibly to the detector ("naďve"): say so
    assert set(corpus.sources[0].close_encodings) >= {"cp1250"}
    warning = corpus.encoding_warning
    assert warning is not None
    assert "text.txt" in warning and "cp1252" in warning and "cp1250" in warning
    assert warning.count(".") == 2  # one sentence (and the file's name)


def test_a_file_read_the_same_in_cp1250_and_cp1252_is_named_cp1252_without_a_warning(
    tmp_path: Path,
) -> None:
    corpus = _load(tmp_path, QUOTES_AND_E, "cp1252")
    assert corpus.encoding == "cp1252"
    assert corpus.encoding_warning is None  # every close reading gives this same text


def test_german_cp1252_is_not_read_as_an_old_mac_encoding(tmp_path: Path) -> None:
    corpus = _load(tmp_path, "Die Größe der Straße ist übermäßig. „Schön“, sagte er.\n", "cp1252")
    assert corpus.encoding == "cp1252"


@pytest.mark.parametrize(
    ("encoding", "text", "detected"),
    [
        ("cp1250", "Příliš žluťoučký kůň úpěl ďábelské ódy. Řeka teče pod mostem.\n", "cp1250"),
        ("cp1250", "Dobrý den, jak se máte? Děkuji, mám se dobře. Škola začíná v září.\n",
         "cp1250"),
        ("cp1250", "Zażółć gęślą jaźń. W Szczebrzeszynie chrząszcz brzmi w trzcinie.\n", "cp1250"),
        ("cp1250", "Človek je prišel domov. Življenje je lepo, šola se začne. Čas teče počasi.\n",
         "cp1250"),
        ("cp1251", "Привет, как дела? Всё хорошо, спасибо.\n", "cp1251"),
        ("gbk", "关关雎鸠，在河之洲。窈窕淑女，君子好逑。\n", "gb18030"),
        ("big5", "關關雎鳩，在河之洲。窈窕淑女，君子好逑。\n", "big5"),
        ("latin-1", "Élan, café, été : à bientôt ! Ça va très bien.\n", "cp1252"),
        ("utf-8", "“The café was naïve,” she said.\n", "utf-8"),
    ],
)
def test_other_encodings_are_detected_as_before_without_a_warning(
    tmp_path: Path, encoding: str, text: str, detected: str
) -> None:
    corpus = _load(tmp_path, text, encoding)
    assert corpus.encoding == detected
    assert corpus.encoding_warning is None


def test_a_chosen_encoding_is_no_guess(tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes((WESTERN * 30).encode("cp1252"))
    assert load_corpus(path, encoding="cp1252").encoding_warning is None


def test_choosing_among_the_detectors_readings() -> None:
    cp1250 = Reading("cp1250", frozenset(), 0.024, 0.6, "French")
    cp1252 = Reading("cp1252", frozenset({"cp1254"}), 0.024, 0.6, "French")
    worse = Reading("mac-latin2", frozenset(), 0.07, 0.56, "Swedish")
    # a tie among Latin single-byte readings: cp1252, the others named
    assert choose_reading([cp1250, cp1252, worse]) == EncodingGuess("cp1252", ("cp1250",))
    # a Hungarian text keeps cp1250, though cp1252 reads it as plausibly ("tûrõ")
    hungarian = Reading("cp1250", frozenset(), 0.0, 0.345, "Hungarian")
    tie = Reading("cp1252", frozenset(), 0.0, 0.345, "Hungarian")
    assert choose_reading([hungarian, tie]) == EncodingGuess("cp1250", ("cp1252",))
    # cp1252 clearly messier: not chosen, not named
    messy = Reading("cp1252", frozenset(), 0.2, 0.6, "English")
    assert choose_reading([cp1250, messy]) == EncodingGuess("cp1250", ())
    assert choose_reading([]) is None
