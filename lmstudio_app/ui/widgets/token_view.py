"""See how a text is cut into tokens: the original text, each token on its own colour.

`TokenView` shows the original text with each token's character span on a soft background,
neighbouring tokens in different colours. The text stays as it was typed; the only additions
are faint "↵" marks where a token covers a line break (a line break has no width of its own to
colour). Hovering a token tells its id and its string. `set_show_ids` writes each token's id in
its place instead (the numbers the model reads), in the same colours; `<unk>` tokens are
struck through in red, whichever is shown.

The document is built in one edit block with a handful of shared character formats and the
token tooltips are computed on demand, so thousands of tokens render in milliseconds.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from lmstudio_app.core.tokenization.ids import ids_layout
from lmstudio_app.ui.widgets._style import faint, is_dark, token_colors, visible_whitespace

NEWLINE_MARK = "↵"
CARRIAGE_RETURN_MARK = "␍"


Run = tuple[int, int, tuple[int, ...], tuple[int, ...]]


def _segments(length: int, offsets: Sequence[tuple[int, int]]) -> list[Run]:
    """Cut [0, length) into runs covered by the same tokens.

    Returns (start, end, covering token indices, zero-width token indices) for each run, in
    order and without gaps. Tokens usually tile the text in order, sometimes with gaps (spaces
    a word tokenizer drops) or with several tokens on one span (the bytes of one CJK
    character); that common case takes one quick pass. Anything else (overlaps, tokens of no
    width, spans out of order) goes through a general sweep over the span boundaries.
    """
    runs: list[Run] = []
    position = 0
    previous = (-1, -1)
    for index, span in enumerate(offsets):
        if span == previous:
            runs[-1][2].append(index)  # type: ignore[attr-defined]
            continue
        start, end = span
        if start < position or end <= start or end > length:
            return _segments_general(length, offsets)
        if start > position:
            runs.append((position, start, (), ()))
        runs.append((start, end, [index], ()))  # type: ignore[arg-type]
        position = end
        previous = span
    if position < length:
        runs.append((position, length, (), ()))
    return [(s, e, tuple(cover), zero) for s, e, cover, zero in runs]


def _segments_general(length: int, offsets: Sequence[tuple[int, int]]) -> list[Run]:
    spans: list[tuple[int, int]] = []
    bounds = {0, length}
    for start, end in offsets:
        s = min(max(int(start), 0), length)
        e = min(max(int(end), s), length)
        spans.append((s, e))
        bounds.add(s)
        bounds.add(e)
    cuts = sorted(bounds)
    where = {cut: k for k, cut in enumerate(cuts)}
    pieces = max(len(cuts) - 1, 0)
    cover: list[list[int]] = [[] for _ in range(pieces)]
    zero: list[list[int]] = [[] for _ in range(pieces)]
    for index, (s, e) in enumerate(spans):
        if s == e:
            if pieces:  # a token of no width: told about where it sits, never coloured
                zero[min(where[s], pieces - 1)].append(index)
            continue
        for k in range(where[s], where[e]):
            cover[k].append(index)
    runs: list[Run] = []
    for k in range(pieces):
        covering = tuple(cover[k])
        if runs and runs[-1][2] == covering and not zero[k]:
            start, _, _, zeros = runs[-1]
            runs[-1] = (start, cuts[k + 1], covering, zeros)
        else:
            runs.append((cuts[k], cuts[k + 1], covering, tuple(zero[k])))
    return runs


class _TokenHighlighter(QSyntaxHighlighter):
    """Colours the runs of a TokenView's document, one block (line) at a time.

    Formatting through a highlighter only records ranges beside the text; inserting formatted
    pieces with QTextCursor or parsing an HTML string costs several times more.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.starts: list[int] = [0]  # document position of each run, plus the end
        self.colors: list[int] = []  # colour index of each run, -1 where no token
        self.marks: list[int] = []  # document positions of the ↵ marks
        self.mark_colors: list[int] = []
        self.formats: list[QTextCharFormat] = []
        self.mark_formats: list[QTextCharFormat] = []

    def highlightBlock(self, text: str) -> None:
        if not self.colors:
            return
        block_start = self.currentBlock().position()
        block_end = block_start + self.currentBlock().length() - 1
        starts, colors, formats = self.starts, self.colors, self.formats
        run = max(bisect.bisect_right(starts, block_start) - 1, 0)
        last = len(colors)
        while run < last and starts[run] < block_end:
            color = colors[run]
            if color >= 0:
                start = max(starts[run], block_start)
                end = min(starts[run + 1], block_end)
                if end > start:
                    self.setFormat(start - block_start, end - start, formats[color])
            run += 1
        mark = bisect.bisect_left(self.marks, block_start)
        while mark < len(self.marks) and self.marks[mark] < block_end:
            fmt = self.mark_formats[self.mark_colors[mark]]
            self.setFormat(self.marks[mark] - block_start, 1, fmt)
            mark += 1


class TokenView(QTextEdit):
    """Read-only text with every token on a coloured background; hover a token for its id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("Token view")
        self.setToolTip(self.tr("Each coloured patch is one token. Hover a token to see its id."))
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setUndoRedoEnabled(False)
        self._highlighter = _TokenHighlighter(self.document())
        self._text = ""
        self._tokens: list[str] = []
        self._ids: list[int] = []
        self._offsets: list[tuple[int, int]] = []
        # What was given; `_text` and `_offsets` are what is shown (the ids, with "Show ids").
        self._source: tuple[str, list[tuple[int, int]]] = ("", [])
        self._show_ids = False
        self.unk_id: int | None = None  # its tokens are marked (text the model never sees)
        # One entry per run of text: where it starts in the text and in the document, and
        # the tokens covering it (and those of no width sitting there).
        self._run_text_starts: list[int] = []
        self._run_doc_starts: list[int] = []
        self._run_tokens: list[tuple[int, ...]] = []
        self._run_zero: list[tuple[int, ...]] = []

    # ---- content

    def set_tokens(
        self,
        text: str,
        tokens: list[str],
        ids: list[int],
        offsets: list[tuple[int, int]],
        unk_id: int | None = None,
    ) -> None:
        """Show `text` with the span [start, end) of each token coloured (`unk_id`'s tokens
        marked apart)."""
        if not len(tokens) == len(ids) == len(offsets):
            raise ValueError("tokens, ids and offsets must have the same length")
        self._source = (text, [(int(s), int(e)) for s, e in offsets])
        self._tokens = list(tokens)
        self._ids = [int(i) for i in ids]
        self.unk_id = unk_id
        self._layout()

    def set_show_ids(self, on: bool) -> None:
        """Show each token as its id (the numbers the model reads), or as its text."""
        if on != self._show_ids:
            self._show_ids = on
            self._layout()

    def shows_ids(self) -> bool:
        return self._show_ids

    def _layout(self) -> None:
        text, offsets = self._source
        if self._show_ids:
            text, offsets = ids_layout(text, self._ids, offsets)
        self._text = text
        self._offsets = offsets
        self._render()

    def text(self) -> str:
        """The text shown (the ids written out, with "Show ids")."""
        return self._text

    def token_count(self) -> int:
        return len(self._tokens)

    def token_at(self, position: int) -> list[int]:
        """Indices of the tokens covering character `position` of the text (may be several)."""
        if not self._run_text_starts or position < 0 or position >= len(self._text):
            return []
        run = bisect.bisect_right(self._run_text_starts, position) - 1
        return sorted(self._run_tokens[run] + self._run_zero[run])

    def tooltip_at(self, position: int) -> str:
        """The tooltip for character `position` of the text; empty where there is no token."""
        indices = self.token_at(position)
        if not indices:
            return ""
        lines = [
            self.tr('id {id} · "{token}"').format(
                id=self._ids[i], token=visible_whitespace(self._tokens[i])
            )
            for i in indices
        ]
        if len(indices) > 1:
            start, end = self._offsets[indices[0]]
            piece = visible_whitespace(self._text[start:end]) or visible_whitespace(
                self._text[position]
            )
            header = self.tr("{count} tokens for “{text}”:").format(count=len(indices), text=piece)
            lines.insert(0, header)
        return "\n".join(lines)

    def text_position_at(self, point: QPoint) -> int:
        """The character of the text under a viewport point, or -1 if none is there."""
        cursor = self.cursorForPosition(point)
        doc_pos = cursor.position()
        # cursorForPosition snaps to the nearest gap between characters: decide whether the
        # point lies on the character after that gap or the one before it.
        for candidate in (doc_pos, doc_pos - 1):
            if candidate < 0:
                continue
            left = QTextCursor(self.document())
            left.setPosition(candidate)
            right = QTextCursor(self.document())
            if candidate + 1 >= self.document().characterCount():
                continue
            right.setPosition(candidate + 1)
            left_rect = self.cursorRect(left)
            right_rect = self.cursorRect(right)
            same_line = left_rect.top() == right_rect.top()
            if (
                same_line
                and left_rect.x() <= point.x() <= right_rect.x()
                and left_rect.top() <= point.y() <= left_rect.bottom()
            ):
                return self._doc_to_text(candidate)
        return -1

    def _doc_to_text(self, doc_pos: int) -> int:
        if not self._run_doc_starts:
            return -1
        run = bisect.bisect_right(self._run_doc_starts, doc_pos) - 1
        run = min(max(run, 0), len(self._run_text_starts) - 1)
        start = self._run_text_starts[run]
        end = (
            self._run_text_starts[run + 1]
            if run + 1 < len(self._run_text_starts)
            else len(self._text)
        )
        # Inside a run the document may hold marks the text lacks; a coarse position is fine
        # for tooltips since every character of a run has the same tokens.
        return min(start + (doc_pos - self._run_doc_starts[run]), max(end - 1, start))

    # ---- drawing

    def _render(self) -> None:
        text = self._text
        runs = _segments(len(text), self._offsets)
        # The document counts UTF-16 units: an emoji is two positions, a Chinese character one.
        wide = len(text.encode("utf-16-le")) != 2 * len(text)
        text_starts: list[int] = []
        doc_starts: list[int] = []
        colors: list[int] = []
        marks: list[int] = []
        mark_colors: list[int] = []
        parts: list[str] = []
        doc_pos = 0
        color_index = -1
        count = len(token_colors(False))
        previous: tuple[int, ...] = ()
        unknown = {i for i, token_id in enumerate(self._ids) if token_id == self.unk_id}
        for start, end, covering, _ in runs:
            text_starts.append(start)
            doc_starts.append(doc_pos)
            piece = text[start:end]
            if covering and covering != previous:
                color_index = (color_index + 1) % count
                previous = covering
            # <unk> gets its own format, past the token colours
            unk = bool(unknown) and any(i in unknown for i in covering)
            colors.append(count if unk else color_index if covering else -1)
            if "\r" in piece:
                # A carriage return would start a line of its own: leave it out, but show a
                # token made only of them with a mark.
                if covering and piece.strip("\r") == "":
                    marks.extend(range(doc_pos, doc_pos + len(piece)))
                    mark_colors.extend([color_index] * len(piece))
                    piece = CARRIAGE_RETURN_MARK * len(piece)
                else:
                    piece = piece.replace("\r", "")
            if covering and "\n" in piece:
                # A line break has no width to colour: a faint ↵ before it shows the token.
                lines = piece.split("\n")
                for line in lines[:-1]:
                    doc_pos += len(line.encode("utf-16-le")) // 2 if wide else len(line)
                    marks.append(doc_pos)
                    mark_colors.append(color_index)
                    doc_pos += 2
                piece = (NEWLINE_MARK + "\n").join(lines)
                doc_pos += len(lines[-1].encode("utf-16-le")) // 2 if wide else len(lines[-1])
            else:
                doc_pos += len(piece.encode("utf-16-le")) // 2 if wide else len(piece)
            parts.append(piece)
        doc_starts.append(doc_pos)
        self._run_text_starts = text_starts
        self._run_doc_starts = doc_starts
        self._run_tokens = [run[2] for run in runs]
        self._run_zero = [run[3] for run in runs]

        highlighter = self._highlighter
        highlighter.starts = doc_starts
        highlighter.colors = colors
        highlighter.marks = marks
        highlighter.mark_colors = mark_colors
        self._update_formats()
        # Setting the text runs the highlighter over every line once, inside Qt.
        self.setPlainText("".join(parts))

    def _update_formats(self) -> None:
        palette = self.palette()
        mark_color = faint(palette.color(QPalette.ColorRole.Text), 120)
        formats = []
        mark_formats = []
        for color in token_colors(is_dark(palette)):
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            formats.append(fmt)
            mark = QTextCharFormat(fmt)
            mark.setForeground(mark_color)
            mark_formats.append(mark)
        unk = QTextCharFormat()  # <unk>: struck through in red, the text the model loses
        unk.setBackground(faint(QColor("#d32f2f"), 60))
        unk.setFontStrikeOut(True)
        unk.setForeground(QColor("#ff8a80" if is_dark(palette) else "#b00020"))
        formats.append(unk)
        mark_formats.append(unk)
        self._highlighter.formats = formats
        self._highlighter.mark_formats = mark_formats

    # ---- events

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.text_position_at(event.pos())
            tip = self.tooltip_at(position) if position >= 0 else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._source[0]:
            # Light and dark palettes get different token colours.
            self._update_formats()
            self._highlighter.rehighlight()


def __getattr__(name: str) -> object:
    # The playground and the comparison table lived here once: their old import path still
    # works (lazily, since both import this module).
    if name == "TokenPlayground":
        from lmstudio_app.ui.widgets.token_playground import TokenPlayground

        return TokenPlayground
    if name == "ComparisonTable":
        from lmstudio_app.ui.widgets.comparison_table import ComparisonTable

        return ComparisonTable
    raise AttributeError(name)
