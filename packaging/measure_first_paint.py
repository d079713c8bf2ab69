"""Time to the main window's first paint: the frozen app beside `python -m lmstudio_app`.

Each run is a fresh process, timed from launch until it prints `first paint` (the probe in
packaging/first_paint_probe.py, switched on by LMSTUDIO_FIRST_PAINT_PROBE, prints it from the
window's first paintEvent and quits at once). Runs alternate between the two; medians of
--repeats after one warm-up each. Settings and user data go to a temporary folder.

    python packaging/measure_first_paint.py [--frozen dist/lmstudio-app/lmstudio-app]
        [--repeats 7] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_M = (
    "import runpy, sys; sys.path.insert(0, {packaging!r}); "
    "from first_paint_probe import install; install(); "
    "sys.argv = ['lmstudio_app']; runpy.run_module('lmstudio_app', run_name='__main__')"
)


def measure(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("first paint"):
            elapsed = time.perf_counter() - started
            process.wait(timeout=30)
            return elapsed
    process.wait(timeout=30)
    raise SystemExit(f"{command[0]} exited ({process.returncode}) without painting")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", default=str(ROOT / "dist" / "lmstudio-app" / "lmstudio-app"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="lmstudio-first-paint-")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=args.platform,
        LMSTUDIO_FIRST_PAINT_PROBE="1",
        LMSTUDIO_DATA_DIR=str(Path(scratch) / "data"),
        XDG_CONFIG_HOME=str(Path(scratch) / "config"),
    )
    commands = {
        "frozen app": [args.frozen],
        "python -m lmstudio_app": [
            sys.executable, "-c", PYTHON_M.format(packaging=str(ROOT / "packaging"))
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        measure(command, env)  # warm the file cache
    for _ in range(args.repeats):
        for name, command in commands.items():
            times[name].append(measure(command, env))
    print(f"first paint, median of {args.repeats} (platform {args.platform}):")
    for name, values in times.items():
        print(
            f"  {name:24s} {statistics.median(values) * 1000:6.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )


if __name__ == "__main__":
    main()
