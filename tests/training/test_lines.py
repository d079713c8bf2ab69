"""The `lines` batching: one line per sequence from <bos>, padded, the padding ignored."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits, make_batches
from lmstudio_app.core.data_lines import LineBatches, line_tokens, split_lines
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.gpt import GPTSpec
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import EvalEvent, FinishedEvent, StepEvent, Trainer, create_run

NAMES = (
    "anna maria\nsophia mia ava\n"
    "emma\nolivia\nava\nisabella\nsophia\nmia\ncharlotte\namelia\nharper\nevelyn\n"
) * 30
LSTM = ModelSpec(family="lstm", embed_dim=8, hidden_size=16, layers=1, dropout=0.0)
GPT = GPTSpec(context=16, layers=1, heads=2, embed_dim=16)
TRAIN = TrainSpec(
    batching="lines",
    seq_len=8,
    batch_size=4,
    lr=5e-3,
    max_steps=12,
    max_minutes=0,
    eval_every=6,
    warmup_steps=2,
    threads=1,
    device="cpu",
    sample_tokens=12,
    checkpoint_every=0,
    eval_tokens=0,
)


@pytest.fixture(scope="module", params=["char", "word"])
def setup(request):
    splits = split_corpus(NAMES, (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind=request.param), splits.train)
    return tokenizer, encode_splits(tokenizer, splits)


def test_padded_batches_shapes_and_masks(setup) -> None:
    tokenizer, data = setup
    tokens = line_tokens(tokenizer)
    batches = make_batches(data.train, "lines", 4, 8, 3, tokens)
    assert isinstance(batches, LineBatches)
    lines = split_lines(data.train, tokens.end)
    assert len(batches.lines) == len(lines) > 0
    for index in range(batches.steps_per_epoch):
        inputs, targets = batches.window(0, index)
        picked = [lines[i] for i in batches.line_numbers(0, index)]
        longest = max(line.size for line in picked)
        assert inputs.shape == targets.shape == (min(8, longest + 1), 4)
        for column, line in enumerate(picked):
            sequence = [tokens.bos, *line.tolist(), tokens.end]
            n = min(8, len(sequence) - 1)
            assert inputs[:n, column].tolist() == sequence[:n]
            assert targets[:n, column].tolist() == sequence[1 : n + 1]
            # after the line: padding only, in both
            assert (inputs[n:, column] == tokens.pad).all()
            assert (targets[n:, column] == tokens.pad).all()
    # every line read once an epoch, but those that do not fill a last batch
    seen = np.concatenate([batches.line_numbers(0, i) for i in range(batches.steps_per_epoch)])
    assert len(set(seen.tolist())) == seen.size == len(lines) - batches.left_out
    assert batches.left_out == len(lines) % 4
    # reproducible from the seed, another order next epoch
    again = make_batches(data.train, "lines", 4, 8, 3, tokens)
    assert torch.equal(again.window(1, 2)[0], batches.window(1, 2)[0])
    assert not np.array_equal(batches.order(0), batches.order(1))


def test_a_long_line_is_cut_at_seq_len(setup) -> None:
    tokenizer, _ = setup
    tokens = line_tokens(tokenizer)
    ids = np.array(tokenizer.encode_ids("charlotte amelia harper\nmia\n"), dtype=np.int64)
    batches = LineBatches(ids, 2, 3, 0, tokens)
    inputs, targets = batches.window(0, 0)
    longest = max(line.size for line in batches.lines)
    assert inputs.shape == (min(3, longest + 1), 2)  # cut at seq_len
    for column, number in enumerate(batches.line_numbers(0, 0)):
        line = batches.lines[number].tolist()
        pad = [tokens.pad] * 3
        assert targets[:, column].tolist() == [*line, tokens.end, *pad][: inputs.shape[0]]
        assert inputs[:, column].tolist() == [tokens.bos, *line, *pad][: inputs.shape[0]]


def test_loss_on_padding_is_exactly_zero(setup) -> None:
    tokenizer, data = setup
    tokens = line_tokens(tokenizer)
    batch = next(make_batches(data.train, "lines", 4, 8, 0, tokens).batches())
    padded = batch.targets == tokens.pad
    assert padded.any()
    logits = torch.randn(*batch.targets.shape, tokenizer.vocab_size, requires_grad=True)
    each = F.cross_entropy(
        logits.view(-1, logits.size(-1)),
        batch.targets.view(-1),
        reduction="none",
        ignore_index=batch.ignore_index,
    ).view(batch.targets.shape)
    assert (each[padded] == 0).all()
    assert (each[~padded] > 0).all()
    each.sum().backward()
    assert (logits.grad[padded] == 0).all()
    assert batch.num_tokens == int((~padded).sum())


@pytest.mark.parametrize("model", [LSTM, GPT], ids=["lstm", "gpt"])
def test_train_on_lines_resume_and_generate_from_bos(tmp_path: Path, setup, model) -> None:
    tokenizer, data = setup
    folder = tmp_path / "run"
    create_run(folder, model, TRAIN, tokenizer, {"name": "lines"})
    events = list(Trainer(model, TRAIN, tokenizer, data, folder).run())
    assert isinstance(events[-1], FinishedEvent)
    evals = [e for e in events if isinstance(e, EvalEvent)]
    assert evals and all(np.isfinite(e.valid_loss) for e in evals)
    assert read_run_json(folder)["train"]["batching"] == "lines"
    _, _, lm = load_run_model(folder)
    assert lm.start_id == tokenizer.bos_id
    # generation starts from <bos>: the first token's distribution is the one after <bos>
    direct = lm._forward([tokenizer.bos_id], None) if hasattr(lm, "_forward") else None
    first = lm.next_logprobs(lm.start([]))
    if direct is not None:
        assert np.allclose(first, direct[0][-1].numpy(), atol=1e-6)
    else:
        assert np.allclose(first, lm.window_logprobs([tokenizer.bos_id]), atol=1e-6)
    # <bos> and <pad> are only ever read: never written
    assert first[tokenizer.pad_id] == first[tokenizer.bos_id] == -np.inf
    # after a line's end, the next line starts afresh from <bos>
    end = line_tokens(tokenizer).end
    after_end = lm.next_logprobs(lm.advance(lm.start(tokenizer.encode_ids("emma")), end))
    assert np.allclose(after_end, first, atol=1e-6)
    written = list(generate(lm, [], GenerationSpec(max_tokens=20, seed=1, stop="none")))
    assert len(written) == 20
    # scoring reads each line from <bos> too: the same numbers as reading token by token
    ids = np.array(tokenizer.encode_ids("emma\nsophia mia\nava\n"), dtype=np.int64)
    state, expected = lm.start([]), []
    for token in ids.tolist():
        expected.append(lm.next_logprobs(state)[token])
        state = lm.advance(state, token)
    ranks = np.zeros(ids.size, dtype=np.int64)
    assert np.allclose(lm.sequence_logprobs(ids, ranks=ranks), expected, atol=1e-5)
    assert (ranks >= 1).all()

    # the validation loss training reports is the run model's own on the same text
    long_enough = dataclasses.replace(TRAIN, seq_len=16)  # no line is cut
    measured = Trainer(model, long_enough, tokenizer, data)._evaluate(lm.module, data.valid, 0)
    assert measured is not None
    assert measured[1] == lm.evaluate_ids(data.valid)["tokens"]
    assert measured[0] == pytest.approx(lm.evaluate_ids(data.valid)["loss"], abs=1e-5)

    # resuming continues with the same losses as a run never stopped
    spec = dataclasses.replace(TRAIN, max_steps=10)
    whole = [
        e.loss for e in Trainer(model, spec, tokenizer, data).run() if isinstance(e, StepEvent)
    ]
    stopped = tmp_path / "stopped"
    create_run(stopped, model, spec, tokenizer, {"name": "lines"})
    trainer = Trainer(model, spec, tokenizer, data, stopped)
    first_part = []
    for event in trainer.run():
        if isinstance(event, StepEvent):
            first_part.append(event.loss)
            if event.step == 5:
                trainer.cancel()
    rest = [
        e.loss
        for e in Trainer(model, spec, tokenizer, data, stopped, resume=True).run()
        if isinstance(e, StepEvent)
    ]
    assert first_part + rest == pytest.approx(whole, abs=1e-6)


def test_validation_limit_measures_whole_lines(setup) -> None:
    tokenizer, data = setup
    trainer = Trainer(LSTM, TRAIN, tokenizer, data)
    torch.manual_seed(0)
    module = trainer.family.build(LSTM, tokenizer.vocab_size)
    end = line_tokens(tokenizer).end
    ends = np.flatnonzero(data.valid == end)
    whole = int(ends[1]) + 1  # two lines
    # two lines and the third but for its end
    cut = trainer._evaluate(module, data.valid, int(ends[2]))
    exact = trainer._evaluate(module, data.valid[:whole], 0)
    assert cut == exact
