"""Walk a window and everything it shows, collecting the text a person can read.

Used by the translation tests: under zh_CN no visible text may be left in English (names of
models and methods excepted), and no character may lack a glyph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QFont, QTextDocument, QTextLayout
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

# Names that stay as they are in a Chinese interface: models, methods, formats, units, keys.
ALLOWED_TERMS = [
    "Language Model Studio", "lmstudio-app", "Tiny Shakespeare", "Shakespeare", "Penn Treebank",
    "Kneser-Ney", "Witten-Bell", "WordPiece", "SentencePiece", "Unigram", "byte-level BPE",
    "BPE", "LSTM", "GRU", "RNN", "n-gram", "gram", "GPT-2", "BERT", "AdamW", "Adam", "SGD",
    "softmax", "tanh", "sigmoid", "PyTorch", "Qt", "Zipf", "ARPA", "JSON", "UTF-8", "UTF-16",
    "UTF-32", "GB18030", "GBK", "Big5", "Shift-JIS", "Shift_JIS", "EUC-JP", "EUC-KR",
    "cp1252", "Latin-1", "latin-1", "ISO-8859-1", "windows-1252", "ASCII", "CPU", "GPU",
    "CUDA", "MPS", "PDF", "PNG", "ZIP", "safetensors", "lmlesson", "top-k", "top-p", "Top-k",
    "Top-p", "Ctrl", "Shift", "Alt", "Esc", "F1", "F11", "MB", "KB", "GB", "ms", "nats",
    "nat", "bits", "bit", "ln", "log", "exp", "max", "min", "unk", "bos", "eos", "pad", "MLE",
    "KN", "mle", "add-k", "kneser-ney", "witten-bell", "lstm", "gru", "rnn", "char", "bpe",
    "bytebpe", "wordpiece", "unigram", "sgd", "adam", "adamw", "cpu", "cuda", "mps", "auto",
    "utf-8", "utf-16", "gb18030", "big5", "TSV", "CSV", "ZH", "EN", "zh_CN", "dropout",
    "NaN", "Enter", "Windows", "NVIDIA", "Office", "Python", "pickle", "macOS", "Linux",
    "English", "MIT", "GIF", "JPEG", "RAR", "7-Zip", "bzip2", "gzip", "XZ", "MP3", "SQLite",
    "SOURCES", "Unicode", "null", "TAR", "GPT", "gpt", "Transformer", "transformer",
    "Hugging Face", "transformers", "torchrun",
]
# Browsers that show the user's or the model's text (data), not the interface's.
DATA_BROWSERS = {"Copied spans"}
_ALLOWED = re.compile(
    "|".join(re.escape(term) for term in sorted(ALLOWED_TERMS, key=len, reverse=True))
)
# Paths, file names, URLs and placeholders are data, not language.
_DATA = re.compile(
    r"(?:[A-Za-z]:)?[\w.~-]*[/\\][^\s，。、；：）)]*"  # paths
    r"|https?://\S+"
    r"|\b[\w-]+\.(?:txt|json|jsonl|arpa|safetensors|lmlesson|qm|ts|png|log|md)\b"
    r"|<0x[0-9A-F]{2}>"
    r"|--[a-z][\w-]*(?: [A-Z]{2,}\b)?"  # command-line flags and their argument names
    r"|\*\.\w+"  # file patterns in the open dialog's filter
    r"|\b\w+(?:[._]\w+)+\b"  # names from files and code: corpus.text, model_kind
    r'|"[^"]*"'  # quoted literals, such as a JSON key and its value
)
# Words of three letters or more: one- and two-letter ones are symbols in the equations
# (x, h, W, the subscripts of h_t or W_f as plain text), and no English sentence is made of
# them alone.
_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    """The English words left in `text` once allowed names, paths and symbols are removed."""
    text = _ALLOWED.sub(" ", text)
    text = _DATA.sub(" ", text)
    return _WORD.findall(text)


def plain(text: str) -> str:
    """Rich text as a reader sees it."""
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of interface text under `root`, shown or not."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        where = f"{type(widget).__name__}:{widget.objectName() or widget.accessibleName()}"
        if widget.isWindow():
            yield where + ".windowTitle", widget.windowTitle()
        yield where + ".toolTip", plain(widget.toolTip())
        yield where + ".whatsThis", plain(widget.whatsThis())
        yield where + ".statusTip", widget.statusTip()
        if isinstance(widget, QLabel):
            yield where + ".text", plain(widget.text())
        elif isinstance(widget, QAbstractButton):
            yield where + ".text", widget.text()
        elif isinstance(widget, (QGroupBox, QMenu)):
            yield where + ".title", widget.title()
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield f"{where}.tab{index}", widget.tabText(index)
                yield f"{where}.tabTip{index}", widget.tabToolTip(index)
        elif isinstance(widget, QComboBox):
            if not widget.isEditable():
                for index in range(widget.count()):
                    yield f"{where}.item{index}", widget.itemText(index)
                    tip = widget.itemData(index, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str):
                        yield f"{where}.itemTip{index}", plain(tip)
        elif isinstance(widget, QLineEdit):
            yield where + ".placeholder", widget.placeholderText()
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            yield where + ".placeholder", widget.placeholderText()
            if isinstance(widget, QTextBrowser) and widget.accessibleName() not in DATA_BROWSERS:
                yield where + ".document", widget.toPlainText()
        elif isinstance(widget, QAbstractSpinBox):
            yield where + ".specialValue", widget.specialValueText()
            if hasattr(widget, "suffix"):
                yield where + ".suffix", widget.suffix()
        elif isinstance(widget, QProgressBar) and widget.isVisible():
            yield where + ".format", widget.text()
        if isinstance(widget, QListWidget):
            for index in range(widget.count()):
                item = widget.item(index)
                yield f"{where}.item{index}", item.text()
                yield f"{where}.itemTip{index}", plain(item.toolTip())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.headerData(column, Qt.Orientation.Horizontal, role)
                    if isinstance(value, str):
                        yield f"{where}.header{column}", plain(value)
        for action in widget.actions():
            yield from action_texts(action)
        yield from plot_texts(widget, where)


def action_texts(action: QAction) -> Iterator[tuple[str, str]]:
    where = f"QAction:{action.objectName() or action.text()}"
    yield where + ".text", action.text()
    yield where + ".toolTip", action.toolTip()
    yield where + ".statusTip", action.statusTip()
    menu = action.menu()
    if menu is not None:
        yield where + ".menu", menu.title()
        for sub in menu.actions():
            yield from action_texts(sub)


def plot_texts(widget: QWidget, where: str) -> Iterator[tuple[str, str]]:
    """Axis labels, titles and legends of a pyqtgraph plot."""
    plot_item = getattr(widget, "plotItem", None)
    if plot_item is None:
        return
    for name in ("left", "bottom", "right", "top"):
        axis = plot_item.getAxis(name)
        if axis is not None and axis.isVisible():
            yield f"{where}.axis.{name}", plain(axis.labelText or "")
    title = plot_item.titleLabel.text if plot_item.titleLabel is not None else ""
    yield f"{where}.title", plain(title or "")
    legend = plot_item.legend
    if legend is not None:
        for _sample, label in legend.items:
            yield f"{where}.legend", plain(label.text)


def missing_glyphs(text: str, font: QFont) -> list[str]:
    """Characters of `text` that no installed font can draw (they would show as boxes)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    while line.isValid():
        line.setLineWidth(100_000)
        line.setPosition(QPointF(0, 0))
        line = layout.createLine()
    layout.endLayout()
    missing = []
    for run in layout.glyphRuns():
        if 0 in run.glyphIndexes():
            missing.extend(c for c in text if not c.isspace() and ord(c) > 0x2000)
    return sorted(set(missing))
