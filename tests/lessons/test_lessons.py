"""Lesson files: what is saved opens again the same, and every bad file is one plain sentence."""

from __future__ import annotations

import contextlib
import json
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.lessons import (
    LESSON_FORMAT,
    MAX_EMBEDDED_TEXT_BYTES,
    MAX_LESSON_BYTES,
    TOP_FIELDS,
    Lesson,
    LessonError,
    check_embeddable,
    lesson_corpus,
    lesson_from_dict,
    lesson_to_dict,
    load_lesson,
    lockable_settings,
    save_lesson,
)
from lmstudio_app.core.models.ngram import NGramSpec
from lmstudio_app.core.specs import ModelSpec, TrainSpec, preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec

TEXT = "关关雎鸠，在河之洲。\nThe cat sat on the mat.\n\tIndented line\n" * 20


def recurrent_lesson() -> Lesson:
    return Lesson(
        model_kind="gru",
        model=ModelSpec(family="gru", embed_dim=48, hidden_size=300, layers=2, dropout=0.25),
        training=TrainSpec(lr=0.01, seq_len=40, optimizer="sgd", max_minutes=1.5, seed=7),
        tokenizer=TokenizerSpec(kind="bpe", vocab_size=500, lowercase=True),
        sample="names",
        title="Inventing names",
        instructions="Train for a minute.\nThen generate ten names.",
        preset=None,
        locked={"model": ("hidden_size", "family"), "tokenizer": ("kind",)},
        hidden={"training": ("device", "threads")},
        start_page="model",
    )


def ngram_lesson() -> Lesson:
    return Lesson(
        model_kind="ngram",
        model=NGramSpec(order=4, smoothing="witten-bell", sentence_per_line=True),
        tokenizer=TokenizerSpec(kind="word"),
        text=TEXT,
        text_name="Poems",
        title="Counting",
        locked={"model": ("order",)},
        hidden={"model": ("add_k",)},
    )


def minimal(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": LESSON_FORMAT,
        "version": 1,
        "corpus": {"sample": "names"},
        "model_kind": "lstm",
    }
    data.update(fields)
    return data


def write(path: Path, data: Any) -> Path:
    # ASCII escapes: a lone surrogate must reach the reader, not fail while writing
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def refusal(path: Path) -> StudioError:
    with pytest.raises(StudioError) as info:
        load_lesson(path)
    return info.value


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("make", [recurrent_lesson, ngram_lesson])
def test_saved_lesson_opens_with_the_same_setup(tmp_path: Path, make: Any) -> None:
    lesson = make()
    path = tmp_path / "a.lmlesson"
    saved = save_lesson(path, lesson)
    loaded = load_lesson(path)
    assert loaded == saved
    assert loaded.model == lesson.model
    assert loaded.training == lesson.training
    assert loaded.tokenizer == lesson.tokenizer
    assert (loaded.sample, loaded.text, loaded.text_name) == (
        lesson.sample, lesson.text, lesson.text_name
    )
    assert (loaded.title, loaded.instructions, loaded.start_page) == (
        lesson.title, lesson.instructions, lesson.start_page
    )
    # locks in a canonical order (the settings' own), whatever order they were given in
    for section, names in lesson.locked.items():
        assert set(loaded.locked[section]) == set(names)
    order = lockable_settings(lesson.model_kind)
    assert dict(loaded.hidden) == {
        section: tuple(sorted(names, key=order[section].index))
        for section, names in lesson.hidden.items()
    }
    # pretty UTF-8 JSON, every setting written out
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("{\n  ") and ("关关雎鸠" in raw or lesson.sample)
    assert json.loads(raw)["format"] == LESSON_FORMAT


def test_lesson_corpus_is_the_sample_or_the_embedded_text() -> None:
    assert lesson_corpus(recurrent_lesson()).text.count("\n") > 30_000  # 32,033 names
    corpus = lesson_corpus(ngram_lesson())
    assert corpus.text == TEXT and corpus.name == "Poems"


def test_a_short_hand_written_lesson_takes_its_preset_and_defaults(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path / "m.lmlesson", minimal(
        preset="tiny", tokenizer={"kind": "char"}, training={"seed": 3}
    )))
    model, training = preset_specs("tiny", "char", "lstm")
    assert lesson.model == model
    assert lesson.training is not None and lesson.training.seed == 3
    assert lesson.training.lr == training.lr
    assert lesson.start_page == "corpus" and lesson.locked == {} and lesson.title == ""


def test_a_bom_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "bom.lmlesson"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal()).encode())
    assert load_lesson(path).sample == "names"


def test_a_bad_lesson_is_not_saved_and_the_old_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "keep.lmlesson"
    save_lesson(path, ngram_lesson())
    before = path.read_bytes()
    bad = Lesson(model_kind="lstm", sample="names", title="x" * 1000)
    with pytest.raises(LessonError) as info:
        save_lesson(path, bad)
    assert "title" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.lmlesson"]  # no temporary file left


def test_a_text_too_large_to_embed_is_refused_with_the_reason() -> None:
    with pytest.raises(LessonError) as info:
        check_embeddable("a" * (MAX_EMBEDDED_TEXT_BYTES + 1), "big.txt")
    assert info.value.code == "lesson_text_too_large"
    assert "big.txt" in str(info.value) and "2 MB" in str(info.value)


# --------------------------------------------------------------------------- refusals

REFUSALS: list[tuple[str, Any, str, str]] = [
    # (what, file content, error code, a fragment the sentence names)
    ("not JSON", "this is not json {", "lesson_bad", "not valid JSON"),
    ("not an object", [1, 2, 3], "lesson_bad", "JSON object"),
    ("no format", {"version": 1}, "lesson_bad", "lmstudio-lesson"),
    ("a run.json", {"format_version": 1, "model_kind": "lstm"}, "lesson_bad", "format"),
    ("future version", minimal(version=99, new_field=1), "lesson_future_version", "format 99"),
    ("version as text", minimal(version="1"), "lesson_field_bad", "version"),
    ("no version", {"format": LESSON_FORMAT}, "lesson_field_missing", "version"),
    ("unknown field", minimal(extra=1), "lesson_field_unknown", "extra"),
    ("unknown setting field", minimal(model={"hiden_size": 3}), "lesson_field_unknown",
     "model.hiden_size"),
    ("wrong type", minimal(model={"hidden_size": "big"}), "lesson_setting_bad",
     "Hidden size must be between 1 and 16384, not big"),
    ("absurd value", minimal(model={"hidden_size": 10**9}), "lesson_setting_bad",
     "Hidden size"),
    ("negative rate", minimal(training={"lr": -1}), "lesson_setting_bad", "Learning rate"),
    ("bool for a number", minimal(training={"seq_len": True}), "lesson_setting_bad",
     "Sequence length"),
    ("list for a number", minimal(training={"seq_len": [1]}), "lesson_field_bad",
     "training.seq_len"),
    ("infinite number", json.dumps(minimal(training={"lr": 1.5})).replace("1.5", "1e400"),
     "lesson_field_bad", "finite"),
    ("huge number", minimal(training={"max_steps": 10**40}), "lesson_field_bad",
     "training.max_steps"),
    ("unknown tokenizer", minimal(tokenizer={"kind": "magic"}), "lesson_setting_bad",
     "Tokenizer kind"),
    ("vocabulary too small", minimal(tokenizer={"kind": "char", "vocab_size": 20,
                                                     "byte_fallback": True}),
     "lesson_setting_bad", "vocabulary size"),
    ("unknown model kind", minimal(model_kind="transformer"), "lesson_field_bad", "model_kind"),
    ("no model kind", {"format": LESSON_FORMAT, "version": 1, "corpus": {"sample": "names"}},
     "lesson_field_missing", "model_kind"),
    ("family against kind", minimal(model={"family": "gru"}), "lesson_field_bad",
     "model.family"),
    ("training for an n-gram", minimal(model_kind="ngram", training={"lr": 1}),
     "lesson_field_bad", "training"),
    ("preset for an n-gram", minimal(model_kind="ngram", preset="tiny"), "lesson_field_bad",
     "preset"),
    ("unknown preset", minimal(preset="huge"), "lesson_field_bad", "preset"),
    ("no corpus", {"format": LESSON_FORMAT, "version": 1, "model_kind": "lstm"},
     "lesson_field_missing", "corpus"),
    ("empty corpus", minimal(corpus={}), "lesson_field_missing", "corpus.sample"),
    ("both sample and text", minimal(corpus={"sample": "names", "text": "abc"}),
     "lesson_field_bad", "not both"),
    ("unknown sample", minimal(corpus={"sample": "klingon"}), "lesson_unknown_sample",
     "klingon"),
    ("sample as a path", minimal(corpus={"sample": "../../../etc/passwd"}),
     "lesson_unknown_sample", "shakespeare"),
    ("empty text", minimal(corpus={"text": "  \n "}), "lesson_field_bad", "corpus.text"),
    ("corpus path", minimal(corpus={"path": "/home/teacher/poems.txt"}),
     "lesson_path_refused", "corpus.path"),
    ("corpus files", minimal(corpus={"files": ["../secret.txt"]}), "lesson_path_refused",
     "corpus.files"),
    ("top-level path", minimal(corpus_path="C:\\poems.txt"), "lesson_path_refused",
     "corpus_path"),
    ("any *_path field", minimal(tokenizer_path="/tmp/t.json"), "lesson_path_refused",
     "tokenizer_path"),
    ("lock of an unknown setting", minimal(locked={"model": ["wings"]}),
     "lesson_unknown_setting", "wings"),
    ("lock of an n-gram setting on an LSTM", minimal(locked={"model": ["order"]}),
     "lesson_unknown_setting", "locked.model"),
    ("training locks for an n-gram", minimal(model_kind="ngram", locked={"training": ["lr"]}),
     "lesson_field_unknown", "locked.training"),
    ("hidden not a list", minimal(hidden={"model": "layers"}), "lesson_field_bad",
     "hidden.model"),
    ("unknown section", minimal(hidden={"generation": ["top_k"]}), "lesson_field_unknown",
     "hidden.generation"),
    ("title too long", minimal(title="t" * 201), "lesson_field_bad", "title"),
    ("title on two lines", minimal(title="a\nb"), "lesson_field_bad", "title"),
    ("control characters", minimal(instructions="ring\x07the bell"), "lesson_field_bad",
     "instructions"),
    ("lone surrogate", minimal(instructions="\ud800"), "lesson_field_bad", "Unicode"),
    ("instructions not text", minimal(instructions=["a"]), "lesson_field_bad",
     "instructions"),
    ("unknown start page", minimal(start_page="runs"), "lesson_field_bad", "start_page"),
    ("settings not an object", minimal(model=[1]), "lesson_field_bad", "model"),
]


@pytest.mark.parametrize(("what", "content", "code", "fragment"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_a_bad_lesson_is_refused_with_one_plain_sentence(
    tmp_path: Path, what: str, content: Any, code: str, fragment: str
) -> None:
    path = tmp_path / "bad.lmlesson"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        write(path, content)
    error = refusal(path)
    message = str(error)
    assert error.code == code, message
    assert fragment in message, message
    assert message.startswith(str(path)), message
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith("."), message
    assert len(message) < 400, message


def test_file_level_refusals(tmp_path: Path) -> None:
    assert refusal(tmp_path / "missing.lmlesson").code == "path_not_found"
    assert refusal(tmp_path).code == "lesson_bad"  # a folder
    latin = tmp_path / "latin.lmlesson"
    latin.write_bytes(json.dumps(minimal(title="café"), ensure_ascii=False).encode().replace(
        "é".encode(), b"\xe9"))
    error = refusal(latin)
    assert error.code == "lesson_bad" and "UTF-8" in str(error)
    big = tmp_path / "big.lmlesson"
    big.write_bytes(b" " * (MAX_LESSON_BYTES + 1))
    error = refusal(big)
    assert error.code == "lesson_too_large" and "5 MB" in str(error)
    too_much_text = tmp_path / "text.lmlesson"  # a small file, but over 2 MB of text
    too_much_text.write_text(json.dumps(minimal(
        corpus={"text": "é" * (MAX_EMBEDDED_TEXT_BYTES // 2 + 1)}), ensure_ascii=False))
    error = refusal(too_much_text)
    assert error.code == "lesson_text_too_large" and str(too_much_text) in str(error)
    nan = tmp_path / "nan.lmlesson"
    nan.write_text(json.dumps(minimal()).replace('"version": 1', '"version": NaN'))
    assert refusal(nan).code == "lesson_bad"
    deep = tmp_path / "deep.lmlesson"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert refusal(deep).code == "lesson_bad"
    digits = tmp_path / "digits.lmlesson"
    digits.write_text('{"version": ' + "9" * 5000 + "}")
    assert refusal(digits).code == "lesson_bad"


# --------------------------------------------------------------------------- fuzzing

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
SETTING_NAMES = sorted(
    {name for kind in ("ngram", "lstm") for names in lockable_settings(kind).values()
     for name in names}
)
# Values near the valid ones, so that fuzzing reaches past the first checks.
NEAR_VALID = {
    "format": st.just(LESSON_FORMAT) | JSON_VALUES,
    "version": st.sampled_from([1, 0, 2, -1, 1.0, True]) | JSON_VALUES,
    "title": st.text(max_size=40) | JSON_VALUES,
    "instructions": st.text(max_size=80) | JSON_VALUES,
    "corpus": st.fixed_dictionaries({}, optional={
        "sample": st.sampled_from(["names", "shakespeare", "nope"]) | JSON_VALUES,
        "text": st.text(max_size=40) | JSON_VALUES,
        "name": JSON_VALUES,
        "path": JSON_VALUES,
    }) | JSON_VALUES,
    "tokenizer": st.dictionaries(
        st.sampled_from(["kind", "vocab_size", "min_frequency", "lowercase", "unk_token", "x"]),
        st.sampled_from(["char", "word", "bpe", 0, 8, 100, -5, 1e9]) | JSON_VALUES,
        max_size=4,
    ) | JSON_VALUES,
    "model_kind": st.sampled_from(["ngram", "rnn", "lstm", "gru", "cnn"]) | JSON_VALUES,
    "model": st.dictionaries(
        st.sampled_from(SETTING_NAMES), st.integers(-3, 10**6) | JSON_VALUES, max_size=4
    ) | JSON_VALUES,
    "training": st.dictionaries(
        st.sampled_from(SETTING_NAMES), st.floats() | st.integers() | JSON_VALUES, max_size=4
    ) | JSON_VALUES,
    "preset": st.sampled_from([None, "tiny", "small", "huge"]) | JSON_VALUES,
    "locked": st.dictionaries(
        st.sampled_from(["tokenizer", "model", "training", "other"]),
        st.lists(st.sampled_from([*SETTING_NAMES, "nope"]) | JSON_VALUES, max_size=3)
        | JSON_VALUES,
        max_size=3,
    ) | JSON_VALUES,
    "hidden": JSON_VALUES,
    "start_page": st.sampled_from(["corpus", "model", "runs"]) | JSON_VALUES,
}
LESSON_DICTS = st.fixed_dictionaries(
    {}, optional={**NEAR_VALID, "unexpected": JSON_VALUES}
)
# A valid header and corpus, so that the settings, locks and texts are what is fuzzed.
DEEP_LESSON_DICTS = st.fixed_dictionaries(
    {
        "format": st.just(LESSON_FORMAT),
        "version": st.just(1),
        "corpus": st.sampled_from([{"sample": "names"}, {"text": "a b c\nd e f\n"}]),
        "model_kind": st.sampled_from(["ngram", "rnn", "lstm", "gru"]),
    },
    optional={
        key: value for key, value in NEAR_VALID.items()
        if key not in ("format", "version", "corpus", "model_kind")
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(LESSON_DICTS, DEEP_LESSON_DICTS))
def test_fuzzed_lessons_are_opened_or_refused_plainly(data: dict[str, Any]) -> None:
    try:
        lesson = lesson_from_dict(data, "fuzz.lmlesson")
    except StudioError as exc:
        # one line, whatever the file held: no newline, no line separator, no control code
        message = str(exc)
        assert message and len(message) < 600
        assert not any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in message)
        return
    # what was accepted saves and opens again the same
    assert lesson_from_dict(lesson_to_dict(lesson), "again.lmlesson") == lesson
    assert set(data) <= set(TOP_FIELDS)


@settings(max_examples=150, deadline=None)
@given(st.one_of(JSON_VALUES, LESSON_DICTS, st.binary(max_size=200)))
def test_fuzzed_files_are_opened_or_refused_plainly(content: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.lmlesson"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(json.dumps(content), encoding="utf-8")
        with contextlib.suppress(StudioError):  # anything else fails the test
            load_lesson(path)
