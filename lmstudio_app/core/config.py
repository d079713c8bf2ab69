"""One spec, many faces: settings as dataclasses whose field metadata builds the forms.

A setting is declared once, with `setting(...)`: its default, a short label, a plain-language
help text, its valid range or choices and its unit. From that one line come the GUI form (the
view reads `spec_fields`), the command-line flags (`add_spec_arguments`), validation with a
sentence naming the setting and its range (`validate_spec`) and the JSON in the run folder
(`spec_to_dict` / `spec_from_dict`).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from lmstudio_app.core.errors import ConfigError
from lmstudio_app.core.i18n import N_, Text

SpecT = TypeVar("SpecT")


@dataclass(frozen=True)
class SettingInfo:
    """What the interface needs to know about one setting."""

    name: str
    type: type
    default: Any
    label: str
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple[Any, ...] | None = None
    unit: str = ""
    advanced: bool = False
    # A value that means "automatic" or "none" and is allowed outside [low, high] (e.g. 0).
    special: Any = None
    log_scale: bool = False
    # (another setting, its values): this one applies, and is shown, only while that one
    # holds one of them (add-k's k only with add-k smoothing). None: always.
    visible_when: tuple[str, tuple[Any, ...]] | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def applies(self, values: Any) -> bool:
        """Whether this setting means anything with the other settings `values` (a spec, or
        a mapping of names to values, as a form holds them)."""
        if self.visible_when is None:
            return True
        name, allowed = self.visible_when
        value = values.get(name) if isinstance(values, dict) else getattr(values, name, None)
        return value in allowed

    def describe_range(self) -> Text:
        if self.choices is not None:
            return N_("one of {choices}", choices=", ".join(str(choice) for choice in self.choices))
        if self.type is bool:
            return N_("yes or no")
        if self.type is str:  # a free text, such as a special token: it has no numeric range
            return N_("a text")
        if self.low is not None and self.high is not None:
            allowed = N_("between {low} and {high}", low=_fmt(self.low), high=_fmt(self.high))
        elif self.low is not None:
            allowed = N_("at least {low}", low=_fmt(self.low))
        elif self.high is not None:
            allowed = N_("at most {high}", high=_fmt(self.high))
        else:
            allowed = N_("a whole number") if self.type is int else N_("a number")
        if self.special is not None:
            return N_("{allowed} or {special}", allowed=allowed, special=_fmt(self.special))
        return allowed


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def setting(
    default: Any,
    *,
    label: str,
    help: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[Any, ...] | None = None,
    unit: str = "",
    advanced: bool = False,
    special: Any = None,
    log_scale: bool = False,
    visible_when: tuple[str, tuple[Any, ...]] | None = None,
) -> Any:
    """A dataclass field that carries its own label, help, range and unit."""
    metadata = {
        "setting": {
            "label": label,
            "help": help,
            "low": low,
            "high": high,
            "choices": choices,
            "unit": unit,
            "advanced": advanced,
            "special": special,
            "log_scale": log_scale,
            "visible_when": visible_when,
        }
    }
    return dataclasses.field(default=default, metadata=metadata)


def spec_fields(spec: Any) -> list[SettingInfo]:
    """The settings of a spec class or instance, in declaration order."""
    cls = spec if isinstance(spec, type) else type(spec)
    hints = get_type_hints(cls)
    infos = []
    for field in dataclasses.fields(cls):
        meta = field.metadata.get("setting")
        if meta is None:
            continue
        field_type = hints[field.name]
        if field_type not in (int, float, bool, str):
            raise TypeError(f"setting {field.name} must be int, float, bool or str")
        infos.append(SettingInfo(name=field.name, type=field_type, default=field.default, **meta))
    return infos


def validate_value(info: SettingInfo, value: Any) -> Any:
    """Return `value` coerced to the setting's type, or raise ConfigError naming the range."""

    def refuse() -> ConfigError:
        return ConfigError(
            "bad_setting", label=info.label, expected=info.describe_range(), value=value
        )

    if info.type is bool:
        if isinstance(value, bool):
            return value
        raise refuse()
    if info.type in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise refuse()
        if info.type is int:
            if isinstance(value, float) and not value.is_integer():
                raise refuse()
            value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise refuse()
        if info.special is not None and value == info.special:
            return value
        if info.low is not None and value < info.low:
            raise refuse()
        if info.high is not None and value > info.high:
            raise refuse()
    if info.type is str and not isinstance(value, str):
        raise refuse()
    if info.choices is not None and value not in info.choices:
        raise refuse()
    return value


def validate_spec(spec: SpecT) -> SpecT:
    """Check every setting of `spec`; return it with values coerced to their types.

    A spec whose settings depend on each other (a transformer's width must be shared out
    evenly among its heads) says so in a `check_settings()` method, called once each setting
    is in its own range; it raises ConfigError as a setting out of range does.
    """
    changes = {
        info.name: validate_value(info, getattr(spec, info.name)) for info in spec_fields(spec)
    }
    checked = dataclasses.replace(spec, **changes)  # type: ignore[type-var]
    check = getattr(checked, "check_settings", None)
    if check is not None:
        check()
    return checked


def spec_to_dict(spec: Any) -> dict[str, Any]:
    return {field.name: getattr(spec, field.name) for field in dataclasses.fields(spec)}


def spec_from_dict(cls: type[SpecT], data: dict[str, Any], *, strict: bool = True) -> SpecT:
    """Build and validate a spec from JSON; unknown keys are refused when `strict`."""
    if not isinstance(data, dict):
        raise ConfigError(
            "bad_setting", label=cls.__name__, expected=N_("a JSON object"), value=data
        )
    known = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - known)
    if unknown and strict:
        raise ConfigError(
            "bad_setting",
            label=N_("{spec} setting {name!r}", spec=cls.__name__, name=unknown[0]),
            expected=N_("one of {choices}", choices=", ".join(sorted(known))),
            value=N_("unknown"),
        )
    spec = cls(**{key: value for key, value in data.items() if key in known})
    return validate_spec(spec)


# --------------------------------------------------------------------------- command line


def parse_yes_no(text: str) -> bool:
    """A yes/no command-line value: 1/0, true/false, yes/no, on/off."""
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise argparse.ArgumentTypeError(f"expected yes or no, not {text!r}")


def add_spec_arguments(
    parser: argparse.ArgumentParser | Any, spec_cls: type, skip: tuple[str, ...] = ()
) -> None:
    """Add one flag per setting. Defaults are None so that presets can fill what is unset."""
    for info in spec_fields(spec_cls):
        if info.name in skip:
            continue
        help_text = f"{info.label}: {info.help} ({info.describe_range()}"
        help_text += f", default {_fmt(info.default)})"
        if info.visible_when is not None:
            other, values = info.visible_when
            flag = "--" + other.replace("_", "-")
            help_text += f"; only with {flag} " + " or ".join(str(v) for v in values)
        help_text = help_text.replace("%", "%%")
        if info.type is bool:
            parser.add_argument(
                info.flag,
                dest=info.name,
                nargs="?",
                const=True,
                type=parse_yes_no,
                default=None,
                help=help_text,
            )
        else:
            parser.add_argument(
                info.flag,
                dest=info.name,
                type=info.type,
                choices=info.choices,
                default=None,
                metavar=info.name.upper() if info.choices is None else None,
                help=help_text,
            )


def spec_from_args(
    spec_cls: type[SpecT], args: argparse.Namespace, base: SpecT | None = None
) -> SpecT:
    """A validated spec from parsed flags; settings not given come from `base` or defaults."""
    spec = base if base is not None else spec_cls()
    changes = {}
    for info in spec_fields(spec_cls):
        value = getattr(args, info.name, None)
        if value is not None:
            changes[info.name] = value
    return validate_spec(dataclasses.replace(spec, **changes))  # type: ignore[type-var]
