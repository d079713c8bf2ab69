"""Checkpoints: optimizer state through safetensors + JSON, atomic saves, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from lmstudio_app.core import checkpoint as ckpt
from lmstudio_app.core.errors import RunFolderError, StudioError


def trained_optimizer(kind: str) -> tuple[torch.nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2))
    if kind == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    elif kind == "adamw":
        optimizer = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.1)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(3):
        optimizer.zero_grad()
        model(torch.randn(5, 4)).pow(2).mean().backward()
        optimizer.step()
    return model, optimizer


@pytest.mark.parametrize("kind", ["sgd", "adam", "adamw"])
def test_optimizer_state_round_trip_continues_identically(tmp_path: Path, kind: str) -> None:
    model, optimizer = trained_optimizer(kind)
    tensors, data = ckpt.flatten_optimizer(optimizer.state_dict())
    model_tensors = {f"model.{k}": v for k, v in model.state_dict().items()}
    ckpt.save_checkpoint(tmp_path, 3, {**tensors, **model_tensors}, {"optimizer": data})
    loaded, state = ckpt.load_checkpoint(tmp_path)
    assert state["step"] == 3
    json.dumps(state)  # plain JSON all the way

    model2, optimizer2 = trained_optimizer(kind)
    with torch.no_grad():
        for p in model2.parameters():
            p.add_(1.0)  # make sure the load below is what restores it
    model2.load_state_dict({k[6:]: v for k, v in loaded.items() if k.startswith("model.")})
    optimizer2.load_state_dict(
        ckpt.unflatten_optimizer(
            {k: v for k, v in loaded.items() if k.startswith("optimizer.")}, state["optimizer"]
        )
    )
    batch = torch.randn(5, 4)
    for m, o in ((model, optimizer), (model2, optimizer2)):
        o.zero_grad()
        m(batch).pow(2).mean().backward()
        o.step()
    for a, b in zip(model.parameters(), model2.parameters(), strict=True):
        assert torch.equal(a, b)


def test_rng_state_round_trip(tmp_path: Path) -> None:
    torch.manual_seed(123)
    tensors = ckpt.rng_tensors()
    expected = torch.rand(4)
    ckpt.save_checkpoint(tmp_path, 1, tensors, {})
    torch.manual_seed(999)
    loaded, _ = ckpt.load_checkpoint(tmp_path)
    assert loaded["rng.torch"].dtype == torch.uint8
    ckpt.restore_rng(loaded)
    assert torch.equal(torch.rand(4), expected)


def test_a_failed_save_keeps_the_previous_checkpoint(tmp_path: Path, monkeypatch) -> None:
    ckpt.save_checkpoint(tmp_path, 1, {"x": torch.ones(2)}, {"note": "first"})

    def broken_save(*args, **kwargs):
        raise OSError(28, "No space left on device")

    import safetensors.torch

    monkeypatch.setattr(safetensors.torch, "save_file", broken_save)
    with pytest.raises(StudioError) as info:
        ckpt.save_checkpoint(tmp_path, 2, {"x": torch.zeros(2)}, {"note": "second"})
    assert info.value.code == "disk_full"  # errno 28 is ENOSPC: said plainly
    tensors, state = ckpt.load_checkpoint(tmp_path)
    assert state["note"] == "first" and torch.equal(tensors["x"], torch.ones(2))
    # No half-written folder is left behind.
    folders = [p.name for p in ckpt.checkpoint_dir(tmp_path).iterdir() if p.is_dir()]
    assert len(folders) == 1 and folders[0].startswith("step-000000001")


def test_checkpoint_folder_is_not_private(tmp_path: Path) -> None:
    import os
    import stat

    folder = ckpt.save_checkpoint(tmp_path, 1, {"x": torch.ones(1)}, {})
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~mask


def test_only_the_latest_checkpoint_is_kept(tmp_path: Path) -> None:
    for step in (1, 2, 3):
        ckpt.save_checkpoint(tmp_path, step, {"x": torch.full((1,), float(step))}, {})
    folders = [p for p in ckpt.checkpoint_dir(tmp_path).iterdir() if p.is_dir()]
    assert len(folders) == 1
    tensors, state = ckpt.load_checkpoint(tmp_path)
    assert state["step"] == 3 and tensors["x"].item() == 3.0


def test_checkpoint_errors(tmp_path: Path) -> None:
    with pytest.raises(RunFolderError) as missing:
        ckpt.load_checkpoint(tmp_path)
    assert missing.value.code == "no_checkpoint"
    target = ckpt.save_checkpoint(tmp_path, 1, {"x": torch.ones(1)}, {})
    latest = ckpt.checkpoint_dir(tmp_path) / ckpt.LATEST_JSON
    pointer = json.loads(latest.read_text())

    latest.write_text(json.dumps({**pointer, "format_version": 7}))
    with pytest.raises(RunFolderError) as future:
        ckpt.load_checkpoint(tmp_path)
    assert future.value.code == "run_future_version"

    latest.write_text(json.dumps({**pointer, "folder": "../../etc"}))
    with pytest.raises(RunFolderError) as escape:
        ckpt.load_checkpoint(tmp_path)
    assert escape.value.code == "run_corrupt"

    latest.write_text(json.dumps(pointer))
    (target / ckpt.STATE_TENSORS).write_bytes(b"\x80\x04garbage")
    with pytest.raises(RunFolderError) as corrupt:
        ckpt.load_checkpoint(tmp_path)
    assert corrupt.value.code == "run_corrupt"
