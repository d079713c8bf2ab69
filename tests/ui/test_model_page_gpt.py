"""The Model page with a transformer: its own settings, presets, figures and Learn text, and
lessons that name the family."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.lessons import load_lesson
from lmstudio_app.core.models.gpt import GPT, GPTSpec, preset_specs, training_memory_bytes
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.learn_texts import learn_html
from lmstudio_app.ui.lessons import lesson_from_window, save_window_lesson
from lmstudio_app.ui.pages.model_page import ModelPage
from lmstudio_app.ui.session import Session
from tests.ui.drive import choose, find


@pytest.fixture
def page(qtbot: QtBot) -> ModelPage:
    model_page = ModelPage(Session())
    qtbot.addWidget(model_page)
    return model_page


def test_gpt_is_a_family_with_its_own_settings_and_text(qtbot: QtBot, page: ModelPage) -> None:
    combo = page.family_combo
    assert combo.itemText(combo.findData("gpt")) == "GPT (transformer)"
    choose(combo, "gpt")
    assert page.gpt_form.isVisibleTo(page) and not page.model_form.isVisibleTo(page)
    assert page.train_box.isVisibleTo(page)
    # a family picked by hand takes its preset: the transformer's own
    model, train = preset_specs(page.preset_combo.currentData(), "char")
    assert page.model_spec() == model and isinstance(page.session.model_spec, GPTSpec)
    assert page.train_spec() == train
    assert page.learn.key() == "model_gpt"
    text = learn_html("model_gpt")
    assert "each token looks back at the earlier ones and decides which matter" in text
    assert "softmax" in text and "causal mask" in text
    choose(page.preset_combo, "tiny")
    assert page.model_spec() == preset_specs("tiny", "char")[0]


def test_the_figures_are_the_transformers_own(page: ModelPage) -> None:
    choose(page.family_combo, "gpt")
    spec = dataclasses.replace(page.model_spec(), layers=3, heads=2, embed_dim=24, context=20)
    page.set_specs("gpt", spec, page.train_spec(), None)
    vocab = 100  # no tokenizer yet: the page's stand-in
    assert page.estimates["parameters"] == GPT(vocab, spec).num_parameters
    train = page.train_spec()
    assert page.estimates["memory"] == training_memory_bytes(vocab, spec, train)
    assert (
        page.estimate_labels["parameters"].text()
        == f"{GPT(vocab, spec).num_parameters / 1e3:.1f} thousand"
    )


def test_a_new_context_length_takes_the_training_window_with_it(page: ModelPage) -> None:
    choose(page.family_combo, "gpt")
    context = page.gpt_form.widget("context")
    context.setValue(48)
    assert page.model_spec().context == 48
    assert page.train_spec().seq_len == 48
    assert page.preset_combo.currentData() is None  # custom


def test_the_transformers_settings_are_kept_between_sessions(
    qtbot: QtBot, page: ModelPage, tmp_path: Path
) -> None:
    choose(page.family_combo, "gpt")
    page.gpt_form.widget("heads").setValue(8)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    page.save_settings(settings)
    again = ModelPage(Session())
    qtbot.addWidget(again)
    again.restore_settings(settings)
    assert again.family() == "gpt"
    assert again.model_spec() == page.model_spec()
    assert again.model_spec().heads == 8


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    from tests.ui.drive import training_window

    yield from training_window(qtbot, tmp_path, monkeypatch)


def test_a_lesson_names_the_transformer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Model family"), "gpt")
    window.model_page.gpt_form.widget("heads").setValue(2)
    path = tmp_path / "gpt.lmlesson"
    draft = lesson_from_window(window)
    assert draft.model_kind == "gpt" and draft.model.heads == 2
    saved = save_window_lesson(
        window, path, title="Attention", locked={"model": ("family", "heads")}
    )
    assert load_lesson(path) == saved and isinstance(saved.model, GPTSpec)

    window.model_page.set_family("lstm")  # another family's settings are no bother
    assert window.open_lesson(str(path)) is True
    qtbot.waitUntil(lambda: window.model_page.family() == "gpt", timeout=20_000)
    assert window.model_page.model_spec() == saved.model
    heads = window.model_page.gpt_form.widget("heads")
    assert heads.isVisibleTo(window.model_page) and not heads.isEnabled()  # locked
    assert window.model_page.gpt_form.widget("layers").isEnabled()
    assert not window.model_page.family_combo.isEnabled()
    # saving again from this window keeps the lesson as it was
    assert save_window_lesson(window, tmp_path / "again.lmlesson") == saved
