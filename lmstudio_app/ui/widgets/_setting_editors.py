"""The editors a `SpecForm` puts in its rows for numbers: spin boxes that let a number beyond the
range be typed (and clamp it), that may hold a special "automatic" value below the range, and
that show floats without trailing zeros; and a guard that keeps the mouse wheel scrolling the
form rather than changing the number under the pointer."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDoubleSpinBox, QSpinBox, QWidget

from lmstudio_app.core.config import SettingInfo

INT_MAX = 2**31 - 1  # what a QSpinBox can hold
FLOAT_MAX = 1e12


class WheelGuard(QObject):
    """Ignore the mouse wheel over a field that has no focus.

    Scrolling a long form must scroll the form, not silently change the number under the
    pointer (a common surprise for people new to such forms).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget):
            parent = watched.parentWidget()
            if not watched.hasFocus() and parent is not None:
                # Hand the wheel to the parent, so that an enclosing scroll area scrolls.
                QApplication.sendEvent(parent, event)
                return True
        return False


def _typed_number(spin: QAbstractSpinBox, text: str) -> float | str | None:
    """The number typed into a spin box, even one outside its range; "-" or "+" while a
    sign is being typed; None if the text is not a number."""
    core = text
    prefix, suffix = spin.prefix(), spin.suffix()  # type: ignore[attr-defined]
    if prefix and core.startswith(prefix):
        core = core[len(prefix):]
    if suffix and core.endswith(suffix):
        core = core[: -len(suffix)]
    core = core.strip()
    if core in ("-", "+"):
        return core
    locale = QLocale(spin.locale())
    core = core.replace(locale.groupSeparator(), "")
    value, ok = locale.toDouble(core)
    if not ok or not math.isfinite(value):
        return None
    return value


def _validate_beyond_range(
    spin: QAbstractSpinBox, text: str, pos: int, result: Any
) -> Any:
    """Let a number beyond the range be typed (Intermediate), so that it is clamped to the
    nearest bound when editing ends: typing 99999999 gives the maximum, not 9999, and -5
    gives the minimum, not 5 (Qt would drop the keys that leave the range)."""
    state = result[0] if isinstance(result, tuple) else result
    if state == QValidator.State.Invalid and _typed_number(spin, text) is not None:
        return (QValidator.State.Intermediate, text, pos)
    return result


class IntSpin(QSpinBox):
    """A QSpinBox that may also hold one special value below its range ("automatic").

    The special value sits at the minimum of the widget; stepping up from it jumps straight to
    the first ordinary value and stepping down from that jumps back, so values in between
    (which the spec would refuse) cannot be chosen.
    """

    def __init__(self, low: int, high: int, special: int | None) -> None:
        super().__init__()
        self._low = low
        self._special = special if special is not None and special < low else None
        minimum = self._special if self._special is not None else low
        self.setRange(minimum, high)

    def stepBy(self, steps: int) -> None:
        if self._special is not None:
            if self.value() == self._special and steps > 0:
                self.setValue(self._low + steps - 1)
                return
            if self.value() <= self._low and self.value() + steps < self._low:
                self.setValue(self._special)
                return
        super().stepBy(steps)

    def validate(self, text: str, pos: int) -> Any:  # type: ignore[override]
        return _validate_beyond_range(self, text, pos, super().validate(text, pos))

    def fixup(self, text: str) -> str:  # type: ignore[override]
        number = _typed_number(self, text)
        if isinstance(number, float):
            return self.textFromValue(int(min(max(number, self.minimum()), self.maximum())))
        return super().fixup(text)

    def snap(self) -> None:
        """Move a typed value between the special value and the range onto the range."""
        if self._special is not None and self._special < self.value() < self._low:
            self.setValue(self._low)


class FloatSpin(QDoubleSpinBox):
    """A QDoubleSpinBox that shows numbers without trailing zeros: 0.002, not 0.00200000."""

    def __init__(self, info: SettingInfo) -> None:
        super().__init__()
        low = -FLOAT_MAX if info.low is None else max(float(info.low), -FLOAT_MAX)
        high = FLOAT_MAX if info.high is None else min(float(info.high), FLOAT_MAX)
        special = info.special
        if isinstance(special, (int, float)) and not isinstance(special, bool):
            low = min(low, float(special))
            high = max(high, float(special))
        span = high - low
        if info.log_scale:
            # Learning rates span orders of magnitude: enough decimals for the smallest value
            # and steps of a tenth of the current order (0.002 -> 0.0021, 0.5 -> 0.51).
            smallest = min((abs(v) for v in (low, high) if v), default=1.0)
            decimals = max(2, min(12, 2 - math.floor(math.log10(smallest))))
            self.setDecimals(decimals)
            self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        elif span <= 1.0:
            self.setDecimals(3)
            self.setSingleStep(0.05)
        elif span <= 20.0:
            self.setDecimals(2)
            self.setSingleStep(0.1)
        else:
            self.setDecimals(2)
            self.setSingleStep(1.0)
        self.setRange(low, high)

    def validate(self, text: str, pos: int) -> Any:  # type: ignore[override]
        return _validate_beyond_range(self, text, pos, super().validate(text, pos))

    def fixup(self, text: str) -> str:  # type: ignore[override]
        number = _typed_number(self, text)
        if isinstance(number, float):
            return self.textFromValue(min(max(number, self.minimum()), self.maximum()))
        return super().fixup(text)

    def textFromValue(self, value: float) -> str:
        locale = QLocale(self.locale())
        if not self.isGroupSeparatorShown():  # "1.000" would read as one in German
            locale.setNumberOptions(
                locale.numberOptions() | QLocale.NumberOption.OmitGroupSeparator
            )
        text = locale.toString(value, "f", self.decimals())
        point = locale.decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text


def clamp_int(value: float | None, fallback: int) -> int:
    if value is None:
        return fallback
    return int(min(max(value, -INT_MAX), INT_MAX))
