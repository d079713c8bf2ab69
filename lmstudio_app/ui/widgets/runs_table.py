"""A table whose columns fit their contents and whose titles wrap instead of colliding.

Each column but the last is as wide as its widest value, and its title keeps to one line
where the table's width allows it; otherwise the titles, shortened where a short form is
given ("Valid. loss"), wrap (between words, or between Chinese characters) to the width of
their values, in two lines at most, each with its whole title as a tooltip. The
last column (a folder path) takes what width is left and is shortened in the middle, its
whole value in a tooltip. The fit is made again when the text grows (presentation mode) or
the table is resized.

Where even wrapped titles leave too little room (a 1024-pixel projector in presentation mode
needed about 100 pixels more), the optional columns give way, in their order, rather than
any value being cut: the last column first once it would be narrower than a dozen
characters, then the next. Right-clicking a title chooses the columns shown; a column the
person chose stays as chosen (the table then scrolls sideways rather than cut it).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

# The last column (a path) is shown only with room for at least this many characters.
LAST_COLUMN_CHARS = 12


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
    """A QTableWidget whose columns fit their values and whose titles wrap (see the module).

    `short_titles`: the titles that wrap when room is short (None: the titles themselves);
    the whole titles stay in the tooltips. `optional`: the columns that may give way when
    room is short, the first first."""

    def __init__(
        self,
        rows: int,
        titles: list[str],
        parent: QWidget | None = None,
        *,
        short_titles: Sequence[str] | None = None,
        optional: Sequence[int] = (),
    ) -> None:
        super().__init__(rows, len(titles), parent)
        # Columns shown or hidden by the person's choice, by title: they keep that choice
        # when the columns change (the Runs page's settings columns come and go).
        self._chosen: dict[str, bool] = {}
        self.set_columns(titles, short_titles, optional)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Qt draws the titles of a selected row's columns in bold, wider than the fit measured
        # ("Validation los" once a run was selected): titles keep their weight.
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a path keeps both its ends
        self.setWordWrap(False)
        # Fonts and sizes change in bursts (presentation mode): fit once they have settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_columns)
        header.sortIndicatorChanged.connect(self._refit.start)  # the arrow moves: its room too

    def set_columns(
        self,
        titles: Sequence[str],
        short_titles: Sequence[str] | None = None,
        optional: Sequence[int] = (),
        hidden_by_default: Sequence[int] = (),
    ) -> None:
        """Set the columns (their values are set afterwards); `hidden_by_default`: columns
        shown only when the person chooses them (right-click on a title)."""
        self._titles = list(titles)
        self._short = list(short_titles) if short_titles is not None else list(titles)
        self._optional = list(optional)
        self._hidden_by_default = set(hidden_by_default)
        self.setColumnCount(len(titles))
        for column, title in enumerate(titles):
            item = QTableWidgetItem(title)
            item.setToolTip(title)
            self.setHorizontalHeaderItem(column, item)

    # ---- the columns shown

    def column_menu(self) -> QMenu:
        """A menu of the columns with a tick for those shown (all but the first, the name)."""
        menu = QMenu(self)
        for column in range(1, self.columnCount()):
            action = menu.addAction(self._titles[column])
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda shown, c=column: self.choose_column(c, shown))
        return menu

    def _show_column_menu(self, position: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(position))

    def choose_column(self, column: int, shown: bool) -> None:
        """Show or hide a column as the person chose, whatever room there is."""
        self._chosen[self._titles[column]] = shown
        self.fit_columns()

    def _shown_by_choice(self, column: int) -> bool:
        default = column not in self._hidden_by_default
        return self._chosen.get(self._titles[column], default)

    # ---- the fit

    def _title_margin(self, column: int) -> int:
        header = self.horizontalHeader()
        style = header.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        # Only the column sorted by draws the arrow beside its title.
        sorted_by = header.isSortIndicatorShown() and header.sortIndicatorSection() == column
        return 2 * margin + (arrow + margin if sorted_by else 0) + 2

    def _wrapped(self, column: int, value: int, margin: int) -> tuple[int, list[str]]:
        """A column's width and title lines when its title wraps to its values' width, in
        two lines at most (a Chinese title over narrow numbers went to three)."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        title, font = self._short[column], header.font()
        width = max(value - margin, 1)
        lines = wrapped_lines(title, font, width)
        while len(lines) > 2 and width < metrics.horizontalAdvance(title):
            width += max(metrics.averageCharWidth() // 2, 1)
            lines = wrapped_lines(title, font, width)
        return max(value, *(metrics.horizontalAdvance(x) + margin for x in lines)), lines

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
        wrapped = [self._wrapped(c, values[c], margins[c]) for c in range(last)]
        room = self.viewport().width()
        least_last = max(metrics.averageCharWidth() * LAST_COLUMN_CHARS, one_line[last])

        def needed(shown: list[int], wrap: bool) -> int:
            widths = [
                wrapped[c][0] if wrap else max(values[c], one_line[c]) for c in shown if c != last
            ]
            return sum(widths) + (least_last if last in shown else 0)

        shown = [c for c in range(last + 1) if self._shown_by_choice(c)]
        for column in self._optional:  # give way, in order, until the rest fits
            if needed(shown, wrap=True) <= room:
                break
            if column in shown and self._titles[column] not in self._chosen:
                shown.remove(column)
        wrap = needed(shown, wrap=False) > room
        for column in range(last + 1):
            self.setColumnHidden(column, column not in shown)
        titles = []
        for column in range(last):
            if wrap:
                width, lines = wrapped[column]
                titles.append("\n".join(lines))
            else:
                width = max(values[column], one_line[column])
                titles.append(self._titles[column])
            if column in shown:
                self.setColumnWidth(column, width)
        titles.append(self._titles[last] if not wrap else self._short[last])
        # The last column takes what is left, however little (Qt's stretch keeps at least
        # the default section width, which made the table scroll by a few pixels).
        if last in shown:
            used = sum(self.columnWidth(c) for c in shown if c != last)
            least = header.minimumSectionSize()
            self.setColumnWidth(last, max(room - used, least))
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
