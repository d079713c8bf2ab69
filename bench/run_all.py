"""Run every benchmark in bench/, one after the other (`make bench`).

The long training benchmarks take minutes each; pass names to run only some:
`python bench/run_all.py tokenize_bench ngram_ptb`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "tokenize_bench",
    "ngram_ptb",
    "trainer_overhead",
    "plot_redraw",
    "first_paint",
    "gui_lateness",
    "names_char",
    "shakespeare_char",
    "ptb_lstm",
]


def main() -> int:
    wanted = sys.argv[1:] or [name for name in ORDER if (HERE / f"{name}.py").exists()]
    failures = 0
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        result = subprocess.run([sys.executable, str(HERE / f"{name}.py")])
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
