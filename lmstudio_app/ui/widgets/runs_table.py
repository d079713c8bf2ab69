"""A table whose columns fit their contents and whose titles wrap instead of colliding.

Each column but the last is as wide as its widest value, and its title keeps to one line
where the table's width allows it; otherwise the titles wrap (between words, or between
Chinese characters) to the width of their values, each with its whole title as a tooltip. The
last column (a folder path) takes what width is left and is shortened in the middle, its
whole value in a tooltip. The fit is made again when the text grows (presentation mode) or
the table is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QHeaderView, QStyle, QTableWidget, QTableWidgetItem, QWidget


def wrapped_lines(text: str, font: QFont, width: float) -> list[str]:
    """`text` cut into lines no wider than `width` where it can be (never inside a word)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1.0))
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return [line for line in lines if line] or [text]


class FittedTable(QTableWidget):
    """A QTableWidget whose columns fit their values and whose titles wrap (see the module)."""

    def __init__(self, rows: int, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(rows, len(titles), parent)
        self._titles = list(titles)
        for column, title in enumerate(titles):
            item = QTableWidgetItem(title)
            item.setToolTip(title)
            self.setHorizontalHeaderItem(column, item)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a path keeps both its ends
        self.setWordWrap(False)
        # Fonts and sizes change in bursts (presentation mode): fit once they have settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_columns)
        header.sortIndicatorChanged.connect(self._refit.start)  # the arrow moves: its room too

    def _title_margin(self, column: int) -> int:
        header = self.horizontalHeader()
        style = header.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        # Only the column sorted by draws the arrow beside its title.
        sorted_by = header.isSortIndicatorShown() and header.sortIndicatorSection() == column
        return 2 * margin + (arrow + margin if sorted_by else 0) + 2

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        last = self.columnCount() - 1
        margins = [self._title_margin(c) for c in range(last + 1)]
        values = [self.sizeHintForColumn(c) if self.rowCount() else 0 for c in range(last)]
        one_line = [
            metrics.horizontalAdvance(title) + margin
            for title, margin in zip(self._titles, margins, strict=True)
        ]
        room = self.viewport().width() - one_line[last]
        wrap = sum(max(v, t) for v, t in zip(values, one_line[:last], strict=True)) > room
        titles = []
        for column in range(last):
            title, margin = self._titles[column], margins[column]
            if wrap:
                lines = wrapped_lines(title, header.font(), max(values[column] - margin, 1))
                width = max(values[column], *(metrics.horizontalAdvance(x) + margin for x in lines))
                titles.append("\n".join(lines))
            else:
                width = max(values[column], one_line[column])
                titles.append(title)
            self.setColumnWidth(column, width)
        titles.append(self._titles[last])
        # The last column takes what is left, however little (Qt's stretch keeps at least
        # the default section width, which made the table scroll by a few pixels).
        used = sum(self.columnWidth(column) for column in range(last))
        least = header.minimumSectionSize()
        self.setColumnWidth(last, max(self.viewport().width() - used, least))
        for column, text in enumerate(titles):
            item = self.horizontalHeaderItem(column)
            if item is not None and item.text() != text:
                item.setText(text)

    def title(self, column: int) -> str:
        """The whole title of a column, as its tooltip says it."""
        return self._titles[column]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._refit.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._refit.start()
