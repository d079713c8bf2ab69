"""Where an n-gram's probability comes from: the panel beside the Generate page's bars.

It shows, for one token, what `core.models.ngram.explain.explain_token` found: the context
matched (the longest one seen), how often it was followed by any token and by this one
(when the run kept its counts), how many different tokens followed it, what the discount
set aside, and how much of the probability came from each order, in
a sentence and in a small table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

Decode = Callable[[Sequence[int]], str]
_PAD = "padding-right: 12px"


def _joined(sentences: list[str]) -> str:
    """Sentences one after the other: a space after an English one, none after a full-width
    stop (Chinese puts none)."""
    out = ""
    for sentence in sentences:
        last = re.sub(r"<[^>]*>", "", out)[-1:]
        if last and last < "\u3000":
            out += " "
        out += sentence
    return out


class NGramExplainPanel(QWidget):
    """Words and numbers for one token's probability; empty until given one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Where the probability comes from")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Where the probability comes from"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setAccessibleName("Where the probability comes from, in words")
        self.numbers = QLabel()
        self.numbers.setTextFormat(Qt.TextFormat.RichText)
        self.numbers.setAccessibleName("Where the probability comes from, in numbers")
        self.numbers.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.title)
        layout.addWidget(self.words)
        layout.addWidget(self.numbers)
        self.setToolTip(
            self.tr(
                "An n-gram model mixes what followed the last few tokens with what followed "
                "fewer of them. Point at a token in the bars to see how."
            )
        )
        self.show_nothing()

    def show_nothing(self) -> None:
        self.words.setText(
            self.tr("Point at a token in the bars to see where its probability comes from.")
        )
        self.numbers.setText("")
        self.setAccessibleDescription(self.words.text())

    # ---- text helpers

    def _percent(self, fraction: float) -> str:
        value = fraction * 100.0
        if 0 < value < 0.1:
            return self.tr("< 0.1 %")
        return self.tr("{value} %").format(value=self.locale().toString(value, "f", 1))

    @staticmethod
    def _quoted(text: str) -> str:
        # as the caption above the bars shows the text: spaces as spaces, newlines as ↵
        return html.escape(f"“{text.replace(chr(10), '↵')}”") if text else "“∅”"

    def _context(self, ids: Sequence[int], decode: Decode) -> str:
        return self._quoted(decode(list(ids))) if ids else self.tr("(no context)")

    # ---- content

    def show_source(self, explained: dict[str, Any], token: str, decode: Decode) -> None:
        """Explain `explained` (`explain_token`'s answer) for the token shown as `token`."""
        self.words.setText(self._sentences(explained, token, decode))
        self.numbers.setText(self._table(explained, decode))
        self.setAccessibleDescription(self.words.text())

    def _sentences(self, explained: dict[str, Any], token: str, decode: Decode) -> str:
        name = self._quoted(token)
        matched = explained["matched"]
        top = explained["orders"][matched["order"] - 1]
        context = self._context(matched["context_ids"], decode)
        percent = self._percent(explained["probability"])
        if matched["order"] <= 1:
            return self.tr(
                "<b>{token}: {percent}.</b> The model has not seen these last tokens: it goes "
                "by how often each token occurs in the text."
            ).format(token=name, percent=percent)
        own = explained["shares"].get(matched["order"], 0.0)
        parts = [
            self.tr(
                "<b>{token}: {percent}, {own} from what followed {context}, {rest} from "
                "shorter contexts.</b>"
            ).format(
                token=name,
                percent=percent,
                own=self._percent(own),
                context=context,
                rest=self._percent(max(1.0 - own, 0.0)),
            )
        ]
        if explained.get("counts_known"):
            # c(h) and c(h w), and the distinct followers: the numbers smoothing starts from
            seen = self.tr(
                "The longest context seen is {context} (order {order}): in the training text "
                "it was followed by a token {total} times, by {token} {count} times. Different "
                "tokens after it: {followers}."
            )
            parts.append(seen.format(
                context=context, order=matched["order"], total=self._count(top["context_count"]),
                token=name, count=self._count(top["count"]),
                followers=self._count(top["followers"]),
            ))
        else:
            if top["seen"]:
                seen = self.tr(
                    "The longest context seen is {context} (order {order}): in the text "
                    "{count} different tokens followed it, {token} among them."
                )
            else:
                seen = self.tr(
                    "The longest context seen is {context} (order {order}): in the text "
                    "{count} different tokens followed it, never {token}."
                )
            parts.append(seen.format(
                context=context, order=matched["order"], count=top["followers"], token=name
            ))
        discount = self.tr("The discount set aside {percent} of it for shorter contexts.")
        parts.append(discount.format(percent=self._percent(top["lower_weight"])))
        if top.get("discounts"):
            d1, d2, d3 = (self.locale().toString(float(d), "f", 2) for d in top["discounts"])
            parts.append(
                self.tr("(Kneser-Ney discounts: D1 {d1}, D2 {d2}, D3+ {d3}.)").format(
                    d1=d1, d2=d2, d3=d3
                )
            )
        if not explained.get("counts_known"):
            parts.append(self.tr(
                "(How often each context was seen is not known for this model: it was imported "
                "from an ARPA file, or trained before the app kept the counts.)"
            ))
        return _joined(parts)

    def _count(self, value: int) -> str:
        return self.locale().toString(int(value))

    def _table(self, explained: dict[str, Any], decode: Decode) -> str:
        header = [
            self.tr("Order"),
            self.tr("Context"),
            self.tr("Tokens after it"),
            *([self.tr("Seen")] if explained.get("counts_known") else []),
            self.tr("Set aside"),
            self.tr("Part"),
        ]
        cells = "".join(f"<th align='left' style='{_PAD}'>{html.escape(h)}</th>" for h in header)
        rows = [f"<tr>{cells}</tr>"]
        probability = explained["probability"]
        for entry in reversed(explained["orders"]):  # the longest context first
            share = entry["part"] / probability if probability > 0 else 0.0
            followers = str(entry["followers"])
            if entry["seen"]:
                followers += " ✓"
            seen = (
                # this token after the context, out of any token after it: c(h w) of c(h)
                [self.tr("{count} of {total}").format(
                    count=self._count(entry["count"]), total=self._count(entry["context_count"])
                )]
                if "count" in entry
                else []
            )
            values = [
                str(entry["order"]),
                self._context(entry["context_ids"], decode),
                followers,
                *seen,
                self._percent(entry["lower_weight"]) if entry["order"] > 1 else "–",
                self._percent(share),
            ]
            rows.append("<tr>" + "".join(f"<td style='{_PAD}'>{v}</td>" for v in values) + "</tr>")
        return "<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>"
