"""Case 7: every setting of every spec at its bounds and just beyond, generated from
`spec_fields` so that a new setting is covered without a new test.

At a bound: accepted by the same path the command line uses (flag parsing, then
`spec_from_args`). Just beyond (and NaN for decimals): the command exits 2 before any work with
one sentence that names the setting and its range."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

import pytest

from lmstudio_app.core.config import SettingInfo, add_spec_arguments, spec_fields, spec_from_args
from lmstudio_app.core.generation import GenerationSpec
from lmstudio_app.core.models.ngram import NGramSpec
from lmstudio_app.core.specs import ModelSpec, TrainSpec

from .conftest import assert_refused

SPECS = {"model": ModelSpec, "train": TrainSpec, "ngram": NGramSpec, "generate": GenerationSpec}


def _numeric(spec: type) -> list[SettingInfo]:
    return [info for info in spec_fields(spec) if info.type in (int, float) and not info.choices]


def _text(value: float, kind: type) -> str:
    return str(int(value)) if kind is int else repr(float(value))


def _beyond(info: SettingInfo) -> list[float]:
    """Values just outside the range (skipping the special value that means "automatic")."""
    values = []
    for bound, sign in ((info.low, -1), (info.high, 1)):
        if bound is None:
            continue
        if info.type is int:
            value: float = bound + sign
        elif bound == 0:
            value = sign * 1e-3
        else:
            value = bound * (1 + sign * 1e-3) if bound > 0 else bound * (1 - sign * 1e-3)
        if value != info.special:
            values.append(value)
    return values


BOUND_CASES = [
    (name, info.name, bound)
    for name, spec in SPECS.items()
    for info in _numeric(spec)
    for bound in (info.low, info.high)
    if bound is not None
]
BEYOND_CASES = [
    (name, info.name, value)
    for name, spec in SPECS.items()
    for info in _numeric(spec)
    for value in [*_beyond(info), *([math.nan] if info.type is float else [])]
]


def _parse(spec: type, flag: str, value: str) -> Any:
    parser = argparse.ArgumentParser()
    add_spec_arguments(parser, spec)
    return spec_from_args(spec, parser.parse_args([flag, value]))


@pytest.mark.parametrize(("spec_name", "setting", "bound"), BOUND_CASES)
def test_case07_every_setting_at_its_bounds_is_accepted(
    spec_name: str, setting: str, bound: float
) -> None:
    """A setting at its lowest or highest allowed value is accepted as typed."""
    spec = SPECS[spec_name]
    info = next(i for i in spec_fields(spec) if i.name == setting)
    result = _parse(spec, info.flag, _text(bound, info.type))
    assert getattr(result, setting) == pytest.approx(bound)


def _command(spec_name: str, tmp: Path, plays: Path, trained: Path) -> list[str]:
    if spec_name == "generate":
        return ["generate", str(trained)]
    model = "ngram" if spec_name == "ngram" else "lstm"
    return ["train", str(plays), "--model", model, "--tokenizer", "char", "--out",
            str(tmp / "run")]


@pytest.mark.parametrize(("spec_name", "setting", "value"), BEYOND_CASES)
def test_case07_every_setting_beyond_its_bounds_is_refused_on_the_cli(
    spec_name: str, setting: str, value: float, tmp_path: Path, plays: Path,
    trained_run: Path, capsys,
) -> None:
    """Just beyond a bound, or NaN: exit 2, one sentence "<Label> must be <range>, not
    <value>", nothing written."""
    spec = SPECS[spec_name]
    info = next(i for i in spec_fields(spec) if i.name == setting)
    argv = [*_command(spec_name, tmp_path, plays, trained_run),
            f"{info.flag}={_text(value, info.type) if not math.isnan(value) else 'nan'}"]
    assert_refused(capsys, *argv, says=(f"{info.label} must be", str(info.describe_range())))
    assert not (tmp_path / "run").exists()


def test_case07_the_catalogue_covers_every_numeric_setting() -> None:
    """Every numeric setting has both bounds checked (a setting without a range is a bug)."""
    for spec in SPECS.values():
        for info in _numeric(spec):
            assert info.low is not None or info.high is not None, info.name
    assert len(BEYOND_CASES) > 40
