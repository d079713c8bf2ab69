"""What a lesson is: its format's fields and limits, the `Lesson` itself, the settings each kind
of model lets a lesson lock or hide, and the lesson's JSON form as it is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lmstudio_app.core.config import spec_fields, spec_to_dict
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.models import MODEL_KINDS as KIND_REGISTRY
from lmstudio_app.core.specs import TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec

LESSON_FORMAT = "lmstudio-lesson"
LESSON_VERSION = 1
LESSON_SUFFIX = ".lmlesson"
# A lesson is handed around by e-mail and on USB sticks and is read whole into memory before
# anything is checked, so it stays small. 5 MB leaves room for an embedded text of 2 MB even
# when JSON escapes double it (every newline becomes the two characters \n).
MAX_LESSON_BYTES = 5_000_000
# An embedded text is limited to 2 MB of UTF-8: a few novels, or a whole anthology of poems,
# which is more than a lesson needs, while keeping the file small enough to e-mail to a class.
# Larger texts belong in a sample or in files the students open themselves.
MAX_EMBEDDED_TEXT_BYTES = 2_000_000
MAX_TITLE_CHARS = 200
MAX_INSTRUCTIONS_CHARS = 10_000
MAX_TEXT_NAME_CHARS = 200
# A setting's text value (a tokenizer's special token) is short; a longer one is a mistake,
# and refusing it early keeps the error message short too.
MAX_SETTING_TEXT_CHARS = 100
# Larger than any setting allows (the largest range ends at 10**10): refused before a number
# with thousands of digits is formatted into an error message.
MAX_SETTING_MAGNITUDE = 10**18

MODEL_KINDS: tuple[str, ...] = tuple(k for k, kind in KIND_REGISTRY.items() if kind.trained)
# The window's steps a lesson may open on.
START_PAGES: tuple[str, ...] = ("corpus", "tokenizer", "model", "train", "generate")
# The groups of settings that can be locked or hidden, as the window's forms show them.
SECTIONS: tuple[str, ...] = ("tokenizer", "model", "training")
# In the "model" section, the choice of model kind itself (the family selector).
FAMILY_SETTING = "family"

TOP_FIELDS: tuple[str, ...] = (
    "format", "version", "title", "instructions", "corpus", "tokenizer", "model_kind", "model",
    "training", "preset", "locked", "hidden", "start_page",
)
CORPUS_FIELDS: tuple[str, ...] = ("sample", "text", "name")
# Field names that would point at the teacher's own disk: refused with their own sentence
# rather than as merely unknown, so that the teacher learns why.
PATH_FIELDS = frozenset(
    {"path", "paths", "file", "files", "filename", "folder", "folders", "directory", "dir",
     "url", "uri", "location", "source", "sources", "corpus_path", "text_file", "run"}
)


class LessonError(StudioError):
    """A lesson file that cannot be read, or a lesson that cannot be saved."""


@dataclass(frozen=True)
class Lesson:
    """A teacher's setup. Build it and pass it through `check_lesson` (save does it too)."""

    model_kind: str = "lstm"
    # NGramSpec, ModelSpec or GPTSpec (its family equal to model_kind); None: defaults.
    model: Any = None
    training: TrainSpec | None = None  # recurrent models only
    tokenizer: TokenizerSpec = field(default_factory=TokenizerSpec)
    sample: str | None = None  # a bundled sample's name ...
    text: str | None = None  # ... or the text itself
    text_name: str = ""
    title: str = ""
    instructions: str = ""
    preset: str | None = None
    # section ("tokenizer", "model", "training") -> names of settings
    locked: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    start_page: str = "corpus"
    version: int = LESSON_VERSION


# --------------------------------------------------------------------------- the settings


def model_spec_class(model_kind: str) -> type:
    return KIND_REGISTRY[model_kind].spec_class


def is_trained(model_kind: str) -> bool:
    """Whether the kind is trained step by step (with training settings), not counted."""
    kind = KIND_REGISTRY.get(model_kind)
    return kind is not None and kind.neural


def lesson_sections(model_kind: str) -> tuple[str, ...]:
    """The groups of settings a lesson for this kind of model has (no training for n-grams)."""
    return SECTIONS if is_trained(model_kind) else ("tokenizer", "model")


def lockable_settings(model_kind: str) -> dict[str, tuple[str, ...]]:
    """For each section, the names a lesson may lock or hide."""
    model_names = [info.name for info in spec_fields(model_spec_class(model_kind))]
    names = {
        "tokenizer": tuple(info.name for info in spec_fields(TokenizerSpec)),
        # ModelSpec's own "family" setting is the family selector, which n-grams also have.
        "model": (FAMILY_SETTING, *(name for name in model_names if name != FAMILY_SETTING)),
        "training": tuple(info.name for info in spec_fields(TrainSpec)),
    }
    return {section: names[section] for section in lesson_sections(model_kind)}


# --------------------------------------------------------------------------- the JSON form


def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    """The JSON of a lesson, every setting written out (a lesson does not rely on defaults
    that a later version of the app might change)."""
    corpus: dict[str, Any] = {}
    if lesson.sample is not None:
        corpus["sample"] = lesson.sample
    if lesson.text is not None:
        corpus["text"] = lesson.text
        if lesson.text_name:
            corpus["name"] = lesson.text_name
    data: dict[str, Any] = {
        "format": LESSON_FORMAT,
        "version": LESSON_VERSION,
        "title": lesson.title,
        "instructions": lesson.instructions,
        "corpus": corpus,
        "tokenizer": spec_to_dict(lesson.tokenizer),
        "model_kind": lesson.model_kind,
    }
    if lesson.model is not None:
        model = spec_to_dict(lesson.model)
        model.pop(FAMILY_SETTING, None)  # said once, by model_kind
        data["model"] = model
    if is_trained(lesson.model_kind) and lesson.training is not None:
        data["training"] = spec_to_dict(lesson.training)
    data["preset"] = lesson.preset
    data["locked"] = {section: list(names) for section, names in lesson.locked.items() if names}
    data["hidden"] = {section: list(names) for section, names in lesson.hidden.items() if names}
    data["start_page"] = lesson.start_page
    return data
