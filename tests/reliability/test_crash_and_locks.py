"""Case 11: the process is killed while training; case 13: two processes, one run folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.runs import read_metrics, read_run_json
from lmstudio_app.core.runs.lock import (
    LOCK_FILE,
    acquire_run_lock,
    find_interrupted_runs,
    lock_is_live,
)
from lmstudio_app.core.specs import TrainSpec

from .conftest import TINY, assert_refused, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _start_training(folder: Path, corpus: Path, *extra: str) -> subprocess.Popen:
    """`python -m lmstudio_app train ...` in a process of its own, running until killed."""
    argv = [sys.executable, "-m", "lmstudio_app", "train", str(corpus), "--tokenizer", "char",
            *TINY, "--max-steps", "1000000", "--eval-every", "50", "--out", str(folder), *extra]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(predicate, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "died")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("timed out")
        time.sleep(0.05)


def _checkpoint_step(folder: Path) -> int:
    try:
        return json.loads((folder / "checkpoint" / "latest.json").read_text())["step"]
    except (OSError, ValueError, KeyError):
        return 0


def test_case11_default_checkpoint_interval_is_one_minute() -> None:
    """Checkpoints are timed, not counted: by default one a minute, so a kill loses at most
    about a minute of training."""
    assert TrainSpec().checkpoint_every == 60.0


def test_case11_sigkill_then_resume(tmp_path: Path, plays: Path, capsys) -> None:
    """SIGKILL during training: run.json and metrics.jsonl are still readable, the run is
    listed by find_interrupted_runs (status "running", no live lock), and train --resume goes
    on from the last checkpoint: the steps lost are exactly those after it, and metrics.jsonl
    then reads 1, 2, 3... without a gap or a repeat."""
    folder = tmp_path / "runs" / "killed"
    # Checkpoints further apart than the metrics are flushed (every 5 s), so that steps after
    # the last checkpoint are on disk when the process is killed: those are the steps lost.
    process = _start_training(folder, plays, "--checkpoint-every", "6")
    try:
        _wait_for(lambda: _checkpoint_step(folder) >= 1, process)
        _wait_for(lambda: any(r.get("step", 0) > _checkpoint_step(folder)
                              for r in read_metrics(folder)), process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    run = read_run_json(folder)
    assert run["status"] == "running"
    checkpoint = _checkpoint_step(folder)
    logged = max(r["step"] for r in read_metrics(folder) if r.get("kind") == "train")
    assert logged >= checkpoint
    interrupted = find_interrupted_runs(tmp_path / "runs")
    assert [r.folder for r in interrupted] == [folder]
    assert interrupted[0].checkpoint_step == checkpoint and interrupted[0].can_resume
    assert not lock_is_live(folder)

    target = checkpoint + 5
    code, out, err = run_cli(capsys, "train", "--resume", str(folder), "--max-steps",
                             str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["steps"] == target
    steps = [r["step"] for r in read_metrics(folder) if r.get("kind") == "train"]
    assert steps == list(range(1, target + 1))
    assert read_run_json(folder)["status"] == "finished"
    assert find_interrupted_runs(tmp_path / "runs") == []
    assert not (folder / LOCK_FILE).exists()


def test_case13_second_writer_is_refused_readers_are_not(tmp_path: Path, plays: Path,
                                                        capsys) -> None:
    """While one process trains a run, a second `train --resume` of it exits 2 with "this run
    is being trained by another window or program" and writes nothing; generate and eval
    read it meanwhile. Once the first is gone, the second may continue it."""
    folder = tmp_path / "shared run"
    process = _start_training(folder, plays, "--checkpoint-every", "0.3")
    try:
        _wait_for(lambda: _checkpoint_step(folder) >= 1, process)
        assert lock_is_live(folder)
        run_before = (folder / "run.json").read_bytes()
        assert_refused(capsys, "train", "--resume", str(folder), "--max-steps", "5",
                       says=(str(folder), "being trained by another window or program"))
        assert (folder / "run.json").read_bytes() == run_before
        assert find_interrupted_runs(tmp_path) == []  # running, not interrupted
        assert run_cli(capsys, "generate", str(folder), "--max-tokens", "5")[0] == 0
        assert run_cli(capsys, "eval", str(folder), str(plays), "--json")[0] == 0
        with pytest.raises(RunFolderError, match="being trained by another"):
            acquire_run_lock(folder)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    target = _checkpoint_step(folder) + 3
    assert run_cli(capsys, "train", "--resume", str(folder), "--max-steps", str(target))[0] == 0


LOCKER = """
import sys, time
from lmstudio_app.core.runs.lock import acquire_run_lock
lock = acquire_run_lock(sys.argv[1])
print("locked", flush=True)
time.sleep(60)
"""


def test_case13_lock_between_two_processes(tmp_path: Path) -> None:
    """The lock itself, between two processes: refused while the holder lives, taken over
    once it was killed (its lock file is stale), and nested within one process."""
    folder = tmp_path / "run"
    holder = subprocess.Popen([sys.executable, "-c", LOCKER, str(folder)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunFolderError, match="being trained by another"):
            acquire_run_lock(folder)
    finally:
        holder.kill()
        holder.wait()
    assert (folder / LOCK_FILE).exists() and not lock_is_live(folder)
    with acquire_run_lock(folder) as lock, acquire_run_lock(folder) as again:
        assert again is lock and lock_is_live(folder)
    assert not (folder / LOCK_FILE).exists()


def test_case13_lock_from_a_reused_pid_or_another_computer(tmp_path: Path) -> None:
    """A lock naming this very process id but not held by it (an earlier process that had the
    same id) is stale; a lock from another computer is live until nobody refreshed it for
    ten minutes."""
    folder = tmp_path / "run"
    folder.mkdir()
    lock = folder / LOCK_FILE
    lock.write_text(json.dumps({"pid": os.getpid(), "host": os.uname().nodename,
                                "started": 0, "token": "old"}))
    assert not lock_is_live(folder)
    lock.write_text(json.dumps({"pid": 1, "host": "teachers-laptop", "started": 0,
                                "token": "far"}))
    assert lock_is_live(folder)
    old = time.time() - 11 * 60
    os.utime(lock, (old, old))
    assert not lock_is_live(folder)
    with acquire_run_lock(folder):
        pass
