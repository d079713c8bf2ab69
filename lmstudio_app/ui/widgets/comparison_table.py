"""The same text cut by each kind of tokenizer, one row each, its tokens drawn as chips."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from lmstudio_app.ui.widgets._style import is_dark, token_colors, visible_whitespace

_TOKENS_ROLE = Qt.ItemDataRole.UserRole + 1


class _ChipDelegate(QStyledItemDelegate):
    """Paints a list of tokens as small coloured chips that wrap within the cell."""

    MAX_CHIPS = 200

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self._table = table

    def _layout(
        self, tokens: list[str], width: int, metrics: QFontMetrics
    ) -> tuple[list[tuple[QRect, str]], int]:
        pad_x = max(3, metrics.height() // 5)
        pad_y = max(1, metrics.height() // 10)
        gap = max(3, metrics.height() // 5)
        chip_h = metrics.height() + 2 * pad_y
        shown = [visible_whitespace(t) for t in tokens[: self.MAX_CHIPS]]
        if len(tokens) > self.MAX_CHIPS:
            more = len(tokens) - self.MAX_CHIPS
            shown.append(
                QCoreApplication.translate("TokenView", "… {count} more").format(
                    count=self._table.locale().toString(more)
                )
            )
        chips: list[tuple[QRect, str]] = []
        x = y = 0
        width = max(width, 40)
        for label in shown:
            chip_w = min(metrics.horizontalAdvance(label) + 2 * pad_x, width)
            if x > 0 and x + chip_w > width:
                x = 0
                y += chip_h + gap
            chips.append((QRect(x, y, chip_w, chip_h), label))
            x += chip_w + gap
        height = y + chip_h if chips else chip_h
        return chips, height

    def _margin(self) -> int:
        return 4

    def _content_width(self, column: int) -> int:
        # Painting and sizing must wrap at the same width, or a row ends up a line short; the
        # cell's rect omits the grid line, hence the extra pixel.
        return self._table.columnWidth(column) - 2 * self._margin() - 1

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        tokens = index.data(_TOKENS_ROLE)
        if tokens is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else self._table.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        metrics = QFontMetrics(opt.font)
        margin = self._margin()
        rect = opt.rect.adjusted(margin, margin, -margin, -margin)
        chips, _ = self._layout(tokens, self._content_width(index.column()), metrics)
        colors = token_colors(is_dark(opt.palette))
        text_color = opt.palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(opt.rect)
        radius = metrics.height() / 5
        for number, (chip, label) in enumerate(chips):
            moved = chip.translated(rect.topLeft())
            if number < self.MAX_CHIPS:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colors[number % len(colors)])
                painter.drawRoundedRect(moved, radius, radius)
            painter.setPen(text_color)
            painter.drawText(
                moved,
                Qt.AlignmentFlag.AlignCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, moved.width()),
            )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        tokens = index.data(_TOKENS_ROLE)
        if tokens is None:
            return super().sizeHint(option, index)
        margin = self._margin()
        width = self._content_width(index.column())
        _, height = self._layout(tokens, width, QFontMetrics(option.font))
        return QSize(width + 2 * margin, height + 2 * margin + 1)


class ComparisonTable(QTableWidget):
    """One row per tokenizer kind: its name, how many tokens, and the tokens themselves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setAccessibleName("Tokenizer comparison")
        self.setToolTip(
            self.tr(
                "The same text cut by each kind of tokenizer: fewer tokens means shorter "
                "sequences for the model, but a bigger vocabulary."
            )
        )
        self.setHorizontalHeaderLabels(
            [self.tr("Tokenizer"), self.tr("Tokens"), self.tr("How the text is cut")]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._delegate = _ChipDelegate(self)
        self.setItemDelegateForColumn(2, self._delegate)
        # Chips wrap, so a row's height depends on the column's width.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._relayout.start())

    def set_rows(self, rows: list[tuple[str, list[str]]]) -> None:
        self.setRowCount(len(rows))
        for row, (kind, tokens) in enumerate(rows):
            name = QTableWidgetItem(kind)
            count = QTableWidgetItem(self.locale().toString(len(tokens)))
            count.setData(Qt.ItemDataRole.UserRole, len(tokens))
            # At the top of the row: a long text's chips make it taller than the table shows.
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            count.setToolTip(
                self.tr("{kind} cuts this text into {count} tokens.").format(
                    kind=kind, count=self.locale().toString(len(tokens))
                )
            )
            pieces = QTableWidgetItem(" │ ".join(visible_whitespace(t) for t in tokens))
            pieces.setData(_TOKENS_ROLE, list(tokens))
            pieces.setToolTip(self.tr("Each chip is one token; ␣ is a space, ↵ a new line."))
            name.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.setItem(row, 0, name)
            self.setItem(row, 1, count)
            self.setItem(row, 2, pieces)
        self.resizeRowsToContents()

    def tokens(self, row: int) -> list[str]:
        item = self.item(row, 2)
        return list(item.data(_TOKENS_ROLE)) if item is not None else []
