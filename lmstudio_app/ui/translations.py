"""The interface language: Qt translators for the window, and core's sentences translated.

The catalogue is `resources/translations/lmstudio_<lang>.ts` (reviewed as text) compiled to a
`.qm` by Qt's `lrelease`. Window strings are looked up by Qt under their class's context;
sentences from core arrive as `core.i18n.Text` and are looked up under the context "core",
then filled in with their (translated) arguments.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from lmstudio_app.core.i18n import Text
from lmstudio_app.core.resources import resources_dir

CORE_CONTEXT = "core"
CATALOGUE_PREFIX = "lmstudio_"
# The languages the interface speaks, by the code the Preferences store. Each is named in
# its own language, so anyone can find theirs.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
SYSTEM_LANGUAGE = "system"
SETTINGS_KEY = "language"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def _lrelease() -> list[str] | None:
    """Qt's lrelease as shipped with PySide6 (a wrapper script or the bare tool)."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / "pyside6-lrelease", scripts / "pyside6-lrelease.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("pyside6-lrelease")
    if found:
        return [found]
    try:
        import PySide6

        package = Path(PySide6.__file__).parent
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        return None
    for name in ("lrelease", "lrelease.exe", "Qt/libexec/lrelease"):
        if (package / name).exists():
            return [str(package / name)]
    return None


def compile_translations(source_dir: Path, output_dir: Path | None = None) -> list[Path]:
    """Compile each `.ts` in `source_dir` to a `.qm` (in `output_dir`, default beside it).

    A `.qm` newer than its `.ts` is kept. Returns the `.qm` files written.
    """
    tool = _lrelease()
    output_dir = output_dir or source_dir
    built = []
    for source in sorted(source_dir.glob("*.ts")):
        target = output_dir / (source.stem + ".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        if tool is None:
            raise RuntimeError("Qt's lrelease was not found; reinstall PySide6-Essentials")
        output_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [*tool, "-silent", str(source), "-qm", str(target)], check=True, capture_output=True
        )
        built.append(target)
    return built


def system_language() -> str:
    """The supported language closest to the system's: Chinese for any Chinese locale."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return "en"


def resolve_language(choice: object) -> str:
    """A stored choice ("system", a language code or nothing) as a language code."""
    if isinstance(choice, str) and choice in LANGUAGES:
        return choice
    return system_language()


def _catalogue(language: str) -> Path | None:
    """Our compiled catalogue for `language`, compiling it into the cache if it is missing."""
    folder = translations_dir()
    compiled = folder / f"{CATALOGUE_PREFIX}{language}.qm"
    source = folder / f"{CATALOGUE_PREFIX}{language}.ts"
    if compiled.exists() and (
        not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        return compiled
    if not source.exists():
        return compiled if compiled.exists() else None
    # A source checkout where nobody ran the build: compile once into the user's cache.
    from lmstudio_app.core.appdirs import user_data_dir

    cache = user_data_dir() / "translations"
    try:
        compile_translations(folder, cache)
    except (OSError, RuntimeError, subprocess.CalledProcessError):
        return compiled if compiled.exists() else None
    cached = cache / compiled.name
    return cached if cached.exists() else None


_current_language = "en"


def current_language() -> str:
    """The language the running window speaks."""
    return _current_language


def install_translators(language: str) -> list[QTranslator]:
    """Load the catalogues for `language` into the running application.

    Returns the translators installed; keep them alive as long as the language is in use.
    English needs none: it is the language of the source.
    """
    global _current_language
    app = QCoreApplication.instance()
    if app is None or language == "en":
        return []
    installed = []
    ours = _catalogue(language)
    translator = QTranslator(app)
    if ours is not None and translator.load(str(ours)):
        app.installTranslator(translator)
        installed.append(translator)
    # Qt's own strings: the buttons of message boxes, the file dialog.
    qt_dirs = [
        translations_dir(),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]
    for folder in qt_dirs:
        qt_translator = QTranslator(app)
        if qt_translator.load(f"qtbase_{language}", str(folder)):
            app.installTranslator(qt_translator)
            installed.append(qt_translator)
            break
    QLocale.setDefault(QLocale(language))
    # A native file dialog (GTK's, Windows') speaks the computer's language, not the one chosen
    # here: Qt's own dialog, translated by qtbase above, speaks the interface's.
    if language != system_language():
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    if installed:
        _current_language = language
    return installed


def remove_translators(translators: list[QTranslator]) -> None:
    app = QCoreApplication.instance()
    if app is None:
        return
    global _current_language
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)
    _current_language = "en"


# Fonts that draw Simplified Chinese with mainland glyph shapes, per system. Qt falls back to
# any font with the characters, but on Linux that may be the Japanese variant of Noto CJK.
CHINESE_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"]


def use_language_fonts(app: QGuiApplication, language: str) -> None:
    """Prefer fonts with the right glyph shapes for `language` after the app's own font."""
    if language != "zh_CN":
        return
    font = app.font()
    families = [*font.families(), *CHINESE_FONTS]
    font.setFamilies(list(dict.fromkeys(families)))
    app.setFont(font)




def model_kind_label(kind: str) -> str:
    """A model kind ("lstm") as the registry names it ("LSTM"), translated."""
    from lmstudio_app.core.models import MODEL_KINDS

    known = MODEL_KINDS.get(kind)
    return translate_core(known.label) if known is not None else kind


def translate_core(text: Any) -> str:
    """A sentence from core in the interface language (as it is when there is no translation).

    A `Text` is translated by its template, its string arguments each translated in turn (a
    file-kind like "a PNG image", a setting's label), and then filled in. A translation whose
    placeholders do not match the template falls back to English rather than failing.
    """
    if isinstance(text, Text):
        template = QCoreApplication.translate(CORE_CONTEXT, text.template)
        params = {
            name: translate_core(value) if isinstance(value, str) else value
            for name, value in text.params.items()
        }
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return str(text)
    if isinstance(text, str):
        return QCoreApplication.translate(CORE_CONTEXT, text) if text else text
    return str(text)


def error_text(error: BaseException) -> str:
    """What the window says about an error: a translated sentence, never a traceback."""
    from lmstudio_app.core.errors import StudioError

    if isinstance(error, StudioError):
        return translate_core(error.message)
    return translate_core(str(error))
