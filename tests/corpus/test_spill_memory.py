"""Reading, splitting, recording and encoding a large text cost memory that does not grow with
the text: it is decoded onto disk a piece at a time (`corpus.spill`), split into views of
that file, hashed and encoded from it into a token-id file (issue 20).

Measured in a fresh process (its VmHWM, Linux only) for a text and one three times as long,
each twice (the smaller peak kept): the peak above what is resident after the imports grows
by less than the text itself grows. Read into memory, the text alone grew it by two to four
times (a Python string holds a Chinese character in two or four bytes) and the split and
encoding more: 8.4 times the text for 101 MB (bench/results/big_corpus.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from pathlib import Path
from lmstudio_app.core.memory import peak_memory
from lmstudio_app.core.runs.source import CorpusSource
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
import numpy, tokenizers
with open("/proc/self/clear_refs", "w") as stream:
    stream.write("5")  # the peak is reset to what is resident now (Linux)
before = peak_memory()
loaded = CorpusSource.create(files=[sys.argv[1]]).load()
record = loaded.record()
tokenizer = train_tokenizer(TokenizerSpec(kind="char"), loaded.corpus.head(1 << 20))
data = encode_splits(tokenizer, loaded.splits)
print(json.dumps({"extra": peak_memory() - before, "spilled": loaded.corpus.spilled is not None,
                  "mapped": type(data.train).__name__, "chars": record["chars"]}))
"""


def make_text(path: Path, megabytes: int) -> int:
    """English and Chinese sample lines, repeated to `megabytes`; the size in bytes."""
    lines = []
    for name in ("tinyshakespeare.txt", "shijing.txt"):
        lines += (REPO / "resources" / "corpora" / name).read_text("utf-8").splitlines(True)
    block = "".join(lines)
    with open(path, "w", encoding="utf-8") as stream:
        while stream.tell() < megabytes << 20:
            stream.write(block)
    return path.stat().st_size


def measure(tmp_path: Path, megabytes: int) -> tuple[int, dict]:
    path = tmp_path / f"big-{megabytes}.txt"
    size = make_text(path, megabytes)
    env = dict(
        os.environ, PYTHONPATH=str(REPO), LMSTUDIO_DATA_DIR=str(tmp_path / "data"),
        LMSTUDIO_STREAM_MB="1",
    )
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["spilled"] and result["mapped"] == "memmap"
    path.unlink()
    return size, result


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_reading_and_encoding_a_large_text_cost_memory_that_does_not_grow_with_it(
    tmp_path: Path,
) -> None:
    small = min((measure(tmp_path, 12) for _ in range(2)), key=lambda r: r[1]["extra"])
    large = min((measure(tmp_path, 36) for _ in range(2)), key=lambda r: r[1]["extra"])
    grown = large[1]["extra"] - small[1]["extra"]
    assert grown < large[0] - small[0], (small, large)
