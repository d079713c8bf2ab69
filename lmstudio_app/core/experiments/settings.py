"""The settings an experiment may vary, how their values are written, and how one value is put
into a base setup.

```
VARIED["lr"]                       -> Varied(name, label, ...)
parse_values("lr", "0.001:0.1:3")  -> (0.001, 0.01, 0.1)      (a range on a log scale)
parse_values("order", "2,3,4")     -> (2, 3, 4)
with_value(setup, "order", 3)      -> the setup with a 3-gram model
```

One value changes one thing: a model setting (n-gram order, hidden size, dropout, layers, a
transformer's context), a training setting (learning rate, a recurrent network's sequence
length: the context it learns from) or the share of the training text used. The labels are
those the settings declare (`core.config.setting`), so the window and the command line name a
setting the same way.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.i18n import N_, Text


@dataclass(frozen=True)
class Varied:
    """A setting an experiment may vary."""

    name: str  # as on the command line (--vary NAME=...) and in experiment.json
    label: Text
    integer: bool
    log_scale: bool  # a range of it is spread on a log scale (learning rates, sizes)
    suggested: str  # values to start from, as the dialog and --vary write them


VARIED: dict[str, Varied] = {
    "order": Varied("order", N_("N-gram order"), True, False, "2,3,4,5"),
    "lr": Varied("lr", N_("Learning rate"), False, True, "0.001,0.003,0.01"),
    "hidden_size": Varied("hidden_size", N_("Hidden size"), True, True, "32,64,128"),
    "dropout": Varied("dropout", N_("Dropout"), False, False, "0,0.2,0.4"),
    "layers": Varied("layers", N_("Layers"), True, False, "1,2,3"),
    "context": Varied("context", N_("Context length"), True, True, "16,32,64"),
    "train_share": Varied(
        "train_share", N_("Share of the training text"), False, False, "0.1,0.25,0.5,1"
    ),
}


def varied(name: str) -> Varied:
    """The setting called `name`; `experiment_setting` when an experiment cannot vary it."""
    if name not in VARIED:
        raise StudioError("experiment_setting", name=name, choices=", ".join(VARIED))
    return VARIED[name]


def _number(setting: Varied, text: str) -> float:
    text = text.strip().rstrip("%")
    value = float(text)
    if setting.name == "train_share" and value > 1:
        value /= 100  # "10,25,50,100" as percentages
    return value


def parse_values(name: str, text: str) -> tuple[float | int, ...]:
    """The values of `text`: a list ("1,2,3") or a range "LOW:HIGH:COUNT", spread evenly on a
    log scale for a setting that grows by factors (learning rate, sizes), evenly otherwise.
    At least two distinct values; each is checked when its run's settings are."""
    setting = varied(name)
    try:
        if ":" in text:
            low_text, high_text, count_text = text.split(":")
            low, high = _number(setting, low_text), _number(setting, high_text)
            count = int(count_text)
            if count < 2 or not (math.isfinite(low) and math.isfinite(high)):
                raise ValueError
            if setting.log_scale and low > 0 and high > 0:
                step = (math.log(high) - math.log(low)) / (count - 1)
                values = [math.exp(math.log(low) + i * step) for i in range(count)]
            else:
                values = [low + i * (high - low) / (count - 1) for i in range(count)]
            values = [float(f"{v:.3g}") for v in values]  # 0.00316, not 0.0031622776601
        else:
            values = [_number(setting, part) for part in text.split(",") if part.strip()]
        if not all(math.isfinite(v) for v in values):
            raise ValueError
    except ValueError:
        raise StudioError("experiment_values", label=setting.label, value=text) from None
    if setting.integer:
        values = [round(v) for v in values]
    unique = list(dict.fromkeys(values))
    if len(unique) < 2:
        raise StudioError("experiment_values", label=setting.label, value=text)
    return tuple(unique)


def format_value(name: str, value: float) -> str:
    """A value as a person reads it: 25% for a share, 0.003 for a learning rate."""
    if name == "train_share":
        return f"{value * 100:g}%"
    return f"{value:g}"


@dataclass(frozen=True)
class Setup:
    """What every run of an experiment shares: the model family's settings, training's (None
    for an n-gram), and the share of the training text used."""

    model: Any
    train: Any = None
    train_share: float = 1.0

    @property
    def neural(self) -> bool:
        return self.train is not None


def with_value(setup: Setup, name: str, value: float) -> Setup:
    """`setup` with setting `name` at `value`; `setting_not_for_model` for a setting its model
    does not have (an n-gram has no learning rate)."""
    from lmstudio_app.core.config import validate_spec

    setting = varied(name)
    if name == "train_share":
        if not 0 < value <= 1:
            raise StudioError(
                "bad_setting",
                label=setting.label,
                expected=N_("above 0% and at most 100%"),
                value=format_value(name, value),
            )
        return dataclasses.replace(setup, train_share=float(value))
    model_fields = {field.name for field in dataclasses.fields(setup.model)}
    if name in model_fields:
        model = validate_spec(dataclasses.replace(setup.model, **{name: value}))
        train = setup.train
        if name == "context" and train is not None:
            # A transformer learns over windows of its whole context (`fit_window`).
            train = validate_spec(dataclasses.replace(train, seq_len=int(value)))
        return dataclasses.replace(setup, model=model, train=train)
    # A recurrent network has no context of its own: it learns over windows of seq_len.
    train_name = "seq_len" if name == "context" else name
    if setup.train is not None and train_name in {f.name for f in dataclasses.fields(setup.train)}:
        train = validate_spec(dataclasses.replace(setup.train, **{train_name: value}))
        return dataclasses.replace(setup, train=train)
    raise StudioError(
        "setting_not_for_model",
        flag=f"--{name.replace('_', '-')}",
        kind=getattr(setup.model, "family", "n-gram"),
    )
