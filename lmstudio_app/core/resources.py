"""Where the bundled resources (sample corpora, icons, translations) live.

In a source checkout or an editable install they are in `resources/` beside the package; in a
frozen app (PyInstaller) they are unpacked under `sys._MEIPASS`. `LMSTUDIO_RESOURCES` overrides
both, for packagers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("LMSTUDIO_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
