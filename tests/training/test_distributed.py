"""Several processes training one model (DDP through torchrun, gloo on the processor).

The end-to-end tests start the real `torchrun --nproc-per-node 2 -m lmstudio_app train` and
compare it with one process trained on the same global batch: the losses agree to 1e-5
(float32 sums taken in another order; measured 5e-7), with dropout 0 since each process
draws its own dropout masks.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.training import distributed
from lmstudio_app.core.training.distributed import DistEnv

REPO = Path(__file__).resolve().parents[2]
TORCHRUN = Path(sys.executable).with_name("torchrun")
TOLERANCE = 1e-5


def test_detect_reads_torchrun_environment() -> None:
    assert distributed.detect({}) is None
    assert distributed.detect({"WORLD_SIZE": "1", "RANK": "0"}) is None
    env = distributed.detect({"WORLD_SIZE": "4", "RANK": "3", "LOCAL_RANK": "1"})
    assert env == DistEnv(rank=3, world_size=4, local_rank=1) and not env.leads
    assert distributed.detect({"WORLD_SIZE": "x"}) is None


def test_backend_is_nccl_between_cards_and_gloo_otherwise() -> None:
    assert distributed.backend_for("cuda") == "nccl"
    assert distributed.backend_for("cpu") == "gloo"
    env = DistEnv(1, 2, 1)
    assert distributed.device_name_for(env, "cuda") == "cuda:1"
    assert distributed.device_name_for(env, "cpu") == "cpu"


def test_each_process_reads_its_own_consecutive_columns() -> None:
    batch = torch.arange(24).view(3, 8)  # (seq_len, batch)
    parts = [distributed.share(batch, DistEnv(r, 2, r)) for r in range(2)]
    assert torch.equal(torch.cat(parts, dim=1), batch)
    assert torch.equal(parts[1], batch[:, 4:])
    with pytest.raises(StudioError, match="multiple of 3"):
        distributed.check_divisible(8, 3)


def test_timeout_from_environment() -> None:
    assert distributed.timeout_seconds({}) == distributed.DEFAULT_TIMEOUT
    assert distributed.timeout_seconds({distributed.TIMEOUT_VARIABLE: "20"}) == 20.0


# ---------------------------------------------------------------- torchrun, two processes

needs_torchrun = pytest.mark.skipif(not TORCHRUN.exists(), reason="torchrun is not installed")


def _command(
    corpus: Path, out: Path, batching: str, steps: int, extra: tuple[str, ...] = ()
) -> list[str]:
    return [
        "train",
        str(corpus),
        "--model",
        "lstm",
        "--tokenizer",
        "char",
        "--max-steps",
        str(steps),
        "--max-minutes",
        "0",
        "--batch-size",
        "4",
        "--seq-len",
        "16",
        "--threads",
        "1",
        "--device",
        "cpu",
        "--dropout",
        "0",
        "--eval-every",
        "3",
        "--embed-dim",
        "16",
        "--hidden-size",
        "32",
        "--layers",
        "1",
        "--seed",
        "3",
        "--batching",
        batching,
        "--out",
        str(out),
        *extra,
    ]


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        distributed.TIMEOUT_VARIABLE: "30",
        "QT_QPA_PLATFORM": "offscreen",
    }


def _torchrun(args: list[str]) -> list[str]:
    return [str(TORCHRUN), "--standalone", "--nproc-per-node", "2", "-m", "lmstudio_app", *args]


def _losses(folder: Path) -> list[float]:
    lines = [json.loads(line) for line in (folder / "metrics.jsonl").read_text().splitlines()]
    return [line["loss"] for line in lines if line["kind"] == "train"]


def _files(folder: Path) -> list[str]:
    """The folder's files; a checkpoint folder step-N-<random> by its step only."""
    return sorted(
        "/".join(
            part.rsplit("-", 1)[0] if part.startswith("step-") else part
            for part in p.relative_to(folder).parts
        )
        for p in folder.rglob("*")
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (REPO / "resources" / "corpora" / "tinyshakespeare.txt").read_text()[:60_000]
    path = tmp_path_factory.mktemp("ddp") / "small.txt"
    path.write_text(text)
    return path


@needs_torchrun
@pytest.mark.slow
@pytest.mark.parametrize("batching", ["contiguous", "random"])
def test_two_processes_train_as_one_with_the_same_global_batch(
    corpus: Path, tmp_path: Path, batching: str
) -> None:
    alone, pair = tmp_path / "alone", tmp_path / "pair"
    cli = [sys.executable, "-m", "lmstudio_app"]
    subprocess.run(
        [*cli, *_command(corpus, alone, batching, 6)],
        check=True,
        env=_env(),
        capture_output=True,
        timeout=120,
    )
    done = subprocess.run(
        _torchrun(_command(corpus, pair, batching, 6)),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    one, two = _losses(alone), _losses(pair)
    assert len(one) == len(two) == 6
    assert max(abs(a - b) for a, b in zip(one, two, strict=True)) < TOLERANCE
    assert _files(alone) == _files(pair)  # rank 1 wrote nothing of its own
    compute = json.loads((pair / "run.json").read_text())["compute"]
    assert compute["processes"] == 2 and compute["backend"] == "gloo"
    assert (done.stdout + done.stderr).count("Saved ") == 1  # only rank 0 prints


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _rank_of(pid: int) -> str:
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return next((e.split(b"=", 1)[1].decode() for e in environ if e.startswith(b"RANK=")), "")


@needs_torchrun
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_killing_one_process_stops_the_other_and_the_run_resumes(
    corpus: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    args = _command(corpus, run, "contiguous", 100_000, ("--checkpoint-every", "1"))
    group = subprocess.Popen(_torchrun(args), env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (run / "checkpoint" / "latest.json").exists():
            assert time.monotonic() < deadline and group.poll() is None
            time.sleep(0.2)
        time.sleep(1.5)  # a few steps on, past the first checkpoint
        rank1 = next(p for p in _children(group.pid) if _rank_of(p) == "1")
        os.kill(rank1, signal.SIGKILL)
        _, stderr = group.communicate(timeout=60)
    finally:
        if group.poll() is None:
            group.kill()
    assert group.returncode != 0
    assert "another training process stopped" in stderr
    assert json.loads((run / "run.json").read_text())["status"] == "running"  # resumable
    # Continued by one process (another number than before), from the last checkpoint.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lmstudio_app",
            "train",
            "--resume",
            str(run),
            "--max-steps",
            "0",
            "--max-minutes",
            "0",
            "--epochs",
            "1",
            "--json",
        ],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads((run / "run.json").read_text())["status"] == "finished"


@needs_torchrun
@pytest.mark.slow
def test_a_run_of_one_process_continues_in_two_as_in_one(corpus: Path, tmp_path: Path) -> None:
    """The checkpoint's memory of every stream is cut between the two processes: the steps
    after the resume are those of one process continuing (to the same tolerance)."""
    first = tmp_path / "first"
    cli = [sys.executable, "-m", "lmstudio_app"]
    subprocess.run(
        [*cli, *_command(corpus, first, "contiguous", 6)],
        check=True,
        env=_env(),
        capture_output=True,
        timeout=120,
    )
    again = tmp_path / "again"
    shutil.copytree(first, again)
    resume = ["train", "--max-steps", "9", "--resume"]
    subprocess.run(
        [*cli, *resume, str(first)], check=True, env=_env(), capture_output=True, timeout=120
    )
    done = subprocess.run(
        _torchrun([*resume, str(again)]), env=_env(), capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    one, two = _losses(first), _losses(again)
    assert len(one) == len(two) == 9
    assert max(abs(a - b) for a, b in zip(one, two, strict=True)) < TOLERANCE
