"""experiment.json is read and written only as the folder's own file, never through a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.experiments.record import RECORD_FILE, read_experiment, write_experiment


def test_a_linked_experiment_record_is_neither_read_nor_written(tmp_path: Path) -> None:
    outside = tmp_path / "someones-notes.json"
    outside.write_text('{"kind": "experiment", "notes": "mine"}', encoding="utf-8")
    folder = tmp_path / "experiment"
    folder.mkdir()
    (folder / RECORD_FILE).symlink_to(outside)
    with pytest.raises(RunFolderError):
        read_experiment(folder)
    with pytest.raises(RunFolderError):
        write_experiment(folder, {"kind": "experiment"})
    assert outside.read_text(encoding="utf-8") == '{"kind": "experiment", "notes": "mine"}'
    assert (folder / RECORD_FILE).is_symlink()
