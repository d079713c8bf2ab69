"""The Runs table on a projector: titles wrap instead of colliding ("/alidation loss"), each
column is as wide as its values, and the whole title stays in a tooltip, in English and in
Chinese, when the text grows (presentation mode) on a 1024-pixel screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.pages.runs_page import COLUMNS, RunsPage
from lmstudio_app.ui.session import RunRecord, Session
from lmstudio_app.ui.widgets.runs_table import wrapped_lines


def _record(number: int, kind: str) -> RunRecord:
    name = f"20261207-01200{number}-{kind}"
    return RunRecord(
        name, Path("/home/someone/.local/share/lmstudio/runs") / name, kind,
        {"tokenizer": {"kind": "bytebpe"}},
        {"valid_loss": 1.5 + number, "valid_perplexity": 4.48 + 10 * number,
         "test_perplexity": 123.456 * (number + 1), "steps": 12_000 * number},
    )


def _problems(table: QTableWidget) -> list[str]:
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    problems = []
    for column in range(table.columnCount() - 1):
        width = table.columnWidth(column)
        if width < table.sizeHintForColumn(column):
            problems.append(f"values of column {column} cut: {width}")
        for line in header.model().headerData(column, header.orientation()).split("\n"):
            if metrics.horizontalAdvance(line) > width:
                problems.append(f"title line {line!r} wider than its column ({width})")
        if table.horizontalHeaderItem(column).toolTip() != COLUMNS[column][1]:
            problems.append(f"no whole title in the tooltip of column {column}")
    return problems


def test_the_runs_table_fits_its_titles_and_values_in_large_text(qtbot: QtBot) -> None:
    session = Session()
    for number, kind in enumerate(["lstm", "ngram", "gru"]):
        session.add_run(_record(number, kind))
    page = RunsPage(session)
    qtbot.addWidget(page)
    page.resize(760, 600)  # a 1024 screen less the steps list and margins
    page.show()
    qtbot.waitExposed(page)
    font = QFont(page.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)  # as presentation mode enlarges it
    page.setFont(font)
    table = page.table
    qtbot.waitUntil(lambda: table.horizontalHeader().font() == font, timeout=5_000)
    qtbot.waitUntil(lambda: not _problems(table), timeout=5_000)
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert any("\n" in title for title in titles)  # too narrow for one line: wrapped
    folders = [table.item(row, len(COLUMNS) - 1) for row in range(table.rowCount())]
    assert all(item.toolTip() == item.text() != "" for item in folders)


@pytest.mark.parametrize("title", ["验证困惑度", "Validation perplexity"])
def test_titles_wrap_between_words_or_chinese_characters(title: str) -> None:
    font = QFont()
    lines = wrapped_lines(title, font, 40)
    assert len(lines) > 1 and "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert wrapped_lines(title, font, 10_000) == [title]
