"""One training batch as a person can look at it (the Train page's "Batch view"): each row
of the batch with its input beside its target, where in the text it comes from, where the
window ends (backpropagation is cut there), and what of the text no batch reads.

Everything is read from the very batch classes the trainer iterates (`make_batches`), so
what is shown is what the trainer reads for that step, with the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lmstudio_app.core.data import ContiguousBatches, RandomWindows, make_batches
from lmstudio_app.core.data_lines import LineBatches, LineTokens


@dataclass(frozen=True)
class BatchRow:
    """One stream, window or line of the batch (time along the lists)."""

    inputs: list[int]
    targets: list[int]  # the inputs shifted by one token: what the model must predict
    start: int  # where the inputs start in the training ids (a line's number for `lines`)
    padding: int = 0  # how many of the positions are <pad> (ignored by the loss)
    cut: int = 0  # `lines`: tokens of the line beyond seq_len, never read


@dataclass(frozen=True)
class BatchPicture:
    batching: str
    batch_size: int  # as many rows as the text allows (a short text gets fewer streams)
    seq_len: int
    epoch: int
    index: int
    steps_per_epoch: int
    carries_state: bool  # the memory goes on into this row's next window
    rows: list[BatchRow] = field(default_factory=list)
    train_tokens: int = 0
    # contiguous: tokens after the streams (they do not fill a row of the batch); lines: the
    # lines left out of this epoch (they do not fill a last batch)
    dropped_tokens: int = 0
    left_out_lines: int = 0
    pad_id: int | None = None
    stream_length: int = 0  # contiguous: tokens in each stream


def batch_picture(
    ids: np.ndarray,
    batching: str,
    batch_size: int,
    seq_len: int,
    seed: int,
    tokens: LineTokens | None = None,
    epoch: int = 0,
    index: int = 0,
) -> BatchPicture:
    """Batch `index` of `epoch` of the training ids `ids`, as the trainer reads it."""
    batches = make_batches(ids, batching, batch_size, seq_len, seed, tokens)
    index = max(0, min(index, batches.steps_per_epoch - 1))
    common = dict(
        batching=batching,
        batch_size=batches.batch_size,
        seq_len=seq_len,
        epoch=epoch,
        index=index,
        steps_per_epoch=batches.steps_per_epoch,
        carries_state=batches.carries_state,
        train_tokens=int(ids.size),
    )
    if isinstance(batches, ContiguousBatches):
        inputs, targets = batches.window(index)
        length = batches.streams.shape[0]
        rows = [
            BatchRow(
                inputs[:, b].tolist(), targets[:, b].tolist(), b * length + batches.starts[index]
            )
            for b in range(batches.batch_size)
        ]
        dropped = int(ids.size - length * batches.batch_size)
        return BatchPicture(**common, rows=rows, dropped_tokens=dropped, stream_length=length)
    if isinstance(batches, RandomWindows):
        inputs, targets = batches.window(epoch, index)
        starts = batches.window_starts(epoch, index)
        rows = [
            BatchRow(inputs[:, b].tolist(), targets[:, b].tolist(), int(starts[b]))
            for b in range(batches.batch_size)
        ]
        return BatchPicture(**common, rows=rows)
    assert isinstance(batches, LineBatches)
    inputs, targets = batches.window(epoch, index)
    pad = batches.tokens.pad
    rows = []
    for b, number in enumerate(batches.line_numbers(epoch, index)):
        column = targets[:, b]
        rows.append(
            BatchRow(
                inputs[:, b].tolist(),
                column.tolist(),
                int(number),
                padding=int((column == pad).sum()),
                cut=max(0, batches.lines[number].size + 1 - seq_len),
            )
        )
    return BatchPicture(**common, rows=rows, left_out_lines=batches.left_out, pad_id=pad)
