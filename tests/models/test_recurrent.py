"""Recurrent models: shapes, parameter counts, tying, specs, generation protocol, weight files."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from lmstudio_app.core.config import spec_fields, validate_spec
from lmstudio_app.core.errors import ConfigError, RunFolderError, TrainingError
from lmstudio_app.core.generation import (
    GenerationSpec,
    generate,
    next_token_distribution,
    token_logprobs,
)
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.recurrent import (
    MODEL_FILE,
    RecurrentLM,
    RecurrentRunModel,
    load_from_run,
    save_weights,
)
from lmstudio_app.core.runs import RUN_JSON, read_run_json, save_run_start, update_run_json
from lmstudio_app.core.specs import (
    PRESETS,
    ModelSpec,
    TrainSpec,
    check_corpus_length,
    preset_specs,
)
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import create_run

TEXT = "the cat sat on the mat.\nthe dog sat on the log.\na cat and a dog.\n" * 20


@pytest.fixture(scope="module")
def char_tokenizer():
    return train_tokenizer(TokenizerSpec(kind="char"), TEXT)


@pytest.fixture(scope="module")
def word_tokenizer():
    return train_tokenizer(TokenizerSpec(kind="word"), TEXT)


def expected_parameters(family: str, vocab: int, embed: int, hidden: int, layers: int,
                        tied: bool) -> int:
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[family]
    total = vocab * embed  # embedding
    for layer in range(layers):
        inputs = embed if layer == 0 else hidden
        total += gates * hidden * (inputs + hidden) + 2 * gates * hidden
    if tied:
        if hidden != embed:
            total += hidden * embed  # projection
        total += vocab  # decoder bias only
    else:
        total += hidden * vocab + vocab
    return total


@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2])
def test_forward_shapes_and_parameter_count(family: str, layers: int) -> None:
    spec = ModelSpec(family=family, embed_dim=6, hidden_size=10, layers=layers, dropout=0.1)
    model = RecurrentLM(30, spec)
    ids = torch.randint(0, 30, (7, 3))
    logits, hidden = model(ids)
    assert logits.shape == (7, 3, 30)
    states = hidden if isinstance(hidden, tuple) else (hidden,)
    assert len(states) == (2 if family == "lstm" else 1)
    assert all(h.shape == (layers, 3, 10) for h in states)
    assert model.num_parameters == expected_parameters(family, 30, 6, 10, layers, False)
    # The memory carries over: reading in two halves equals reading at once (eval: no dropout).
    model.eval()
    with torch.no_grad():
        whole, _ = model(ids)
        first, state = model(ids[:4])
        second, _ = model(ids[4:], state)
    assert torch.allclose(torch.cat([first, second]), whole, atol=1e-6)


@pytest.mark.parametrize(("embed", "hidden"), [(8, 8), (6, 10)])
def test_tied_weights_share_the_table(embed: int, hidden: int) -> None:
    spec = ModelSpec(family="lstm", embed_dim=embed, hidden_size=hidden, tied=True)
    model = RecurrentLM(25, spec)
    assert model.decoder.weight is model.embedding.weight
    assert (model.projection is None) == (embed == hidden)
    assert model.num_parameters == expected_parameters("lstm", 25, embed, hidden, 1, True)
    untied = RecurrentLM(25, ModelSpec(family="lstm", embed_dim=embed, hidden_size=hidden))
    assert model.num_parameters < untied.num_parameters
    logits, _ = model(torch.zeros(3, 2, dtype=torch.long))
    assert logits.shape == (3, 2, 25)


def test_bad_settings_name_the_setting_and_range() -> None:
    with pytest.raises(ConfigError) as hidden:
        validate_spec(ModelSpec(hidden_size=0))
    assert "Hidden size must be between 1 and 16384, not 0" in hidden.value.message
    with pytest.raises(ConfigError) as lr:
        validate_spec(TrainSpec(lr=-0.1))
    assert "Learning rate must be between" in lr.value.message
    assert "-0.1" in lr.value.message
    with pytest.raises(ConfigError) as family:
        validate_spec(ModelSpec(family="transformer"))
    assert "Model family must be one of rnn, lstm, gru" in family.value.message
    with pytest.raises(ConfigError) as dropout:
        validate_spec(ModelSpec(dropout=1.5))
    assert "Dropout must be between 0 and 0.95" in dropout.value.message
    with pytest.raises(TrainingError) as short:
        check_corpus_length(TrainSpec(seq_len=500), 100)
    assert short.value.code == "corpus_too_short"
    assert "100 tokens" in short.value.message and "501" in short.value.message


def test_spec_fields_carry_labels_help_and_ranges() -> None:
    fields = {info.name: info for info in spec_fields(TrainSpec)}
    assert fields["optimizer"].choices == ("sgd", "adam", "adamw")
    assert fields["schedule"].choices == ("constant", "plateau", "decay", "cosine")
    assert fields["device"].choices == ("auto", "cpu", "cuda", "mps")
    assert fields["lr"].log_scale
    assert all(info.label and info.help for info in fields.values())
    model_fields = {info.name for info in spec_fields(ModelSpec)}
    assert model_fields == {"family", "embed_dim", "hidden_size", "layers", "dropout", "tied"}


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("kind", ["char", "word"])
def test_presets_are_valid(name: str, kind: str) -> None:
    model, train = preset_specs(name, kind, "gru")
    assert model.family == "gru"
    assert train.max_minutes > 0
    assert validate_spec(model) == model and validate_spec(train) == train
    with pytest.raises(ConfigError):
        preset_specs("huge", kind)


def test_presets_add_dropout_on_short_character_texts() -> None:
    assert preset_specs("small", "char", train_tokens=10**6)[0].dropout == 0.0
    assert preset_specs("small", "char", train_tokens=100_000)[0].dropout == 0.3
    assert preset_specs("medium", "char", train_tokens=100_000)[0].dropout == 0.3
    assert preset_specs("tiny", "char", train_tokens=100_000)[0].dropout == 0.0
    assert preset_specs("small", "word", train_tokens=100_000)[0].dropout == 0.2


def test_generation_protocol(char_tokenizer) -> None:
    torch.manual_seed(0)
    module = RecurrentLM(char_tokenizer.vocab_size, ModelSpec(embed_dim=8, hidden_size=12))
    lm = RecurrentRunModel(module, char_tokenizer)
    ids = char_tokenizer.encode_ids("the cat")
    state = lm.start(ids[:3])
    probs = np.exp(lm.next_logprobs(state))
    assert probs.shape == (char_tokenizer.vocab_size,)
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)
    # Advancing one token equals starting from the longer context.
    advanced = lm.advance(state, ids[3])
    direct = lm.start(ids[:4])
    assert np.allclose(lm.next_logprobs(advanced), lm.next_logprobs(direct), atol=1e-5)
    # Whole-sequence scoring equals token-by-token scoring through the protocol.
    array = np.asarray(ids)
    assert np.allclose(lm.sequence_logprobs(array, window=3), token_logprobs(lm, ids), atol=1e-5)
    top = next_token_distribution(lm, ids, k=5)
    assert len(top) == 5 and top[0][1] >= top[-1][1]
    spec = GenerationSpec(max_tokens=15, temperature=0.8, top_k=10, seed=3, stop="none")
    first = [t.token_id for t in generate(lm, ids, spec)]
    second = [t.token_id for t in generate(lm, ids, spec)]
    assert first == second and len(first) == 15
    assert module.training  # generation switched to eval mode and back


def test_evaluate_text(word_tokenizer) -> None:
    module = RecurrentLM(word_tokenizer.vocab_size, ModelSpec(family="gru", embed_dim=8,
                                                              hidden_size=8))
    lm = RecurrentRunModel(module, word_tokenizer)
    result = lm.evaluate_text("the cat sat on the zebra.\n", sentence_per_line=True)
    assert {"loss", "perplexity", "tokens", "oov_rate", "bits_per_token"} <= set(result)
    assert result["perplexity"] == pytest.approx(math.exp(result["loss"]))
    assert result["tokens"] == 8  # 7 tokens and <eos>
    assert result["oov_rate"] == pytest.approx(1 / 8)  # zebra


# --------------------------------------------------------------------------- run folders


def make_run(folder: Path, tokenizer, family: str = "lstm") -> RecurrentLM:
    spec = ModelSpec(family=family, embed_dim=8, hidden_size=8)
    create_run(folder, spec, TrainSpec(), tokenizer, {"name": "test"})
    module = RecurrentLM(tokenizer.vocab_size, spec)
    save_weights(module, folder / MODEL_FILE)
    return module


def test_run_folder_loads_and_generates(tmp_path: Path, char_tokenizer) -> None:
    module = make_run(tmp_path / "run", char_tokenizer, "gru")
    run, _, lm = load_run_model(tmp_path / "run")
    assert run["model_kind"] == "gru"
    assert isinstance(lm, RecurrentRunModel)
    for name, tensor in lm.module.state_dict().items():
        assert torch.equal(tensor, module.state_dict()[name])
    ids = [t.token_id for t in generate(lm, [], GenerationSpec(max_tokens=5, stop="none"))]
    assert len(ids) == 5


def test_missing_run_folder(tmp_path: Path) -> None:
    with pytest.raises(RunFolderError) as info:
        load_run_model(tmp_path / "nothing")
    assert info.value.code == "run_not_found"


def test_corrupt_run_json(tmp_path: Path, char_tokenizer) -> None:
    make_run(tmp_path / "run", char_tokenizer)
    (tmp_path / "run" / RUN_JSON).write_text("{not json", encoding="utf-8")
    with pytest.raises(RunFolderError) as info:
        load_run_model(tmp_path / "run")
    assert info.value.code == "run_corrupt"
    assert "run.json" in info.value.message


def test_future_version(tmp_path: Path, char_tokenizer) -> None:
    make_run(tmp_path / "run", char_tokenizer)
    update_run_json(tmp_path / "run", format_version=99)
    with pytest.raises(RunFolderError) as info:
        load_run_model(tmp_path / "run")
    assert info.value.code == "run_future_version"


def test_missing_and_truncated_weights(tmp_path: Path, char_tokenizer) -> None:
    folder = tmp_path / "run"
    make_run(folder, char_tokenizer)
    data = (folder / MODEL_FILE).read_bytes()
    (folder / MODEL_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(RunFolderError) as truncated:
        load_run_model(folder)
    assert truncated.value.code == "run_corrupt"
    assert "model.safetensors" in truncated.value.message
    (folder / MODEL_FILE).unlink()
    with pytest.raises(RunFolderError) as missing:
        load_run_model(folder)
    assert "missing" in missing.value.message


def test_weights_of_another_shape_are_refused(tmp_path: Path, char_tokenizer) -> None:
    folder = tmp_path / "run"
    make_run(folder, char_tokenizer)
    other = RecurrentLM(char_tokenizer.vocab_size, ModelSpec(embed_dim=8, hidden_size=9))
    save_weights(other, folder / MODEL_FILE)
    with pytest.raises(RunFolderError) as info:
        load_run_model(folder)
    assert "do not fit" in info.value.message


class _Payload:
    """Unpickling this would create a marker file: it must never happen."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_pickle_named_model_safetensors_is_not_executed(tmp_path: Path, char_tokenizer) -> None:
    folder = tmp_path / "run"
    make_run(folder, char_tokenizer)
    marker = tmp_path / "executed"
    (folder / MODEL_FILE).write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(RunFolderError) as info:
        load_run_model(folder)
    assert info.value.code == "run_corrupt"
    assert not marker.exists()


def test_run_json_with_bad_model_settings(tmp_path: Path, char_tokenizer) -> None:
    folder = tmp_path / "run"
    make_run(folder, char_tokenizer)
    run = read_run_json(folder)
    run["model"]["hidden_size"] = -3
    save_run_start(folder, run, char_tokenizer)
    with pytest.raises(RunFolderError) as info:
        load_from_run(folder, run, char_tokenizer)
    assert "Hidden size" in info.value.message
