"""A form built from a spec dataclass: one row per setting, ranges enforced by the widgets.

The spec's field metadata (`lmstudio_app.core.config.setting`) says everything the form needs:
label, help, range, choices, unit, whether the setting is advanced, a special value such as 0
meaning "automatic", and whether the value spans orders of magnitude (a learning rate). So a
new hyperparameter added to a spec appears here with no change to the view.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from lmstudio_app.core.config import SettingInfo, spec_fields
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets._setting_editors import (
    FLOAT_MAX,
    INT_MAX,
    FloatSpin,
    IntSpin,
    WheelGuard,
    clamp_int,
)

# The limits live with the spin boxes; callers (the tests) import them from here.
__all__ = ["FLOAT_MAX", "INT_MAX", "SpecForm"]


class SpecForm(QWidget):
    """Edit a spec dataclass: one labelled field per setting, with help on hover.

    `value()` builds a new spec from the fields; `changed` carries it whenever the person
    changes a field (not when the program calls `set_value`).
    """

    changed = Signal(object)

    def __init__(
        self,
        spec_cls: type,
        parent: QWidget | None = None,
        skip: tuple[str, ...] = (),
        columns: int = 1,
    ):
        """`columns` > 1 lays the settings out side by side, filling each column top-down (a
        short form then takes a few lines of height instead of one line per setting). Rows
        are dealt to the columns once, advanced and hidden ones included: meant for short
        forms whose rows all show."""
        super().__init__(parent)
        self._spec_cls = spec_cls
        self._base = spec_cls()
        self._infos: dict[str, SettingInfo] = {}
        self._widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._advanced_visible = False
        self._hidden: set[str] = set()
        self._locked: set[str] = set()
        self._updating = False
        self._wheel_guard = WheelGuard(self)

        infos = [info for info in spec_fields(spec_cls) if info.name not in skip]
        columns = max(1, min(columns, len(infos)))
        per_column = -(-len(infos) // columns) if infos else 0
        self._forms = [self._form_layout() for _ in range(columns)]
        if columns == 1:
            self.setLayout(self._forms[0])
        else:
            side_by_side = QHBoxLayout(self)
            side_by_side.setContentsMargins(0, 0, 0, 0)
            for form in self._forms:
                side_by_side.addLayout(form)
            side_by_side.addStretch(1)
        self._form_of: dict[str, QFormLayout] = {}
        field_width = self.fontMetrics().horizontalAdvance("0" * 14)
        for position, info in enumerate(infos):
            widget = self._make_widget(info)
            widget.setObjectName(info.name)
            label = QLabel(self._label_text(info))
            label.setBuddy(widget)
            tip = self._help_text(info)
            for target in (widget, label):
                target.setToolTip(tip)
                target.setWhatsThis(tip)
            # Data from core, translated at run time if the translation has the sentence.
            widget.setAccessibleName(info.label)  # stable, untranslated: tests drive the form by it
            widget.setAccessibleDescription(translate_core(info.help))
            widget.installEventFilter(self._wheel_guard)
            form = self._forms[position // per_column]
            form.addRow(label, widget)
            self._form_of[info.name] = form
            self._infos[info.name] = info
            self._widgets[info.name] = widget
            self._labels[info.name] = label
        # One width for all number and choice fields: a tidy column, and room for values such
        # as 0.000001 that a spin box's own size hint (from its range) would clip.
        compact = [
            w for w in self._widgets.values() if isinstance(w, (QAbstractSpinBox, QComboBox))
        ]
        width = max([field_width] + [w.sizeHint().width() for w in compact])
        for compact_widget in compact:
            compact_widget.setMinimumWidth(width)
        self.set_value(self._base)
        self._apply_visibility()

    # ---- building

    @staticmethod
    def _form_layout() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        return form

    def _label_text(self, info: SettingInfo) -> str:
        label = translate_core(info.label)
        # "Steps (steps)" says nothing twice: the unit is added only when the label lacks it.
        if info.unit and info.unit.lower() not in info.label.lower():
            label = self.tr("{label} ({unit})").format(label=label, unit=translate_core(info.unit))
        return label

    def _format_number(self, value: float) -> str:
        if isinstance(value, float) and not value.is_integer():
            return self.locale().toString(value, "g", 6)
        return self.locale().toString(int(value))

    def _help_text(self, info: SettingInfo) -> str:
        help_text = translate_core(info.help)
        if info.type is bool or info.choices is not None:
            if info.choices is not None:
                choices = self.tr(", ").join(translate_core(str(choice)) for choice in info.choices)
                return help_text + "\n\n" + self.tr("Choices: {choices}.").format(choices=choices)
            return help_text
        low, high = info.low, info.high
        if low is not None and high is not None:
            allowed = self.tr("Allowed: from {low} to {high}").format(
                low=self._format_number(low), high=self._format_number(high)
            )
        elif low is not None:
            allowed = self.tr("Allowed: {low} or more").format(low=self._format_number(low))
        elif high is not None:
            allowed = self.tr("Allowed: up to {high}").format(high=self._format_number(high))
        else:
            return help_text
        if info.special is not None and not (
            low is not None and high is not None and low <= info.special <= high
        ):
            allowed += self.tr(", or {special} for automatic").format(
                special=self._format_number(info.special)
            )
        return help_text + "\n\n" + self.tr("{allowed}.").format(allowed=allowed)

    def _make_widget(self, info: SettingInfo) -> QWidget:
        widget: QWidget
        if info.type is bool:
            box = QCheckBox()
            box.toggled.connect(self._emit_changed)
            widget = box
        elif info.choices is not None:
            combo = QComboBox()
            for choice in info.choices:
                combo.addItem(translate_core(str(choice)), choice)
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            combo.currentIndexChanged.connect(self._emit_changed)
            widget = combo
        elif info.type is int:
            low = clamp_int(info.low, -INT_MAX)
            high = clamp_int(info.high, INT_MAX)
            special = info.special if isinstance(info.special, int) else None
            spin = IntSpin(low, high, special)
            if special is not None and special > high:
                spin.setMaximum(clamp_int(special, INT_MAX))
            if spin.minimum() == special:
                spin.setSpecialValueText(self.tr("automatic"))
            if high >= 10_000:
                spin.setGroupSeparatorShown(True)  # 100,000 reads better than 100000
            spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            spin.setAccelerated(True)
            spin.valueChanged.connect(self._emit_changed)
            spin.editingFinished.connect(spin.snap)
            widget = spin
        elif info.type is float:
            fspin = FloatSpin(info)
            if isinstance(info.special, (int, float)) and fspin.minimum() == info.special:
                fspin.setSpecialValueText(self.tr("automatic"))
            fspin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            fspin.setAccelerated(True)
            fspin.valueChanged.connect(self._emit_changed)
            widget = fspin
        else:
            line = QLineEdit()
            line.setClearButtonEnabled(False)
            line.textChanged.connect(self._emit_changed)
            widget = line
        return widget

    # ---- values

    def spec_class(self) -> type:
        return self._spec_cls

    def names(self) -> list[str]:
        """The settings shown in this form, in order."""
        return list(self._widgets)

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def label(self, name: str) -> QLabel:
        return self._labels[name]

    def setting_label(self, name: str) -> str:
        """The setting's name as the person reads it ("Steps"), without its unit."""
        return translate_core(self._infos[name].label)

    def field_value(self, name: str) -> Any:
        """The value a field holds now, as the spec's type."""
        info = self._infos[name]
        widget = self._widgets[name]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return int(widget.value())
        if isinstance(widget, QDoubleSpinBox):
            return float(widget.value())
        assert isinstance(widget, QLineEdit)
        return widget.text() if info.type is str else info.type(widget.text())

    def value(self) -> Any:
        """A new spec: the fields' values over the last `set_value` (or the defaults)."""
        changes = {name: self.field_value(name) for name in self._widgets}
        return dataclasses.replace(self._base, **changes)

    def set_value(self, spec: Any) -> None:
        """Show the values of `spec`; `changed` is not emitted."""
        self._base = spec
        self._updating = True
        try:
            for name, widget in self._widgets.items():
                value = getattr(spec, name)
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QComboBox):
                    index = widget.findData(value)
                    if index < 0:  # a value the choices lack (an older run): show it anyway
                        widget.addItem(str(value), value)
                        index = widget.count() - 1
                    widget.setCurrentIndex(index)
                elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                    widget.setValue(value)
                elif isinstance(widget, QLineEdit):
                    widget.setText(str(value))
        finally:
            self._updating = False
        self._apply_visibility()

    def _emit_changed(self, *_: Any) -> None:
        if any(info.visible_when for info in self._infos.values()):
            self._apply_visibility()  # a choice may make another setting apply, or not
        if not self._updating:
            self.changed.emit(self.value())

    # ---- showing, hiding, locking

    def set_advanced_visible(self, visible: bool) -> None:
        self._advanced_visible = bool(visible)
        self._apply_visibility()

    def advanced_visible(self) -> bool:
        return self._advanced_visible

    def has_advanced(self) -> bool:
        """Whether any shown setting is an advanced one (to offer a "Show advanced" switch)."""
        return any(info.advanced for name, info in self._infos.items() if name not in self._hidden)

    def set_hidden(self, names: set[str]) -> None:
        """Hide exactly these settings (those hidden before and not named are shown again)."""
        self._hidden = set(names) & set(self._widgets)
        self._apply_visibility()

    def set_locked(self, names: set[str]) -> None:
        """Disable exactly these settings, e.g. those a resumed run cannot change."""
        self._locked = set(names) & set(self._widgets)
        for name, widget in self._widgets.items():
            locked = name in self._locked
            widget.setEnabled(not locked)
            self._labels[name].setEnabled(not locked)

    def is_row_visible(self, name: str) -> bool:
        """Shown: not hidden, not advanced unless those show, and meaning something with the
        values the form holds now (`SettingInfo.visible_when`)."""
        info = self._infos[name]
        if info.visible_when is not None:
            other = info.visible_when[0]
            if other in self._widgets and not info.applies({other: self.field_value(other)}):
                return False
        return name not in self._hidden and (self._advanced_visible or not info.advanced)

    def _apply_visibility(self) -> None:
        for name, widget in self._widgets.items():
            self._form_of[name].setRowVisible(widget, self.is_row_visible(name))

    def set_choice_labels(
        self, name: str, labels: dict[Any, str], tooltips: dict[Any, str] | None = None
    ) -> None:
        """Friendlier text (and per-item tooltips) for the choices of a choice setting."""
        combo = self._widgets[name]
        if not isinstance(combo, QComboBox):
            raise TypeError(f"{name} is not a setting with choices")
        for index in range(combo.count()):
            data = combo.itemData(index)
            if data in labels:
                combo.setItemText(index, labels[data])
            if tooltips and data in tooltips:
                combo.setItemData(index, tooltips[data], Qt.ItemDataRole.ToolTipRole)
