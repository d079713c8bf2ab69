"""Real faults during training, made for real: a full tmpfs, SIGTERM / SIGHUP / SIGKILL sent
to a real `python -m lmstudio_app train`, file names that are not UTF-8, a NaN split, a far
too high learning rate. Each is reported as a fault (exit 2, one sentence), never as a bug
(exit 1, "internal error"), and leaves a folder that is finished, resumable or recognisably
unfinished (and then usable again)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lmstudio_app.core.runs import read_metrics, read_run_json
from lmstudio_app.core.runs.lock import LOCK_FILE
from lmstudio_app.core.runs.unfinished import is_unfinished_run

from .conftest import TINY, assert_refused, run_cli, snapshot
from .texts import large_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and tmpfs")

# An LSTM of about 355,000 parameters (1.4 MB): a checkpoint (weights, two Adam moments, the
# best weights) is about 5.7 MB, so on 9 MB the first one fits beside model.safetensors and
# the second, written before the first is removed, does not.
LARGE = [
    "--embed-dim", "64", "--hidden-size", "256", "--seq-len", "16", "--batch-size", "4",
    "--threads", "1", "--sample-tokens", "0", "--eval-tokens", "200",
]


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of `size` mounted at `folder` (a real full disk, real ENOSPC)."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'not root'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _cli(*argv: str) -> list[str]:
    return [sys.executable, "-m", "lmstudio_app", *argv]


def _wait_for(predicate: Callable[[], bool], process: subprocess.Popen, timeout: float = 90,
              every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process.poll() is not None:
            raise AssertionError(f"exited {process.returncode} too early: "
                                 f"{process.stderr.read().decode() if process.stderr else ''}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("timed out")
        time.sleep(every)


def _status(folder: Path) -> str | None:
    try:
        return json.loads((folder / "run.json").read_text(encoding="utf-8")).get("status")
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- a real full disk


def test_real_full_disk_during_lstm_training_is_reported_as_disk_full(
    tmp_path: Path, plays: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 9 MB tmpfs fills up during the second checkpoint. safetensors reports that as a
    SafetensorError ("I/O error: No space left on device (os error 28)"), not an OSError, and
    the app said "internal error" (exit 1). Now: exit 2 with the disk_full sentence, the first
    checkpoint intact, no temporary file or folder left, status "running" (resumable), no lock;
    and once there is room the run resumes from that checkpoint."""
    with small_disk(tmp_path / "disk", "9m") as disk:
        folder = disk / "run"
        assert_refused(capsys, "train", str(plays), "--tokenizer", "char", *LARGE,
                       "--max-steps", "100000", "--eval-every", "5",
                       "--checkpoint-every", "0.01", "--out", str(folder),
                       says=("the disk is full", "nothing already saved was lost"))
        latest = json.loads((folder / "checkpoint" / "latest.json").read_text())
        steps = [p.name for p in (folder / "checkpoint").iterdir() if p.is_dir()]
        assert steps == [latest["folder"]]  # the previous checkpoint, complete
        leftovers = [str(p) for p in folder.rglob("*") if p.name.startswith(".")]
        assert leftovers == []
        assert read_run_json(folder)["status"] == "running"
        assert not (folder / LOCK_FILE).exists()
        moved = tmp_path / "run"
        shutil.copytree(folder, moved)
    code, out, err = run_cli(capsys, "train", "--resume", str(moved), "--max-steps",
                             str(latest["step"] + 3), "--checkpoint-every", "0", "--json")
    assert code == 0, err
    assert json.loads(out)["steps"] == latest["step"] + 3


def test_safetensors_write_errors_become_os_errors() -> None:
    """The translation itself, on the text safetensors 0.8 really raises (seen above)."""
    import errno

    from lmstudio_app.core.tensorfiles import os_error_of

    text = "Error while serializing: I/O error: No space left on device (os error 28)"
    error = os_error_of(RuntimeError(text))
    assert error is not None and error.errno == errno.ENOSPC
    assert os_error_of(RuntimeError("invalid dtype")) is None


# --------------------------------------------------------------------------- stop signals


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_stop_signal_saves_and_stops_lstm_training(
    tmp_path: Path, plays: Path, capsys: pytest.CaptureFixture[str], signum: int
) -> None:
    """SIGTERM (kill, a batch system) and SIGHUP (a closed terminal) ended training at once:
    no message, no save, status "running", a stale lock. Now they act as Ctrl-C does: the
    trainer stops after the step, saves, says so and exits; run.json says "cancelled", the
    lock is gone, and --resume continues with metrics 1..N without gap or repeat."""
    folder = tmp_path / "run"
    process = subprocess.Popen(
        _cli("train", str(plays), "--tokenizer", "char", *TINY, "--max-steps", "1000000",
             "--eval-every", "20", "--checkpoint-every", "1000", "--out", str(folder)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: _status(folder) == "running"
                  and any(r.get("kind") == "train" for r in read_metrics(folder)), process)
        process.send_signal(signum)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    text = err.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text
    assert f"Asked to stop ({signal.Signals(signum).name})" in text
    assert "the run is saved" in text and "--resume" in text
    run = read_run_json(folder)
    assert run["status"] == "cancelled"
    assert not (folder / LOCK_FILE).exists()
    stopped = run["metrics"]["steps"]
    assert stopped > 0
    code, _out, err_text = run_cli(capsys, "train", "--resume", str(folder), "--max-steps",
                                   str(stopped + 4), "--json")
    assert code == 0, err_text
    steps = [r["step"] for r in read_metrics(folder) if r.get("kind") == "train"]
    assert steps == list(range(1, stopped + 5))
    assert read_run_json(folder)["status"] == "finished"


def test_stop_signal_during_ngram_counting_leaves_no_trace(tmp_path: Path) -> None:
    """SIGTERM while n-grams are counted: a sentence and exit 143 (128 + 15), no traceback,
    no lock and no half-made folder left (nothing is written before the model is built)."""
    corpus = large_text(tmp_path / "words.txt", 8)
    folder = tmp_path / "ngram run"
    process = subprocess.Popen(
        _cli("train", str(corpus), "--model", "ngram", "--tokenizer", "word", "--order", "5",
             "--out", str(folder)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: (folder / LOCK_FILE).exists(), process, every=0.01)
        time.sleep(1.0)  # the tokenizer is built and counting has begun
        assert process.poll() is None, "finished before the signal: use a larger text"
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    text = err.decode()
    assert process.returncode == 128 + signal.SIGTERM, text
    assert "Traceback" not in text and "internal error" not in text
    assert "stopped by SIGTERM" in text
    assert not folder.exists() or not (folder / LOCK_FILE).exists()
    assert not folder.exists() or is_unfinished_run(folder) or not any(folder.iterdir())


# --------------------------------------------------------------------------- unfinished runs


def test_ngram_killed_while_saving_leaves_a_reusable_unfinished_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL while model.arpa is being written (its temporary file exists): run.json says
    "created", there is no model. That folder was refused for ever with "already holds a
    run". Now it is recognised as unfinished and the same command trains into it; a finished
    run is still refused."""
    corpus = large_text(tmp_path / "words.txt", 3)
    folder = tmp_path / "ngram run"
    argv = ("train", str(corpus), "--model", "ngram", "--tokenizer", "word", "--order", "5",
            "--out", str(folder))
    process = subprocess.Popen(_cli(*argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: folder.is_dir() and any(
            p.name.startswith(".model.arpa.") for p in folder.iterdir()), process, every=0.002)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert read_run_json(folder)["status"] == "created"
    assert not (folder / "model.arpa").exists()
    assert is_unfinished_run(folder)  # the dead process's lock does not count
    code, _out, err = run_cli(capsys, *argv, "--json")
    assert code == 0, err
    assert read_run_json(folder)["status"] == "done"
    assert (folder / "model.arpa").is_file()
    assert not (folder / LOCK_FILE).exists()
    before = snapshot(folder)
    assert_refused(capsys, *argv, says="already holds a run")
    assert snapshot(folder) == before


def test_ngram_disk_full_while_saving_leaves_a_reusable_unfinished_run(
    tmp_path: Path, plays: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real full disk while model.arpa is written: exit 2 "the disk is full", no temporary
    file left, run.json "created" and no model: unfinished. Training into the same folder
    again (a model that fits) works instead of "already holds a run"."""
    with small_disk(tmp_path / "disk", "600k") as disk:
        folder = disk / "ngram"
        base = ("train", str(plays), "--model", "ngram", "--tokenizer", "word",
                "--out", str(folder))
        assert_refused(capsys, *base, "--order", "5", says="the disk is full")
        assert read_run_json(folder)["status"] == "created"
        assert sorted(p.name for p in folder.iterdir()) == ["run.json", "tokenizer.json"]
        assert is_unfinished_run(folder)
        code, _out, err = run_cli(capsys, *base, "--order", "1", "--json")
        assert code == 0, err
        assert read_run_json(folder)["status"] == "done"
        assert run_cli(capsys, "generate", str(folder), "--max-tokens", "5")[0] == 0


def test_unfinished_lstm_run_is_replaced_finished_and_resumable_ones_are_not(
    tmp_path: Path, plays: Path, trained_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An LSTM folder with run.json "created" and no model (killed before its first save)
    is trained into again; a finished run and a resumable one (a checkpoint, status
    "running") are still refused, byte for byte unchanged."""
    unfinished = tmp_path / "unfinished"
    shutil.copytree(trained_run, unfinished)
    shutil.rmtree(unfinished / "checkpoint")
    (unfinished / "model.safetensors").unlink()
    run = read_run_json(unfinished)
    run["status"] = "created"
    (unfinished / "run.json").write_text(json.dumps(run))
    argv = ("train", str(plays), "--tokenizer", "char", *TINY, "--max-steps", "4",
            "--eval-every", "2")
    code, _out, err = run_cli(capsys, *argv, "--out", str(unfinished), "--json")
    assert code == 0, err
    assert read_run_json(unfinished)["status"] == "finished"
    steps = [r["step"] for r in read_metrics(unfinished) if r.get("kind") == "train"]
    assert steps == [1, 2, 3, 4]  # the old attempt's lines are gone, not mixed in

    resumable = tmp_path / "resumable"
    shutil.copytree(trained_run, resumable)
    run = read_run_json(resumable)
    run["status"] = "running"
    (resumable / "run.json").write_text(json.dumps(run))
    for folder in (trained_run, resumable):
        before = snapshot(folder)
        assert_refused(capsys, *argv, "--out", str(folder), says="already holds a run")
        assert snapshot(folder) == before


# --------------------------------------------------------------------------- odd inputs


def test_file_names_that_are_not_utf8_train(tmp_path: Path, plays: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """b"caf\\xe9.txt" (Latin-1 bytes in a Linux file name): the n-gram training gave a raw
    traceback (the crash logger failed on argv) and the LSTM one exit 1 (run.json could not
    be written as UTF-8). Both train now; run.json is valid UTF-8 JSON whose path opens the
    very file again, so --resume reads the same text."""
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.txt")
    try:
        Path(name).write_bytes(plays.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take names that are not UTF-8")
    ngram = tmp_path / "ngram"
    code, _out, err = run_cli(capsys, "train", name, "--model", "ngram", "--tokenizer", "word",
                              "--order", "2", "--out", str(ngram), "--json")
    assert code == 0, err
    lstm = tmp_path / "lstm"
    code, out, err = run_cli(capsys, "train", name, "--tokenizer", "char", *TINY,
                             "--max-steps", "3", "--out", str(lstm), "--json")
    assert code == 0, err
    json.loads(out)
    for folder in (ngram, lstm):
        raw = (folder / "run.json").read_bytes()
        raw.decode("utf-8")  # strict: no lone surrogates, no stray bytes
        assert name in json.dumps(json.loads(raw), ensure_ascii=False)
    code, _out, err = run_cli(capsys, "train", "--resume", str(lstm), "--max-steps", "5",
                              "--json")
    assert code == 0, err


def test_nan_split_is_refused(plays: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """--split nan,0,0 slipped past the checks (NaN is neither < 0 nor <= 0) and ended in
    "internal error (cannot convert float NaN to integer)". Now: exit 2, bad_split."""
    for split in ("nan,0,0", "0.8,nan,0.1", "inf,0,0"):
        assert_refused(capsys, "train", str(plays), "--model", "ngram", "--split", split,
                       "--out", str(tmp_path / "run"), says="split fractions")
    assert not (tmp_path / "run").exists()


def test_divergence_reports_the_learning_rate_that_was_set(
    tmp_path: Path, plays: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lr 1000 with a warm-up said "The learning rate (100) is probably too high": the
    warm-up's value at that step, a number the person never typed. Now it says 1000."""
    line = assert_refused(
        capsys, "train", str(plays), "--tokenizer", "char", *TINY, "--max-steps", "50",
        "--optimizer", "sgd", "--lr", "1000", "--clip", "0", "--warmup-steps", "10",
        "--schedule", "cosine", "--out", str(tmp_path / "run"), says="probably too high",
    )
    assert "learning rate (1000)" in line, line
