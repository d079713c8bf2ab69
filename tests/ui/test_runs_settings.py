"""The Runs page's settings columns: the settings that differ between the runs shown are
columns (the others a right-click away), they sort by value, two runs selected say what
differs between them, and the table still fits a 1024-pixel projector."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from lmstudio_app.core.config import spec_to_dict
from lmstudio_app.core.specs import preset_specs
from lmstudio_app.ui.pages.runs_page import RunsPage
from lmstudio_app.ui.session import RunRecord, Session
from tests.ui.test_runs_table import _problems


def _lstm(name: str, lr: float, hidden: int) -> RunRecord:
    model, train = preset_specs("tiny", "char", "lstm")
    settings = {
        "tokenizer": {"kind": "char", "vocab_size": 60},
        "model": {**spec_to_dict(model), "hidden_size": hidden},
        "train": {**spec_to_dict(train), "lr": lr},
    }
    return RunRecord(
        name, Path("/runs") / name, "lstm", settings, {"valid_loss": 2.0 + lr, "steps": 100}
    )


def _page(qtbot: QtBot, records: list[RunRecord]) -> RunsPage:
    session = Session()
    for record in records:
        session.add_run(record)
    page = RunsPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _shown_settings(page: RunsPage) -> list[str]:
    return [
        key
        for column, key in enumerate(page.column_keys)
        if "." in key and not page.table.isColumnHidden(column)
    ]


def test_only_the_settings_that_differ_are_shown_and_they_sort(qtbot: QtBot) -> None:
    page = _page(qtbot, [_lstm("b", 0.01, 64), _lstm("a", 0.001, 64), _lstm("c", 0.1, 128)])
    assert _shown_settings(page) == ["model.hidden_size", "train.lr"]
    table = page.table
    hidden_column = page.column_keys.index("model.layers")
    assert table.isColumnHidden(hidden_column)  # the same in every run: a click away
    menu = table.column_menu().actions()
    menu[hidden_column - 1].trigger()
    assert not table.isColumnHidden(hidden_column)
    lr = page.column_keys.index("train.lr")
    assert table.title(lr) == "Learning rate"
    table.sortItems(lr, Qt.SortOrder.DescendingOrder)
    assert [table.item(row, 0).text() for row in range(3)] == ["c", "b", "a"]
    assert [table.item(row, lr).text() for row in range(3)] == ["0.1", "0.01", "0.001"]
    # The person's choice of a column stays when the runs change.
    page.session.add_run(_lstm("d", 0.01, 64))
    assert not table.isColumnHidden(page.column_keys.index("model.layers"))


def test_two_runs_selected_say_what_differs(qtbot: QtBot) -> None:
    page = _page(qtbot, [_lstm("a", 0.001, 64), _lstm("b", 0.01, 64), _lstm("c", 0.001, 64)])
    table = page.table
    table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
    table.selectRow(0)
    assert not page.diff_note.isVisible()
    table.selectRow(1)
    assert page.diff_note.isVisible()
    assert page.diff_note.accessibleName() == "Settings that differ"
    text = page.diff_note.text()
    assert "Learning rate: 0.001 → 0.01" in text and "Hidden size" not in text
    table.clearSelection()
    table.selectRow(0)
    table.selectRow(2)
    assert "the same settings" in page.diff_note.text()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_settings_columns_fit_a_1024_screen_in_presentation_mode(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    from lmstudio_app.ui import MainWindow
    from lmstudio_app.ui.translations import install_translators, remove_translators

    translators = install_translators(language) if language != "en" else []
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    window = MainWindow()
    try:
        window.resize(1024, 768)
        window.show()
        qtbot.waitUntil(window.pages_built, timeout=10_000)
        for number in range(4):
            window.session.add_run(
                _lstm(f"20261207-01200{number}-lstm", 10.0**-number, 32 * (number + 1))
            )
        page = window.runs_page
        table = page.table
        normal = table.font().pointSizeF()
        window.set_presentation_mode(True)
        window.go_to(page)
        whole = [table.title(c) for c in range(table.columnCount())]
        qtbot.waitUntil(lambda: table.font().pointSizeF() >= 1.4 * normal, timeout=5_000)
        qtbot.waitUntil(lambda: not _problems(table, whole), timeout=5_000)
        window.grab().save(f"/tmp/h12-runs-settings-1024-{language}.png")
    finally:
        window.set_presentation_mode(False)
        window.close()
        window.deleteLater()
        remove_translators(translators)
