"""Guess the next token: Shannon's experiment (1951), for a person and for the models.

A person reads a text one token at a time and guesses each next token until right, or gives
up. Shannon's idea: someone who always guesses in the same order (their best guess first)
could rebuild the whole text from the numbers of guesses alone, so those numbers hold as much
information as the text. Most tokens are found at the first guess, so the numbers are very
predictable, and their entropy (Shannon's upper bound) estimates the bits the text holds for
that person: `guess_bits`. Divided by the characters guessed, it is bits per character,
the figure a model's loss gives on the same text (`core.scoring`). The estimate is an upper
bound: the person's true figure is lower, by how much the guesses' order alone cannot tell.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmstudio_app.core.corpus.spill import SpilledText
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled
from lmstudio_app.core.tokenization import StudioTokenizer

# At most this many characters of what comes before are shown, and read by the models.
CONTEXT_CHARS = 80
# Of a text on disk (a large one), the passage is chosen among the first this many characters.
LARGE_TEXT_CHARS = 1 << 20
# How many wrong guesses a token allows before the game gives up on it for the person.
MAX_GUESSES = 10


@dataclass(frozen=True)
class Guess:
    """How one token went: how many guesses it took, and whether it was found at all."""

    tries: int
    found: bool


def guess_bits(guesses: Sequence[Guess], vocab_size: int) -> float:
    """Shannon's estimate of the bits in all, from the number of guesses of each token.

    The entropy of the guess numbers (how often the first guess was right, the second...)
    for every token; a token given up on also costs the bits that name it among the tokens not
    yet tried (as if drawn from them at random, the most it can cost).
    """
    if not guesses:
        return 0.0
    outcomes = Counter(g.tries if g.found else -1 for g in guesses)
    total = len(guesses)
    entropy = -sum(n / total * math.log2(n / total) for n in outcomes.values())
    unnamed = sum(math.log2(max(vocab_size - g.tries, 1)) for g in guesses if not g.found)
    return entropy * total + unnamed


@dataclass(frozen=True)
class Unit:
    """One token to guess: the characters it shows (with any space before it that the
    tokenizer leaves out, shown with it), where they are in the passage."""

    text: str  # the token's own characters, what a guess must match
    start: int
    end: int  # passage[start:end] is shown once it is found (spaces before it included)


@dataclass
class Passage:
    """A piece of text to guess: the context shown first, then the tokens to guess."""

    text: str  # context and the tokens to guess, as one text (what the models read)
    context_end: int  # text[:context_end] is shown from the start
    units: list[Unit]

    @property
    def end(self) -> int:
        return self.units[-1].end if self.units else self.context_end

    @property
    def guessed_chars(self) -> int:
        return self.end - self.context_end


def choose_passage(
    text: str | SpilledText, tokenizer: StudioTokenizer, tokens: int, seed: int | None = None
) -> Passage:
    """`tokens` tokens to guess from a line start in `text` (the validation part), after as
    much as `CONTEXT_CHARS` of what comes before them. From a text on disk (`corpus.spill`,
    a large one) the passage is taken from its first `LARGE_TEXT_CHARS` characters."""
    if not isinstance(text, str):
        text = text[:LARGE_TEXT_CHARS]
    if not text.strip():
        raise CorpusError("empty_text")
    rng = random.Random(seed)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" and i + 1 < len(text)]
    # Prefer lines with text after them for the tokens (a few characters each at least).
    room = [s for s in starts if len(text) - s > tokens * 2] or starts
    begin = rng.choice(room)
    context_start = max(0, begin - CONTEXT_CHARS)
    newline = text.find("\n", context_start, begin)
    if 0 <= newline < begin - 1 and context_start > 0:
        context_start = newline + 1  # the context starts at a line start where it can
    while context_start < begin and text[context_start] == "\n":
        context_start += 1  # not with an empty line
    end = min(len(text), begin + max(tokens * 40, 200))
    passage = text[context_start:end]
    context_end = begin - context_start
    encoded = tokenizer.encode(passage)
    units: list[Unit] = []
    shown = context_end
    for a, b in encoded.offsets:
        if a < context_end or b <= shown:
            continue  # in the context, or a byte of a character already shown
        own = passage[max(a, shown) : b]
        if not own:
            continue
        units.append(Unit(own, shown, b))
        shown = b
        if len(units) == tokens:
            break
    return Passage(passage[: shown if units else context_end], context_end, units)


def matches(guess: str, unit: Unit) -> bool:
    """Whether a typed guess is the token: exactly, or leaving out spaces around a word."""
    if guess == unit.text:
        return True
    return bool(guess.strip()) and guess.strip() == unit.text.strip()


@dataclass
class GuessGame:
    """A person guessing a passage token by token."""

    passage: Passage
    vocab_size: int
    max_guesses: int = MAX_GUESSES
    results: list[Guess] = field(default_factory=list)
    tries: int = 0  # wrong guesses so far for the current token
    wrong: list[str] = field(default_factory=list)

    @property
    def position(self) -> int:
        """The index of the token being guessed (len(units) when all are done)."""
        return len(self.results)

    @property
    def done(self) -> bool:
        return self.position >= len(self.passage.units)

    @property
    def current(self) -> Unit | None:
        return None if self.done else self.passage.units[self.position]

    def shown_end(self) -> int:
        """How much of the passage shows now: the context and the tokens done."""
        if not self.results:
            return self.passage.context_end
        return self.passage.units[self.position - 1].end

    def guess(self, text: str) -> bool:
        """One guess at the current token: True if right (the game moves on). After
        `max_guesses` wrong ones the game gives up on the token for the person."""
        unit = self.current
        if unit is None:
            return False
        self.tries += 1
        if matches(text, unit):
            self._next(Guess(self.tries, True))
            return True
        self.wrong.append(text)
        if self.tries >= self.max_guesses:
            self.give_up()
        return False

    def give_up(self) -> None:
        if self.current is not None:
            self._next(Guess(self.tries, False))

    def _next(self, result: Guess) -> None:
        self.results.append(result)
        self.tries = 0
        self.wrong = []

    def bits(self) -> float:
        return guess_bits(self.results, self.vocab_size)

    def first_guess_share(self) -> float:
        return sum(g.found and g.tries == 1 for g in self.results) / max(len(self.results), 1)

    def bits_per_char(self) -> float:
        chars = self.passage.units[self.position - 1].end - self.passage.context_end
        return self.bits() / max(chars, 1) if self.results else 0.0


@dataclass(frozen=True)
class ModelResult:
    """How a model does on the passage a person guessed."""

    name: str
    bits_per_char: float  # from its probabilities: what its loss says (`core.scoring`)
    first_guess_share: float  # the tokens it would have found at its first guess (<unk>: not)


def models_on_passage(
    passage: Passage,
    runs: Sequence[tuple[str, Any, StudioTokenizer]],
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> list[ModelResult]:
    """Each (name, model, tokenizer) on the guessed part of `passage`, reading the context
    before it as the person did; the fewest bits per character first."""
    from lmstudio_app.core.scoring import score_text

    chars = max(passage.guessed_chars, 1)
    out = []
    for index, (name, model, tokenizer) in enumerate(runs):
        part_progress = scaled(progress, index / max(len(runs), 1), 1 / max(len(runs), 1))
        score = score_text(model, tokenizer, passage.text, part_progress, cancel, name=name)
        part = score.part(passage.context_end, passage.end)
        # a model's first guess of <unk> names no character: not found
        first = [t.rank == 1 and t.token_id != tokenizer.unk_id for t in part.tokens]
        out.append(ModelResult(name, part.total_bits / chars, sum(first) / max(len(first), 1)))
    return sorted(out, key=lambda r: r.bits_per_char)


def validation_text_of_run(
    folder: str | Path, progress: ProgressCallback = no_progress, cancel: CancelCheck | None = None
) -> str:
    """The validation part of the text a run folder's model learned from, read and split as
    run.json records it (a text the model never trained on)."""
    from lmstudio_app.core.runs import read_run_json
    from lmstudio_app.core.runs.source import CorpusSource

    run = read_run_json(Path(folder))
    valid = CorpusSource.of_run(run, folder).load(progress, cancel).splits.valid
    # A text on disk (a large one): its start, where `choose_passage` would look anyway.
    return valid if isinstance(valid, str) else valid[:LARGE_TEXT_CHARS]
