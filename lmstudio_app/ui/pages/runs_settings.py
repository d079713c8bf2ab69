"""The Runs page's settings: each run's settings as columns beside its scores (those that
differ between the runs shown by default, the others a right-click away), and what differs
between two selected runs, in one line under the table.

A setting is named by the label it declares (`core.config.setting`), as on the Model page,
and keyed "section.name" ("train.lr", "model.order", "tokenizer.kind") so that a model
setting and a training setting of the same name stay apart.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTableWidgetItem

from lmstudio_app.ui.session import RunRecord
from lmstudio_app.ui.translations import translate_core

SECTIONS = ("tokenizer", "model", "train")
# Settings the table shows in columns of their own (Model, Tokenizer).
SHOWN_ELSEWHERE = frozenset({"model.family", "tokenizer.kind"})


def _spec_class(section: str, kind: str) -> type | None:
    from lmstudio_app.core.models import MODEL_KINDS
    from lmstudio_app.core.specs import TrainSpec
    from lmstudio_app.core.tokenization import TokenizerSpec

    if section == "train":
        return TrainSpec
    if section == "tokenizer":
        return TokenizerSpec
    entry = MODEL_KINDS.get(kind)
    return entry.spec_class if entry is not None else None


def setting_labels(records: list[RunRecord]) -> dict[str, str]:
    """ "section.name" -> the setting's label (English), for every setting of these runs."""
    from lmstudio_app.core.config import spec_fields

    labels: dict[str, str] = {}
    for record in records:
        for section in SECTIONS:
            cls = _spec_class(section, record.model_kind)
            infos = {info.name: info.label for info in spec_fields(cls)} if cls else {}
            for name in record.settings.get(section) or {}:
                if f"{section}.{name}" not in SHOWN_ELSEWHERE:
                    labels.setdefault(f"{section}.{name}", infos.get(name, name))
    return labels


def flat_settings(record: RunRecord) -> dict[str, Any]:
    """A run's settings keyed "section.name"."""
    flat: dict[str, Any] = {}
    for section in SECTIONS:
        values = record.settings.get(section)
        if isinstance(values, dict):
            for name, value in values.items():
                if f"{section}.{name}" not in SHOWN_ELSEWHERE:
                    flat[f"{section}.{name}"] = value
    return flat


def differing(records: list[RunRecord], keys: list[str]) -> list[str]:
    """The keys whose value is not the same in every run (a setting a run lacks counts)."""
    flats = [flat_settings(record) for record in records]
    return [key for key in keys if len({repr(flat.get(key)) for flat in flats}) > 1]


def format_setting(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("RunsPage", "yes")
        return QCoreApplication.translate("RunsPage", "no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return translate_core(str(value))


def format_metric(key: str, value: float | None) -> str:
    """A figure as the table shows it: steps whole, the loss to three decimals, a perplexity
    to four significant digits ("4.480", "44.80", "987.6", "3,004"; three decimals of a
    perplexity in the thousands widened its column past a projector's room)."""
    if value is None:
        return "–"
    if key == "steps":
        return f"{int(value):,}"
    if key == "valid_loss":
        return f"{value:.3f}"
    if abs(value) >= 1000 or not math.isfinite(value):
        return f"{value:,.0f}"
    digits = 3 if abs(value) < 10 else 2 if abs(value) < 100 else 1
    return f"{value:.{digits}f}"


def metric(record: RunRecord, key: str) -> float | None:
    value = record.metrics.get(key)
    if value is None and key == "valid_loss" and record.valid_curve[1]:
        value = min(record.valid_curve[1])
    if value is None and key == "steps" and record.train_curve[0]:
        value = record.train_curve[0][-1]
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


class NumberItem(QTableWidgetItem):
    """Sorts by number, not by text."""

    def __init__(self, value: float | None, text: str) -> None:
        super().__init__(text)
        self.value = float("inf") if value is None else value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, NumberItem):
            return self.value < other.value
        return super().__lt__(other)


class SettingItem(QTableWidgetItem):
    """A setting's value: numbers sort as numbers, before text; a missing one last."""

    def __init__(self, value: Any) -> None:
        super().__init__(format_setting(value))
        number = isinstance(value, int | float) and not isinstance(value, bool)
        self.key: tuple[int, float, str] = (
            (0, float(value), "")
            if number and math.isfinite(float(value))
            else (2, 0.0, "")
            if value is None
            else (1, 0.0, str(value))
        )
        if number:
            self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, SettingItem):
            return self.key < other.key
        return super().__lt__(other)


class SettingsColumns:
    """The settings columns of the runs listed: their keys, titles and which differ."""

    def __init__(self, records: list[RunRecord]) -> None:
        labels = setting_labels(records)
        self.keys = sorted(labels, key=lambda k: (SECTIONS.index(k.split(".")[0]), k))
        self.titles = [translate_core(labels[key]) for key in self.keys]
        self.differ = set(differing(records, self.keys)) if len(records) > 1 else set()

    def items(self, record: RunRecord) -> list[QTableWidgetItem]:
        flat = flat_settings(record)
        return [SettingItem(flat.get(key)) for key in self.keys]


def diff_text(first: RunRecord, second: RunRecord) -> str:
    """What differs between two runs' settings, in one line: "Learning rate: 0.001 → 0.01"."""
    records = [first, second]
    labels = setting_labels(records)
    keys = differing(records, sorted(labels))
    if not keys:
        return QCoreApplication.translate(
            "RunsPage", "“{a}” and “{b}” have the same settings."
        ).format(a=first.name, b=second.name)
    one, two = flat_settings(first), flat_settings(second)
    parts = [
        f"{translate_core(labels[key])}: {format_setting(one.get(key))} → "
        f"{format_setting(two.get(key))}"
        for key in keys
    ]
    return QCoreApplication.translate("RunsPage", "From “{a}” to “{b}”: {changes}").format(
        a=first.name, b=second.name, changes="; ".join(parts)
    )
