"""`lmstudio-app --smoke-test`: the whole workflow once, without a person, then exit.

Meant for installers and CI: a frozen app that passes it has its samples, its tokenizer
library, torch, the n-gram code and a working Qt (platform plugin, fonts) on board.

    sample corpus -> char tokenizer -> tiny LSTM for 20 steps -> 3-gram -> generate
    -> build the main window, wait until every page is built, close it

Everything is written into a temporary folder (and the user data and settings folders point
there too), so the user's own files and remembered settings are never touched. Prints one
line, `smoke test passed: ...` with exit code 0, or `smoke test failed: <reason>` with 1.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

SAMPLE = "shakespeare"
TRAIN_CHARS = 200_000  # enough text for 20 steps of 16 x 64 characters, quick to tokenize
LSTM_STEPS = 20
NGRAM_ORDER = 3
WINDOW_TIMEOUT_S = 60.0


class SmokeFailure(Exception):
    """One step of the smoke test did not do what it should."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lmstudio-app --smoke-test",
        description="Run the whole workflow once without a person, print one line and exit.",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and print where it is"
    )
    return parser


def _corpus() -> Any:
    """The head of the bundled sample, read and split as any run's text is (`CorpusSource`,
    as a lesson's embedded text: the smoke test's own runs are never resumed)."""
    from lmstudio_app.core.corpus import Corpus
    from lmstudio_app.core.runs.source import CorpusSource
    from lmstudio_app.core.samples import get_sample, load_sample

    sample = get_sample(SAMPLE)
    if not sample.path.is_file():
        raise SmokeFailure(f"the bundled sample {sample.path} is missing")
    head = Corpus.from_text(load_sample(SAMPLE).head(TRAIN_CHARS), sample.name)
    source = CorpusSource.create(embedded=head, split=(0.9, 0.05, 0.05),
                                 split_method=sample.split_method)
    return source.load()


def _train_lstm(corpus: Any, tokenizer: Any, folder: Path) -> tuple[float, float, Any]:
    """The tiny LSTM through the same job as `train` and the window's Start."""
    import dataclasses

    from lmstudio_app.core.runs.jobs import start_neural_run
    from lmstudio_app.core.specs import preset_specs
    from lmstudio_app.core.training import FailedEvent, FinishedEvent, StepEvent

    model_spec, train_spec = preset_specs("tiny", "char", "lstm")
    model_spec = dataclasses.replace(model_spec, hidden_size=64, embed_dim=16)
    train_spec = dataclasses.replace(
        train_spec, max_steps=LSTM_STEPS, max_minutes=0.0, epochs=0, eval_every=0,
        eval_tokens=2_000, sample_tokens=20, checkpoint_every=0.0, device="cpu", seed=0,
        warmup_steps=0, patience=0,
    )
    trainer = start_neural_run(folder, model_spec, train_spec, tokenizer, corpus)
    losses: list[float] = []
    finished: FinishedEvent | None = None
    for event in trainer.run():
        if isinstance(event, StepEvent):
            losses.append(event.loss)
        elif isinstance(event, FailedEvent):
            raise SmokeFailure(f"LSTM training failed: {event.message}")
        elif isinstance(event, FinishedEvent):
            finished = event
    if finished is None or len(losses) != LSTM_STEPS:
        raise SmokeFailure(f"LSTM training stopped after {len(losses)} of {LSTM_STEPS} steps")
    if not all(math.isfinite(loss) for loss in losses):
        raise SmokeFailure("the LSTM loss is not a number")
    if not (folder / "model.safetensors").is_file():
        raise SmokeFailure("the LSTM run folder has no model.safetensors")
    return losses[0], losses[-1], trainer


def _generate(folder: Path, prompt: str) -> str:
    from lmstudio_app.core.generation import GenerationSpec, generate
    from lmstudio_app.core.models import load_run_model

    _, tokenizer, model = load_run_model(folder)
    prompt_ids = tokenizer.encode(prompt).ids
    spec = GenerationSpec(max_tokens=20, temperature=0.8, seed=1, stop="none")
    ids = [token.token_id for token in generate(model, prompt_ids, spec)]
    if len(ids) != spec.max_tokens:
        raise SmokeFailure(f"generation wrote {len(ids)} tokens, not {spec.max_tokens}")
    return tokenizer.decode(ids)


def _window() -> float:
    """Build the main window as the app does, wait for every page, close it: seconds."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from lmstudio_app import __version__
    from lmstudio_app.ui.app import APP_ID, app_icon_path
    from lmstudio_app.ui.main_window import MainWindow

    # Remembered settings go to the temporary folder on every OS (not the registry, not
    # ~/Library/Preferences): the window reads and writes them as it opens and closes.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, os.environ["XDG_CONFIG_HOME"]
    )
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Language Model Studio")
    app.setOrganizationName("LanguageModelStudio")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = QIcon(str(app_icon_path()))
    if icon.pixmap(32, 32).isNull():  # the SVG file, or Qt's SVG plugins, are missing
        raise SmokeFailure(f"the app icon {app_icon_path()} cannot be drawn")
    app.setWindowIcon(icon)
    window = MainWindow()
    window.show()
    deadline = started + WINDOW_TIMEOUT_S
    # An exception in a Qt slot (a page that fails to import) is printed, not raised: catch it.
    errors: list[BaseException] = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: (errors.append(value), previous_hook(kind, value, tb))
    try:
        _wait_for_pages(app, window, deadline, errors)
    finally:
        sys.excepthook = previous_hook
    seconds = time.perf_counter() - started
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, 0)
    app.processEvents()
    return seconds


def _wait_for_pages(app: Any, window: Any, deadline: float, errors: list[BaseException]) -> None:
    from PySide6.QtCore import QEventLoop

    while not window.pages_built():
        if errors:
            error = errors[0]
            raise SmokeFailure(f"building the window: {type(error).__name__}: {error}")
        if time.perf_counter() > deadline:
            raise SmokeFailure(f"the window's pages were not built within {WINDOW_TIMEOUT_S:g} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def smoke_test(work: Path) -> str:
    """Run every step in `work`; the summary, or SmokeFailure / any exception."""
    from lmstudio_app.core.models.ngram import NGramSpec
    from lmstudio_app.core.runs.jobs import train_ngram_run
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    corpus = _corpus()
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), corpus.splits.train)
    if tokenizer.vocab_size < 30:
        raise SmokeFailure(f"the char tokenizer has only {tokenizer.vocab_size} tokens")
    first, last, _ = _train_lstm(corpus, tokenizer, work / "lstm")
    lstm_text = _generate(work / "lstm", "ROMEO:")
    _, metrics = train_ngram_run(
        work / "ngram", NGramSpec(order=NGRAM_ORDER, smoothing="kneser-ney"), tokenizer, corpus
    )
    perplexity = metrics.get("valid_perplexity")
    if perplexity is None or not math.isfinite(perplexity):
        raise SmokeFailure("the n-gram model has no finite validation perplexity")
    ngram_text = _generate(work / "ngram", "ROMEO:")
    window_s = _window()
    shown = (ngram_text.replace("\n", " ").strip() or lstm_text.strip())[:20]
    return (
        f"tokenizer {tokenizer.vocab_size} tokens, LSTM {LSTM_STEPS} steps loss "
        f"{first:.2f}->{last:.2f}, {NGRAM_ORDER}-gram ppl {perplexity:.1f}, "
        f"generated {shown!r}, window built in {window_s:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    """`lmstudio-app --smoke-test [--keep]`: 0 when every step worked, else 1."""
    return run(build_parser().parse_args(argv))


def _report(line: str) -> None:
    """Print the line; also write it to $LMSTUDIO_SMOKE_REPORT (a windowed app on Windows
    has no stdout, so CI reads the result from there)."""
    print(line, flush=True)
    report = os.environ.get("LMSTUDIO_SMOKE_REPORT")
    if report:
        Path(report).write_text(line + "\n", encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="lmstudio-smoke-"))
    # Logs, runs and QSettings go to the temporary folder, never to the user's own.
    saved = {name: os.environ.get(name) for name in ("LMSTUDIO_DATA_DIR", "XDG_CONFIG_HOME")}
    os.environ["LMSTUDIO_DATA_DIR"] = str(work / "data")
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    try:
        summary = smoke_test(work)
    except Exception as exc:  # any failure is the answer, not a bug report
        reason = str(exc) if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
        _report(f"smoke test failed: {reason}")
        return 1
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if not getattr(args, "keep", False):
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    _report(f"smoke test passed: {summary}")
    if getattr(args, "keep", False):
        print(f"kept {work}", file=sys.stderr)
    return 0
