"""The batch view's picture is exactly what the trainer reads, for every batching."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from lmstudio_app.core.batch_picture import batch_picture
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import ContiguousBatches, RandomWindows, encode_splits
from lmstudio_app.core.data_lines import LineBatches, line_tokens
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import Trainer

TEXT = "emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\nharper\nevelyn\n" * 12


@pytest.fixture(scope="module")
def setup():
    splits = split_corpus(TEXT, (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    return tokenizer, encode_splits(tokenizer, splits)


@pytest.mark.parametrize("batching", ["contiguous", "random", "lines"])
def test_the_picture_is_what_the_trainer_reads(setup, batching: str) -> None:
    tokenizer, data = setup
    ids = data.train
    tokens = line_tokens(tokenizer)
    seed, batch_size, seq_len = 7, 5, 9
    if batching == "contiguous":
        batches = ContiguousBatches(ids, batch_size, seq_len)
    elif batching == "random":
        batches = RandomWindows(ids, batch_size, seq_len, seed)
    else:
        batches = LineBatches(ids, batch_size, seq_len, seed, tokens)
    for batch in itertools.islice(batches.batches(), batches.steps_per_epoch + 3):
        picture = batch_picture(
            ids, batching, batch_size, seq_len, seed, tokens, batch.epoch, batch.index
        )
        assert picture.steps_per_epoch == batches.steps_per_epoch
        assert [row.inputs for row in picture.rows] == batch.inputs.T.tolist()
        assert [row.targets for row in picture.rows] == batch.targets.T.tolist()
        for row in picture.rows:
            if batching == "lines":  # the line it names, from <bos>
                line = batches.lines[row.start].tolist()
                assert row.inputs[: len(line) + 1] == [tokens.bos, *line][: len(row.inputs)]
                assert row.padding == row.targets.count(tokens.pad)
            else:  # where it says it starts in the text, shifted by one for the target
                n = len(row.inputs)
                assert row.inputs == ids[row.start : row.start + n].tolist()
                assert row.targets == ids[row.start + 1 : row.start + 1 + n].tolist()
    picture = batch_picture(ids, batching, batch_size, seq_len, seed, tokens)
    if batching == "contiguous":
        # the tail that does not fill a row of the batch, never read
        assert picture.dropped_tokens == ids.size % picture.batch_size
        assert picture.stream_length * picture.batch_size + picture.dropped_tokens == ids.size
        assert picture.carries_state
    elif batching == "lines":
        assert picture.left_out_lines == len(batches.lines) % batch_size
        assert not picture.carries_state


def test_the_trainer_reads_the_first_batch_shown(setup, monkeypatch) -> None:
    """The very batch the Trainer takes first (its own iterator) is the picture's."""
    tokenizer, data = setup
    spec = TrainSpec(
        batching="lines",
        batch_size=4,
        seq_len=6,
        max_steps=1,
        max_minutes=0,
        threads=1,
        device="cpu",
        sample_tokens=0,
        eval_every=0,
        seed=3,
    )
    trainer = Trainer(
        ModelSpec(family="rnn", embed_dim=4, hidden_size=4, layers=1), spec, tokenizer, data
    )
    seen = []
    original = Trainer._step

    def spy(self, batch):
        seen.append(batch)
        return original(self, batch)

    monkeypatch.setattr(Trainer, "_step", spy)
    list(trainer.run())
    picture = batch_picture(data.train, "lines", 4, 6, 3, line_tokens(tokenizer))
    assert np.array_equal(np.array([r.inputs for r in picture.rows]).T, seen[0].inputs.numpy())
    assert np.array_equal(np.array([r.targets for r in picture.rows]).T, seen[0].targets.numpy())
