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
