"""Atomic writes: the old file survives a failed write, and new files are not private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.fileio import atomic_write_text, atomic_writer


def test_atomic_writes_give_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    atomic_write_text(target, "{}")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("the disk filled up")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_an_unwritable_folder_is_a_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StudioError, match="could not save"):
        atomic_write_text(blocker / "run.json", "{}")
