"""The Model page: its size estimate matches the real network, and presets fill the forms."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from lmstudio_app.core.models.recurrent import RecurrentLM
from lmstudio_app.core.specs import ModelSpec, recurrent_parameters
from lmstudio_app.ui.pages.model_page import ModelPage
from lmstudio_app.ui.session import Session


@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize(
    ("embed", "hidden", "layers", "tied"),
    [(16, 32, 1, False), (32, 32, 2, True), (16, 48, 3, True)],
)
def test_parameter_estimate_matches_the_network(
    family: str, embed: int, hidden: int, layers: int, tied: bool
) -> None:
    spec = ModelSpec(family=family, embed_dim=embed, hidden_size=hidden, layers=layers, tied=tied)
    assert recurrent_parameters(71, spec) == RecurrentLM(71, spec).num_parameters


def test_presets_and_family_switch(qtbot: QtBot) -> None:
    session = Session()
    page = ModelPage(session)
    qtbot.addWidget(page)
    page.apply_preset("tiny")
    tiny = page.model_spec()
    page.apply_preset("medium")
    assert page.model_spec().hidden_size >= tiny.hidden_size
    page.set_family("gru")
    assert session.model_family == "gru" and session.model_spec.family == "gru"
    page.set_family("ngram")
    assert session.train_spec is None
    assert not page.train_box.isVisibleTo(page) and page.ngram_box.isVisibleTo(page)
    # changing a setting by hand turns the preset into "custom"
    page.set_family("lstm")
    spec = page.model_form.value()
    page.model_form.set_value(dataclasses.replace(spec, hidden_size=spec.hidden_size + 1))
    page.model_form.changed.emit(page.model_form.value())
    assert page.preset_combo.currentData() is None


def test_first_start_shows_the_small_preset(qtbot: QtBot, tmp_path: Path) -> None:

    session = Session()
    page = ModelPage(session)
    qtbot.addWidget(page)
    empty = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    page.restore_settings(empty)
    assert page.preset_combo.currentData() == "small"


def test_editing_a_preset_setting_says_the_settings_are_now_custom(qtbot: QtBot) -> None:
    """Editing a setting a preset set switched the Preset box to "custom" without a word; a
    note under it now names what was changed and the way back."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel

    from tests.ui.drive import choose, find

    page = ModelPage(Session())
    qtbot.addWidget(page)
    page.show()
    choose(find(page, QComboBox, "Preset"), "tiny")
    note = find(page, QLabel, "Settings changed from the preset")
    assert not note.isVisible()
    find(page, QAbstractSpinBox, "Steps").setValue(400)
    assert page.preset_combo.currentData() is None  # custom
    assert note.isVisible()
    assert note.text() == (
        "You changed Steps: the settings are now your own (custom). Pick a preset to go back."
    )
    find(page, QAbstractSpinBox, "Hidden size").setValue(64)
    assert note.text().startswith("You changed Hidden size, Steps: ")
    # Every setting back to the preset's: the preset again, and no note.
    find(page, QAbstractSpinBox, "Hidden size").setValue(page._preset_values[0].hidden_size)
    find(page, QAbstractSpinBox, "Steps").setValue(0)
    assert page.preset_combo.currentData() == "tiny" and not note.isVisible()
    # Picking a preset after a change: its settings, and no note.
    find(page, QAbstractSpinBox, "Steps").setValue(50)
    assert note.isVisible()
    choose(find(page, QComboBox, "Preset"), "small")
    assert not note.isVisible() and page.train_spec().max_steps == 0
    # A lesson's own settings (no preset) are not a change the user made: no note.
    page.set_specs("lstm", page.model_spec(), page.train_spec(), None)
    assert page.preset_combo.currentData() is None and not note.isVisible()
