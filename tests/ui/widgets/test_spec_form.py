"""SpecForm: widgets from spec metadata, ranges, round trips, signals, advanced rows."""

from __future__ import annotations

import argparse
import dataclasses
import itertools
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.config import setting
from lmstudio_app.core.generation import GenerationSpec
from lmstudio_app.core.tokenization import KINDS, TokenizerSpec
from lmstudio_app.ui.widgets.spec_form import INT_MAX, SpecForm


@dataclass(frozen=True)
class Demo:
    count: int = setting(5, label="Count", help="How many.", low=1, high=10, unit="items")
    rate: float = setting(0.01, label="Rate", help="How fast.", low=1e-6, high=10.0, log_scale=True)
    share: float = setting(0.5, label="Share", help="A part of the whole.", low=0.0, high=1.0)
    flag: bool = setting(False, label="Flag", help="On or off.")
    mode: str = setting("b", label="Mode", help="Which way.", choices=("a", "b", "c"))
    name: str = setting("x", label="Name", help="What to call it.", advanced=True)
    workers: int = setting(0, label="Workers", help="0 chooses.", low=2, high=64, special=0)
    huge: int = setting(7, label="Huge", help="Very big.", low=0, high=10**12)
    steps: int = setting(3, label="Steps", help="How many steps.", low=0, high=9, unit="steps")
    note: str = "not a setting"


def make(qtbot: QtBot, spec_cls: type = Demo, **kwargs: object) -> SpecForm:
    form = SpecForm(spec_cls, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(form)
    form.show()
    return form


def test_widgets_follow_the_metadata(qtbot: QtBot, tmp_path: Path) -> None:
    form = make(qtbot)
    assert isinstance(form.widget("count"), QSpinBox)
    assert isinstance(form.widget("rate"), QDoubleSpinBox)
    assert isinstance(form.widget("share"), QDoubleSpinBox)
    assert isinstance(form.widget("flag"), QCheckBox)
    assert isinstance(form.widget("mode"), QComboBox)
    assert isinstance(form.widget("name"), QLineEdit)
    assert form.names() == [
        "count",
        "rate",
        "share",
        "flag",
        "mode",
        "name",
        "workers",
        "huge",
        "steps",
    ]
    count = form.widget("count")
    assert (count.minimum(), count.maximum()) == (1, 10)
    assert form.label("count").text() == "Count (items)"
    assert form.label("steps").text() == "Steps"  # not "Steps (steps)"
    assert count.accessibleName() == "Count"
    assert count.toolTip() == count.whatsThis()
    assert count.toolTip().startswith("How many.")
    assert "from 1 to 10" in count.toolTip()
    assert form.label("count").toolTip() == count.toolTip()
    mode = form.widget("mode")
    assert [mode.itemData(i) for i in range(mode.count())] == ["a", "b", "c"]
    assert form.grab().save(str(tmp_path / "spec_form.png"))


def test_every_control_has_a_name_and_a_tooltip(qtbot: QtBot) -> None:
    for spec_cls in (Demo, TokenizerSpec, GenerationSpec):
        form = make(qtbot, spec_cls)
        for name in form.names():
            widget = form.widget(name)
            assert widget.accessibleName(), name
            assert widget.toolTip(), name


def test_ranges_are_enforced_by_the_widgets(qtbot: QtBot) -> None:
    form = make(qtbot)
    count = form.widget("count")
    count.setValue(50)
    assert count.value() == 10
    count.setValue(-3)
    assert count.value() == 1
    share = form.widget("share")
    share.setValue(7.5)
    assert share.value() == 1.0
    huge = form.widget("huge")
    assert huge.maximum() == INT_MAX  # 10**12 does not fit a spin box: clamped
    count.setFocus()
    count.selectAll()
    qtbot.keyClicks(count, "99")  # typing: the second 9 would make 99, which is refused
    assert count.value() == 9


def test_special_value_reads_automatic_and_skips_the_gap(qtbot: QtBot) -> None:
    form = make(qtbot)
    workers = form.widget("workers")
    assert workers.value() == 0
    assert workers.minimum() == 0
    assert workers.text() == "automatic"
    workers.stepBy(1)
    assert workers.value() == 2  # 1 is neither automatic nor allowed
    workers.stepBy(-1)
    assert workers.value() == 0
    assert "or 0 for automatic" in workers.toolTip()
    workers.setValue(1)  # typed by hand
    workers.editingFinished.emit()
    assert workers.value() == 2
    assert form.value().workers == 2


def test_learning_rate_style_floats_show_small_values(qtbot: QtBot) -> None:
    form = make(qtbot)
    rate = form.widget("rate")
    assert rate.decimals() >= 7
    rate.setValue(0.0005)
    assert rate.value() == 0.0005
    assert rate.text() == "0.0005"
    rate.setValue(0.002)
    rate.stepBy(1)  # adaptive: a tenth of the current order of magnitude
    assert abs(rate.value() - 0.0021) < 1e-12
    assert rate.minimum() == 1e-6
    assert form.widget("share").text() == "0.5"


def test_value_round_trip_and_fields_outside_the_form(qtbot: QtBot) -> None:
    form = make(qtbot, skip=("huge",))
    assert form.value() == Demo()
    spec = Demo(
        count=3,
        rate=0.0005,
        share=0.25,
        flag=True,
        mode="c",
        name="y",
        workers=8,
        huge=99,
        steps=4,
        note="kept",
    )
    form.set_value(spec)
    assert form.value() == spec  # huge (skipped) and note (no setting) come from set_value
    form.widget("count").setValue(4)
    assert form.value() == dataclasses.replace(spec, count=4)


def test_changed_is_emitted_for_edits_not_for_set_value(qtbot: QtBot) -> None:
    form = make(qtbot)
    with qtbot.assertNotEmitted(form.changed):
        form.set_value(Demo(count=2, flag=True, mode="a"))
    with qtbot.waitSignal(form.changed, timeout=500) as blocker:
        form.widget("flag").setChecked(False)
    assert blocker.args[0] == Demo(count=2, flag=False, mode="a")
    with qtbot.waitSignal(form.changed, timeout=500) as blocker:
        form.widget("mode").setCurrentIndex(2)
    assert blocker.args[0].mode == "c"
    with qtbot.waitSignal(form.changed, timeout=500) as blocker:
        qtbot.keyClicks(form.widget("name"), "z")
    assert blocker.args[0].name == "xz"


def test_advanced_hidden_and_locked_rows(qtbot: QtBot) -> None:
    form = make(qtbot)
    name = form.widget("name")
    assert form.has_advanced()
    assert not form.is_row_visible("name")
    assert not name.isVisible()
    form.set_advanced_visible(True)
    assert name.isVisible()
    assert form.label("name").isVisible()
    form.set_hidden({"count", "name"})
    assert not form.widget("count").isVisible()
    assert not name.isVisible()
    assert not form.has_advanced()
    form.set_hidden(set())
    assert form.widget("count").isVisible()
    form.set_locked({"mode"})
    assert not form.widget("mode").isEnabled()
    assert form.widget("count").isEnabled()
    form.set_locked(set())
    assert form.widget("mode").isEnabled()


def test_tokenizer_spec_form(qtbot: QtBot) -> None:
    form = make(qtbot, TokenizerSpec)
    kind = form.widget("kind")
    assert [kind.itemData(i) for i in range(kind.count())] == list(KINDS)
    vocab = form.widget("vocab_size")
    assert vocab.text() == "automatic"
    vocab.stepBy(1)
    assert vocab.value() == 8
    assert not form.widget("unk_token").isVisible()  # advanced
    # a text setting's tooltip is its help alone: no numeric range is claimed for it
    assert form.widget("unk_token").toolTip() == "Stands for anything not in the vocabulary."
    spec = TokenizerSpec(kind="bpe", vocab_size=2000, lowercase=True, eos_token="</s>")
    form.set_value(spec)
    assert form.value() == spec
    kind.setCurrentIndex(kind.findData("word"))
    assert form.value() == dataclasses.replace(spec, kind="word")
    form.set_choice_labels("kind", {"bpe": "BPE (sub-words)"}, {"bpe": "Byte-pair encoding."})
    assert kind.itemText(kind.findData("bpe")) == "BPE (sub-words)"
    assert form.value().kind == "word"


def test_generation_spec_form(qtbot: QtBot) -> None:
    form = make(qtbot, GenerationSpec)
    temperature = form.widget("temperature")
    assert (temperature.minimum(), temperature.maximum()) == (0.0, 10.0)
    assert form.widget("seed").maximum() == 2**31 - 1
    assert form.label("max_tokens").text() == "Length (tokens)"
    assert form.widget("top_k").text() == "0"  # 0 is in range here: no special text
    temperature.setValue(0.7)
    spec = form.value()
    assert spec == GenerationSpec(temperature=0.7)
    form.set_value(GenerationSpec(stop="line", top_p=0.9))
    assert form.value() == GenerationSpec(stop="line", top_p=0.9)


def test_settings_side_by_side_fill_each_column_top_down(qtbot: QtBot) -> None:
    form = make(qtbot, columns=3)
    form.set_advanced_visible(True)
    qtbot.waitExposed(form)
    names = form.names()
    assert len(names) == 9
    origin = {name: form.widget(name).mapTo(form, form.widget(name).rect().topLeft())
              for name in names}
    columns = [names[0:3], names[3:6], names[6:9]]
    for column in columns:  # one column: the same x, going down in the spec's order
        assert len({origin[name].x() for name in column}) == 1, column
        assert [origin[name].y() for name in column] == sorted(origin[name].y() for name in column)
    for left, right in itertools.pairwise(columns):
        assert origin[left[0]].x() < origin[right[0]].x()
    # hiding a row still hides its label and field, in whichever column it is
    form.set_advanced_visible(False)
    assert not form.is_row_visible("name")
    assert form.widget("name").isHidden() and form.label("name").isHidden()
    edited = dataclasses.replace(Demo(), count=9, mode="c", steps=8)
    form.set_value(edited)
    assert form.value() == edited


def test_a_setting_shows_only_where_it_applies(qtbot: QtBot) -> None:
    """add-k's k means nothing with Kneser-Ney: its row shows only with add-k smoothing, as
    the `visible_when` of its setting() says; the command line's help says the same."""
    from lmstudio_app.core.config import add_spec_arguments
    from lmstudio_app.core.models.ngram import NGramSpec

    form = SpecForm(NGramSpec)
    qtbot.addWidget(form)
    form.show()
    assert form.field_value("smoothing") == "kneser-ney"
    assert not form.is_row_visible("add_k") and not form.widget("add_k").isVisible()
    combo = form.widget("smoothing")
    combo.setCurrentIndex(combo.findData("add-k"))
    assert form.is_row_visible("add_k") and form.widget("add_k").isVisible()
    form.set_value(NGramSpec(smoothing="witten-bell"))
    assert not form.widget("add_k").isVisible()
    parser = argparse.ArgumentParser()
    add_spec_arguments(parser, NGramSpec)
    assert "only with --smoothing add-k" in " ".join(parser.format_help().split())
