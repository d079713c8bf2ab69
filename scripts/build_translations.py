"""Compile the translations: every `resources/translations/*.ts` to a `.qm` beside it.

The `.ts` files are the source, reviewed as text; the `.qm` files are build output (ignored by
git), made by Qt's own `lrelease` that ships with PySide6. The Makefile runs this on install,
the packaging runs it before freezing, and the app compiles a missing `.qm` on first start.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lmstudio_app.ui.translations import compile_translations  # noqa: E402

if __name__ == "__main__":
    built = compile_translations(ROOT / "resources" / "translations")
    for path in built:
        print(f"built {path.relative_to(ROOT)}")
