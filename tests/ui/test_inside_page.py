"""The Inside step with real runs trained here (tiny LSTM and GPT, a few steps through the
command line), found by accessible names: "Hidden states", "Find the neuron", "Embedding map"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.cli import main
from lmstudio_app.core.corpus.split import Splits
from lmstudio_app.core.models import load_run_model
from lmstudio_app.ui.session import RunRecord
from lmstudio_app.ui.widgets._style import visible_whitespace
from tests.ui.drive import find, training_window

TEXT = 'He said "come (here) now" and left.\nShe stayed.'
FLAGS = {
    "lstm": ["--model", "lstm", "--embed-dim", "8", "--hidden-size", "12", "--seq-len", "16"],
    "gpt": ["--model", "gpt", "--layers", "1", "--heads", "2", "--embed-dim", "16",
            "--context", "16"],
}  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inside")
    corpus = folder / "plays.txt"
    corpus.write_text(shakespeare_text[:20_000], encoding="utf-8")
    out = {}
    for name, flags in FLAGS.items():
        out[name] = folder / name
        argv = ["train", str(corpus), *flags, "--tokenizer", "char", "--batch-size", "4",
                "--threads", "1", "--sample-tokens", "5", "--max-steps", "6",
                "--eval-every", "6", "--out", str(out[name])]  # fmt: skip
        assert main(argv) == 0
    return out


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def open_run(window, folder: Path) -> tuple:
    run, tokenizer, model = load_run_model(folder)
    record = RunRecord.from_run(folder, run)
    window.session.add_run(record)
    window.session.select_run(record, model, tokenizer)
    return model, tokenizer


def test_hidden_states_and_the_neuron(qtbot: QtBot, window, runs: dict[str, Path]) -> None:
    model, tokenizer = open_run(window, runs["lstm"])
    page = window.page("inside")
    heatmap = find(window, QWidget, "Hidden states")
    # the start of the validation text is read when the page is first seen, not before
    window.session.set_splits(Splits("train text", "A validation text.", "test", "head"))
    assert find(window, QPlainTextEdit, "Text to read").toPlainText() == "A validation text."
    assert heatmap.steps == 0 and page.embeddings.map is None
    window.go_to(page)
    assert page.readiness()[0]
    assert heatmap.steps == len("A validation text.")
    find(window, QPlainTextEdit, "Text to read").setPlainText(TEXT)
    qtbot.mouseClick(find(window, QAbstractButton, "Read the text"), Qt.MouseButton.LeftButton)
    ids = tokenizer.encode(TEXT).ids
    assert heatmap.steps == len(ids) == len(TEXT)
    # the rows are the model's own hidden states (its last layer), most varying units first
    with torch.no_grad():
        emb = model.module.embedding(torch.tensor([model.start_id, *ids]).view(-1, 1))
        output, _ = model.module.rnn(emb)
    own = output[1:, 0].double().numpy()
    rows = page.cells._rows
    assert len(rows) == 12 and own[:, rows].std(axis=0).tolist() == sorted(
        own[:, rows].std(axis=0).tolist(), reverse=True
    )
    np.testing.assert_allclose(heatmap._values, own[:, rows].T, atol=1e-5)
    # resting the pointer on a character writes that step out in numbers
    # (sent as an event: offscreen, QTest's pointer moves do not reach a widget's hover)
    point = QPointF(heatmap.column_center(4))
    move = QMouseEvent(
        QEvent.Type.MouseMove, point, heatmap.mapToGlobal(point), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(heatmap, move)
    numbers = find(window, QLabel, "Step in numbers")
    qtbot.waitUntil(lambda: "Step 5" in numbers.text())
    assert f"unit {rows[0]}:" in numbers.text() and "c_t = f·c_t−1 + i·g" in numbers.text()
    assert f"{own[4, rows[0]]:+.3f}".replace("-", "−") in numbers.text()
    # the cell under the pointer, in its tooltip
    cell = heatmap.column_center(4)
    QApplication.sendEvent(
        heatmap, QHelpEvent(QEvent.Type.ToolTip, cell, heatmap.mapToGlobal(cell))
    )
    value = f"{own[4, rows[0]]:+.3f}".replace("-", "−")
    assert QToolTip.text() == f"unit {rows[0]} · “{TEXT[4]}”: {value}"
    qtbot.keyClick(heatmap, Qt.Key.Key_Right)  # the keyboard walks the steps too
    assert "Step 6" in numbers.text()
    # a gate instead of the hidden state
    page.cells.track_combo.setCurrentIndex(page.cells.track_combo.findData("forget"))
    assert "Forget gate" in page.cells.caption.text()
    # find the neuron: one row per feature the text shows, the strongest first
    table = find(window, QTableWidget, "Find the neuron")
    assert table.rowCount() == 6
    features = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert "Inside quotes" in features and "Start of a word" in features
    strengths = [abs(float(table.item(r, 2).text().replace("−", "-"))) for r in range(6)]
    assert strengths == sorted(strengths, reverse=True)
    table.selectRow(features.index("Inside quotes"))
    strip = find(window, QWidget, "Best match over the text")
    quotes = strip._values[1]
    assert quotes[TEXT.index("come")] == 1.0 and quotes[TEXT.index("left")] == 0.0
    # the embedding map: every token, the same map as core's
    from lmstudio_app.core.inside import embedding_map, nearest_tokens

    page.tabs.setCurrentWidget(page.embeddings)
    expected = embedding_map(model, tokenizer)
    np.testing.assert_array_equal(page.embeddings.map.coords, expected.coords)
    assert find(window, QWidget, "Embedding map").isVisible()
    assert page.embeddings.neighbours.count() == 8
    # a token clicked on the map is chosen: its neighbours are listed
    e_id = tokenizer.token_to_id("e")
    spot = [p for p in page.embeddings.points.points() if p.data() == e_id]
    page.embeddings.points.sigClicked.emit(page.embeddings.points, spot, None)
    assert page.embeddings.token_combo.currentData() == e_id
    best = nearest_tokens(page.embeddings.vectors, page.embeddings.map.labels, e_id, 1,
                          page.embeddings.skip)[0]  # fmt: skip
    shown = page.embeddings.neighbours.item(0).text()
    assert shown.startswith(visible_whitespace(best.token) + " ")
    assert not find(window, QAbstractButton, "Attention view").isVisible()
    window.grab().save("/tmp/h11-test-lstm.png")


def test_gpt_map_and_the_way_to_its_attention(qtbot: QtBot, window, runs) -> None:
    open_run(window, runs["gpt"])
    page = window.page("inside")
    window.go_to(page)
    assert page.tabs.currentWidget() is page.embeddings
    assert not page.tabs.isTabEnabled(0) and not page.tabs.isTabEnabled(1)
    coords = page.embeddings.map.coords.copy()
    page.embeddings.show_model(window.session.active_model, window.session.active_tokenizer)
    np.testing.assert_array_equal(page.embeddings.map.coords, coords)  # deterministic
    button = find(window, QAbstractButton, "Attention view")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.generate_page
    assert find(window, QWidget, "Attention text").parent().isVisible()
