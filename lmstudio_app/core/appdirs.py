"""The per-user data folder (logs, recent runs), following each system's convention."""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from pathlib import Path

APP_DIR_NAME = "lmstudio-app"


def user_data_dir() -> Path:
    override = os.environ.get("LMSTUDIO_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "LanguageModelStudio"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "LanguageModelStudio"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def log_file() -> Path:
    return user_data_dir() / "logs" / "lmstudio.log"


def log_exception(exc: BaseException, context: str = "") -> Path | None:
    """Append a traceback to the log file; return its path (None if it could not be written)."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # backslashreplace: a message may hold a file name that is not UTF-8 (surrogates).
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as stream:
            stamp = datetime.datetime.now().isoformat(timespec="seconds")
            stream.write(f"--- {stamp} {context}\n")
            stream.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return path
    except OSError:
        return None
