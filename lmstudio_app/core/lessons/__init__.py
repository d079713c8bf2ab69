"""Lesson files (`.lmlesson`): a teacher's setup that every student opens to the same place.

A lesson is a small UTF-8 JSON file:

```json
{
  "format": "lmstudio-lesson",
  "version": 1,
  "title": "Inventing names",
  "instructions": "Train the tiny LSTM, then generate ten names.",
  "corpus": {"sample": "names"},                      # or {"text": "...", "name": "Poems"}
  "tokenizer": {"kind": "char", "vocab_size": 0, ...},
  "model_kind": "lstm",                                # ngram, rnn, lstm, gru or gpt
  "model": {"embed_dim": 32, ...},                     # NGramSpec, ModelSpec or GPTSpec settings
  "training": {"seq_len": 64, ...},                    # TrainSpec; not for an n-gram
  "preset": "tiny",                                    # or null
  "locked": {"tokenizer": ["kind"], "model": ["family", "hidden_size"]},
  "hidden": {"training": ["device"]},
  "start_page": "tokenizer"
}
```

A lesson is handed to a class (copied, e-mailed, put on a shared drive), so it must be
self-contained: its text is a bundled sample or is embedded, never a path to a file that exists
only on the teacher's computer. Any field that looks like a path is refused with a sentence
that says why.

Everything in the file is checked when it is read, and a problem is one plain sentence naming
the file (a `LessonError`), never a traceback: the file may come from anyone. Settings are
checked by the same `validate_spec` as everywhere else, so their ranges come from the settings'
own metadata.

The package: `schema` (the format, `Lesson`, the lockable settings, the JSON written), `checks`
(reading that JSON back, every field checked) and `files` (reading and saving the file itself).
"""

from lmstudio_app.core.lessons.checks import check_lesson, lesson_from_dict
from lmstudio_app.core.lessons.files import (
    check_embeddable,
    lesson_corpus,
    load_lesson,
    save_lesson,
)
from lmstudio_app.core.lessons.schema import (
    CORPUS_FIELDS,
    FAMILY_SETTING,
    LESSON_FORMAT,
    LESSON_SUFFIX,
    LESSON_VERSION,
    MAX_EMBEDDED_TEXT_BYTES,
    MAX_INSTRUCTIONS_CHARS,
    MAX_LESSON_BYTES,
    MAX_SETTING_MAGNITUDE,
    MAX_SETTING_TEXT_CHARS,
    MAX_TEXT_NAME_CHARS,
    MAX_TITLE_CHARS,
    MODEL_KINDS,
    PATH_FIELDS,
    SECTIONS,
    START_PAGES,
    TOP_FIELDS,
    Lesson,
    LessonError,
    is_trained,
    lesson_sections,
    lesson_to_dict,
    lockable_settings,
    model_spec_class,
)

__all__ = [
    "CORPUS_FIELDS",
    "FAMILY_SETTING",
    "LESSON_FORMAT",
    "LESSON_SUFFIX",
    "LESSON_VERSION",
    "MAX_EMBEDDED_TEXT_BYTES",
    "MAX_INSTRUCTIONS_CHARS",
    "MAX_LESSON_BYTES",
    "MAX_SETTING_MAGNITUDE",
    "MAX_SETTING_TEXT_CHARS",
    "MAX_TEXT_NAME_CHARS",
    "MAX_TITLE_CHARS",
    "MODEL_KINDS",
    "PATH_FIELDS",
    "SECTIONS",
    "START_PAGES",
    "TOP_FIELDS",
    "Lesson",
    "LessonError",
    "check_embeddable",
    "check_lesson",
    "is_trained",
    "lesson_corpus",
    "lesson_from_dict",
    "lesson_sections",
    "lesson_to_dict",
    "load_lesson",
    "lockable_settings",
    "model_spec_class",
    "save_lesson",
]
