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
  "model_kind": "lstm",                                # ngram, rnn, lstm or gru
  "model": {"embed_dim": 32, ...},                     # NGramSpec or ModelSpec settings
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
"""

from __future__ import annotations

import dataclasses
import json
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmstudio_app.core.config import spec_fields, spec_from_dict, spec_to_dict
from lmstudio_app.core.corpus import Corpus, PathLike
from lmstudio_app.core.corpus.files import open_regular, stat_regular
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.fileio import atomic_writer
from lmstudio_app.core.i18n import N_, Text
from lmstudio_app.core.models import MODEL_KINDS as KIND_REGISTRY
from lmstudio_app.core.samples import SAMPLES, load_sample
from lmstudio_app.core.specs import PRESETS, TrainSpec, preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec, check_spec

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

MODEL_KINDS: tuple[str, ...] = tuple(KIND_REGISTRY)
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
    # NGramSpec for "ngram", else ModelSpec (its family equal to model_kind); None: defaults.
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


# --------------------------------------------------------------------------- reading


def _show(value: Any) -> str:
    """A value as a short piece of JSON for an error message (the file may hold megabytes)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    # what cannot be seen (a newline in a key, a line separator) is shown as an escape, so
    # that the message stays one line
    text = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)
    return text if len(text) <= 40 else text[:39] + "…"


def _field(where: str, key: str) -> str:
    """A field's name for a message: as it is when it reads plainly, else quoted."""
    if key.isprintable() and key.strip() == key and 0 < len(key) <= 40:
        return where + key
    return where + _show(key)


class _Reader:
    """Checks one lesson's JSON, each refusal a sentence naming the file and the field."""

    def __init__(self, path: str) -> None:
        self.path = path

    # ---- refusals

    def bad(self, field_name: str, expected: Text, value: Any) -> LessonError:
        return LessonError(
            "lesson_field_bad", path=self.path, field=field_name, expected=expected,
            value=_show(value),
        )

    def check_fields(self, data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            shown = _field(where, key)
            if key.strip().lower() in PATH_FIELDS or key.strip().lower().endswith("_path"):
                raise LessonError("lesson_path_refused", path=self.path, field=shown)
            if key not in allowed:
                raise LessonError(
                    "lesson_field_unknown", path=self.path, field=shown,
                    choices=", ".join(allowed),
                )

    def text(self, value: Any, field_name: str, max_chars: int, multiline: bool) -> str:
        if not isinstance(value, str) or len(value) > max_chars:
            raise self.bad(
                field_name, N_("a text of at most {count} characters", count=max_chars), value
            )
        return self.plain(value, field_name, multiline)

    def plain(self, value: str, field_name: str, multiline: bool) -> str:
        """Refuse what no person typed: unpaired surrogates, control characters."""
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise self.bad(field_name, N_("valid Unicode text"), value) from None
        allowed = {"\n", "\r", "\t"} if multiline else set()
        # line and paragraph separators break a line as a newline does
        refused = {"Cc"} if multiline else {"Cc", "Zl", "Zp"}
        if any(unicodedata.category(char) in refused and char not in allowed for char in value):
            raise self.bad(field_name, N_("text without control characters"), value)
        return value

    def obj(self, value: Any, field_name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.bad(field_name, N_("a JSON object ({ ... })"), value)
        return value

    # ---- the parts of a lesson

    def header(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise LessonError(
                "lesson_bad", path=self.path, reason=N_("it does not hold a JSON object")
            )
        if data.get("format") != LESSON_FORMAT:
            raise LessonError(
                "lesson_bad",
                path=self.path,
                reason=N_('it does not say "format": "{format}"', format=LESSON_FORMAT),
            )
        if "version" not in data:
            raise LessonError("lesson_field_missing", path=self.path, field="version")
        version = data["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.bad("version", N_("a whole number from 1"), version)
        # Checked before anything else: a newer app's lesson may have fields this one lacks,
        # and "update the app" is then the useful sentence, not "unknown field".
        if version > LESSON_VERSION:
            raise LessonError("lesson_future_version", path=self.path, version=version)

    def corpus(self, value: Any) -> tuple[str | None, str | None, str]:
        data = self.obj(value, "corpus")
        self.check_fields(data, CORPUS_FIELDS, "corpus.")
        has_sample, has_text = "sample" in data, "text" in data
        if has_sample == has_text:
            if not has_sample:
                raise LessonError(
                    "lesson_field_missing", path=self.path, field="corpus.sample / corpus.text"
                )
            raise self.bad("corpus", N_("either a sample or a text, not both"), value)
        if has_sample:
            if "name" in data:
                raise self.bad("corpus.name", N_("left out for a sample"), data["name"])
            name = data["sample"]
            if not isinstance(name, str) or name not in SAMPLES:
                raise LessonError(
                    "lesson_unknown_sample", path=self.path, name=_show(name),
                    choices=", ".join(SAMPLES),
                )
            return name, None, ""
        text = data["text"]
        if not isinstance(text, str):
            raise self.bad("corpus.text", N_("a text"), text)
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError:
            raise self.bad("corpus.text", N_("valid Unicode text"), text) from None
        if size > MAX_EMBEDDED_TEXT_BYTES:
            raise LessonError(
                "lesson_text_too_large", name=N_("corpus.text of {path}", path=self.path),
                size_mb=size / 1e6,
                limit_mb=MAX_EMBEDDED_TEXT_BYTES / 1e6,
            )
        if not text.strip():
            raise self.bad("corpus.text", N_("a text that is not empty"), text)
        name = self.text(data.get("name", ""), "corpus.name", MAX_TEXT_NAME_CHARS, False)
        return None, text, name

    def spec(
        self, cls: type, value: Any, section: str, base: Any, skip: tuple[str, ...] = ()
    ) -> Any:
        """A spec from the section's settings over `base`, each checked against its range."""
        data = self.obj(value, section)
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skip)
        self.check_fields(data, names, f"{section}.")
        for key, item in data.items():
            where = f"{section}.{key}"
            if isinstance(item, str):
                if len(item) > MAX_SETTING_TEXT_CHARS:
                    raise self.bad(
                        where,
                        N_("a text of at most {count} characters", count=MAX_SETTING_TEXT_CHARS),
                        item,
                    )
                self.plain(item, where, multiline=False)
            elif isinstance(item, float) and not math.isfinite(item):
                raise self.bad(where, N_("a finite number"), item)
            elif isinstance(item, int) and abs(item) > MAX_SETTING_MAGNITUDE:
                raise self.bad(where, N_("a number of a sensible size"), item)
            elif not isinstance(item, (bool, int, float)):
                raise self.bad(where, N_("a number, yes/no or a short text"), item)
        merged = {**spec_to_dict(base), **data}
        try:
            return spec_from_dict(cls, merged)
        except StudioError as exc:
            raise LessonError("lesson_setting_bad", path=self.path, problem=exc.message) from None
        except (TypeError, ValueError, OverflowError):
            raise self.bad(section, N_("settings of the right kinds"), value) from None

    def names(
        self, value: Any, field_name: str, allowed: dict[str, tuple[str, ...]]
    ) -> dict[str, tuple[str, ...]]:
        """The `locked` or `hidden` lists: real settings only, in a canonical order."""
        data = self.obj(value, field_name)
        self.check_fields(data, tuple(allowed), f"{field_name}.")
        result = {}
        for section, names in data.items():
            where = f"{field_name}.{section}"  # a known section: checked just above
            if not isinstance(names, list):
                raise self.bad(where, N_("a list of setting names"), names)
            for name in names:
                if not isinstance(name, str) or name not in allowed[section]:
                    raise LessonError(
                        "lesson_unknown_setting", path=self.path, field=where, name=_show(name),
                        choices=", ".join(allowed[section]),
                    )
            if names:
                order = allowed[section]
                result[section] = tuple(sorted(set(names), key=order.index))
        return result

    def lesson(self, data: Any) -> Lesson:
        self.header(data)
        self.check_fields(data, TOP_FIELDS, "")
        title = self.text(data.get("title", ""), "title", MAX_TITLE_CHARS, False)
        instructions = self.text(
            data.get("instructions", ""), "instructions", MAX_INSTRUCTIONS_CHARS, True
        )
        if "corpus" not in data:
            raise LessonError("lesson_field_missing", path=self.path, field="corpus")
        sample, text, text_name = self.corpus(data["corpus"])
        tokenizer = self.spec(TokenizerSpec, data.get("tokenizer", {}), "tokenizer",
                              TokenizerSpec())
        try:
            tokenizer = check_spec(tokenizer)  # the smallest vocabulary for its kind, too
        except StudioError as exc:
            raise LessonError("lesson_setting_bad", path=self.path, problem=exc.message) from None
        if "model_kind" not in data:
            raise LessonError("lesson_field_missing", path=self.path, field="model_kind")
        kind = data["model_kind"]
        if kind not in MODEL_KINDS:  # a list or an object is simply not among them
            raise self.bad("model_kind", N_("one of {choices}", choices=", ".join(MODEL_KINDS)),
                           kind)
        preset = data.get("preset")
        training: TrainSpec | None = None
        spec_class = model_spec_class(kind)
        if not is_trained(kind):
            if preset is not None:
                raise self.bad("preset", N_("null for an n-gram model (presets are for "
                                            "RNN, LSTM and GRU)"), preset)
            if data.get("training") is not None:
                raise self.bad("training", N_("left out for an n-gram model, which is "
                                              "counted, not trained"), data["training"])
            model = self.spec(spec_class, data.get("model", {}), "model", spec_class())
        else:
            if preset is not None and preset not in PRESETS:
                raise self.bad("preset", N_("null or one of {choices}",
                                            choices=", ".join(PRESETS)), preset)
            if preset is not None:
                model_base, train_base = preset_specs(preset, tokenizer.kind, kind)
            else:
                model_base, train_base = spec_class(family=kind), TrainSpec()
            model_data = self.obj(data.get("model", {}), "model")
            family = model_data.get(FAMILY_SETTING, kind)
            if family != kind:
                raise self.bad(
                    "model.family", N_("the same as model_kind ({kind})", kind=kind), family
                )
            model = self.spec(spec_class, {**model_data, FAMILY_SETTING: kind}, "model",
                              model_base)
            training_data = data.get("training")
            training = self.spec(
                TrainSpec, {} if training_data is None else training_data, "training",
                train_base,
            )
        allowed = lockable_settings(kind)
        locked = self.names(data.get("locked", {}), "locked", allowed)
        hidden = self.names(data.get("hidden", {}), "hidden", allowed)
        start_page = data.get("start_page", "corpus")
        if start_page not in START_PAGES:
            raise self.bad(
                "start_page", N_("one of {choices}", choices=", ".join(START_PAGES)), start_page
            )
        return Lesson(
            model_kind=kind, model=model, training=training, tokenizer=tokenizer,
            sample=sample, text=text, text_name=text_name, title=title,
            instructions=instructions, preset=preset, locked=locked, hidden=hidden,
            start_page=start_page, version=LESSON_VERSION,
        )


def _refuse_constant(name: str) -> Any:
    # JSON has no NaN or Infinity; Python's reader accepts them unless told otherwise.
    raise ValueError(f"{name} is not a JSON number")


def lesson_from_dict(data: Any, path: str = "lesson") -> Lesson:
    """A checked Lesson from parsed JSON; `path` names the file in error messages."""
    return _Reader(str(path)).lesson(data)


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


def check_lesson(lesson: Lesson, path: str = "lesson") -> Lesson:
    """The lesson with every field checked and put in canonical form, as reading it back
    would give: what is saved can always be opened again."""
    return lesson_from_dict(lesson_to_dict(lesson), path)


def load_lesson(path: PathLike) -> Lesson:
    """Read and check a lesson file; any problem is a LessonError (or a file error) sentence."""
    shown = str(path)
    file_path = Path(path)
    try:
        if file_path.is_dir():
            raise LessonError("lesson_bad", path=shown, reason=N_("it is a folder, not a file"))
        # A named pipe given as the lesson would block for ever, /dev/zero read without end:
        # refused from os.stat before opening, and opened without blocking.
        size = stat_regular(file_path, shown).st_size
        if size > MAX_LESSON_BYTES:
            raise LessonError(
                "lesson_too_large", path=shown, size_mb=size / 1e6,
                limit_mb=MAX_LESSON_BYTES / 1e6,
            )
        stream, _ = open_regular(file_path, shown)
        with stream:
            # At most one byte more than the limit, in case the file grew since stat.
            data = stream.read(MAX_LESSON_BYTES + 1)
    except FileNotFoundError:
        raise StudioError("path_not_found", path=shown) from None
    except PermissionError:
        raise StudioError("permission_denied", path=shown) from None
    except OSError as exc:
        raise StudioError("not_readable", path=shown, reason=exc.strerror or str(exc)) from None
    if len(data) > MAX_LESSON_BYTES:
        raise LessonError(
            "lesson_too_large", path=shown, size_mb=len(data) / 1e6,
            limit_mb=MAX_LESSON_BYTES / 1e6,
        )
    try:
        text = data.decode("utf-8-sig")  # a BOM from Windows Notepad is harmless
    except UnicodeDecodeError:
        raise LessonError("lesson_bad", path=shown, reason=N_("it is not UTF-8 text")) from None
    try:
        parsed = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise LessonError(
            "lesson_bad", path=shown,
            reason=N_("it is not valid JSON: {problem} at line {line}", problem=exc.msg,
                      line=exc.lineno),
        ) from None
    except (ValueError, RecursionError):
        # NaN or Infinity, a number of thousands of digits, lists nested thousands deep
        raise LessonError("lesson_bad", path=shown, reason=N_("it is not valid JSON")) from None
    return lesson_from_dict(parsed, shown)


def save_lesson(path: PathLike, lesson: Lesson) -> Lesson:
    """Check the lesson and write it (atomically: an old file is kept if anything fails).

    Returns the lesson as saved, in canonical form.
    """
    shown = str(path)
    lesson = check_lesson(lesson, shown)
    text = json.dumps(lesson_to_dict(lesson), ensure_ascii=False, indent=2) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_LESSON_BYTES:  # escapes can make a 2 MB text take more
        raise LessonError(
            "lesson_too_large", path=shown, size_mb=size / 1e6, limit_mb=MAX_LESSON_BYTES / 1e6
        )
    with atomic_writer(Path(path), "w", encoding="utf-8") as stream:
        stream.write(text)
    return lesson


def check_embeddable(text: str, name: str) -> None:
    """Refuse a text too large to put inside a lesson (before anything else is asked)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_EMBEDDED_TEXT_BYTES:
        raise LessonError(
            "lesson_text_too_large", name=name, size_mb=size / 1e6,
            limit_mb=MAX_EMBEDDED_TEXT_BYTES / 1e6,
        )


def lesson_corpus(lesson: Lesson) -> Corpus:
    """The lesson's text: its sample, loaded, or its embedded text."""
    if lesson.sample is not None:
        return load_sample(lesson.sample)
    if lesson.text is None:
        raise StudioError("no_corpus")
    return Corpus.from_text(lesson.text, name=lesson.text_name or lesson.title or "lesson")
