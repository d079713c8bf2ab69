"""The overfitting detector on real short runs: a tiny text with a large model and no dropout
memorises, a larger text with a small model does not; samples are kept in metrics.jsonl."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.overfitting import (
    detect_overfitting,
    plain_count,
    report_of_run,
    why_memorising,
)
from lmstudio_app.core.runs.curves import read_curves, read_samples
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import EvalEvent, Trainer, create_run

TRAIN = TrainSpec(
    seq_len=32,
    batch_size=16,
    lr=1e-2,
    max_steps=300,
    max_minutes=0,
    eval_every=25,
    warmup_steps=5,
    threads=1,
    device="cpu",
    sample_tokens=24,
    checkpoint_every=0,
    eval_tokens=4000,
    patience=0,
)
LARGE = ModelSpec(family="lstm", embed_dim=32, hidden_size=256, layers=1, dropout=0.0)
SMALL = ModelSpec(family="lstm", embed_dim=16, hidden_size=64, layers=1, dropout=0.1)


def train_into(folder: Path, text: str, chars: int, model: ModelSpec, steps: int) -> list:
    splits = split_corpus(text[:chars], (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text[:200_000])
    spec = TrainSpec(**{**TRAIN.__dict__, "max_steps": steps})
    create_run(folder, model, spec, tokenizer, {"name": "test"})
    return list(Trainer(model, spec, tokenizer, encode_splits(tokenizer, splits), folder).run())


@pytest.fixture(scope="module")
def overfit_run(tmp_path_factory, shakespeare_text: str) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("overfit") / "run"
    return folder, train_into(folder, shakespeare_text, 6_000, LARGE, 300)


def test_a_tiny_text_and_a_large_model_memorise(overfit_run) -> None:
    folder, events = overfit_run
    evals = [e for e in events if isinstance(e, EvalEvent)]
    report = report_of_run(folder)
    assert report is not None
    found = report.found
    best = min(evals, key=lambda e: e.valid_loss)
    assert found.began_step == best.step < evals[-1].step
    assert found.last_valid > found.best_valid + 0.02
    assert found.train_now < found.train_then
    sentence = str(report.sentences()[0])
    assert f"since step {best.step}" in sentence


def test_samples_are_kept_in_metrics(overfit_run) -> None:
    folder, events = overfit_run
    evals = [e for e in events if isinstance(e, EvalEvent)]
    samples = read_samples(folder)
    assert [s.step for s in samples] == [e.step for e in evals if e.sample]
    assert [s.text for s in samples] == [e.sample for e in evals if e.sample]
    assert len(samples) >= 3
    assert samples[0].valid_loss == pytest.approx(evals[0].valid_loss)


def test_a_healthy_run_is_not_called_memorising(tmp_path: Path, shakespeare_text: str) -> None:
    folder = tmp_path / "run"
    train_into(folder, shakespeare_text, 200_000, SMALL, 200)
    curves = read_curves(folder)
    assert len(curves.valid.steps) >= 4
    assert report_of_run(folder) is None


def test_noise_alone_is_not_memorising() -> None:
    steps = list(range(1, 101))
    train = [2.0 - 0.005 * s for s in steps]
    # validation wobbling by 0.01 around a plateau: no rise
    valid_steps = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    valid = [2.0, 1.9, 1.85, 1.84, 1.85, 1.836, 1.845, 1.84, 1.846, 1.842]
    assert detect_overfitting(steps, train, valid_steps, valid) is None
    # one bump then back down: not memorising either
    bump = [2.0, 1.9, 1.85, 1.84, 1.95, 1.83, 1.82, 1.81, 1.80, 1.79]
    assert detect_overfitting(steps, train, valid_steps, bump) is None
    # a steady rise after step 40 while training falls
    rise = [2.0, 1.9, 1.85, 1.84, 1.86, 1.9, 1.93, 1.97, 2.0, 2.05]
    found = detect_overfitting(steps, train, valid_steps, rise)
    assert found is not None and found.began_step == 40
    # the same rise with training rising too (a learning rate too high): not memorising
    assert detect_overfitting(steps, [1.0 + 0.01 * s for s in steps], valid_steps, rise) is None


def test_why_in_numbers_a_class_can_say() -> None:
    assert str(plain_count(1_400_000)) == "1.4 million"
    assert str(plain_count(52_000)) == "52 thousand"
    why = why_memorising(1_400_000, 1_000_000)
    assert why is not None and "1.4 million numbers" in why and "1 million characters" in why
    assert why_memorising(None, 10) is None
