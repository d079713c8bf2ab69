"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 under CPython < 3.12 returned None from every void call and True from every
signal emission without taking a reference; after a few thousand calls (minutes of a live
loss plot) the interpreter aborted with "deallocating None". pyproject.toml excludes that
release; this test fails on any binding with the same defect.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(int)


def test_void_calls_and_emits_keep_reference_counts(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        label.setText("x")
        emitter.fired.emit(1)
    # other threads may take or drop a few references meanwhile; 200 lost would be the defect
    assert abs(sys.getrefcount(None) - none_before) < 50
    assert abs(sys.getrefcount(True) - true_before) < 50
