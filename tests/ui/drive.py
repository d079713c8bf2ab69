"""Driving the window as a person would: widgets found by their accessible names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QWidget
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:
    import pytest

    from lmstudio_app.ui import MainWindow


def find(window: QWidget, kind: type, name: str) -> Any:
    """The first widget of `kind`, shown or not, whose accessible name is `name`."""
    found = [w for w in window.findChildren(kind) if w.accessibleName() == name]
    assert found, f"no {kind.__name__} named {name!r}"
    return found[0]


def click(qtbot: QtBot, window: QWidget, name: str) -> None:
    """Click the enabled button called `name`."""
    button = find(window, QAbstractButton, name)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo: QComboBox, data: object) -> None:
    """Pick the item holding `data`, as a person choosing it from the list would."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def set_training_length(
    window: QWidget, steps: int = 0, epochs: int = 0, minutes: float = 0.0
) -> None:
    """Set how long training lasts where the window sets it, on the Model page: its Steps,
    Epochs and Time limit fields (0: no limit), typed as a person would. Steps alone (the
    others 0) is what `train --max-steps` asks for; a large number trains until stopped."""
    page = window.model_page  # type: ignore[attr-defined]
    for name, value in (("Steps", steps), ("Epochs", epochs), ("Time limit", minutes)):
        field = find(page, QAbstractSpinBox, name)
        assert field.isEnabled(), f"{name} is locked"
        field.setValue(value)
        assert field.value() == value, (name, field.value())


def training_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: str = "runs"
) -> Iterator[MainWindow]:
    """A window with its own data folder and runs folder (`tmp_path / runs`), its pages built,
    for a fixture to `yield from`. Not qtbot.addWidget: its teardown would close the window
    while training still runs, and the "Stop training?" question would wait for ever; this
    stops training first, then closes."""
    from lmstudio_app.ui import MainWindow

    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    main = MainWindow()
    main.settings.setValue("runs_folder", str(tmp_path / runs))
    main.show()
    # the pages are built one by one after the first paint, as a person waiting a moment sees
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    yield main
    main.train_page.stop_and_wait()
    main.close()
    main.deleteLater()
