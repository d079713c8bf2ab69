"""Step 1, Corpus: pick a sample or open files, see the text and its statistics, split it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from lmstudio_app.core.corpus import Corpus, Splits, load_corpus, skipped_summary, split_corpus
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.progress import check_cancel
from lmstudio_app.core.samples import SAMPLES, load_sample
from lmstudio_app.ui.pages.base import Growing, Page, error_label, info_label, show_progress
from lmstudio_app.ui.pages.corpus_split import SplitChoice
from lmstudio_app.ui.pages.corpus_stats import CorpusStatsBox
from lmstudio_app.ui.session import CorpusChoice, Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.drop_zone import DropZone
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.workers import TaskRunner

PREVIEW_CHARS = 20_000
ENCODINGS = [
    (QT_TRANSLATE_NOOP("CorpusPage", "automatic"), None),
    ("UTF-8", "utf-8"),
    # A UTF-8 file with a few damaged bytes is refused with a sentence that names this choice.
    (QT_TRANSLATE_NOOP("CorpusPage", "UTF-8 (replace damaged bytes)"), "utf-8:replace"),
    ("UTF-16", "utf-16"),
    (QT_TRANSLATE_NOOP("CorpusPage", "GB18030 / GBK (Simplified Chinese)"), "gb18030"),
    (QT_TRANSLATE_NOOP("CorpusPage", "Big5 (Traditional Chinese)"), "big5"),
    (QT_TRANSLATE_NOOP("CorpusPage", "Shift-JIS (Japanese)"), "shift_jis"),
    (QT_TRANSLATE_NOOP("CorpusPage", "Windows-1252 (Western)"), "cp1252"),
    ("Latin-1", "latin-1"),
]


@dataclass(frozen=True)
class LoadedCorpus:
    """A text with its split, both made in a worker; `refusal` says why it could not be
    split (the parts too small, say), and then `splits` is None."""

    corpus: Corpus
    fractions: tuple[float, ...]
    method: str
    splits: Splits | None
    refusal: str | None


def split_loaded(corpus: Corpus, fractions: tuple[float, ...], method: str) -> LoadedCorpus:
    try:
        splits = split_corpus(corpus, fractions, method)
    except StudioError as exc:
        return LoadedCorpus(corpus, fractions, method, None, exc.message)
    return LoadedCorpus(corpus, fractions, method, splits, None)


class CorpusPage(Page):
    LEARN_KEY = "corpus"
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Corpus"),
            self.tr(
                "The text the model learns from. Pick a sample, or open your own text files "
                "(any encoding) or a whole folder of them."
            ),
        )
        self.loader = self._new_loader()
        self.splitter = self._new_splitter()
        # Loads and splits left to finish on their own when another text was chosen (see
        # `_abandon`); waited for only when the window closes.
        self._stale: list[TaskRunner] = []
        self._split_attempted: tuple[tuple[float, ...], str] | None = None
        self._pending_choice = CorpusChoice()

        # ---- where the text comes from
        self.sample_combo = QComboBox()
        self.sample_combo.setAccessibleName("Sample corpus")
        self.sample_combo.setToolTip(self.tr("Texts that come with the app, ready to use."))
        # Its longest sample name must not widen the page past a 1024-wide projector in
        # presentation mode: the list that opens still shows the names whole.
        self.sample_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.sample_combo.setMinimumContentsLength(16)
        self.sample_combo.addItem(self.tr("Choose a sample…"), None)
        for sample in SAMPLES.values():
            self.sample_combo.addItem(translate_core(sample.title), sample.name)
            self.sample_combo.setItemData(
                self.sample_combo.count() - 1,
                translate_core(sample.description),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.sample_combo.activated.connect(self._sample_chosen)
        self.open_button = QPushButton(self.tr("Open corpus…"))
        self.open_button.setAccessibleName("Open corpus")
        self.open_button.setToolTip(self.tr("Open one or more text files of your own."))
        self.open_button.clicked.connect(self.open_files_dialog)
        self.folder_button = QPushButton(self.tr("Open folder…"))
        self.folder_button.setAccessibleName("Open folder")
        self.folder_button.setToolTip(
            self.tr("Open a folder: every text file in it and its sub-folders is read.")
        )
        self.folder_button.clicked.connect(self.open_folder_dialog)
        # Not connected here: the window routes what is dropped on it (a lesson or a run
        # folder is not a text) the same way as a drop anywhere on the window.
        self.drop_zone = DropZone()
        source_row = QHBoxLayout()
        source_row.addWidget(QLabel(self.tr("Sample:")))
        source_row.addWidget(self.sample_combo, 1)
        source_row.addWidget(self.open_button)
        source_row.addWidget(self.folder_button)
        self.body.addLayout(source_row)
        self.body.addWidget(self.drop_zone)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Loading progress")
        self.progress.hide()
        self.body.addWidget(self.progress)
        self.error = error_label()
        self.body.addWidget(self.error)
        self.skipped_label = info_label()
        self.skipped_label.hide()
        self.body.addWidget(self.skipped_label)

        # ---- preview and encoding
        preview_box = QGroupBox(self.tr("Preview"))
        preview_layout = QVBoxLayout(preview_box)
        encoding_row = QHBoxLayout()
        self.encoding_label = QLabel()
        self.encoding_label.setWordWrap(True)  # a long file name must not widen the page
        self.encoding_combo = QComboBox()
        # Wide enough for its longest choice: a narrower box cut the name of what was chosen.
        self.encoding_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.encoding_combo.setAccessibleName("Encoding")
        self.encoding_combo.setToolTip(
            self.tr(
                "How the bytes of the file are turned into characters. The app guesses; if "
                "the preview shows nonsense characters, choose the right one here."
            )
        )
        for label, value in ENCODINGS:
            self.encoding_combo.addItem(self.tr(label), value)
        self.encoding_combo.activated.connect(self._encoding_chosen)
        encoding_row.addWidget(self.encoding_label, 1)
        encoding_row.addWidget(QLabel(self.tr("Read as:")))
        encoding_row.addWidget(self.encoding_combo)
        preview_layout.addLayout(encoding_row)
        self.encoding_warning = info_label()  # when the encoding was a guess among close ones
        self.encoding_warning.hide()
        preview_layout.addWidget(self.encoding_warning)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Corpus preview")
        self.preview.setToolTip(self.tr("The beginning of the text, as the app read it."))
        preview_layout.addWidget(Growing(self.preview, lines=6))

        # ---- statistics
        self.stats_box = stats_box = CorpusStatsBox()
        self.stat_labels = stats_box.labels  # by name, as tests and lessons read them
        self.top_chars = stats_box.top_chars

        # ---- splits
        split_box = SplitChoice()
        self.split_spins = split_box.spins
        self.split_method = split_box.method
        for spin in self.split_spins.values():
            spin.valueChanged.connect(self._split_changed)
        self.split_method.activated.connect(self._split_changed)
        self.split_summary = info_label()

        # The preview and the statistics side by side: with the parts below them, the whole
        # page shows under the explanation on a projector's 768 lines.
        middle = SideBySide()
        middle.add(preview_box, 3)
        middle.add(stats_box, 2)
        self.body.addWidget(middle, 1)
        self.body.addWidget(split_box)
        self.body.addWidget(self.split_summary)

    # ---- readiness

    def readiness(self) -> tuple[bool, str]:
        if self.session.splits is None:
            return False, self.tr("Choose a text first.")
        return True, ""

    # ---- loading

    def _sample_chosen(self, index: int) -> None:
        name = self.sample_combo.itemData(index)
        if name:
            self.load_sample(name)

    def load_sample(self, name: str) -> None:
        method = SAMPLES[name].split_method
        self.split_method.setCurrentIndex(self.split_method.findData(method))
        self._start(lambda progress, cancel: load_sample(name), CorpusChoice(sample=name))

    def load_text(self, text: str, name: str) -> None:
        """Load a text given whole (a lesson's embedded text) as if it had been opened."""
        self._start(lambda progress, cancel: Corpus.from_text(text, name), CorpusChoice())

    def open_files_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # loads when first used, not at start-up

        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open corpus"),
            str(Path.home()),
            self.tr("Text files (*.txt *.md *.csv *.tsv *.json);;All files (*)"),
        )
        if paths:
            self.open_paths(paths)

    def open_folder_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, self.tr("Open folder"), str(Path.home()))
        if path:
            self.open_paths([path])

    def open_paths(self, paths: list[str], encoding: str | None = None) -> None:
        choice = CorpusChoice(paths=[str(p) for p in paths], encoding=encoding)
        self._start(
            lambda progress, cancel: load_corpus(paths, encoding, progress=progress, cancel=cancel),
            choice,
        )

    def _encoding_chosen(self, index: int) -> None:
        # The files last asked for, loaded or refused: a file refused as damaged UTF-8 (or
        # undecodable) is the one to read again with the encoding chosen now.
        choice = self._pending_choice
        if not choice.paths:
            return  # samples are UTF-8; nothing to re-read
        self.open_paths(choice.paths, self.encoding_combo.itemData(index))

    def _split_choice(self) -> tuple[tuple[float, ...], str]:
        return self._fractions(), self.split_method.currentData()

    def _new_loader(self) -> TaskRunner:
        loader = TaskRunner(self)
        loader.succeeded.connect(self._loaded)
        loader.failed.connect(self._failed)
        loader.progress.connect(self._progress)
        loader.finished.connect(self._load_finished)
        return loader

    def _new_splitter(self) -> TaskRunner:
        splitter = TaskRunner(self)
        splitter.succeeded.connect(self._split_again)
        splitter.failed.connect(self._failed)
        splitter.finished.connect(self._split_finished)
        return splitter

    def _abandon(self, runner: TaskRunner) -> None:
        """Cancel a running task and let it finish on its own, unheard (as Orange's
        ConcurrentMixin does): waiting for it here froze the window until a large file was
        read. Its signals reach this page through direct connections in the GUI thread, so
        once they are cut nothing it still sends (a result already queued) arrives here."""
        runner.cancel()
        for signal in (runner.succeeded, runner.failed, runner.progress, runner.finished):
            signal.disconnect()
        self._stale.append(runner)
        runner.finished.connect(partial(self._forget_stale, runner))

    def _forget_stale(self, runner: TaskRunner) -> None:
        if runner in self._stale:
            self._stale.remove(runner)
        runner.deleteLater()

    def _start(self, load: Callable[..., Corpus], choice: CorpusChoice) -> None:
        if self.loader.is_running():
            self._abandon(self.loader)
            self.loader = self._new_loader()
        if self.splitter.is_running():
            self._abandon(self.splitter)
            self.splitter = self._new_splitter()
        fractions, method = self._split_attempted = self._split_choice()

        def work(progress: Callable, cancel: Callable) -> LoadedCorpus:
            corpus = load(progress, cancel)
            check_cancel(cancel)  # another text chosen meanwhile: no statistics for this one
            # Counted here, in the worker, not in the GUI thread; a large text on disk takes
            # seconds, so the bar moves and choosing another text stops the count.
            corpus.count_stats(progress, cancel)
            check_cancel(cancel)
            # Split here too: copying a 100 MB text takes the GUI thread about 60 ms.
            return split_loaded(corpus, fractions, method)

        self._pending_choice = choice
        # Each new text is read as chosen for it: automatic unless an encoding was picked for
        # these very files (a choice made for an earlier file must not look as if it applied).
        self.encoding_combo.setCurrentIndex(self._encoding_index(choice.encoding))
        self.error.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status_message.emit(self.tr("Reading the text…"))
        self.loader.start(work)

    def _progress(self, fraction: float, message: str) -> None:
        show_progress(self.progress, fraction, translate_core(message))

    def _load_finished(self) -> None:
        self.progress.hide()
        self._split_finished()  # the parts may have changed while the text loaded

    def _encoding_index(self, encoding: str | None) -> int:
        if encoding is None:
            return 0  # "automatic"
        return max(self.encoding_combo.findData(encoding), 0)

    def _show_source(self) -> None:
        """The sample box names the sample that is loaded, or none for a text of one's own."""
        sample = self.session.corpus_choice.sample if self.session.corpus is not None else None
        self.sample_combo.setCurrentIndex(max(self.sample_combo.findData(sample), 0))

    def _failed(self, message: str) -> None:
        self.error.setText(translate_core(message))
        self.error.show()
        # A refused file leaves the text loaded before it: the box keeps naming that one.
        self._show_source()
        self.status_message.emit(self.tr("The text could not be loaded."))

    def _loaded(self, loaded: LoadedCorpus) -> None:
        corpus = loaded.corpus
        if loaded.refusal is not None:
            self._failed(loaded.refusal)
        fractions = loaded.fractions if loaded.splits is not None else None
        self.session.set_corpus(corpus, loaded.splits, self._pending_choice, fractions)
        self._show_source()
        self._show(corpus)
        self.readiness_changed.emit()
        self.status_message.emit(self.tr("Loaded {name}.").format(name=translate_core(corpus.name)))

    # ---- display

    def _show(self, corpus: Corpus) -> None:
        self.encoding_label.setText(
            self.tr("{name} — read as {encoding}").format(
                name=translate_core(corpus.name), encoding=corpus.encoding
            )
        )
        warning = corpus.encoding_warning
        self.encoding_warning.setText(translate_core(warning) if warning else "")
        self.encoding_warning.setVisible(warning is not None)
        self.preview.setPlainText(corpus.head(PREVIEW_CHARS))
        self.stats_box.show_stats(corpus.stats)
        if corpus.skipped:
            # One sentence a reason: links that leave the folder, pipes and devices, hidden...
            self.skipped_label.setText(
                " ".join(translate_core(sentence) for sentence in skipped_summary(corpus.skipped))
            )
            self.skipped_label.setToolTip(
                "\n".join(f"{s.path}: {s.reason}" for s in corpus.skipped[:30])
            )
            self.skipped_label.show()
        else:
            self.skipped_label.hide()
        self._show_split_summary()

    def _fractions(self) -> tuple[float, float, float]:
        return tuple(self.split_spins[key].value() / 100 for key in ("train", "valid", "test"))  # type: ignore[return-value]

    def _split_changed(self, *_: object) -> None:
        corpus = self.session.corpus
        total = sum(spin.value() for spin in self.split_spins.values())
        if total != 100:
            self.error.setText(
                self.tr(
                    "The three parts must add up to 100 %; now they add up to {total} %."
                ).format(total=total)
            )
            self.error.show()
            return
        self.error.hide()
        # While a load or a split runs, `_split_finished` splits again when it ends (waiting
        # for it here would freeze the window).
        if corpus is None or self.loader.is_running() or self.splitter.is_running():
            return
        fractions, method = self._split_attempted = self._split_choice()
        # In a worker: a large text takes a noticeable time to copy (or to deal by lines).
        self.splitter.start(
            lambda progress, cancel: split_loaded(corpus, fractions, method)
        )

    def _split_again(self, result: LoadedCorpus) -> None:
        if result.corpus is not self.session.corpus:
            return  # another text was opened meanwhile
        if (result.fractions, result.method) != self._split_choice():
            return  # the parts changed again meanwhile: `_split_finished` splits anew
        if result.refusal is not None:
            self._failed(result.refusal)
            return
        assert result.splits is not None
        self.session.set_splits(result.splits, result.fractions)
        self._show_split_summary()
        self.readiness_changed.emit()

    def _split_finished(self) -> None:
        # Parts changed while a load or a split ran: split for the latest (once: a refused
        # one is not tried again until they change).
        if self.session.corpus is not None and self._split_choice() != self._split_attempted:
            self._split_changed()

    def _show_split_summary(self) -> None:
        splits = self.session.splits
        if splits is None:
            self.split_summary.setText("")
            return
        sizes = self.tr(
            "Training: {train:,} characters · validation: {valid:,} · test: {test:,}"
        ).format(train=len(splits.train), valid=len(splits.valid), test=len(splits.test))
        # A short text's split says what it did (core decides; the CLI prints the same).
        self.split_summary.setText(
            "\n".join([sizes, *(translate_core(note) for note in splits.notes)])
        )

    def clear(self) -> None:
        """No text shown: no name, preview, statistics, parts or problem (File > New)."""
        for label in (self.encoding_label, self.split_summary):
            label.clear()
        self.preview.clear()
        self.stats_box.clear()
        for widget in (self.error, self.skipped_label, self.progress):
            widget.hide()

    def busy(self) -> bool:
        """Whether a load or a split runs, abandoned ones included."""
        return any(runner.is_running() for runner in [self.loader, self.splitter, *self._stale])

    def shutdown(self) -> None:
        # Closing may wait: no thread may outlive the window, abandoned ones included.
        for runner in [self.loader, self.splitter, *self._stale]:
            runner.cancel_and_wait()
