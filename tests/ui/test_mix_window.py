"""A mix of runs in the window, driven by accessible names: the Runs page opens a mix's
folder like any run; on the Generate page "Mix weight" moves the mix between its two parts
(the next-token distribution follows), and "Colour by model" colours each written token by
the share of each part in its probability. The Tokenizer page's "Use the tokenizer of a run"
takes a run's very tokenizer, as `train --tokenizer-from` does. Real runs, counted here."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox, QPushButton, QSlider
from pytestqt.qtbot import QtBot

from lmstudio_app.cli import main
from lmstudio_app.core.models.mix import MixModel, mix_runs
from lmstudio_app.ui.pages.generate_mix import PART_COLOURS, blend
from lmstudio_app.ui.pages.generate_page import GeneratePage
from lmstudio_app.ui.pages.runs_page import record_from_folder
from lmstudio_app.ui.session import RunRecord, Session
from tests.ui.drive import click, find


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("mixruns")
    out = {name: root / name for name in ("bigram", "fivegram", "mix")}
    common = ["train", "--sample", "shakespeare", "--model", "ngram", "--json"]
    assert main([*common, "--order", "2", "--tokenizer", "char", "--out", str(out["bigram"])]) == 0
    assert (
        main(
            [
                *common,
                "--order",
                "5",
                "--tokenizer-from",
                str(out["bigram"]),
                "--out",
                str(out["fivegram"]),
            ]
        )
        == 0
    )
    mix_runs([out["bigram"], out["fivegram"]], out["mix"])
    return out


@pytest.fixture
def page(qtbot: QtBot, folders: dict[str, Path]) -> GeneratePage:
    session = Session()
    for name in ("mix", "bigram"):
        session.add_run(record_from_folder(folders[name]))  # as the Runs page opens a folder
    first = session.runs[0]
    session.select_run(first, *first.loaded)
    page = GeneratePage(session)
    qtbot.addWidget(page)
    page.resize(1366, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_runs_page_opens_a_mix_as_a_model(page: GeneratePage) -> None:
    record = page.session.runs[0]
    assert record.model_kind == "mix"
    assert isinstance(record.loaded[0], MixModel)
    assert record.metrics["valid_perplexity"] < record.metrics["perplexity"]["valid"]["bigram"]


def test_mix_weight_moves_the_mix_between_its_parts(qtbot: QtBot, page: GeneratePage) -> None:
    mix = page.session.active_model
    slider = find(page, QSlider, "Mix weight")
    assert slider.isVisible()
    assert slider.value() == round(mix.weights[0] * 100)
    state = mix.start(mix.tokenizer.encode_ids("ROMEO:\nWhat "))
    parts = np.exp(mix.part_logprobs(state))
    for value in (100, 30, 0):
        slider.setValue(value)
        first = value / 100
        assert mix.weights == pytest.approx([first, 1 - first])
        expected = first * parts[0] + (1 - first) * parts[1]
        np.testing.assert_allclose(np.exp(mix.next_logprobs(state)), expected, atol=1e-9)
    # another model: no mix panel
    other = page.session.runs[1]
    page.session.select_run(other, *other.loaded)
    assert not slider.isVisible()


def test_colour_by_model_shows_which_part_carried_each_token(
    qtbot: QtBot, page: GeneratePage
) -> None:
    page.form.set_value(dataclasses.replace(page.spec(), max_tokens=30))
    page.prompt.setText("ROMEO:\n")
    click(qtbot, page, "Generate")
    qtbot.waitUntil(lambda: not page.pump.is_running() and page.text.token_count() == 30)
    surprisal = [page.text.token_format(i).background().color().name() for i in range(30)]
    colour = find(page, QCheckBox, "Colour by model")
    colour.setChecked(True)
    shares = page.mix_panel.shares()
    assert shares.shape == (2, 30)
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    for index in range(30):
        shown = page.text.token_format(index).background().color().name()
        assert shown == blend(shares[:, index]).name()
    # all the weight on one part: every token was carried by it
    find(page, QSlider, "Mix weight").setValue(100)
    assert {page.text.token_format(i).background().color().name() for i in range(30)} == {
        blend(np.array([1.0, 0.0])).name()
    }
    assert blend(np.array([1.0, 0.0])).name() != blend(np.array([0.0, 1.0])).name()
    assert PART_COLOURS[0] != PART_COLOURS[1]
    colour.setChecked(False)  # back to surprisal
    find(page, QSlider, "Mix weight").setValue(50)
    page.mix_panel.recolour()
    assert [page.text.token_format(i).background().color().name() for i in range(30)] == surprisal


def test_use_the_tokenizer_of_a_run(qtbot: QtBot, folders: dict[str, Path]) -> None:
    from lmstudio_app.core.corpus import Splits
    from lmstudio_app.core.runs import load_run_tokenizer
    from lmstudio_app.core.samples import load_sample
    from lmstudio_app.core.tokenization.checks import tokenizer_fingerprint
    from lmstudio_app.ui.pages.tokenizer_page import TokenizerPage

    session = Session()
    text = load_sample("shakespeare").head(20_000)
    session.splits = Splits(text[:-2000], text[-2000:], "", "contiguous")
    session.add_run(record_from_folder(folders["bigram"]))
    page = TokenizerPage(session)
    qtbot.addWidget(page)
    button = find(page, QPushButton, "Use the tokenizer of a run")
    button.menu().aboutToShow.emit()
    names = [a.text() for a in button.menu().actions()]
    assert names[0] == "bigram" and names[-1] == "Another run folder…"
    button.menu().actions()[0].trigger()
    qtbot.waitUntil(lambda: session.tokenizer is not None, timeout=20_000)
    expected = load_run_tokenizer(folders["bigram"])
    assert tokenizer_fingerprint(session.tokenizer.hf) == tokenizer_fingerprint(expected.hf)
    assert page.spec() == expected.spec


def test_a_run_tokenizer_taken_while_the_parts_change_is_taken_again_on_them(
    qtbot: QtBot, folders: dict[str, Path]
) -> None:
    """The parts are cut again while a run's tokenizer is being read: it is read again and
    measured on the new parts (not a tokenizer built from the form's settings instead)."""
    from lmstudio_app.core.corpus import Splits
    from lmstudio_app.core.runs import load_run_tokenizer
    from lmstudio_app.core.samples import load_sample
    from lmstudio_app.core.tokenization.checks import tokenizer_fingerprint
    from lmstudio_app.ui.pages.tokenizer_page import TokenizerPage

    session = Session()
    text = load_sample("shakespeare").head(20_000)
    session.splits = Splits(text[:-2000], text[-2000:], "", "contiguous")
    page = TokenizerPage(session)
    qtbot.addWidget(page)
    page.reuse_button.use(folders["bigram"])
    assert page.builder.is_running() and page.cancel_button.isVisibleTo(page)
    new_splits = Splits(text[:-5000], text[-5000:], "", "contiguous")
    session.set_splits(new_splits)
    qtbot.waitUntil(
        lambda: session.tokenizer is not None and not page.builder.is_running(), timeout=20_000
    )
    expected = load_run_tokenizer(folders["bigram"])
    assert tokenizer_fingerprint(session.tokenizer.hf) == tokenizer_fingerprint(expected.hf)
    assert session.tokenizer_stats.chars_per_split["train"] == len(new_splits.train)


def test_a_mix_whose_part_is_gone_says_so(
    qtbot: QtBot, folders: dict[str, Path], tmp_path: Path
) -> None:
    from lmstudio_app.ui.pages.runs_page import load_run_for_generation

    mix_runs([folders["bigram"], folders["fivegram"]], tmp_path / "mix")
    record = RunRecord("mix", tmp_path / "mix", "mix", {}, {})
    moved = folders["fivegram"].rename(folders["fivegram"].with_name("elsewhere"))
    try:
        said = load_run_for_generation(record)
    finally:
        moved.rename(folders["fivegram"])
    assert isinstance(said, str) and "fivegram" in said and "\n" not in said
