"""The settings of a transformer (`GPTSpec`) and its presets. No torch here: the window builds
its forms (from `spec_fields`) before the heavy modules load."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.errors import ConfigError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models.gpt.presets import PRESET_SETTINGS, PRESETS, fit_to_text
from lmstudio_app.core.training.spec import TrainSpec


@dataclass(frozen=True)
class GPTSpec:
    """The shape of a decoder-only transformer, as GPT-2."""

    family: str = setting(
        "gpt",
        label="Model family",
        help="gpt is a transformer: instead of carrying a memory, each token looks back at "
        "the earlier ones and decides which matter.",
        choices=("gpt",),
    )
    layers: int = setting(
        4,
        label="Layers",
        help="How many transformer blocks are stacked. Each one lets every token look back "
        "at the others again and rethink what it has read.",
        low=1,
        high=48,
    )
    heads: int = setting(
        4,
        label="Attention heads",
        help="How many separate ways each layer looks back: one head may follow the previous "
        "letter, another the start of the word. The embedding size is shared out among them.",
        low=1,
        high=64,
    )
    embed_dim: int = setting(
        128,
        label="Embedding size",
        help="How many numbers describe each token inside the network. Must be a multiple of "
        "the number of attention heads.",
        low=2,
        high=8192,
    )
    context: int = setting(
        128,
        label="Context length",
        help="How many tokens the model can look back over at most. Training reads windows "
        "this long; when writing longer texts, the oldest tokens drop out of view.",
        low=2,
        high=8192,
        unit="tokens",
    )
    dropout: float = setting(
        0.0,
        label="Dropout",
        help="The share of numbers switched off at random while training. It fights "
        "memorising the training text; useful for large models on small texts.",
        low=0.0,
        high=0.95,
    )
    bias: bool = setting(
        True,
        label="Bias",
        help="Whether the layers add a learned constant to what they compute (GPT-2 does). "
        "Without, the model is a little smaller and often just as good.",
    )

    def check_settings(self) -> None:
        """Settings that depend on each other (`config.validate_spec` calls this)."""
        if self.embed_dim % self.heads:
            raise ConfigError(
                "bad_setting",
                label=N_("Embedding size"),
                expected=N_(
                    "a multiple of the number of attention heads ({heads})", heads=self.heads
                ),
                value=self.embed_dim,
            )


def check_window(model: GPTSpec, train: TrainSpec) -> None:
    """Refuse training windows longer than the model can look back over."""
    if train.seq_len > model.context:
        raise ConfigError(
            "bad_setting",
            label=N_("Sequence length"),
            expected=N_("at most the context length ({context})", context=model.context),
            value=train.seq_len,
        )


def fit_window(model: GPTSpec, train: TrainSpec, seq_len_given: bool = False) -> TrainSpec:
    """The training windows a transformer reads are its whole context: `train` with its
    sequence length set to the context length, unless one was asked for (`seq_len_given`)."""
    if seq_len_given:
        return train
    return dataclasses.replace(train, seq_len=model.context)


# --------------------------------------------------------------------------- presets

# The settings themselves, and how they were chosen, are in presets.py.
PRESET_DESCRIPTIONS = {
    "tiny": N_("Under a minute: a small network that already writes word-like text."),
    "small": N_("A few minutes: the default, a good model for a lesson."),
    "medium": N_("Longer (20 to 30 minutes): a larger network for a better model."),
}


def preset_specs(
    name: str,
    tokenizer_kind: str = "char",
    family: str = "gpt",
    train_tokens: int | None = None,
    vocab_size: int | None = None,
) -> tuple[GPTSpec, TrainSpec]:
    """The model and training settings of a preset for a tokenizer kind, fitted to the text
    when its length (`train_tokens`) and vocabulary size are known. `family` is "gpt" (the
    argument is there so that every family's presets are asked for the same way)."""
    if name not in PRESETS:
        raise ConfigError(
            "bad_setting",
            label=N_("Preset"),
            expected=N_("one of {choices}", choices=", ".join(PRESETS)),
            value=name,
        )
    if family != "gpt":
        raise ValueError(f"the transformer presets are for gpt, not {family}")
    domain = "char" if tokenizer_kind == "char" else "word"
    model_changes, train_changes = (dict(part) for part in PRESET_SETTINGS[domain][name])
    if train_tokens is not None:
        fit_to_text(model_changes, train_changes, name, domain, train_tokens, vocab_size)
    model = validate_spec(GPTSpec(**model_changes))
    train = TrainSpec(**{**train_changes, "seq_len": model.context})
    return model, validate_spec(train)


def head_size(spec: GPTSpec) -> int:
    return spec.embed_dim // spec.heads
