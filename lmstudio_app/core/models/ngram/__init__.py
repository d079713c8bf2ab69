"""N-gram language models: counting, smoothing, scoring, sampling and ARPA files.

An n-gram model predicts a token from the n-1 tokens before it, by counting. It works over
the ids of any tokenizer (characters, words, sub-words), at any order from 1 to 8.

Boundaries. With `sentence_per_line` each line is a sentence `<s> w1 ... wk </s>` (the way
the Penn Treebank is scored, and the way SRILM and KenLM pad: one `<s>`, so the first word
is predicted from `<s>` alone). Otherwise the whole text is one stream that starts with `<s>`.
`<s>` and `</s>` are the tokenizer's begin and end tokens.

Every model is stored in back-off (ARPA) form, `arpa.BackoffTables`: for each listed n-gram
its full probability, for each context its back-off weight (for interpolated models, the
weight of the lower order). Scoring, the next-token distribution and the ARPA file all read
the same tables, so a model read back from its ARPA file is the model that was trained.

One module an idea, in the order the work goes:
- `spec`: the settings (`NGramSpec`), the special ids, the tokens a distribution covers;
- `layout`: ids laid out as sentences or a stream; `encoding`: text to a layout;
- `counting`: the n-grams of a layout; `smoothing`: counts to back-off tables;
- `model`: `NGramModel`; `distribution`: the next-token distribution and `explain`;
  `scoring`: the scores of a layout and a text's perplexity;
- `training`: text to a model or a run folder; `run`: reading and importing run folders;
- `orders`: the perplexity of each order and a sample, for the Train page;
- `sizes`: how much is read or held at a time.

The model registry (`core.models`) loads this package by name: `load_from_run` is its entry.
"""

from lmstudio_app.core.models.ngram.counting import OrderCounts, count_ngrams
from lmstudio_app.core.models.ngram.encoding import encode_text
from lmstudio_app.core.models.ngram.layout import (
    Layout,
    clean_ids,
    layout_sentences,
    layout_stream,
)
from lmstudio_app.core.models.ngram.model import NGramModel
from lmstudio_app.core.models.ngram.run import MODEL_FILE, import_arpa_to_run, load_from_run
from lmstudio_app.core.models.ngram.smoothing import (
    EstimateInfo,
    estimate,
    kneser_ney_discounts,
)
from lmstudio_app.core.models.ngram.spec import (
    INTERPOLATED_SMOOTHINGS,
    SMOOTHING_NAMES,
    SMOOTHINGS,
    NGramSpec,
    SpecialIds,
    predictable_mask,
)
from lmstudio_app.core.models.ngram.training import train_ngram, train_to_run

__all__ = [
    "INTERPOLATED_SMOOTHINGS",
    "MODEL_FILE",
    "SMOOTHINGS",
    "SMOOTHING_NAMES",
    "EstimateInfo",
    "Layout",
    "NGramModel",
    "NGramSpec",
    "OrderCounts",
    "SpecialIds",
    "clean_ids",
    "count_ngrams",
    "encode_text",
    "estimate",
    "import_arpa_to_run",
    "kneser_ney_discounts",
    "layout_sentences",
    "layout_stream",
    "load_from_run",
    "predictable_mask",
    "train_ngram",
    "train_to_run",
]
