"""Driving the window as a person would: widgets found by their accessible names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QWidget
from pytestqt.qtbot import QtBot


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
