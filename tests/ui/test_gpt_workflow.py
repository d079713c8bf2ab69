"""The transformer's whole workflow through the widgets, found by their accessible names:
sample -> character tokenizer -> GPT tiny -> train -> generate with the attention view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.core.models.gpt import GPTSpec
from lmstudio_app.ui import MainWindow
from tests.ui.drive import choose, click, find, set_training_length, training_window
from tests.ui.test_workflow import load_names_and_tokenize

TRAIN_STEPS = 12


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def test_gpt_workflow_with_the_attention_view(qtbot: QtBot, window: MainWindow) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "gpt")
    choose(find(window, QComboBox, "Preset"), "tiny")
    assert isinstance(window.session.model_spec, GPTSpec)
    set_training_length(window, steps=TRAIN_STEPS)  # on the Model page
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=60_000)
    # the live curve, as for the other families
    assert window.train_page.loss_plot.point_count("train") == TRAIN_STEPS
    # and the samples it writes at each check; the log says what trains
    sample = find(window, QPlainTextEdit, "Training sample")
    qtbot.waitUntil(lambda: sample.toPlainText().strip() != "", timeout=10_000)
    assert "Training a GPT (" in find(window, QPlainTextEdit, "Training log").toPlainText()
    record = window.session.runs[-1]
    assert record.model_kind == "gpt"
    assert (record.folder / "model.safetensors").exists()

    window.go_to(window.generate_page)
    view = find(window, QWidget, "Attention text").parent()
    layer = find(window, QComboBox, "Attention layer")
    head = find(window, QComboBox, "Attention head")
    assert view.isVisible()
    find(window, QLineEdit, "Prompt").setText("an")
    find(window, QAbstractSpinBox, "Length").setValue(20)
    click(qtbot, window, "Generate")
    qtbot.waitUntil(lambda: not window.generate_page.pump.is_running(), timeout=30_000)
    text = find(window, QTextEdit, "Generated text")
    qtbot.waitUntil(lambda: text.token_count() > 0, timeout=5_000)
    qtbot.waitUntil(lambda: view.attention() is not None, timeout=5_000)
    before = text.token_count()
    click(qtbot, window, "Step")
    assert text.token_count() == before + 1
    attention = view.attention()
    writer = window.generate_page.writers[0]
    assert attention.window[-1] == writer.ids[-1]  # the new token, looking back
    spec = window.session.model_spec
    assert layer.count() == spec.layers and head.count() == spec.heads + 1
    shown = {}
    for layer_index in range(layer.count()):
        layer.setCurrentIndex(layer_index)
        for head_index in range(head.count()):
            head.setCurrentIndex(head_index)
            weights = view.shown_weights()
            assert weights.sum() == pytest.approx(1.0, abs=1e-5)  # per head, and the average
            shown[layer_index, head_index] = weights
        per_head = np.array([view.head_weights(i) for i in range(len(attention.window))])
        assert np.allclose(per_head.sum(axis=0), 1.0, atol=1e-5)
    # the choices change what is shown
    assert not np.allclose(shown[0, 1], shown[0, 2])
    assert not np.allclose(shown[0, 0], shown[layer.count() - 1, 0])
