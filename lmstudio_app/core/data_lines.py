"""The third way of cutting a text into training batches: one line, one sequence (`lines`).

For text that comes a line at a time (names, poems, sentences), as makemore trains on names:
each line is read on its own, started with `<bos>` and ended with the token that ends a line
in the training stream (`<eos>`, or the newline character for tokenizers that keep newlines
as text, so that the model ends lines exactly as one trained on the stream does), cut at
`seq_len`, and padded with `<pad>` to the longest line of its batch. The loss ignores the
padding (`ignore_index`), and every line starts with an empty memory.

The lines come from the same id array the other two ways read (split at the line-ending
token), so nothing is encoded twice. Each epoch reads the lines in an order drawn from
(seed, epoch); the lines that do not fill a last batch are left out of that epoch (another
order leaves out others).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch

from lmstudio_app.core.data import Batch


@dataclass(frozen=True)
class LineTokens:
    """The special ids a line batch needs."""

    bos: int
    end: int  # the token that ends a line (and is predicted after its last token)
    pad: int


def line_tokens(tokenizer: object) -> LineTokens:
    """`<bos>`, the line end and `<pad>` of `tokenizer` (a `StudioTokenizer`)."""
    from lmstudio_app.core.models.recurrent.run_model import separator_id

    return LineTokens(
        bos=int(tokenizer.bos_id),  # type: ignore[attr-defined]
        end=separator_id(tokenizer),  # type: ignore[arg-type]
        pad=int(tokenizer.pad_id),  # type: ignore[attr-defined]
    )


def split_lines(ids: np.ndarray, end: int) -> list[np.ndarray]:
    """The lines of `ids` (the line-ending token removed); empty lines carry nothing to
    learn and are left out."""
    ends = np.flatnonzero(ids == end)
    bounds = np.concatenate([[-1], ends, [ids.size]])
    lines = [ids[a + 1 : b] for a, b in itertools.pairwise(bounds)]
    return [line for line in lines if line.size]


def pad_lines(
    lines: list[np.ndarray], seq_len: int, tokens: LineTokens
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs and targets, (time, batch) int64: `<bos>` + line as input, line + end as
    target, both cut at `seq_len` and padded with `<pad>` to the longest in the batch."""
    length = min(seq_len, max(line.size for line in lines) + 1)
    inputs = np.full((length, len(lines)), tokens.pad, dtype=np.int64)
    targets = np.full((length, len(lines)), tokens.pad, dtype=np.int64)
    for column, line in enumerate(lines):
        sequence = np.concatenate([[tokens.bos], line.astype(np.int64), [tokens.end]])
        n = min(length, sequence.size - 1)
        inputs[:n, column] = sequence[:n]
        targets[:n, column] = sequence[1 : n + 1]
    return torch.from_numpy(inputs), torch.from_numpy(targets)


class LineBatches:
    """`batch_size` lines per step, each from `<bos>`, padded; reproducible from the seed."""

    carries_state = False

    def __init__(
        self, ids: np.ndarray, batch_size: int, seq_len: int, seed: int, tokens: LineTokens
    ) -> None:
        self.lines = split_lines(ids, tokens.end)
        if not self.lines:  # a text of line ends only: one empty line still trains
            self.lines = [np.zeros(0, dtype=np.int64)]
        self.batch_size = max(1, min(batch_size, len(self.lines)))
        self.seq_len = seq_len
        self.seed = seed
        self.tokens = tokens
        self.ignore_index = tokens.pad
        self.steps_per_epoch = len(self.lines) // self.batch_size
        self.left_out = len(self.lines) - self.steps_per_epoch * self.batch_size
        self._order: tuple[int, np.ndarray] | None = None

    def order(self, epoch: int) -> np.ndarray:
        """The lines' order in `epoch` (drawn from the seed and the epoch alone)."""
        if self._order is None or self._order[0] != epoch:
            rng = np.random.default_rng((self.seed, epoch))
            self._order = (epoch, rng.permutation(len(self.lines)))
        return self._order[1]

    def line_numbers(self, epoch: int, index: int) -> np.ndarray:
        """Which lines (0-based, in the text) batch `index` of `epoch` reads."""
        start = index * self.batch_size
        return self.order(epoch)[start : start + self.batch_size]

    def window(self, epoch: int, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        lines = [self.lines[i] for i in self.line_numbers(epoch, index)]
        return pad_lines(lines, self.seq_len, self.tokens)

    def batches(self, epoch: int = 0, index: int = 0) -> Iterator[Batch]:
        while True:
            while index < self.steps_per_epoch:
                inputs, targets = self.window(epoch, index)
                last = index == self.steps_per_epoch - 1
                yield Batch(inputs, targets, epoch, index, last, ignore_index=self.ignore_index)
                index += 1
            epoch += 1
            index = 0


def eval_lines(
    ids: np.ndarray, batch_size: int, seq_len: int, tokens: LineTokens
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Evaluation batches for a model trained on lines: every line once, in order."""
    lines = split_lines(ids, tokens.end)
    for start in range(0, len(lines), batch_size):
        yield pad_lines(lines[start : start + batch_size], seq_len, tokens)
