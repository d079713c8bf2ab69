"""The window's half of the hardening issue: cases 11, 12, 13, 7 and 14, and errors in workers.

Windows are driven as a person would, through widgets found by their accessible names (see
tests/ui/test_workflow.py). Long phases are made to last by blocking a core function on an
Event until it is cancelled, so that the tests are fast and deterministic.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QThread, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.core.appdirs import log_file
from lmstudio_app.core.corpus import load_corpus, split_corpus
from lmstudio_app.core.runs import read_metrics, read_run_json
from lmstudio_app.core.runs.lock import find_interrupted_runs, lock_is_live
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.ui import MainWindow
from tests.reliability.texts import large_text
from tests.ui.drive import choose, click, find, set_training_length

TINY_MODEL = ModelSpec(family="lstm", embed_dim=8, hidden_size=16)
TINY_TRAIN = TrainSpec(seq_len=16, batch_size=4, threads=1, sample_tokens=5, eval_tokens=500,
                       eval_every=10, max_steps=40, epochs=0, max_minutes=0.0,
                       checkpoint_every=0.05)


# --------------------------------------------------------------------------- helpers


def open_window(qtbot: QtBot, runs: Path) -> MainWindow:
    window = MainWindow()
    window.settings.setValue("runs_folder", str(runs))
    window.show()
    qtbot.waitUntil(window.pages_built, timeout=20_000)
    return window


def close_window(window: MainWindow) -> None:
    if window.isVisible():
        window.train_page.stop_and_wait()
        window.close()
    window.deleteLater()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test's own, so its log file starts empty."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, data_dir: Path) -> Iterator[MainWindow]:
    main = open_window(qtbot, tmp_path / "runs")
    yield main
    close_window(main)


def banner_shown(window: MainWindow) -> bool:
    return any(w.isVisible() for w in window.findChildren(QWidget)
               if w.accessibleName() == "Interrupted run banner")


def log_text() -> str:
    path = log_file()
    return path.read_text(encoding="utf-8") if path.exists() else ""


def threads_of(window: MainWindow) -> list[QThread]:
    return [thread for thread in window.findChildren(QThread)]


def interrupted_run(folder: Path, corpus_path: Path, steps_after: int = 3) -> int:
    """A run trained in this process and cut off after a checkpoint, as if the app had been
    killed: run.json says "running", no live lock. Its run.json records the text as the
    command line does ("source" and fingerprints). Returns the checkpoint's step."""
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
    from lmstudio_app.core.training import CheckpointEvent, StepEvent, Trainer, create_run

    corpus = load_corpus(corpus_path)
    splits = split_corpus(corpus)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    source = CorpusSource.create(files=[str(corpus_path)], split_method="contiguous")
    info = LoadedCorpus(source, corpus, splits).record()
    # Saved after every step: a checkpoint every 0.05 s never came before the end of the 40
    # steps on a machine fast enough to train them in 0.05 s, and the cut never happened.
    spec = dataclasses.replace(TINY_TRAIN, checkpoint_every=1e-9)
    create_run(folder, TINY_MODEL, spec, tokenizer, info)
    trainer = Trainer(TINY_MODEL, spec, tokenizer, data, folder)
    stream = trainer.run()
    first = checkpoint = last = 0
    for event in stream:
        if isinstance(event, CheckpointEvent) and event.step >= 5:
            first = first or event.step
            checkpoint = event.step  # the latest: another may come before the cut
        if isinstance(event, StepEvent):
            last = event.step
            if first and last >= first + steps_after:
                break
    stream.close()  # the process "dies": no status written, the lock goes with it
    assert checkpoint and last < TINY_TRAIN.max_steps
    assert read_run_json(folder)["status"] == "running"
    assert not lock_is_live(folder)
    return checkpoint


class StepRecorder:
    """Every training event the Train page receives, in order."""

    def __init__(self, window: MainWindow) -> None:
        self.events: list[Any] = []
        window.train_page.pump.events.connect(self.events.extend)

    def steps(self) -> list[int]:
        from lmstudio_app.core.training import StepEvent

        return [e.step for e in self.events if isinstance(e, StepEvent)]

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


# --------------------------------------------------------------------------- case 11


def test_case11_window_offers_to_resume_an_interrupted_run(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, plays: Path
) -> None:
    """A run cut off by a crash is offered, at the next start, in a banner above the pages
    (not a modal question): "Training of “name” stopped unexpectedly at step N. Resume it
    from its last checkpoint (step C)?". Resume goes to the Train page and continues from
    the checkpoint: the first new step is C + 1, the plot starts with the old curve, the
    run finishes, metrics.jsonl reads 1, 2, 3... without a gap or a repeat, and the session
    holds the run's text, tokenizer and model as after a normal run."""
    from lmstudio_app.core.training import FinishedEvent

    runs = tmp_path / "runs"
    folder = runs / "cut off"
    checkpoint = interrupted_run(folder, plays)
    last = max(r["step"] for r in read_metrics(folder) if r.get("kind") == "train")
    window = open_window(qtbot, runs)
    try:
        qtbot.waitUntil(lambda: banner_shown(window), timeout=20_000)
        banner = find(window, QWidget, "Interrupted run banner")
        message = find(window, QLabel, "Interrupted run message").text()
        assert "“cut off”" in message and f"step {last}" in message
        assert f"(step {checkpoint})" in message
        assert QApplication.activeModalWidget() is None
        recorder = StepRecorder(window)
        click(qtbot, window, "Resume interrupted run")
        assert not banner.isVisible()
        page = window.train_page
        assert window.stack.currentWidget() is page
        qtbot.waitUntil(lambda: bool(recorder.of(FinishedEvent)), timeout=60_000)
        qtbot.waitUntil(lambda: not page.is_training(), timeout=10_000)
        assert recorder.steps()[0] == checkpoint + 1
        assert recorder.steps()[-1] == TINY_TRAIN.max_steps
        assert page.loss_plot._train.data()[0][0] == 1  # the curve from before the crash
        assert page.error.isHidden(), page.error.text()
        steps = [r["step"] for r in read_metrics(folder) if r.get("kind") == "train"]
        assert steps == list(range(1, TINY_TRAIN.max_steps + 1))
        assert read_run_json(folder)["status"] == "finished"
        assert find_interrupted_runs(runs) == []
        session = window.session
        assert session.corpus is not None and session.tokenizer is not None
        assert session.active_run is not None and session.active_run.folder == folder
        assert session.active_model is not None
        assert session.active_run.train_curve[0] == list(range(1, TINY_TRAIN.max_steps + 1))
    finally:
        close_window(window)


# --------------------------------------------------------------------------- case 12

PHASES = ["tokenizer", "ngram_counting", "encoding", "first_step", "evaluation", "generation"]


def wait_for_cancel(cancel: Callable[[], bool] | None, entered: threading.Event) -> None:
    """Stand in for long work: tell the test it began, then wait until it is cancelled."""
    from lmstudio_app.core.errors import Cancelled

    entered.set()
    deadline = time.monotonic() + 60
    while not (cancel is not None and cancel()):
        if time.monotonic() > deadline:
            raise AssertionError("never cancelled")
        time.sleep(0.01)
    raise Cancelled()


def load_names(qtbot: QtBot, window: MainWindow) -> None:
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)


def build_char_tokenizer(qtbot: QtBot, window: MainWindow) -> None:
    load_names(qtbot, window)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)


def tiny_recurrent(window: MainWindow, steps: int = 0, **train: Any) -> None:
    """The tiny LSTM preset on one thread, trained for `steps` steps (0: the preset's length)
    as the Model page sets it, with `train`'s other settings."""
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    if steps:
        set_training_length(window, steps=steps)
    session = window.session
    session.train_spec = dataclasses.replace(session.train_spec, threads=1, **train)


def start_phase(
    phase: str, qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
    trained_run: Path,
) -> str:
    """Start `phase` made to last until cancelled; return the accessible name of its Stop."""
    from lmstudio_app.core import training
    from lmstudio_app.core.models.ngram import training as ngram_training
    from lmstudio_app.core.tokenization import job as tokenizer_job
    from lmstudio_app.ui.pages import generate_page

    entered = threading.Event()
    if phase == "tokenizer":
        load_names(qtbot, window)
        monkeypatch.setattr(
            tokenizer_job, "train_tokenizer",  # the Tokenizer page's job
            lambda spec, text, progress=None, cancel=None: wait_for_cancel(cancel, entered),
        )
        click(qtbot, window, "Build tokenizer")
        stop = "Cancel building"
    elif phase == "ngram_counting":
        build_char_tokenizer(qtbot, window)
        choose(find(window, QComboBox, "Model family"), "ngram")
        monkeypatch.setattr(
            ngram_training, "count_ngrams",
            lambda layout, order, vocab, bos, progress=None, cancel=None:
                wait_for_cancel(cancel, entered),
        )
        window.go_to(window.train_page)
        click(qtbot, window, "Start training")
        stop = "Stop training"
    elif phase in ("encoding", "first_step", "evaluation"):
        build_char_tokenizer(qtbot, window)
        tiny_recurrent(window, steps=1000, eval_every=2)
        page = window.train_page
        if phase == "encoding":  # the text turned into token ids before the first step
            from lmstudio_app.core import data

            monkeypatch.setattr(
                data, "encode_splits",
                lambda tokenizer, splits, progress=None, cancel=None:
                    wait_for_cancel(cancel, entered),
            )
        elif phase == "first_step":
            from lmstudio_app.core.models.recurrent import RecurrentLM

            real_forward = RecurrentLM.forward

            def forward(self: Any, *args: Any, **kwargs: Any) -> Any:
                trainer = page.trainer
                if self.training:
                    entered.set()
                    while trainer is not None and not trainer.cancelled:
                        time.sleep(0.01)
                return real_forward(self, *args, **kwargs)

            monkeypatch.setattr(RecurrentLM, "forward", forward)
        else:
            real_evaluate = training.Trainer._evaluate

            def evaluate(self: Any, *args: Any, **kwargs: Any) -> Any:
                entered.set()
                while not self.cancelled:
                    time.sleep(0.01)
                return real_evaluate(self, *args, **kwargs)

            monkeypatch.setattr(training.Trainer, "_evaluate", evaluate)
        window.go_to(page)
        click(qtbot, window, "Start training")
        stop = "Stop training"
    else:
        window.open_run(trained_run)
        qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=30_000)

        def generate(*args: Any, cancel: Callable[[], bool] | None = None, **kwargs: Any):
            try:
                wait_for_cancel(cancel, entered)
            except Exception:
                return
            yield  # pragma: no cover - a generator that yields nothing

        monkeypatch.setattr(generate_page, "generate", generate)
        window.go_to(window.generate_page)
        click(qtbot, window, "Generate")
        stop = "Stop generating"
    assert entered.wait(60), f"{phase} never began"
    return stop


def busy_workers(window: MainWindow) -> list[str]:
    from lmstudio_app.ui.workers import EventPump, TaskRunner

    return [f"{type(w.parent()).__name__}.{type(w).__name__}"
            for kind in (TaskRunner, EventPump) for w in window.findChildren(kind)
            if w.is_running()]


def check_run_folders(runs: Path) -> None:
    """Whatever a stopped phase left in the runs folder is a valid, readable run."""
    if not runs.exists():
        return
    for folder in runs.iterdir():
        run = read_run_json(folder)
        assert run["status"] in ("cancelled", "running", "finished"), run["status"]
        assert not lock_is_live(folder)


@pytest.mark.parametrize("action", ["close", "stop"])
@pytest.mark.parametrize("phase", PHASES)
def test_case12_close_or_stop_at_every_phase(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
    trained_run: Path, phase: str, action: str,
) -> None:
    """Closing the window (answering Yes to "Training is running") or pressing Stop while
    the tokenizer builds, while n-grams are counted, while the text is encoded for training,
    during the first training step, during an evaluation and during generation: the window
    closes (or the work stops) within a few seconds, no worker thread is left running,
    nothing is written to the log (no traceback), and any run folder left behind is valid:
    run.json readable, status cancelled (or running, which is resumable), no live lock."""
    runs = tmp_path / "runs"
    window = open_window(qtbot, runs)
    try:
        stop = start_phase(phase, qtbot, window, monkeypatch, trained_run)
        asked: list[object] = []

        def answer_yes(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            asked.append(args)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", answer_yes)
        timer = QElapsedTimer()
        timer.start()
        if action == "close":
            assert window.close()
            assert not window.isVisible()
            training = phase in ("ngram_counting", "encoding", "first_step", "evaluation")
            assert bool(asked) == training
        else:
            click(qtbot, window, stop)
            qtbot.waitUntil(lambda: not busy_workers(window), timeout=10_000)
        assert timer.elapsed() < 5_000, f"took {timer.elapsed()} ms"
        assert busy_workers(window) == []
        qtbot.wait(100)  # queued signals of the stopped work arrive
        if action == "stop":
            errors = [w.text() for w in window.findChildren(QLabel)
                      if w.accessibleName() == "Problem" and not w.isHidden()]
            assert not any("went wrong" in text for text in errors), errors
        check_run_folders(runs)
        assert "Traceback" not in log_text()
    finally:
        close_window(window)


# --------------------------------------------------------------------------- case 13


def test_case13_second_window_cannot_resume_a_run_being_trained(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one window trains a run, a second window that tries to resume it shows the plain
    sentence "this run is being trained by another window or program" on its Train page and
    writes nothing; its Runs page refuses to delete that run, with a sentence, and asks no
    question. Once the first window stopped, the second continues the run: the split the
    first window used (80/10/10, recorded in run.json) is rebuilt exactly."""
    from lmstudio_app.core.runs.lock import read_lock
    from lmstudio_app.core.training import StepEvent

    runs = tmp_path / "runs"
    first = open_window(qtbot, runs)
    second = None
    try:
        load_names(qtbot, first)
        find(first, QSpinBox, "Training %").setValue(80)
        find(first, QSpinBox, "Validation %").setValue(10)
        find(first, QSpinBox, "Test %").setValue(10)
        # The 80/10/10 split runs in a worker: a tokenizer built before it lands is dropped
        # when it does (new parts, new tokenizer); under load it landed after the build.
        qtbot.waitUntil(lambda: first.session.split_fractions == (0.8, 0.1, 0.1),
                        timeout=20_000)
        choose(find(first, QComboBox, "Tokenizer kind"), "char")
        click(qtbot, first, "Build tokenizer")
        qtbot.waitUntil(lambda: first.session.tokenizer is not None, timeout=30_000)
        tiny_recurrent(first, steps=1_000_000, checkpoint_every=0.2)
        first.go_to(first.train_page)
        click(qtbot, first, "Start training")
        qtbot.waitUntil(lambda: first.train_page.folder is not None
                        and (first.train_page.folder / "checkpoint" / "latest.json").exists(),
                        timeout=60_000)
        folder = first.train_page.folder
        assert read_run_json(folder)["corpus"]["source"]["split"] == "0.8,0.1,0.1"
        holder = read_lock(folder)

        second = open_window(qtbot, runs)
        assert not banner_shown(second)
        recorder = StepRecorder(second)
        second.train_page.resume_run(folder)
        error = second.train_page.error
        qtbot.waitUntil(lambda: not error.isHidden(), timeout=30_000)
        qtbot.waitUntil(lambda: not second.train_page.is_training(), timeout=10_000)
        assert "being trained by another window or program" in error.text()
        assert recorder.steps() == []
        assert read_lock(folder) == holder and read_run_json(folder)["status"] == "running"
        assert "Traceback" not in log_text()
        # A command-line process is refused the same way, and writes nothing either.
        cli = subprocess.run(
            [sys.executable, "-m", "lmstudio_app", "train", "--resume", str(folder)],
            capture_output=True, text=True, timeout=120,
        )
        assert cli.returncode == 2, cli.stderr
        assert "being trained by another window or program" in cli.stderr
        assert "Traceback" not in cli.stderr
        assert read_lock(folder) == holder

        # The Runs page: deleting a run that is being trained is refused, without a question.
        second.open_run(folder)
        runs_page = second.runs_page
        qtbot.waitUntil(lambda: len(second.session.runs) == 1, timeout=30_000)
        runs_page.table.selectRow(0)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
        click(qtbot, second, "Delete run")
        assert not runs_page.error.isHidden()
        assert "being trained" in runs_page.error.text()
        assert (folder / "run.json").exists()

        # The first window stops; now the second may continue the run.
        click(qtbot, first, "Stop training")
        qtbot.waitUntil(lambda: not first.train_page.is_training(), timeout=30_000)
        assert read_run_json(folder)["status"] == "cancelled"
        checkpoint = max(r["step"] for r in read_metrics(folder) if r.get("kind") == "train")
        # It goes on to the run's own end (a million steps): three new steps, then Stop.
        second.train_page.resume_run(folder)
        qtbot.waitUntil(lambda: len(recorder.of(StepEvent)) >= 3, timeout=60_000)
        click(qtbot, second, "Stop training")
        qtbot.waitUntil(lambda: not second.train_page.is_training(), timeout=60_000)
        assert error.isHidden(), error.text()
        new_steps = [e.step for e in recorder.of(StepEvent)]
        assert new_steps == list(range(checkpoint + 1, new_steps[-1] + 1))
        steps = [r["step"] for r in read_metrics(folder) if r.get("kind") == "train"]
        assert steps == list(range(1, new_steps[-1] + 1))
    finally:
        close_window(first)
        if second is not None:
            close_window(second)


# --------------------------------------------------------------------------- case 7


def _form_fields() -> list[tuple[str, str]]:
    from lmstudio_app.core.config import spec_fields
    from lmstudio_app.core.models.ngram import NGramSpec
    from lmstudio_app.core.tokenization import TokenizerSpec

    fields = []
    for cls, skip in ((ModelSpec, ("family",)), (TrainSpec, ()), (NGramSpec, ()),
                      (TokenizerSpec, ())):
        for info in spec_fields(cls):
            if info.name not in skip and info.choices is None and info.type is not bool:
                fields.append((cls.__name__, info.name))
    return fields


@pytest.fixture(scope="module")
def forms_window(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One window for every field (building one per field would take minutes)."""
    window = MainWindow()
    window.settings.setValue("runs_folder", str(tmp_path_factory.mktemp("runs")))
    window.show()
    deadline = time.monotonic() + 20
    while not window.pages_built() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    assert window.pages_built()
    yield window
    close_window(window)


def _typed(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select everything in the field, type `text`, press Enter and leave the field."""
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    widget.editingFinished.emit()


@pytest.mark.parametrize(("spec_name", "name"), _form_fields())
def test_case07_typed_values_beyond_the_bounds_cannot_make_a_bad_spec(
    qtbot: QtBot, forms_window: MainWindow, spec_name: str, name: str
) -> None:
    """Typing a value far beyond a setting's bounds into a field of the Model or Tokenizer
    page gives the nearest bound ("99999999" in Hidden size gives 16,384, "-5" in Learning
    rate gives 0.000001; keys that are no number are ignored), so the form's spec always
    passes validation; a special token typed into a text field
    that would break the tokenizer (empty, with a space, the same as another) is refused with
    a plain sentence when the tokenizer is built."""
    from lmstudio_app.core.config import spec_fields, validate_spec
    from lmstudio_app.ui.widgets.spec_form import SpecForm

    window = forms_window
    forms = [f for page in (window.model_page, window.tokenizer_page)
             for f in page.findChildren(SpecForm) if f.spec_class().__name__ == spec_name]
    assert forms, spec_name
    form = forms[0]
    info = next(i for i in spec_fields(form.spec_class()) if i.name == name)
    widget = form.widget(name)
    original = form.value()
    try:
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            for text in ("99999999", "-5", "1e30", "abc"):
                _typed(qtbot, widget, text)
                value = form.field_value(name)
                special = info.special
                inside = ((info.low is None or value >= info.low)
                          and (info.high is None or value <= info.high))
                assert inside or value == special, f"{text!r} gave {value}"
                if text == "99999999":  # clamped to the bound, not cut to 9999
                    assert value == min(99999999, widget.maximum()), value
                if text == "-5":
                    assert value == widget.minimum(), value
                validate_spec(form.value())  # never raises
        else:
            assert isinstance(widget, QLineEdit)
            page = window.tokenizer_page
            window.go_to(page)
            others = [i.name for i in spec_fields(form.spec_class())
                      if i.type is str and i.choices is None and i.name != name]
            same_as_other = str(form.field_value(others[0]))
            for text in ("", "two words", same_as_other):
                widget.setText("")
                _typed(qtbot, widget, text)
                page.error.hide()
                page.build()
                assert not page.error.isHidden(), text
                assert "special token" in page.error.text()
                assert not page.builder.is_running()
    finally:
        form.set_value(original)


# --------------------------------------------------------------------------- errors in workers


def test_a_bug_in_a_worker_shows_one_sentence_and_logs_the_traceback(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error in background work (here a RuntimeError raised by core while the
    tokenizer builds, and while training) shows one plain sentence on the page, never a
    traceback; the traceback goes to the log file, which Help > "Open the log folder" opens."""
    from PySide6.QtGui import QDesktopServices

    from lmstudio_app.core import training
    from lmstudio_app.core.tokenization import job as tokenizer_job

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a simulated bug")

    load_names(qtbot, window)
    real_train_tokenizer = tokenizer_job.train_tokenizer  # the Tokenizer page's job
    monkeypatch.setattr(tokenizer_job, "train_tokenizer", broken)
    click(qtbot, window, "Build tokenizer")
    error = window.tokenizer_page.error
    qtbot.waitUntil(lambda: not error.isHidden(), timeout=20_000)
    text = error.text()
    assert "Something went wrong inside the app (RuntimeError: a simulated bug)" in text
    assert "Traceback" not in text and "File \"" not in text and "\n" not in text
    assert str(log_file()) in text
    log = log_text()
    assert "Traceback" in log and "RuntimeError: a simulated bug" in log

    # The same in the training thread.
    monkeypatch.setattr(tokenizer_job, "train_tokenizer", real_train_tokenizer)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    tiny_recurrent(window, steps=20)
    monkeypatch.setattr(training.Trainer, "_evaluate", broken)
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=60_000)
    text = window.train_page.error.text()
    assert not window.train_page.error.isHidden()
    assert "(RuntimeError: a simulated bug)" in text and "Traceback" not in text
    assert log_text().count("RuntimeError: a simulated bug") >= 2

    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert "log folder" in window.log_action.text().replace("&", "")
    window.log_action.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [log_file().parent]


# --------------------------------------------------------------------------- case 14

# The 100 MB. Reading, splitting and building a tokenizer each take seconds on a slow
# two-core machine; the test takes about 15 s. Calls that hold the interpreter (and so the
# window) for long were: decoding the file at once (about 90 ms), joining its pieces (60-80
# ms), counting its lines (about 50 ms) and splitting it in the GUI thread (65 ms). The text
# is now decoded, kept and counted a megabyte at a time and split in the worker; the longest
# single hold left is copying the training part out of it (about 60 ms).
LARGE_MB = 100


class Lateness:
    """A 10 ms timer in the GUI thread; how late its ticks come is how unresponsive the
    window is (a person notices 100 ms)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.worst = 0
        self.ticks = 0

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.worst = max(self.worst, self.clock.restart() - 10)
        self.ticks += 1

    def stop(self) -> int:
        self.timer.stop()
        return self.worst


@pytest.mark.slow
def test_case14_large_corpus_keeps_the_window_responsive(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, record_property: Any
) -> None:
    """A 100 MB text opened in the window: while it loads and while the tokenizer builds, a
    10 ms timer never stalls (the 100 ms target is measured in bench/gui_lateness.py), the
    progress bars move, and Cancel stops the tokenizer within a few seconds, leaving no
    tokenizer and no thread behind."""
    path = large_text(tmp_path / "large.txt", LARGE_MB)
    corpus_page, tokenizer_page = window.corpus_page, window.tokenizer_page
    seen: dict[str, list[float]] = {"load": [], "build": []}
    corpus_page.loader.progress.connect(lambda f, m: seen["load"].append(f))
    tokenizer_page.builder.progress.connect(lambda f, m: seen["build"].append(f))
    lateness = Lateness()
    # The training engine (torch) loads in the background after the first paint; importing it
    # holds the interpreter in long stretches. Measure the corpus's own work, after it.
    qtbot.waitUntil(lambda: window.engine_ready, timeout=60_000)
    qtbot.wait(200)

    lateness.start()
    window.open_corpus(path)
    bar = corpus_page.progress
    busy = bar.isVisible() and bar.maximum() == 0  # a moving "busy" bar while one file reads
    # The result reaches the window (a queued signal) just before the loader's thread has
    # stopped: wait for both, so that no thread is left behind.
    qtbot.waitUntil(
        lambda: window.session.splits is not None and not corpus_page.loader.is_running(),
        timeout=60_000,
    )
    loading = lateness.stop()

    choose(find(window, QComboBox, "Tokenizer kind"), "bpe")
    lateness = Lateness()
    lateness.start()
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: any(0 < f < 1 for f in seen["build"]), timeout=60_000)
    qtbot.waitUntil(lambda: len({round(f, 3) for f in seen["build"] if f >= 0}) >= 3,
                    timeout=60_000)
    timer = QElapsedTimer()
    timer.start()
    click(qtbot, window, "Cancel building")
    qtbot.waitUntil(lambda: not tokenizer_page.builder.is_running(), timeout=10_000)
    cancel_ms = timer.elapsed()
    building = lateness.stop()
    record_property("max_lateness_ms", {"loading": loading, "building": building})
    print(f"\ncase 14: {LARGE_MB} MB, max lateness loading {loading} ms, "
          f"building {building} ms, cancel took {cancel_ms} ms")
    assert window.session.tokenizer is None
    assert cancel_ms < 5_000
    assert busy or len(seen["load"]) >= 3, seen["load"]  # the bar moved while loading
    assert seen["load"][-1] == 1.0
    assert len({round(f, 3) for f in seen["build"] if f >= 0}) >= 3  # and while building
    # The target is 100 ms (measured 44-60 ms alone, 55-85 ms with both cores busy
    # elsewhere): bench/gui_lateness.py measures it. On a shared machine a test can only
    # catch a catastrophe, ten times the target.
    assert building <= 1_000, f"the window froze for {building} ms while the tokenizer built"
    assert loading <= 1_000, f"the window froze for {loading} ms while the text loaded"
