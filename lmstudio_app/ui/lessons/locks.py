"""What a lesson's locked and hidden settings do to the window's forms.

A locked setting is shown but fixed, a hidden one is not shown. The pages change settings by
themselves (a new text makes the tokenizer page suggest a kind, a new tokenizer makes the model
page apply its preset again): `relock_tokenizer` and `relock_model` put the locked ones back.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # numpy and tokenizers behind these load only when a lesson is used
    from lmstudio_app.core.lessons import Lesson
    from lmstudio_app.ui.widgets.spec_form import SpecForm


def section_forms(window: Any, model_kind: str) -> dict[str, SpecForm]:
    """The forms that show each section of a lesson's settings for this kind of model."""
    model_page = window.model_page
    forms = {"tokenizer": window.tokenizer_page.form}
    forms["model"] = model_page.network_form(model_kind)
    if model_kind != "ngram":
        forms["training"] = model_page.train_form
    return forms


def _model_forms(model_page: Any) -> list[SpecForm]:
    return [
        model_page.ngram_form,
        model_page.model_form,
        model_page.gpt_form,
        model_page.train_form,
    ]


def same_settings(family: str, other: str) -> bool:
    """Whether two model kinds have the same model settings (RNN, LSTM and GRU share theirs;
    the n-gram and the transformer each have their own)."""
    from lmstudio_app.core.lessons import model_spec_class

    return model_spec_class(family) is model_spec_class(other)


def restrict(window: Any, lesson: Lesson) -> None:
    """Lock and hide the settings the lesson says, and free those of the other model kind."""
    model_page = window.model_page
    note = _locked_note(lesson.title)
    for section, form in section_forms(window, lesson.model_kind).items():
        locked = set(lesson.locked.get(section, ()))
        form.set_locked(locked)
        form.set_hidden(set(lesson.hidden.get(section, ())))
        for name in form.names():
            _say_locked(form.widget(name), form.label(name), note=note if name in locked else "")
    # The forms of the other model kind carry no restriction.
    others = set(_model_forms(model_page))
    for form in others - set(section_forms(window, lesson.model_kind).values()):
        _free_form(form)
    family_locked = "family" in lesson.locked.get("model", ())
    model_page.set_family_state(family_locked, "family" in lesson.hidden.get("model", ()))
    _say_locked(model_page.family_combo, note=note if family_locked else "")
    # A preset would overwrite settings the lesson fixes: offer none then.
    fixed = any(
        name != "family"
        for section in ("model", "training")
        for name in lesson.locked.get(section, ())
    )
    model_page.preset_combo.setEnabled(not fixed)
    model_page.preset_combo.setToolTip(
        QCoreApplication.translate(
            "Lessons", "This lesson fixes some settings, so its presets cannot be changed."
        )
        if fixed
        else QCoreApplication.translate(
            "ModelPage", "Ready-made settings; you can change any of them."
        )
    )


def free_all(window: Any) -> None:
    """Every setting free and shown again, the presets offered again."""
    model_page = window.model_page
    for form in (window.tokenizer_page.form, *_model_forms(model_page)):
        _free_form(form)
    model_page.set_family_state(False, False)
    _say_locked(model_page.family_combo, note="")
    model_page.preset_combo.setEnabled(True)
    model_page.preset_combo.setToolTip(
        QCoreApplication.translate(
            "ModelPage", "Ready-made settings; you can change any of them."
        )
    )


def _free_form(form: SpecForm) -> None:
    form.set_locked(set())
    form.set_hidden(set())
    for name in form.names():
        _say_locked(form.widget(name), form.label(name), note="")


def _locked_note(title: str) -> str:
    if title:
        return QCoreApplication.translate("Lessons", "Locked by the lesson “{title}”.").format(
            title=title
        )
    return QCoreApplication.translate("Lessons", "Locked by the lesson.")


def _say_locked(*widgets: QWidget, note: str) -> None:
    """Each widget's own help, followed by `note` (why it cannot be changed) when there is one:
    a disabled setting with no word of why looked broken."""
    for widget in widgets:
        own_help = widget.property("help_before_lesson")
        if own_help is None:
            own_help = widget.toolTip()
            widget.setProperty("help_before_lesson", own_help)
        widget.setToolTip(f"{own_help}\n\n{note}" if note and own_help else note or own_help)


def relock_tokenizer(window: Any, lesson: Lesson) -> None:
    """Put the lesson's locked tokenizer settings back (the page suggests a kind per text)."""
    tokenizer_page = window.tokenizer_page
    locked = lesson.locked.get("tokenizer", ())
    current = tokenizer_page.spec()
    wanted = dataclasses.replace(
        current, **{name: getattr(lesson.tokenizer, name) for name in locked}
    )
    if wanted != current:
        tokenizer_page.set_spec(wanted)


def relock_model(window: Any, lesson: Lesson) -> None:
    """Put the lesson's locked family, model and training settings back (the model page
    applies its preset again for every new tokenizer)."""
    model_page = window.model_page
    family_locked = "family" in lesson.locked.get("model", ())
    family = lesson.model_kind if family_locked else model_page.family()
    if family != model_page.family():
        model_page.set_family(family)
    if not same_settings(family, lesson.model_kind):
        return  # another kind of model than the lesson's: its settings do not apply
    model = model_page.model_spec()
    training = model_page.train_spec()
    wanted_model = dataclasses.replace(
        model,
        **{
            name: getattr(lesson.model, name)
            for name in lesson.locked.get("model", ())
            if name != "family"
        },
    )
    wanted_training = training
    if training is not None and lesson.training is not None:
        wanted_training = dataclasses.replace(
            training,
            **{name: getattr(lesson.training, name)
               for name in lesson.locked.get("training", ())},
        )
    if wanted_model != model or wanted_training != training:
        model_page.set_specs(family, wanted_model, wanted_training, None)
