"""Reading a lesson's parsed JSON into a checked `Lesson`: the file may come from anyone, so each
refusal is one sentence naming the file and the field, and settings are checked against their
own ranges by the same `spec_from_dict` as everywhere else."""

from __future__ import annotations

import dataclasses
import json
import math
import unicodedata
from typing import Any

from lmstudio_app.core.config import spec_from_dict, spec_to_dict
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.i18n import N_, Text
from lmstudio_app.core.lessons.schema import (
    CORPUS_FIELDS,
    FAMILY_SETTING,
    LESSON_FORMAT,
    LESSON_VERSION,
    MAX_EMBEDDED_TEXT_BYTES,
    MAX_INSTRUCTIONS_CHARS,
    MAX_SETTING_MAGNITUDE,
    MAX_SETTING_TEXT_CHARS,
    MAX_TEXT_NAME_CHARS,
    MAX_TITLE_CHARS,
    MODEL_KINDS,
    PATH_FIELDS,
    START_PAGES,
    TOP_FIELDS,
    Lesson,
    LessonError,
    is_trained,
    lesson_to_dict,
    lockable_settings,
    model_spec_class,
)
from lmstudio_app.core.samples import SAMPLES
from lmstudio_app.core.specs import PRESETS, TrainSpec, preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec, check_spec


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
                                            "RNN, LSTM, GRU and GPT)"), preset)
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


def lesson_from_dict(data: Any, path: str = "lesson") -> Lesson:
    """A checked Lesson from parsed JSON; `path` names the file in error messages."""
    return _Reader(str(path)).lesson(data)


def check_lesson(lesson: Lesson, path: str = "lesson") -> Lesson:
    """The lesson with every field checked and put in canonical form, as reading it back
    would give: what is saved can always be opened again."""
    return lesson_from_dict(lesson_to_dict(lesson), path)
