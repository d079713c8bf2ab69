"""A lesson's file: read safely (only a regular file, opened without blocking, of bounded size),
saved atomically, and the text a lesson brings turned into a `Corpus`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lmstudio_app.core.corpus import Corpus, PathLike
from lmstudio_app.core.corpus.files import open_regular, stat_regular
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.fileio import atomic_writer
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.lessons.checks import check_lesson, lesson_from_dict
from lmstudio_app.core.lessons.schema import (
    MAX_EMBEDDED_TEXT_BYTES,
    MAX_LESSON_BYTES,
    Lesson,
    LessonError,
    lesson_to_dict,
)
from lmstudio_app.core.samples import load_sample


def _refuse_constant(name: str) -> Any:
    # JSON has no NaN or Infinity; Python's reader accepts them unless told otherwise.
    raise ValueError(f"{name} is not a JSON number")


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
