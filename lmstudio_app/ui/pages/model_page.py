"""Step 3, Model: choose a family (n-gram, RNN, LSTM, GRU, GPT), a preset, and its settings.

The forms are built from the specs' metadata, the list of families from the registry of model
kinds (`core.models`). The parameter count, memory and time estimates come from `core.specs`
(no torch, so the page works before the training engine has loaded), the same functions the
trainer refuses a model too large for the memory with.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.config import spec_from_dict, spec_to_dict
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.models import MODEL_KINDS
from lmstudio_app.core.models.gpt.spec import GPTSpec
from lmstudio_app.core.models.ngram import NGramSpec
from lmstudio_app.core.specs import (
    PRESET_DESCRIPTIONS,
    PRESETS,
    ModelSpec,
    TrainSpec,
    preset_specs,
)
from lmstudio_app.ui.learn_texts import model_learn_key
from lmstudio_app.ui.pages.base import Page, info_label
from lmstudio_app.ui.pages.model_cost import CostBox
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.widgets.spec_form import SpecForm

# (kind, label) from the registry of model kinds, in its order
FAMILIES = [(kind.name, kind.label) for kind in MODEL_KINDS.values() if kind.trained]
# The presets by name, for the translation catalogue.
PRESET_NAMES = {
    "tiny": QT_TRANSLATE_NOOP("ModelPage", "tiny"),
    "small": QT_TRANSLATE_NOOP("ModelPage", "small"),
    "medium": QT_TRANSLATE_NOOP("ModelPage", "medium"),
}


def format_count(value: float) -> str:
    """A large count in words: "1.2 million" in English, "120.0 万" in Chinese.

    Chinese counts in ten-thousands (万) and hundred-millions (亿), so the number itself
    changes with the language: this is number formatting, not a translated sentence.
    """
    if QLocale().language() == QLocale.Language.Chinese:
        units: tuple[tuple[str, float], ...] = (("亿", 1e8), ("万", 1e4))
    else:
        units = (("billion", 1e9), ("million", 1e6), ("thousand", 1e3))
    for unit, size in units:
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{int(value)}"


def format_bytes(value: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return QCoreApplication.translate("ModelPage", "{count} bytes").format(count=int(value))


class ModelPage(Page):
    LEARN_KEY = "model_lstm"
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Model"),
            self.tr(
                "Choose what kind of model learns the text, and how big it is. Every setting "
                "explains itself when you hover over it."
            ),
        )
        top = QHBoxLayout()
        self.family_combo = QComboBox()
        self.family_combo.setAccessibleName("Model family")
        self.family_combo.setToolTip(
            self.tr(
                "The kind of model: counting (n-gram), a neural network that reads token "
                "by token (RNN, LSTM, GRU), or a transformer that looks back at every earlier "
                "token at once (GPT)."
            )
        )
        for value, label in FAMILIES:
            self.family_combo.addItem(translate_core(label), value)
        self.family_combo.setCurrentIndex(self.family_combo.findData("lstm"))
        self.family_combo.currentIndexChanged.connect(self._family_changed)
        self.family_combo.activated.connect(self._family_chosen)
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName("Preset")
        self.preset_combo.setToolTip(self.tr("Ready-made settings; you can change any of them."))
        for name in PRESETS:
            self.preset_combo.addItem(self.tr(PRESET_NAMES[name]), name)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1,
                translate_core(PRESET_DESCRIPTIONS[name]),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.preset_combo.addItem(self.tr("custom"), None)
        self.preset_combo.setCurrentIndex(1)
        self.preset_combo.activated.connect(self._preset_chosen)
        self.preset_label = QLabel(self.tr("Preset:"))
        top.addWidget(QLabel(self.tr("Model family:")))
        top.addWidget(self.family_combo)
        top.addSpacing(24)
        top.addWidget(self.preset_label)
        top.addWidget(self.preset_combo)
        top.addStretch(1)
        self.body.addLayout(top)
        # Editing a setting a preset set makes the settings the user's own ("custom"): said,
        # not done silently, with the way back.
        self.preset_note = info_label()
        self.preset_note.setAccessibleName("Settings changed from the preset")
        self.preset_note.hide()
        self.body.addWidget(self.preset_note)
        # The model and training settings of the last preset applied, as the forms hold them.
        self._preset_values: tuple[Any, TrainSpec] | None = None
        self._preset_name: str | None = None
        self.training_note = info_label(
            self.tr(
                "A model is training now: changes here apply to the next run, not to the "
                "one training."
            )
        )
        self.training_note.setAccessibleName("Settings apply to the next run")
        self.training_note.hide()
        self.body.addWidget(self.training_note)
        # Training starts and ends on the Train page: looked at while this page shows.
        self._training_watch = QTimer(self)
        self._training_watch.setInterval(500)
        self._training_watch.timeout.connect(self._show_training_note)

        self.ngram_box = QGroupBox(self.tr("n-gram settings"))
        ngram_layout = QVBoxLayout(self.ngram_box)
        self.ngram_form = SpecForm(NGramSpec)
        ngram_layout.addWidget(self.ngram_form)
        self.body.addWidget(self.ngram_box)

        self.neural_box = QGroupBox(self.tr("Network"))
        neural_layout = QVBoxLayout(self.neural_box)
        self.model_form = SpecForm(ModelSpec, skip=("family",))
        neural_layout.addWidget(self.model_form)
        # The transformer's own settings (layers, heads, embedding size, context length).
        self.gpt_form = SpecForm(GPTSpec, skip=("family",))
        neural_layout.addWidget(self.gpt_form)
        self.gpt_form.changed.connect(self._fit_window_to_context)
        self.train_box = QGroupBox(self.tr("Training"))
        train_layout = QVBoxLayout(self.train_box)
        self.train_form = SpecForm(TrainSpec)
        train_layout.addWidget(self.train_form)
        self.advanced = QCheckBox(self.tr("Show advanced settings"))
        self.advanced.setAccessibleName("Show advanced model settings")
        self.advanced.setToolTip(self.tr("Show the settings most people never need to change."))
        self.advanced.toggled.connect(self.model_form.set_advanced_visible)
        self.advanced.toggled.connect(self.gpt_form.set_advanced_visible)
        self.advanced.toggled.connect(self.train_form.set_advanced_visible)
        self.advanced.toggled.connect(self.ngram_form.set_advanced_visible)

        self.cost = CostBox(session, format_count, format_bytes)
        # What the tests and the window look at directly.
        self.estimate_labels = self.cost.labels
        # The size and cost under the network's few settings, beside the training's many:
        # the columns end about level, and the page fits a projector's 768 lines.
        network_and_cost = QWidget()
        left = QVBoxLayout(network_and_cost)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.neural_box)
        left.addWidget(self.cost)
        left.addWidget(self.advanced)  # for the settings of both columns (and the n-gram's)
        left.addStretch(1)
        forms = SideBySide()
        forms.add(network_and_cost, 1)
        forms.add(self.train_box, 1)
        self.body.addWidget(forms)
        self.body.addStretch(1)

        for form in (self.model_form, self.gpt_form, self.train_form, self.ngram_form):
            form.changed.connect(self._settings_changed)
        session.tokenizer_changed.connect(self._tokenizer_changed)
        self.apply_preset("small")
        self._family_changed()
        if session.tokenizer is not None:  # built after a tokenizer was already made
            self._tokenizer_changed()

    # ---- state

    def family(self) -> str:
        return str(self.family_combo.currentData())

    def set_family(self, family: str) -> None:
        self.family_combo.setCurrentIndex(self.family_combo.findData(family))

    def network_form(self, family: str | None = None) -> SpecForm:
        """The form of a family's model settings (the current family's by default)."""
        family = family or self.family()
        if family == "ngram":
            return self.ngram_form
        return self.gpt_form if family == "gpt" else self.model_form

    def set_specs(
        self, family: str, model_spec: Any, train_spec: TrainSpec | None, preset: str | None
    ) -> None:
        """Show a whole setup at once (a lesson's): family, settings and preset (None: custom).

        `model_spec` is an NGramSpec for "ngram", a GPTSpec for "gpt", else a ModelSpec;
        `train_spec` may be None for an n-gram, and the training form is then left as it is.
        """
        self.set_family(family)
        self.network_form(family).set_value(model_spec)
        if train_spec is not None:
            self.train_form.set_value(train_spec)
        index = self.preset_combo.findData(preset) if preset else -1
        self.preset_combo.setCurrentIndex(index if index >= 0 else self.preset_combo.count() - 1)
        self._remember_preset(preset if index >= 0 else None)
        self._publish()

    def set_family_state(self, locked: bool, hidden: bool) -> None:
        """Lock (disable) or hide the model family choice, as a lesson may ask."""
        self.family_combo.setEnabled(not locked)
        self.family_combo.setVisible(not hidden)
        # the "Model family:" label beside it goes with it
        for label in self.findChildren(QLabel):
            if label.text() == self.tr("Model family:"):
                label.setVisible(not hidden)

    def model_spec(self) -> Any:
        if self.family() == "ngram":
            return self.ngram_form.value()
        return dataclasses.replace(self.network_form().value(), family=self.family())

    def train_spec(self) -> TrainSpec | None:
        return None if self.family() == "ngram" else self.train_form.value()

    def readiness(self) -> tuple[bool, str]:
        if self.session.tokenizer is None:
            return False, self.tr("Build a tokenizer first.")
        return True, ""

    # ---- a run training meanwhile

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_training_note()
        self._training_watch.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._training_watch.stop()

    def _show_training_note(self) -> None:
        self.training_note.setVisible(bool(self.session.property("training")))

    # ---- reactions

    def _family_changed(self, *_: object) -> None:
        family = self.family()
        neural = family != "ngram"
        self.neural_box.setVisible(neural)
        self.model_form.setVisible(neural and family != "gpt")
        self.gpt_form.setVisible(family == "gpt")
        self.train_box.setVisible(neural)
        self.ngram_box.setVisible(not neural)
        self.preset_combo.setVisible(neural)
        self.preset_label.setVisible(neural)
        self.learn.set_key(model_learn_key(family))  # the cell and its equations
        self._publish()

    def _family_chosen(self, *_: object) -> None:
        """A family picked by hand takes its own preset: a plain RNN's learns more gently."""
        preset = self.preset_combo.currentData()
        if self.family() != "ngram" and preset:
            self.apply_preset(preset)

    def _preset_chosen(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.apply_preset(name)

    def apply_preset(self, name: str) -> None:
        tokenizer = self.session.tokenizer
        kind = tokenizer.kind if tokenizer else "char"
        family = self.family() if self.family() != "ngram" else "lstm"
        stats = self.session.tokenizer_stats
        train_tokens = stats.tokens_per_split.get("train") if stats else None
        # core fits the preset to the text and its vocabulary, as `train --preset` does
        model, train = preset_specs(
            name, kind, family, train_tokens, tokenizer.vocab_size if tokenizer else None
        )
        self.network_form(family).set_value(model)
        self.train_form.set_value(train)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))
        self._remember_preset(name)
        self._publish()

    def _tokenizer_changed(self) -> None:
        preset = self.preset_combo.currentData()
        tokenizer = self.session.tokenizer
        if tokenizer is not None:
            # word-level tokens want the word presets, characters the character ones
            if preset:
                self.apply_preset(preset)
            if tokenizer.kind in ("word", "whitespace"):
                ngram = self.ngram_form.value()
                self.ngram_form.set_value(dataclasses.replace(ngram, sentence_per_line=True))
        self._publish()

    def _fit_window_to_context(self, spec: GPTSpec) -> None:
        """A transformer trains on windows of its whole context (`gpt.fit_window`): a new
        context length takes the training's sequence length with it, so that every position
        the model will read is trained."""
        train = self.train_form.value()
        if train.seq_len != spec.context:
            self.train_form.set_value(dataclasses.replace(train, seq_len=spec.context))

    def _settings_changed(self, *_: object) -> None:
        if self.sender() in (self.model_form, self.gpt_form, self.train_form):
            self._left_preset()
        self._publish()

    # ---- the preset, and settings changed from it

    def _remember_preset(self, name: str | None) -> None:
        """The forms now hold preset `name`'s settings (None: settings of the user's own)."""
        self._preset_values = (
            (self.network_form().value(), self.train_form.value()) if name else None
        )
        self._preset_name = name
        self.preset_note.hide()

    def changed_from_preset(self) -> list[str]:
        """The labels of the settings that differ from the last preset applied."""
        if self._preset_values is None:
            return []
        changed = []
        for form, preset in zip((self.network_form(), self.train_form), self._preset_values,
                                strict=True):
            current = form.value()
            for name in form.names():
                if getattr(current, name) != getattr(preset, name):
                    changed.append(form.setting_label(name))
        return changed

    def _left_preset(self) -> None:
        """A setting was edited by hand: "custom", and a note naming what differs from the
        preset; back to the preset (and no note) when every setting is the preset's again."""
        changed = self.changed_from_preset()
        if not changed and self._preset_values is not None:
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(self._preset_name))
            self.preset_note.hide()
            return
        self.preset_combo.setCurrentIndex(self.preset_combo.count() - 1)  # custom
        if changed:
            self.preset_note.setText(
                self.tr(
                    "You changed {settings}: the settings are now your own (custom). Pick a "
                    "preset to go back."
                ).format(settings=self.tr(", ").join(changed))
            )
            self.preset_note.show()

    def _publish(self) -> None:
        self.session.set_model(self.family(), self.model_spec(), self.train_spec())
        self._update_estimates()
        self.readiness_changed.emit()

    @property
    def estimates(self) -> dict[str, float]:
        """The figures shown, as core computed them (`CostBox.estimates`)."""
        return self.cost.estimates

    def _update_estimates(self) -> None:
        if self.family() == "ngram":
            stats = self.session.tokenizer_stats
            train_tokens = stats.tokens_per_split.get("train", 0) if stats else 0
            self.cost.show_ngram(self.ngram_form.value().order, train_tokens)
        else:
            self.cost.show_network(self.model_spec(), self.train_form.value())

    def shutdown(self) -> None:
        self.cost.shutdown()

    # ---- settings kept between sessions

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("model/family", self.family())
        settings.setValue("model/preset", self.preset_combo.currentData() or "")
        for key, form in (
            ("ngram", self.ngram_form),
            ("network", self.model_form),
            ("gpt", self.gpt_form),
            ("training", self.train_form),
        ):
            settings.setValue(f"model/{key}", json.dumps(spec_to_dict(form.value())))

    def restore_settings(self, settings: QSettings) -> None:
        for key, form, cls in (
            ("ngram", self.ngram_form, NGramSpec),
            ("network", self.model_form, ModelSpec),
            ("gpt", self.gpt_form, GPTSpec),
            ("training", self.train_form, TrainSpec),
        ):
            stored = settings.value(f"model/{key}")
            if not stored:
                continue
            try:
                form.set_value(spec_from_dict(cls, json.loads(str(stored)), strict=False))
            except (StudioError, ValueError, TypeError):
                continue  # settings from another version: keep the defaults
        family = settings.value("model/family")
        if family in dict(FAMILIES):
            self.set_family(str(family))
        preset = settings.value("model/preset")  # None: nothing saved; "": custom settings
        if preset is not None:
            index = self.preset_combo.findData(preset) if preset else self.preset_combo.count() - 1
            if index >= 0:
                self.preset_combo.setCurrentIndex(index)
        self._remember_preset(self.preset_combo.currentData())
        self._publish()
