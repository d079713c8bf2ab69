"""The main window. For now: choose a corpus (a sample, a file, a folder) and see its statistics."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.corpus import Corpus, load_corpus
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.samples import SAMPLES, load_sample

PREVIEW_CHARS = 5000


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Language Model Studio")
        self.resize(960, 640)
        self.corpus: Corpus | None = None

        self.sample_combo = QComboBox()
        self.sample_combo.setAccessibleName("Sample corpus")
        self.sample_combo.setToolTip("Pick one of the texts that come with the app.")
        self.sample_combo.addItem("Choose a sample…", None)
        for sample in SAMPLES.values():
            self.sample_combo.addItem(sample.title, sample.name)
        self.sample_combo.currentIndexChanged.connect(self._sample_chosen)

        self.open_button = QPushButton("Open corpus…")
        self.open_button.setAccessibleName("Open corpus")
        self.open_button.setToolTip("Open a text file of your own.")
        self.open_button.clicked.connect(self._open_dialog)

        self.error_label = QLabel()
        self.error_label.setAccessibleName("Corpus problem")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        self.stats_form = QFormLayout()
        self.stats_labels: dict[str, QLabel] = {}
        for key, title in [
            ("name", "Corpus"),
            ("encoding", "Encoding"),
            ("chars", "Characters"),
            ("lines", "Lines"),
            ("words", "Words"),
            ("distinct", "Distinct characters"),
            ("scripts", "Scripts"),
        ]:
            label = QLabel("–")
            label.setAccessibleName(title)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.stats_labels[key] = label
            self.stats_form.addRow(title + ":", label)

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Corpus preview")
        self.preview.setToolTip("The beginning of the text, as it was read.")

        top = QHBoxLayout()
        top.addWidget(self.sample_combo, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout()
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addLayout(self.stats_form)
        layout.addWidget(self.preview, 1)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Choose a sample or open a text to begin.")

    def _sample_chosen(self, index: int) -> None:
        name = self.sample_combo.itemData(index)
        if name:
            self._load(lambda: load_sample(name))

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open corpus", str(Path.home()))
        if path:
            self.open_corpus(path)

    def open_corpus(self, path: str | Path) -> None:
        """Load a file or folder as the Open dialog would."""
        self._load(lambda: load_corpus(path))

    def _load(self, loader) -> None:  # type: ignore[no-untyped-def]
        try:
            corpus = loader()
        except StudioError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            self.statusBar().showMessage("The text could not be loaded.")
            return
        self.error_label.hide()
        self.corpus = corpus
        stats = corpus.stats
        mix = ", ".join(f"{name} {share:.0%}" for name, share in stats.script_mix.items() if share)
        values = {
            "name": corpus.name,
            "encoding": corpus.encoding,
            "chars": f"{stats.num_chars:,}",
            "lines": f"{stats.num_lines:,}",
            "words": f"{stats.num_words:,}",
            "distinct": f"{stats.num_distinct_chars:,}",
            "scripts": mix or "–",
        }
        for key, value in values.items():
            self.stats_labels[key].setText(value)
        self.preview.setPlainText(corpus.text[:PREVIEW_CHARS])
        self.statusBar().showMessage(f"Loaded {corpus.name}.")
