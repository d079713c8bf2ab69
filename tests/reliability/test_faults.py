"""Cases 8 to 10: a loss that becomes NaN, memory that runs out, a disk that fills up."""

from __future__ import annotations

import dataclasses
import errno
from pathlib import Path

import pytest
import torch

import lmstudio_app.core.training.devices as devices
import lmstudio_app.core.training.loop.trainer as training
from lmstudio_app.core.checkpoint import checkpoint_dir, load_checkpoint
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import (
    CheckpointEvent,
    FailedEvent,
    FinishedEvent,
    Trainer,
    create_run,
)

from .conftest import TINY, assert_refused, run_cli, snapshot

MODEL = ModelSpec(family="gru", embed_dim=8, hidden_size=16)
TRAIN = TrainSpec(seq_len=8, batch_size=2, lr=3e-3, max_steps=0, max_minutes=0, eval_every=100,
                  threads=1, device="cpu", sample_tokens=0, checkpoint_every=0,
                  eval_tokens=400, warmup_steps=0)


@pytest.fixture(scope="module")
def setup(shakespeare_text: str):
    splits = split_corpus(shakespeare_text[:30_000], (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    return tokenizer, encode_splits(tokenizer, splits)


def _new(tmp_path: Path, setup, spec: TrainSpec, name: str = "run") -> Trainer:
    tokenizer, data = setup
    folder = tmp_path / name
    create_run(folder, MODEL, spec, tokenizer)
    return Trainer(MODEL, spec, tokenizer, data, folder)


def _poison_training_loss(monkeypatch, at_call: int) -> None:
    """The training loss (not validation's, which sums) becomes NaN at the `at_call`-th step."""
    real = torch.nn.functional.cross_entropy
    calls = {"n": 0}

    class Poisoned:
        def __getattr__(self, name: str):
            return getattr(torch.nn.functional, name)

        @staticmethod
        def cross_entropy(*args, **kwargs):
            loss = real(*args, **kwargs)
            if kwargs.get("reduction", "mean") == "mean":
                calls["n"] += 1
                if calls["n"] >= at_call:
                    return loss * float("nan")
            return loss

    monkeypatch.setattr(training, "F", Poisoned())


def _generates(folder: Path) -> None:
    _, _, lm = load_run_model(folder)
    assert all(torch.isfinite(p).all() for p in lm.module.parameters())
    assert len(list(generate(lm, [], GenerationSpec(max_tokens=5, stop="none")))) == 5


# --------------------------------------------------------------------------- case 8


def test_case08_nan_at_step_1(tmp_path: Path, setup, monkeypatch) -> None:
    """NaN at the very first step: the run stops with "before the model had learned
    anything ... start again with a smaller one", status "diverged", and the folder still
    loads and generates (with the untrained weights). Fix: its own sentence, the old one
    promised "the last good weights were kept"."""
    _poison_training_loss(monkeypatch, at_call=1)
    trainer = _new(tmp_path, setup, dataclasses.replace(TRAIN, max_steps=50))
    events = list(trainer.run())
    failed = events[-1]
    assert isinstance(failed, FailedEvent) and failed.code == "diverged_untrained"
    assert failed.message.startswith("Training stopped at step 1: the loss became NaN")
    assert "before the model had learned anything" in failed.message
    assert read_run_json(tmp_path / "run")["status"] == "diverged"
    _generates(tmp_path / "run")


def test_case08_nan_at_step_1_on_the_cli(tmp_path: Path, plays: Path, capsys,
                                         monkeypatch) -> None:
    """The same on the command line: exit 2, one sentence, then generate still works."""
    _poison_training_loss(monkeypatch, at_call=1)
    run = tmp_path / "run"
    assert_refused(capsys, "train", str(plays), "--tokenizer", "char", *TINY, "--max-steps",
                   "20", "--out", str(run), says="Training stopped at step 1")
    monkeypatch.undo()
    assert run_cli(capsys, "generate", str(run), "--max-tokens", "5")[0] == 0


def test_case08_nan_at_step_500(tmp_path: Path, setup, monkeypatch) -> None:
    """NaN at step 500: stops at step 500 with "the last good weights were kept"; the weights
    saved are finite; generating works, and resuming from the last checkpoint trains on."""
    _poison_training_loss(monkeypatch, at_call=500)
    spec = dataclasses.replace(TRAIN, max_steps=2000, checkpoint_every=0.05)
    events = list(_new(tmp_path, setup, spec).run())
    failed = events[-1]
    assert isinstance(failed, FailedEvent) and failed.code == "diverged"
    assert failed.message.startswith("Training stopped at step 500")
    assert "The last good weights were kept." in failed.message
    folder = tmp_path / "run"
    _generates(folder)
    _, state = load_checkpoint(folder)
    assert 0 < state["step"] < 500
    monkeypatch.undo()
    tokenizer, data = setup
    resumed = dataclasses.replace(spec, max_steps=state["step"] + 20)
    events = list(Trainer(MODEL, resumed, tokenizer, data, folder, resume=True).run())
    assert isinstance(events[-1], FinishedEvent) and events[-1].step == state["step"] + 20


# --------------------------------------------------------------------------- case 9


def test_case09_too_large_is_refused_up_front(tmp_path: Path, plays: Path, capsys) -> None:
    """A model far too large for this computer (16 layers of 16,384): refused before it is
    built, from the estimate, with "needs about N MB and only M MB are free"; no run folder.
    Fix: the estimate and the check are new (the model used to be built to count it)."""
    out = tmp_path / "huge"
    assert_refused(capsys, "train", str(plays), "--tokenizer", "char", "--hidden-size",
                   "16384", "--layers", "16", "--embed-dim", "8192", "--max-steps", "1",
                   "--out", str(out), says=("too large for this computer's memory", "MB"))
    assert not out.exists()


def test_case09_estimate_against_a_small_memory(setup, monkeypatch) -> None:
    """With little memory free (simulated), even a modest model is refused by the Trainer."""
    monkeypatch.setattr(devices, "available_memory", lambda: 1_000_000)
    tokenizer, data = setup
    from lmstudio_app.core.errors import TrainingError

    with pytest.raises(TrainingError, match="only 1 MB are free"):
        Trainer(ModelSpec(hidden_size=512), dataclasses.replace(TRAIN, max_steps=1),
                tokenizer, data)


@pytest.mark.parametrize("error", [MemoryError(), RuntimeError("CUDA out of memory. Tried "
                                                                "to allocate 2.00 GiB")])
def test_case09_out_of_memory_during_a_step(tmp_path: Path, setup, monkeypatch,
                                            error: Exception) -> None:
    """Memory runs out anyway at step 5: a FailedEvent "too large for this computer's memory
    (it ran out at step 5)", status "failed", and the folder still loads and generates."""
    from lmstudio_app.core.models.recurrent import RecurrentLM

    real = RecurrentLM.forward
    calls = {"n": 0}

    def forward(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise error
        return real(self, *args, **kwargs)

    monkeypatch.setattr(RecurrentLM, "forward", forward)
    events = list(_new(tmp_path, setup, dataclasses.replace(TRAIN, max_steps=20)).run())
    failed = events[-1]
    assert isinstance(failed, FailedEvent) and failed.code == "out_of_memory"
    assert "it ran out at step 5" in failed.message
    assert read_run_json(tmp_path / "run")["status"] == "failed"
    monkeypatch.undo()
    _generates(tmp_path / "run")


# --------------------------------------------------------------------------- case 10


def _fill_disk_after(monkeypatch, good_saves: int) -> None:
    """safetensors' writer fails with ENOSPC (after writing half a file) from the
    (good_saves + 1)-th checkpoint on."""
    import safetensors.torch

    real = safetensors.torch.save_file
    calls = {"n": 0}

    def save_file(tensors, filename, metadata=None):
        calls["n"] += 1
        if calls["n"] <= good_saves:
            return real(tensors, filename, metadata=metadata)
        Path(filename).write_bytes(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safetensors.torch, "save_file", save_file)


def test_case10_disk_full_while_saving_a_checkpoint(tmp_path: Path, setup, monkeypatch) -> None:
    """The disk fills up during the second checkpoint: training stops with "the disk is full
    ... nothing already saved was lost"; the first checkpoint is intact, no temporary files
    are left, the status stays "running" (so the run is offered for resuming) and resuming
    works once there is room. Fix: errno ENOSPC gets its own sentence."""
    _fill_disk_after(monkeypatch, good_saves=1)
    spec = dataclasses.replace(TRAIN, max_steps=100_000, checkpoint_every=0.05)
    events = list(_new(tmp_path, setup, spec).run())
    failed = events[-1]
    saved = [e for e in events if isinstance(e, CheckpointEvent)]
    assert isinstance(failed, FailedEvent) and failed.code == "disk_full", failed
    assert "the disk is full" in failed.message and "nothing already saved was lost" in (
        failed.message)
    assert len(saved) == 1
    folder = tmp_path / "run"
    _, state = load_checkpoint(folder)
    assert state["step"] == saved[0].step
    leftovers = [p.name for p in folder.rglob("*") if ".tmp" in p.name]
    assert leftovers == []
    assert [p.name for p in checkpoint_dir(folder).iterdir() if p.is_dir()] == [
        Path(saved[0].path).name]
    assert read_run_json(folder)["status"] == "running"
    assert not (folder / "run.lock").exists()
    monkeypatch.undo()
    tokenizer, data = setup
    resumed = dataclasses.replace(spec, max_steps=saved[0].step + 5, checkpoint_every=0)
    events = list(Trainer(MODEL, resumed, tokenizer, data, folder, resume=True).run())
    assert isinstance(events[-1], FinishedEvent)


def test_case10_disk_full_on_the_cli(tmp_path: Path, plays: Path, capsys, monkeypatch,
                                     trained_run: Path) -> None:
    """On the command line: exit 2, one sentence "the disk is full"; a run resumed when the
    disk is full keeps its previous checkpoint and files byte for byte."""
    import shutil

    run = tmp_path / "run"
    shutil.copytree(trained_run, run)
    before = {k: v for k, v in snapshot(run).items() if k.startswith("checkpoint")}
    _fill_disk_after(monkeypatch, good_saves=0)
    assert_refused(capsys, "train", "--resume", str(run), "--max-steps", "9",
                   says="the disk is full")
    after = {k: v for k, v in snapshot(run).items() if k.startswith("checkpoint")}
    assert after == before


def test_case10_disk_full_while_writing_a_file(tmp_path: Path) -> None:
    """Any atomic write that hits ENOSPC half-way: the old file is untouched, the temporary
    one removed, and the error says the disk is full."""
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.fileio import atomic_writer

    target = tmp_path / "run.json"
    target.write_text("old")
    with pytest.raises(StudioError, match="the disk is full"), atomic_writer(target) as stream:
        stream.write("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
