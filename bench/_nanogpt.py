"""nanoGPT, the peer of the GPT benchmark: karpathy/nanoGPT's own `train.py` run as its README
says for a CPU, on the same Tiny Shakespeare file and machine, in the same benchmark run.

Nothing of nanoGPT is copied into the project: its snapshot (`fetch github:karpathy/nanoGPT`,
or any clone named with `--nanogpt`) is exported to a temporary folder and run there with this
project's Python. Its `prepare.py` downloads the text with `requests` when `input.txt` is
missing; the text is put there first, and a stand-in `requests` that refuses to download is
on its path, since the package is not installed here (and there is no network).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SNAPSHOT = Path("/work/.mirror/karpathy+nanoGPT/repo")
# nanoGPT's README, "I only have a macbook" / CPU: the overrides on top of
# config/train_shakespeare_char.py (the issue names them).
CPU_OVERRIDES = (
    "--device=cpu", "--compile=False", "--eval_iters=20", "--log_interval=1",
    "--block_size=64", "--batch_size=12", "--n_layer=4", "--n_head=4", "--n_embd=128",
    "--max_iters=2000", "--lr_decay_iters=2000", "--dropout=0.0",
)
_EVAL_LINE = re.compile(r"step (\d+): train loss ([\d.]+), val loss ([\d.]+)")


@dataclass
class PeerResult:
    evaluations: list[tuple[float, int, float]] = field(default_factory=list)  # (s, step, val)
    seconds: float = 0.0
    finished: bool = False

    def valid_loss_by(self, seconds: float) -> float | None:
        """The last validation loss nanoGPT had printed by `seconds` of its run."""
        seen = [loss for at, _step, loss in self.evaluations if at <= seconds]
        return seen[-1] if seen else None


def _export(snapshot: Path, into: Path) -> Path:
    """A work tree of the snapshot (a bare mirror or a clone) in `into`."""
    target = into / "nanoGPT"
    if (snapshot / "train.py").exists():
        shutil.copytree(snapshot, target, ignore=shutil.ignore_patterns(".git"))
        return target
    target.mkdir()
    archive = subprocess.run(
        ["git", "--git-dir", str(snapshot), "archive", "HEAD"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run_nanogpt(
    text_file: Path, seconds: float, snapshot: Path = DEFAULT_SNAPSHOT, threads: int = 0
) -> PeerResult:
    """Train nanoGPT's CPU configuration for at most `seconds` (it stops itself at 2,000
    iterations), and collect each evaluation's validation loss with the time it was printed."""
    result = PeerResult()
    with tempfile.TemporaryDirectory(prefix="nanogpt-") as tmp:
        tree = _export(snapshot, Path(tmp))
        data = tree / "data" / "shakespeare_char"
        shutil.copyfile(text_file, data / "input.txt")
        stand_in = Path(tmp) / "no_network"
        stand_in.mkdir()
        (stand_in / "requests.py").write_text(
            "def get(*args, **kwargs):\n    raise RuntimeError('no network in the benchmark')\n"
        )
        env = {"PYTHONPATH": str(stand_in), "PATH": "/usr/bin:/bin"}
        if threads:
            env["OMP_NUM_THREADS"] = str(threads)
        subprocess.run([sys.executable, "prepare.py"], cwd=data, env=env, check=True,
                       capture_output=True)
        command = [sys.executable, "-u", "train.py", "config/train_shakespeare_char.py",
                   *CPU_OVERRIDES, f"--out_dir={tmp}/out"]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        assert process.stdout is not None
        # the time limit holds even while nanoGPT prints nothing
        watchdog = threading.Timer(seconds, process.kill)
        watchdog.start()
        try:
            for line in process.stdout:
                elapsed = time.perf_counter() - started
                match = _EVAL_LINE.search(line)
                if match:
                    result.evaluations.append(
                        (elapsed, int(match.group(1)), float(match.group(3)))
                    )
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
            result.finished = process.wait() == 0
        result.seconds = time.perf_counter() - started
    return result


if __name__ == "__main__":
    shakespeare = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "shakespeare"
    found = run_nanogpt(shakespeare / "tinyshakespeare.txt", float(sys.argv[1]) if sys.argv[1:]
                        else 30.0)
    print(found)
