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


def _problems(table: QTableWidget, whole: list[str]) -> list[str]:
    """Every shown column's values and title lines within its width; the whole title in its
    tooltip; nothing beyond the table's width (no sideways scrolling)."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    problems = []
    last = table.columnCount() - 1
    for column in range(last + 1):
        if table.isColumnHidden(column):
            continue
        width = table.columnWidth(column)
        if column < last and width < table.sizeHintForColumn(column):
            problems.append(f"values of column {column} cut: {width}")
        for line in header.model().headerData(column, header.orientation()).split("\n"):
            if metrics.horizontalAdvance(line) > width:
                problems.append(f"title line {line!r} wider than its column ({width})")
        if table.horizontalHeaderItem(column).toolTip() != whole[column]:
            problems.append(f"no whole title in the tooltip of column {column}")
    used = sum(table.columnWidth(c) for c in range(last + 1) if not table.isColumnHidden(c))
    if used > table.viewport().width() or table.horizontalScrollBar().maximum() > 0:
        problems.append(f"columns {used} wide in a table {table.viewport().width()} wide")
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
    whole = [table.title(c) for c in range(table.columnCount())]
    qtbot.waitUntil(lambda: table.horizontalHeader().font() == font, timeout=5_000)
    qtbot.waitUntil(lambda: not _problems(table, whole), timeout=5_000)
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert any("\n" in title for title in titles)  # too narrow for one line: wrapped
    folders = [table.item(row, table.columnCount() - 1) for row in range(table.rowCount())]
    assert all(item.toolTip() == item.text() != "" for item in folders)
    names = [table.item(row, 0) for row in range(table.rowCount())]
    assert all(name.toolTip() == folder.text() for name, folder in zip(names, folders, strict=True))


@pytest.mark.parametrize("title", ["验证困惑度", "Validation perplexity"])
def test_titles_wrap_between_words_or_chinese_characters(title: str) -> None:
    font = QFont()
    lines = wrapped_lines(title, font, 40)
    assert len(lines) > 1 and "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert wrapped_lines(title, font, 10_000) == [title]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_whole_runs_table_fits_a_1024_screen_in_presentation_mode(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """At 1024x768 in presentation mode the columns needed about 100 pixels more than the
    screen gave ("perplexity" titles): the short titles wrap, perplexities take four digits,
    and the folder (then the test perplexity) gives way; no value or run name is cut, nothing
    scrolls sideways, and a column given way comes back from the titles' menu."""
    from lmstudio_app.ui import MainWindow
    from lmstudio_app.ui.translations import install_translators, remove_translators

    translators = install_translators(language) if language != "en" else []
    assert translators or language == "en", "the zh_CN catalogue did not load"
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    window = MainWindow()
    try:
        window.resize(1024, 768)
        window.show()
        qtbot.waitUntil(window.pages_built, timeout=10_000)
        for number, kind in enumerate(["lstm", "ngram", "gru", "rnn"]):
            window.session.add_run(_record(number, kind))
        page = window.runs_page
        table = page.table
        normal = table.font().pointSizeF()
        window.set_presentation_mode(True)
        window.go_to(page)
        whole = [table.title(c) for c in range(table.columnCount())]
        assert whole[: len(COLUMNS) - 1] == [page.tr(title) for _, _, title in COLUMNS[:-1]]
        qtbot.waitUntil(lambda: table.font().pointSizeF() >= 1.4 * normal, timeout=5_000)
        qtbot.waitUntil(lambda: not _problems(table, whole), timeout=5_000)
        keys = page.column_keys
        given_way = [keys[c] for c in range(len(keys)) if table.isColumnHidden(c)]
        assert "folder" in given_way and set(given_way) <= {"folder", "test_perplexity"}
        assert table.item(0, 0).toolTip().startswith("/home/someone")  # the folder, still there
        # The titles' menu ticks the columns shown; one given way comes back when ticked (the
        # table then scrolls sideways rather than cut a value).
        actions = table.column_menu().actions()  # every column but the run's name
        assert [a.text() for a in actions] == whole[1:]
        assert [not a.isChecked() for a in actions] == [
            table.isColumnHidden(c) for c in range(1, len(keys))]
        actions[keys.index("folder") - 1].trigger()
        assert not table.isColumnHidden(keys.index("folder"))
        for column in range(len(keys) - 1):
            if not table.isColumnHidden(column):
                assert table.columnWidth(column) >= table.sizeHintForColumn(column)
    finally:
        window.set_presentation_mode(False)
        window.close()
        window.deleteLater()
        remove_translators(translators)


def test_perplexities_take_four_significant_digits() -> None:
    from lmstudio_app.ui.pages.runs_page import format_metric

    assert [format_metric("valid_perplexity", v) for v in (4.48, 44.8, 987.648, 3004.48)] == [
        "4.480", "44.80", "987.6", "3,004"]
    assert format_metric("valid_loss", 1.5) == "1.500"
    assert format_metric("steps", 12000.0) == "12,000"
    assert format_metric("test_perplexity", None) == "–"
