"""The "What is happening here?" texts, one per step, as Qt rich text (HTML).

Each text is a `QT_TRANSLATE_NOOP("Learn", ...)` literal so that Qt's `lupdate` (run by
scripts/update_translations.py over lmstudio_app/ui) lists it under the context "Learn"; the
window looks it up at run time with `QCoreApplication.translate("Learn", source)`. The
context is written out as a literal everywhere because lupdate only reads literals.

The Simplified Chinese translations are kept in resources/translations/learn_zh_CN.json,
keyed by these exact source strings, until they are merged into the .ts catalogue.

Writing rules, so that a teacher can read a panel aloud in under a minute: 60 to 120 words,
concrete, tied to what is on the screen. Only the HTML that Qt's rich text understands:
<p>, <b>, <i>, <sub>, <sup>, <br>, and entities (&lt; for a literal "<"). Equations are
written with <i>, <sub> and Unicode (σ, tanh, ⊙, −), as on the Model page, not as images.
Facts checked against the code: the loss is cross-entropy in nats (natural log); the loss
plot draws training in blue and validation in orange with dots (widgets/loss_plot.py);
bits per character = loss / ln 2 / characters per token (core/training.py); top-p keeps the
smallest set of likeliest tokens whose mass reaches p (core/generation.py); the numbers in
the Generate example are what `filtered_distribution` gives for 50/30/15/5 %.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

LEARN_CONTEXT = "Learn"

_SOURCES: dict[str, str] = {
    "corpus": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>The corpus is everything the model will ever know.</b> A language model learns "
        "only from this text: fed Shakespeare, it writes like Shakespeare; fed Tang poems, it "
        "writes like Tang poems. More text, and more varied text, usually makes a better "
        "model.</p>"
        "<p>The text is split into three parts. The model learns from the <b>training</b> "
        "part, usually 90%. The <b>validation</b> part is never learned from: during "
        "training the model is checked on it, to tell real learning from memorising. The "
        "<b>test</b> part is kept aside for one final, honest score. <b>Different "
        "characters</b>, in the statistics, is how many distinct symbols the text uses: a "
        "character tokenizer's vocabulary is the characters of the training part plus four "
        "special tokens, such as &lt;unk&gt; for a character it never saw.</p>",
    ),
    "tokenizer": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>A model does not read letters or words: it reads numbers.</b> The tokenizer "
        "cuts the text into <b>tokens</b> and gives each one a number, its id. In the "
        "coloured text, each patch of colour is one token; hover over one to see its id "
        "(↵ marks a new line).</p>"
        "<p>Small tokens, such as single characters, make a small vocabulary but long "
        "sequences. Whole words make short sequences but a huge vocabulary, and rare words "
        "become &lt;unk&gt;, which the model can never predict. Sub-word kinds such as BPE "
        "sit in between: common words stay whole, rare ones are spelled in pieces. "
        "<i>Compare all kinds</i> cuts the same text seven ways.</p>",
    ),
    "model_ngram": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>An n-gram model learns by counting.</b> An order-3 model looks at the last two "
        "tokens and asks: in the training text, what came after these two? If “th” was "
        "followed by “e” 600 times and by “a” the other 200 times:</p>"
        '<p align="center"><i>P</i>(e | th) = 600 / 800 = 75%</p>'
        "<p><b>Smoothing</b> saves some probability for what was never seen: without it, a "
        "single unseen run of tokens would make a whole new text impossible. Kneser-Ney, the "
        "default, takes a little from every count and hands it to shorter contexts: what "
        "followed the last token alone, then how many different tokens each token "
        "follows.</p>",
    ),
    "model_rnn": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>A recurrent network reads one token at a time and keeps a memory:</b> the "
        "hidden state <i>h</i>, a list of numbers as long as the <i>Hidden size</i>. At every "
        "step it mixes the token just read, <i>x</i><sub>t</sub>, into the old memory "
        "<i>h</i><sub>t−1</sub>:</p>"
        '<p align="center"><i>h</i><sub>t</sub> = '
        "tanh(<i>W x</i><sub>t</sub> + <i>U h</i><sub>t−1</sub> + <i>b</i>)</p>"
        "<p><i>W</i>, <i>U</i> and <i>b</i> are the numbers training adjusts; tanh keeps every "
        "entry between −1 and 1. The next token’s probabilities are read from "
        "<i>h</i><sub>t</sub>. The weakness: the whole memory is rewritten at every step, so "
        "what was read twenty tokens ago has mostly faded. LSTM and GRU add gates to fix "
        "this.</p>",
    ),
    "model_lstm": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>An LSTM is a recurrent network with a longer memory.</b> Besides <i>h</i> it "
        "keeps a cell <i>c</i>, guarded by three gates. Each gate is a number between 0 and 1 "
        "for every entry of the memory (σ squashes any number into that range):</p>"
        '<p align="center">'
        "<i>c</i><sub>t</sub> = <i>f</i> ⊙ <i>c</i><sub>t−1</sub> + <i>i</i> ⊙ <i>g</i>"
        " &nbsp;&nbsp;&nbsp; <i>h</i><sub>t</sub> = <i>o</i> ⊙ tanh(<i>c</i><sub>t</sub>)</p>"
        "<p>The forget gate <i>f</i> decides how much of the old cell to keep, the input gate "
        "<i>i</i> how much of the new candidate <i>g</i> to write, and the output gate "
        "<i>o</i> how much to show. ⊙&nbsp;multiplies entry by entry. While <i>f</i> stays near 1, "
        "a fact is kept for many steps: that is how an LSTM remembers to close a quotation "
        "mark opened long before.</p>",
    ),
    "model_gru": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>A GRU is a simpler gated network:</b> two gates and no separate cell. It has "
        "three sets of weights where an LSTM has four, so fewer numbers to learn at the same "
        "size (watch <i>Parameters</i> change when you switch), and it often learns just as "
        "well.</p>"
        '<p align="center">'
        "<i>h</i><sub>t</sub> = (1 − <i>z</i>) ⊙ <i>h</i><sub>t−1</sub> + <i>z</i> ⊙ <i>ñ</i></p>"
        "<p>The update gate <i>z</i>, between 0 and 1, blends the old memory "
        "<i>h</i><sub>t−1</sub> with a new candidate <i>ñ</i>: near 0 it keeps the old "
        "memory, near 1 it writes the new one. The reset gate <i>r</i> decides how much of the "
        "old memory goes into the candidate. ⊙&nbsp;multiplies entry by entry.</p>",
    ),
    "model_gpt": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>A transformer carries no memory: each token looks back at the earlier ones "
        "and decides which matter.</b> Every token makes a query <i>Q</i> (what it looks "
        "for), a key <i>K</i> (what it offers) and a value <i>V</i> (what it passes on). "
        "Queries are compared with keys, the scores become shares adding up to 1, and the "
        "values are mixed by those shares:</p>"
        '<p align="center">softmax(<i>Q K</i><sup>T</sup> / √<i>d</i>) <i>V</i></p>'
        "<p>The <b>causal mask</b> lets a token see only itself and earlier tokens, never "
        "the ones it must guess. Each layer has several <b>heads</b> looking for different "
        "things (<i>d</i> is one head’s size); <b>layers</b> repeat this on what the last "
        "one found. The <b>embedding size</b> is how many numbers describe a token; the "
        "<b>context length</b>, how far back it can look.</p>",
    ),
    "train": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>Training is practice at guessing the next token.</b> At each step the model "
        "guesses each next token of a batch of text, and its numbers are nudged to make the "
        "right tokens a little more likely.</p>"
        "<p>The <b>loss</b> says how wrong the guesses were, in nats: the average of "
        "−ln <i>p</i>, where <i>p</i> is the probability the model gave to the token that "
        "really came. Lower is better. The blue curve is the loss on training text; the "
        "orange dots, on validation text the model never learns from. If blue keeps falling "
        "while orange rises, the model is memorising.</p>"
        "<p><b>Perplexity</b> = <i>e</i><sup>loss</sup>: 12 means the model is as unsure as if "
        "it chose among 12 equally likely tokens. <b>Bits per character</b> = loss ÷ ln 2 ÷ "
        "characters per token.</p>",
    ),
    "generate": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>The model writes one token at a time.</b> At each step it gives every token a "
        "probability and draws one at random by those odds. <i>Step</i> shows one draw as "
        "bars. Say the model gives “e” 50%, “a” 30%, “o” 15%, “x” 5%:</p>"
        "<p><b>Temperature</b> reshapes the odds. At 0.5 they sharpen to 68%, 25%, 6%, "
        "under 1%: safe, repetitive text. At 2 they flatten to 38%, 29%, 21%, 12%: bolder "
        "text, more mistakes. At 0 the likeliest token always wins. <b>Top-k</b> keeps only "
        "the k likeliest: top-k 2 keeps “e” and “a”. <b>Top-p</b> keeps the likeliest until "
        "they add up to p: top-p 0.9 keeps “e”, “a” and “o” (95%).</p>"
        "<p>Green tokens were expected; red ones surprised the model.</p>",
    ),
    "inside": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>A recurrent network carries a memory, a list of numbers (units), from one "
        "character to the next.</b> At each step it mixes the new character with the memory: "
        "h<sub>t</sub> = tanh(W x<sub>t</sub> + U h<sub>t−1</sub> + b). An LSTM or GRU also "
        "has <b>gates</b>, numbers between 0 and 1 that decide what to forget and what to "
        "write.</p>"
        "<p>In the heatmap each row is one unit, each column one character: red positive, "
        "blue negative. <b>Find the neuron</b> asks whether some unit tracks something in "
        "the text, such as being inside quotes. The <b>embedding map</b> shows where the "
        "model places each token: tokens it uses alike end up close.</p>",
    ),
    "runs": QT_TRANSLATE_NOOP(
        "Learn",
        "<p><b>Each run is one trained model</b>, kept in its own folder with its settings, "
        "its tokenizer, the model itself and its loss curve: open it again later, or hand the "
        "folder to a class.</p>"
        "<p>To pick the best model, compare <b>Validation perplexity</b>: lower is better. "
        "Compare only runs with the same tokenizer: a word model chooses among thousands of "
        "words, a character model among a few dozen letters, so their perplexities differ for "
        "that reason alone. Select several rows to lay their loss curves over each other. "
        "<b>Test perplexity</b> is the final score, on text no choice was based on.</p>",
    ),
}

# The panel's own words, in the same context so that one catalogue section holds them all.
_UI: dict[str, str] = {
    "header": QT_TRANSLATE_NOOP("Learn", "What is happening here?"),
    "tooltip": QT_TRANSLATE_NOOP("Learn", "Show or hide a short explanation of this step."),
    "expanded": QT_TRANSLATE_NOOP("Learn", "The explanation is shown."),
    "collapsed": QT_TRANSLATE_NOOP("Learn", "The explanation is hidden."),
}

LEARN_KEYS: tuple[str, ...] = tuple(_SOURCES)
# The Model page shows the text of the family chosen in its "Model family" box.
MODEL_FAMILIES: tuple[str, ...] = ("ngram", "rnn", "lstm", "gru", "gpt")


def learn_source(key: str) -> str:
    """The English source of a panel, exactly as lupdate extracts it."""
    return _SOURCES[key]


def learn_html(key: str) -> str:
    """A panel's text in the interface language (English where no translation is loaded)."""
    return QCoreApplication.translate("Learn", _SOURCES[key])


def model_learn_key(family: str) -> str:
    """The panel key for a model family of the Model page ("ngram", "rnn", "lstm", "gru",
    "gpt")."""
    if family not in MODEL_FAMILIES:
        raise KeyError(family)
    return f"model_{family}"


def ui_text(name: str) -> str:
    """One of the panel's own words ("header", "tooltip"), translated."""
    return QCoreApplication.translate("Learn", _UI[name])


def all_sources() -> list[str]:
    """Every source string in the "Learn" context: what the catalogue must translate."""
    return [*_SOURCES.values(), *_UI.values()]
