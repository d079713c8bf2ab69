"""Shannon's guessing game in core: the passage, the guesses, the bits they are worth."""

from __future__ import annotations

import math

import pytest

from lmstudio_app.core.guessing import (
    Guess,
    GuessGame,
    choose_passage,
    guess_bits,
    matches,
    models_on_passage,
)
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.scoring import score_text
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

TEXT = "the cat sat on the mat.\n\nthe dog sat on the log.\na cat and a dog met.\n" * 20


def test_guess_bits_is_the_entropy_of_the_guess_numbers() -> None:
    assert guess_bits([Guess(1, True)] * 8, 30) == 0.0  # always right at once: no surprise
    # half at the first guess, half at the second: one bit a token
    assert guess_bits([Guess(1, True), Guess(2, True)] * 4, 30) == pytest.approx(8.0)
    # a token given up on after 3 tries also names itself among the 27 left
    bits = guess_bits([Guess(1, True), Guess(3, False)], 30)
    assert bits == pytest.approx(2.0 + math.log2(27))
    assert guess_bits([], 30) == 0.0


@pytest.mark.parametrize("kind", ["char", "word", "bpe"])
def test_a_passage_is_the_text_cut_into_its_tokens(kind: str) -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind=kind, vocab_size=300), TEXT)
    passage = choose_passage(TEXT, tokenizer, 12, seed=4)
    assert len(passage.units) == 12
    assert passage.text[passage.context_end - 1] == "\n" or passage.context_end == 0
    assert not passage.text.startswith("\n")
    start = passage.context_end
    for unit in passage.units:
        assert unit.start == start and unit.end > unit.start
        assert passage.text[unit.start : unit.end].endswith(unit.text.strip() or unit.text)
        start = unit.end
    assert TEXT.find(passage.text) >= 0


def test_a_game_counts_guesses_and_gives_up() -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    passage = choose_passage(TEXT, tokenizer, 6, seed=1)
    game = GuessGame(passage, tokenizer.vocab_size, max_guesses=3)
    units = passage.units
    assert game.guess(units[0].text)
    wrong = "#"
    assert not game.guess(wrong) and game.wrong == [wrong]
    assert game.guess(units[1].text)
    game.give_up()
    for _ in range(3):  # three wrong guesses: given up on
        game.guess(wrong)
    assert game.position == 4
    for unit in units[4:]:
        game.guess(unit.text)
    assert game.done and not game.guess("x")
    assert game.results == [
        Guess(1, True),
        Guess(2, True),
        Guess(0, False),
        Guess(3, False),
        Guess(1, True),
        Guess(1, True),
    ]
    chars = units[-1].end - passage.context_end
    assert game.bits_per_char() == pytest.approx(game.bits() / chars)
    assert game.bits() == pytest.approx(guess_bits(game.results, tokenizer.vocab_size))
    assert game.first_guess_share() == pytest.approx(3 / 6)


def test_matches_leaves_out_spaces_around_a_word() -> None:
    from lmstudio_app.core.guessing import Unit

    assert matches(" ", Unit(" ", 0, 1)) and not matches("", Unit(" ", 0, 1))
    assert matches("cat", Unit(" cat", 0, 4)) and not matches("Cat", Unit(" cat", 0, 4))
    assert matches("\n", Unit("\n", 0, 1))


def test_models_read_the_same_characters() -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    good = train_ngram(NGramSpec(order=4), tokenizer, TEXT)
    poor = train_ngram(NGramSpec(order=1), tokenizer, TEXT)
    passage = choose_passage(TEXT, tokenizer, 15, seed=2)
    results = models_on_passage(passage, [("poor", poor, tokenizer), ("good", good, tokenizer)])
    assert [r.name for r in results] == ["good", "poor"]
    whole = score_text(good, tokenizer, passage.text)
    guessed = whole.tokens[passage.context_end :]
    bits = sum(t.surprisal_bits for t in guessed)
    assert results[0].bits_per_char == pytest.approx(bits / passage.guessed_chars)
    assert results[0].first_guess_share == pytest.approx(
        sum(t.rank == 1 for t in guessed) / len(guessed)
    )
