"""Large texts for the load cases, written to disk (no Qt here: core tests use them too)."""

from __future__ import annotations

from pathlib import Path


def large_text(path: Path, megabytes: int) -> Path:
    """A text of `megabytes` MB in lines of 12 words, drawn one by one from 5,000 made-up
    words with Zipf's law frequencies. Unlike a book repeated to size, its n-grams rarely
    repeat: at least as many distinct ones as a varied real text of that size."""
    import numpy as np

    rng = np.random.default_rng(0)
    letters = np.array(list("etaoinshrdlucmfwypvbgkjqxz"))
    words = ["".join(rng.choice(letters, size=int(n))) for n in rng.integers(1, 9, 5000)]
    line_words = 12
    with open(path, "w", encoding="utf-8") as stream:
        written = 0
        while written < megabytes * 1_000_000:
            picks = rng.zipf(1.3, size=line_words * 20_000) % len(words)
            lines = [" ".join(words[i] for i in picks[k:k + line_words])
                     for k in range(0, picks.size, line_words)]
            block = "\n".join(lines) + "\n"
            stream.write(block)
            written += len(block)
    return path
