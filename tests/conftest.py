"""Shared fixtures. Qt runs offscreen; the user data folder is a temporary one per session."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest


def _session_folder(prefix: str) -> str:
    """A temporary folder for this test session, removed when it ends (every run of the
    suite used to leave two behind in /tmp)."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "LMSTUDIO_DATA_DIR" not in os.environ:
    os.environ["LMSTUDIO_DATA_DIR"] = _session_folder("lmstudio-test-data-")
# QSettings writes under XDG_CONFIG_HOME: keep the tests away from the user's own settings.
os.environ["XDG_CONFIG_HOME"] = _session_folder("lmstudio-test-config-")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
CORPORA = REPO / "resources" / "corpora"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def ptb_dir(shared_data: Path) -> Path:
    path = shared_data / "ptb"
    if not (path / "ptb.train.txt").exists():
        pytest.skip("the Penn Treebank is not present")
    return path


@pytest.fixture(scope="session")
def shakespeare_text() -> str:
    return (CORPORA / "tinyshakespeare.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tang_text() -> str:
    return (CORPORA / "tangshi300.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def fresh_app_settings() -> None:
    """Each test starts from the app's default preferences. They are one file for the whole
    session (Qt reads XDG_CONFIG_HOME once), so a window in one test used to leave its model
    family, sizes and choices to the windows of the tests after it."""
    if "PySide6.QtCore" not in sys.modules:  # core tests never load Qt
        return
    from lmstudio_app.ui.main_window import open_settings

    settings = open_settings()
    settings.clear()
    settings.sync()
