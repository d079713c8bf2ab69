"""Training a tokenizer on a text: the Hugging Face pieces each kind is made of, and the
counting pass, with progress and a cancel check between batches."""

from __future__ import annotations

from collections.abc import Iterator

from tokenizers import (
    AddedToken,
    Regex,
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    trainers,
)

from lmstudio_app.core.corpus.spill import SpilledText, text_pieces
from lmstudio_app.core.corpus.stats import character_counts
from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization.chunks import (
    CHAR_PATTERN,
    CHARS_PER_PIECE,
    CJK_PATTERN,
    LINES_PER_BATCH,
    TRAINING_CHARS_PER_BATCH,
    WORD_PATTERN,
    bounded_words,
    line_batches,
    lossless_pieces,
)
from lmstudio_app.core.tokenization.spec import (
    BYTE_TOKENS,
    KINDS,
    MAX_VOCAB_SIZE,
    NEWLINE_AS_TEXT_KINDS,
    SUBWORD_KINDS,
    WORD_LEVEL_KINDS,
    TokenizerSpec,
    check_spec,
    default_vocab_size,
)
from lmstudio_app.core.tokenization.tokenizer import StudioTokenizer

# Share of the progress bar for the counting pass; the rest is the library's final step.
_COUNTING_SHARE = 0.9


def train_tokenizer(
    spec: TokenizerSpec,
    text: str | SpilledText,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> StudioTokenizer:
    """Build a tokenizer from the training text.

    Progress covers the counting pass (the part that grows with the text); the final merge
    step of the sub-word trainers runs inside `tokenizers` and is reported as indeterminate.
    """
    spec = check_spec(spec)
    check_cancel(cancel)
    progress(0.0, N_("Counting"))
    if spec.kind == "char":
        hf = _build_char(spec, text)
    elif spec.kind in WORD_LEVEL_KINDS:
        hf = _train_word_level(spec, text, progress, cancel)
    else:
        vocab_size = spec.vocab_size or default_vocab_size(spec.kind, len(text))
        if spec.kind == "unigram":
            # Unigram keeps every character of the text as a piece, so it needs at least that
            # many entries: grow the automatic size, and refuse a size chosen too small.
            needed = len(character_counts(text)) + len(spec.special_tokens) + 1
            if spec.vocab_size and spec.vocab_size < needed:
                raise TokenizerError(
                    "bad_vocab_size", low=needed, high=MAX_VOCAB_SIZE, value=spec.vocab_size
                )
            vocab_size = max(vocab_size, needed + needed // 4)
        hf, trainer = _subword_setup(spec, vocab_size)
        hf.normalizer = _normalizer(spec)  # the trainer must see the text as encode will
        hf.train_from_iterator(_training_batches(spec, text, progress, cancel), trainer=trainer)
    hf.normalizer = _normalizer(spec)
    # Special tokens are matched before pre-tokenization, so "<unk>" in the text stays whole.
    hf.add_special_tokens([AddedToken(t, normalized=False) for t in spec.special_tokens])
    check_cancel(cancel)
    progress(1.0, N_("Done"))
    return StudioTokenizer(hf, spec)


def _training_batches(
    spec: TokenizerSpec,
    text: str | SpilledText,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> Iterator[list[str]]:
    """Feed the trainer in batches, reporting progress and honouring the cancel check."""
    counting = scaled(progress, 0.0, _COUNTING_SHARE)
    total = max(len(text), 1)
    done = 0
    # A text on disk (`corpus.spill`) a piece of it at a time: its pieces end on lines.
    if spec.kind in NEWLINE_AS_TEXT_KINDS:
        pieces = (
            piece for part in text_pieces(text) for piece in lossless_pieces(part, CHARS_PER_PIECE)
        )
        batches: Iterator[list[str]] = ([piece] for piece in pieces)
    else:
        # Smaller batches than for encoding: the trainer reads ahead many batches at once.
        batches = (
            [piece for piece, _ in batch]
            for part in text_pieces(text)
            for batch in line_batches(part, LINES_PER_BATCH, TRAINING_CHARS_PER_BATCH)
        )
    bound = spec.kind in SUBWORD_KINDS  # their trainers slow down badly on long words
    for batch in batches:
        check_cancel(cancel)
        size = sum(len(line) + 1 for line in batch)
        yield list(bounded_words(batch)) if bound else batch
        done += size
        counting(done / total, N_("Counting"))


def _normalizer(spec: TokenizerSpec) -> normalizers.Normalizer | None:
    return normalizers.Lowercase() if spec.lowercase else None


def _cjk_split() -> pre_tokenizers.PreTokenizer:
    return pre_tokenizers.Split(Regex(CJK_PATTERN), behavior="isolated")


def _build_char(spec: TokenizerSpec, text: str | SpilledText) -> Tokenizer:
    """The special tokens and the characters of the text (most frequent first); with
    `byte_fallback`, then the 256 byte tokens, so that a character never seen is still encoded
    losslessly, else such a character becomes <unk>.

    In most alphabets a text's characters then have ids below 256, and n-gram counting keeps
    a long text's ids in one byte each (`ngram.encoding.layout_of_text`)."""
    lowered = (piece.lower() for piece in text_pieces(text)) if spec.lowercase else None
    counts = character_counts(text if lowered is None else lowered)
    vocab: dict[str, int] = {}
    for token in spec.special_tokens:
        vocab.setdefault(token, len(vocab))
    bytes_ = BYTE_TOKENS if spec.byte_fallback else []
    budget = spec.vocab_size - len(vocab) - len(bytes_) if spec.vocab_size else len(counts)
    for char, count in counts.items():
        if budget <= 0:
            break
        if count < spec.min_frequency or char in vocab:
            continue
        vocab[char] = len(vocab)
        budget -= 1
    for token in bytes_:
        vocab.setdefault(token, len(vocab))
    hf = Tokenizer(models.BPE(
        vocab=vocab, merges=[], byte_fallback=spec.byte_fallback, unk_token=spec.unk_token
    ))
    hf.pre_tokenizer = pre_tokenizers.Split(Regex(CHAR_PATTERN), behavior="isolated")
    hf.decoder = decoders.Sequence([decoders.ByteFallback(), decoders.Fuse()])
    return hf


def _word_level_pre_tokenizer(kind: str) -> pre_tokenizers.PreTokenizer:
    if kind == "whitespace":
        return pre_tokenizers.Sequence([_cjk_split(), pre_tokenizers.WhitespaceSplit()])
    return pre_tokenizers.Split(Regex(WORD_PATTERN), behavior="removed", invert=True)


def _train_word_level(
    spec: TokenizerSpec,
    text: str | SpilledText,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> Tokenizer:
    """Count words with `tokenizers`, then lay out the vocabulary with the special tokens first.

    Training directly with special tokens would count "<unk>" from the text (the Penn Treebank
    has it) as a second, different entry; building the model from the counts avoids that.
    """
    counter = Tokenizer(models.WordLevel(unk_token=spec.unk_token))
    counter.normalizer = _normalizer(spec)
    counter.pre_tokenizer = _word_level_pre_tokenizer(spec.kind)
    counter.train_from_iterator(
        _training_batches(spec, text, progress, cancel),
        trainer=trainers.WordLevelTrainer(
            vocab_size=MAX_VOCAB_SIZE * 4, min_frequency=spec.min_frequency, show_progress=False
        ),
    )
    by_frequency = sorted(counter.get_vocab().items(), key=lambda item: item[1])
    vocab: dict[str, int] = {}
    for token in spec.special_tokens:
        vocab.setdefault(token, len(vocab))
    limit = spec.vocab_size or len(by_frequency) + len(vocab)
    for word, _ in by_frequency:
        if len(vocab) >= limit:
            break
        vocab.setdefault(word, len(vocab))
    hf = Tokenizer(models.WordLevel(vocab=vocab, unk_token=spec.unk_token))
    hf.pre_tokenizer = _word_level_pre_tokenizer(spec.kind)
    if spec.kind == "word":
        hf.decoder = decoders.WordPiece(prefix="##", cleanup=True)
    return hf


def _subword_setup(spec: TokenizerSpec, vocab_size: int) -> tuple[Tokenizer, trainers.Trainer]:
    special = spec.special_tokens
    if spec.kind == "bpe":
        hf = Tokenizer(models.BPE(unk_token=spec.unk_token, end_of_word_suffix="</w>"))
        hf.pre_tokenizer = pre_tokenizers.Sequence([_cjk_split(), pre_tokenizers.Whitespace()])
        hf.decoder = decoders.BPEDecoder(suffix="</w>")
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            min_frequency=spec.min_frequency,
            special_tokens=special,
            end_of_word_suffix="</w>",
            show_progress=False,
        )
    elif spec.kind == "bytebpe":
        hf = Tokenizer(models.BPE())
        hf.pre_tokenizer = pre_tokenizers.Sequence(
            [_cjk_split(), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)]
        )
        hf.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            min_frequency=spec.min_frequency,
            special_tokens=special,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
    elif spec.kind == "wordpiece":
        hf = Tokenizer(models.WordPiece(unk_token=spec.unk_token))
        hf.pre_tokenizer = pre_tokenizers.Sequence(
            [_cjk_split(), pre_tokenizers.BertPreTokenizer()]
        )
        hf.decoder = decoders.WordPiece(prefix="##", cleanup=True)
        trainer = trainers.WordPieceTrainer(
            vocab_size=vocab_size,
            min_frequency=spec.min_frequency,
            special_tokens=special,
            show_progress=False,
        )
    elif spec.kind == "unigram":
        hf = Tokenizer(models.Unigram())
        hf.pre_tokenizer = pre_tokenizers.Sequence(
            [_cjk_split(), pre_tokenizers.Metaspace(prepend_scheme="first")]
        )
        hf.decoder = decoders.Metaspace(prepend_scheme="first")
        trainer = trainers.UnigramTrainer(
            vocab_size=vocab_size,
            special_tokens=special,
            unk_token=spec.unk_token,
            show_progress=False,
        )
    else:  # pragma: no cover - check_spec keeps other kinds out
        raise TokenizerError("unknown_tokenizer", kind=spec.kind, choices=", ".join(KINDS))
    return hf, trainer
