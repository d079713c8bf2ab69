"""Gather every sentence the interface can show into the translation catalogues.

1. Core's sentences (Qt-free, so Qt's lupdate cannot see how they are used) are collected
   here: the error messages, every `N_("...")` literal, and each setting's label, help, unit
   and choices. They are written to `lmstudio_app/ui/_core_strings.py` as
   `QT_TRANSLATE_NOOP("core", ...)` lines, a generated file that a test keeps up to date.
2. Qt's `lupdate` then reads the whole view (`tr()` calls and that file) and updates
   `resources/translations/lmstudio_<lang>.ts`, keeping every translation already made.

Run it after changing any user-visible text: `python scripts/update_translations.py`.
`--check` only says whether the generated file is current (for the tests).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORE = ROOT / "lmstudio_app" / "core"
GENERATED = ROOT / "lmstudio_app" / "ui" / "_core_strings.py"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)

HEADER = '''"""Core's sentences, listed for Qt's lupdate; made by scripts/update_translations.py.

Do not edit: run the script after changing a sentence in core. The window translates these
under the context "core" (see translations.translate_core).
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

CORE_STRINGS = (
'''


def _literal_strings_in_calls(tree: ast.AST) -> list[str]:
    """First-argument literals of `N_(...)`, and label/help/unit literals of `setting(...)`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name == "N_" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
        elif name == "setting":
            for keyword in node.keywords:
                if keyword.arg in {"label", "help", "unit"} and isinstance(
                    keyword.value, ast.Constant
                ):
                    found.append(keyword.value.value)
    return found


def _setting_choices() -> list[str]:
    """The text choices of every setting of every spec class in core."""
    import lmstudio_app.core as core
    from lmstudio_app.core.config import spec_fields

    choices = []
    for module_info in pkgutil.walk_packages(core.__path__, "lmstudio_app.core."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if not (isinstance(value, type) and dataclasses.is_dataclass(value)):
                continue
            if value.__module__ != module.__name__:
                continue
            for info in spec_fields(value):
                choices.extend(c for c in info.choices or () if isinstance(c, str))
    return choices


def core_strings() -> list[str]:
    from lmstudio_app.core.errors import MESSAGES

    strings = list(MESSAGES.values())
    for path in sorted(CORE.rglob("*.py")):
        strings.extend(_literal_strings_in_calls(ast.parse(path.read_text(encoding="utf-8"))))
    strings.extend(_setting_choices())
    unique = sorted({s for s in strings if s.strip()})
    return unique


def generated_source() -> str:
    lines = [HEADER]
    for text in core_strings():
        lines.append(f'    QT_TRANSLATE_NOOP("core", {text!r}),\n')
    lines.append(")\n")
    return "".join(lines)


def run_lupdate() -> None:
    scripts = Path(sys.executable).parent
    tool = scripts / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "lmstudio_app" / "ui").rglob("*.py"))
    for language in LANGUAGES:
        target = TRANSLATIONS / f"lmstudio_{language}.ts"
        TRANSLATIONS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(tool),
                *sources,
                "-ts",
                str(target),
                "-target-language",
                language,
                "-no-obsolete",
                "-locations",
                "none",
            ],
            check=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the generated file")
    args = parser.parse_args()
    source = generated_source()
    current = GENERATED.read_text(encoding="utf-8") if GENERATED.exists() else ""
    if args.check:
        if current != source:
            print(f"{GENERATED.relative_to(ROOT)} is out of date: run {Path(__file__).name}")
            return 1
        return 0
    if current != source:
        GENERATED.write_text(source, encoding="utf-8")
    run_lupdate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
