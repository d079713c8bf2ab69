"""The device choices (bf16 autocast, pinned batches, threads, compile) as pure decisions, and
checkpoints that carry nothing of the device they were made on. The CUDA paths themselves run
in bench/gpu_smoke.py on a machine with a card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from lmstudio_app.core.config import spec_fields
from lmstudio_app.core.specs import TrainSpec
from lmstudio_app.core.training import accel
from lmstudio_app.core.training.loop.compute import thread_count
from lmstudio_app.core.training.state import TrainState, load_state, save_state


@pytest.mark.parametrize(
    ("device", "bf16", "expected"),
    [
        ("cuda", True, torch.bfloat16),
        ("cuda", False, None),
        ("cpu", True, None),
        ("mps", True, None),
    ],
)
def test_autocast_only_bf16_on_cuda_cards_that_support_it(
    device: str, bf16: bool, expected: torch.dtype | None
) -> None:
    assert accel.autocast_dtype(device, bf16) == expected


def test_on_the_cpu_nothing_is_autocast_or_pinned() -> None:
    cpu = torch.device("cpu")
    assert accel.choose_autocast(cpu) is None
    assert not accel.pins_memory(cpu)
    assert accel.pins_memory(torch.device("cuda", 0))
    tensor = torch.arange(6).view(3, 2)
    moved = accel.to_device(tensor, cpu, pin=False)
    assert torch.equal(moved, tensor)
    with accel.autocast(cpu, None):
        assert not torch.is_autocast_enabled("cpu")


def test_threads_are_shared_among_the_processes_of_a_machine() -> None:
    cores = thread_count(0, {})
    assert cores >= 1
    assert thread_count(0, {"LOCAL_WORLD_SIZE": "2"}) == max(1, cores // 2)
    assert thread_count(3, {"LOCAL_WORLD_SIZE": "2"}) == 3  # asked for: kept


def test_compile_is_a_declared_setting_off_by_default() -> None:
    info = next(i for i in spec_fields(TrainSpec) if i.name == "compile")
    assert info.type is bool and info.default is False and info.advanced
    assert TrainSpec().compile is False


def test_compiled_model_keeps_its_parameter_names() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(3, 2))
    names = list(model.state_dict())
    accel.compile_model(model)  # compiles lazily: nothing runs until the first call
    assert list(model.state_dict()) == names


def test_device_report_says_where_and_how() -> None:
    report = accel.device_report(torch.device("cpu"), 2, None, False, True, 2, "gloo")
    assert report["device"] == "cpu" and report["threads"] == 2
    assert report["precision"] == "float32" and report["compiled"] is True
    assert report["processes"] == 2 and report["backend"] == "gloo"
    bf16 = accel.device_report(torch.device("cpu"), 1, torch.bfloat16, True, False)
    assert bf16["precision"] == "bfloat16 autocast" and bf16["pinned_batches"] is True
    json.dumps(report)  # it goes into run.json


def test_checkpoint_loads_onto_the_cpu_and_names_no_device(tmp_path: Path) -> None:
    """What a card wrote is read back on the processor (map_location="cpu" in effect), and
    nothing in it ties the run to a device: it resumes on either."""
    folder = tmp_path / "run"
    folder.mkdir()
    weights = {"w": torch.randn(4, 3), "b": torch.zeros(3)}
    params = [torch.nn.Parameter(torch.randn(3))]
    optimizer = torch.optim.Adam(params)
    params[0].grad = torch.ones(3)
    optimizer.step()
    state = TrainState(
        step=7,
        weights=weights,
        optimizer=optimizer.state_dict(),
        memory=[torch.randn(1, 2, 3)],
        batching="contiguous",
        batch_size=2,
        seq_len=8,
    )
    path = save_state(folder, state)
    loaded = load_state(folder)
    tensors = [*loaded.weights.values(), *loaded.memory]
    assert tensors and all(t.device.type == "cpu" for t in tensors)
    assert torch.equal(loaded.weights["w"], weights["w"])
    text = (path / "state.json").read_text()
    assert "cuda" not in text and "device" not in text
