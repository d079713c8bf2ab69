"""What an n-gram model is: its settings, and the tokens its distributions cover.

The vocabulary that every distribution covers (and sums to 1 over) is the whole tokenizer
vocabulary, including `</s>`, `<unk>` and tokens never seen in training, except two ids that
can never be the next token: the begin token (it only ever opens a sentence or the text) and
the padding token (never part of a text). They get probability 0. Text that happens to
contain those two special strings reads them as `<unk>`. On the Penn Treebank this set is
the 10,000 words of the published benchmark (9,999 types with `<unk>`, plus `</s>`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lmstudio_app.core.arpa import MAX_ORDER
from lmstudio_app.core.config import setting
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.tokenization import StudioTokenizer

SMOOTHINGS: tuple[str, ...] = ("mle", "add-k", "witten-bell", "kneser-ney")
INTERPOLATED_SMOOTHINGS = frozenset({"witten-bell", "kneser-ney"})
SMOOTHING_NAMES = {
    "mle": N_("maximum likelihood (no smoothing)"),
    "add-k": N_("add-k (Laplace at k = 1)"),
    "witten-bell": N_("interpolated Witten-Bell"),
    "kneser-ney": N_("interpolated modified Kneser-Ney"),
}


@dataclass(frozen=True)
class NGramSpec:
    """The settings of an n-gram model."""

    order: int = setting(
        3,
        label="Order (n)",
        help="How many tokens the model looks at: it predicts the next token from the n-1 "
        "tokens before it. 1 ignores the context; 3 (a trigram model) looks two tokens back.",
        low=1,
        high=MAX_ORDER,
    )
    smoothing: str = setting(
        "kneser-ney",
        label="Smoothing",
        help="How probability is saved for what never occurred in the text. mle trusts the "
        "counts alone (anything unseen is impossible); add-k adds k to every count; "
        "witten-bell and kneser-ney mix in shorter contexts, kneser-ney best of all.",
        choices=SMOOTHINGS,
    )
    add_k: float = setting(
        1.0,
        label="k (add-k)",
        help="For add-k smoothing: the count added to every possible next token. "
        "1 is Laplace smoothing; smaller values trust the counts more.",
        low=0.0001,
        high=100.0,
        log_scale=True,
        visible_when=("smoothing", ("add-k",)),
    )
    sentence_per_line: bool = setting(
        False,
        label="One sentence per line",
        help="Treat each line as a sentence that starts with <s> and ends with </s>, as the "
        "Penn Treebank is scored. Off: the whole text is one long stream.",
    )


@dataclass(frozen=True)
class SpecialIds:
    """The ids of the tokenizer's special tokens, as the n-gram model uses them."""

    bos: int
    eos: int
    unk: int
    pad: int

    @classmethod
    def of(cls, tokenizer: StudioTokenizer) -> SpecialIds:
        return cls(tokenizer.bos_id, tokenizer.eos_id, tokenizer.unk_id, tokenizer.pad_id)


def predictable_mask(vocab_size: int, special: SpecialIds) -> np.ndarray:
    """The ids a distribution covers: all but the begin and padding tokens."""
    mask = np.ones(vocab_size, dtype=bool)
    mask[special.bos] = False
    mask[special.pad] = False
    mask[special.eos] = True  # should a tokenizer give two specials one id, keep the useful
    mask[special.unk] = True
    return mask
