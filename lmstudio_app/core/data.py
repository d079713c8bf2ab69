"""Token ids as numpy arrays, and the ways of cutting them into training batches (the third,
one line per sequence with padding, is in `data_lines`).

- Contiguous (truncated backpropagation through time, as pytorch/examples
  word_language_model): the ids are cut into `batch_size` streams laid side by side; each step
  reads the next `seq_len` tokens of every stream, and the network's memory (hidden state) is
  carried from one window to the next.
- Random windows: each step picks `batch_size` windows anywhere in the text; each starts
  with an empty memory.

Both are deterministic: contiguous batches depend on nothing random, and random windows draw
their starts from a generator seeded with (seed, epoch, step), so a run can restart at any
position without replaying the draws before it. Batches are (seq_len, batch_size) int64
tensors, time first, as torch's recurrent layers read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import torch

from lmstudio_app.core.corpus import Splits
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled
from lmstudio_app.core.tokenization import StudioTokenizer

if TYPE_CHECKING:
    from lmstudio_app.core.data_lines import LineBatches, LineTokens


@dataclass
class TokenData:
    """The three splits as id arrays, and how many characters each came from."""

    train: np.ndarray
    valid: np.ndarray
    test: np.ndarray
    chars: dict[str, int] = field(default_factory=dict)

    def chars_per_token(self, split: str) -> float:
        array = getattr(self, split)
        return self.chars.get(split, 0) / array.size if array.size else 0.0


def encode_splits(
    tokenizer: StudioTokenizer,
    splits: Splits,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> TokenData:
    """Encode train, valid and test with `tokenizer` (uint16 or int32 arrays).

    A large text (`token_file.MIN_FILE_CHARS` and more) is encoded into a token-id file in
    the cache instead, or read from the one already there, and its arrays are read-only
    memory maps of it (`core.token_file`): its ids are never all in memory."""
    from lmstudio_app.core import token_file
    from lmstudio_app.core.corpus.spill import SpilledText

    large = sum(len(text) for _, text in splits.items()) >= token_file.MIN_FILE_CHARS
    if large or any(isinstance(text, SpilledText) for _, text in splits.items()):
        return token_file.cached_token_data(tokenizer, splits, progress, cancel)
    arrays = {}
    total = max(sum(len(text) for _, text in splits.items()), 1)
    done = 0
    for name, text in splits.items():
        weight = len(text) / total

        part = scaled(progress, done, weight)

        def report(
            fraction: float | None, message: str, part: ProgressCallback = part,
            label: str = f"Encoding the {name} text",
        ) -> None:
            part(fraction or 0.0, label)

        arrays[name] = tokenizer.encode_to_array(text, progress=report, cancel=cancel)
        done += weight
    return TokenData(
        train=arrays["train"],
        valid=arrays["valid"],
        test=arrays["test"],
        chars={name: len(text) for name, text in splits.items()},
    )


@dataclass(frozen=True)
class Batch:
    inputs: torch.Tensor  # (seq_len, batch) int64
    targets: torch.Tensor  # (seq_len, batch) int64, the inputs shifted by one token
    epoch: int  # 0-based epoch this batch belongs to
    index: int  # 0-based position of this batch within its epoch
    last_in_epoch: bool
    # The target that counts for nothing (`<pad>` in line batches); cross_entropy's default.
    ignore_index: int = -100

    @property
    def num_tokens(self) -> int:
        """The tokens predicted (padding left out)."""
        if self.ignore_index < 0:
            return int(self.targets.numel())
        return int((self.targets != self.ignore_index).sum())


def batchify(ids: np.ndarray, batch_size: int) -> np.ndarray:
    """Cut `ids` into `batch_size` streams of equal length: a (length, batch_size) array.

    The few tokens that do not fill a last row are dropped, as word_language_model does. Ids
    in a memory map (`core.token_file`) stay there: the streams are a view of them, read a
    window at a time, rather than a copy of the whole text in memory.
    """
    length = ids.size // batch_size
    streams = ids[: length * batch_size].reshape(batch_size, length).T
    return streams if isinstance(ids, np.memmap) else np.ascontiguousarray(streams)


def _to_tensor(array: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.int64))


class ContiguousBatches:
    """Windows of `seq_len` tokens over `batch_size` parallel streams, in order."""

    carries_state = True
    ignore_index = -100

    def __init__(self, ids: np.ndarray, batch_size: int, seq_len: int) -> None:
        # A text too short for every stream to hold a full window gets fewer streams, so that
        # a small corpus still trains (the length check guarantees at least one window).
        batch_size = max(1, min(batch_size, ids.size // (seq_len + 1)))
        self.batch_size = batch_size
        self.seq_len = seq_len
        self.streams = batchify(ids, batch_size)
        self.starts = list(range(0, self.streams.shape[0] - 1, seq_len))
        self.steps_per_epoch = len(self.starts)

    def window(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        start = self.starts[index]
        length = min(self.seq_len, self.streams.shape[0] - 1 - start)
        inputs = self.streams[start : start + length]
        targets = self.streams[start + 1 : start + 1 + length]
        return _to_tensor(inputs), _to_tensor(targets)

    def batches(self, epoch: int = 0, index: int = 0) -> Iterator[Batch]:
        """Every batch from position (epoch, index) on, epoch after epoch, without end."""
        while True:
            while index < self.steps_per_epoch:
                inputs, targets = self.window(index)
                last = index == self.steps_per_epoch - 1
                yield Batch(inputs, targets, epoch, index, last)
                index += 1
            epoch += 1
            index = 0


class RandomWindows:
    """`batch_size` windows of `seq_len` tokens at random places, reproducible from the seed.

    An epoch is as many steps as it takes to draw as many tokens as the text has.
    """

    carries_state = False
    ignore_index = -100

    def __init__(self, ids: np.ndarray, batch_size: int, seq_len: int, seed: int) -> None:
        self.ids = ids
        self.batch_size = batch_size
        self.seq_len = seq_len
        self.seed = seed
        self.steps_per_epoch = max(1, (ids.size - 1) // (batch_size * seq_len))
        self.offsets = np.arange(seq_len + 1)

    def window_starts(self, epoch: int, index: int) -> np.ndarray:
        """Where each window of batch `index` of `epoch` starts in the text."""
        rng = np.random.default_rng((self.seed, epoch, index))
        return rng.integers(0, self.ids.size - self.seq_len, size=self.batch_size)

    def window(self, epoch: int, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        starts = self.window_starts(epoch, index)
        rows = self.ids[starts[:, None] + self.offsets]  # (batch, seq_len + 1)
        columns = rows.T
        return _to_tensor(columns[:-1]), _to_tensor(columns[1:])

    def batches(self, epoch: int = 0, index: int = 0) -> Iterator[Batch]:
        while True:
            while index < self.steps_per_epoch:
                inputs, targets = self.window(epoch, index)
                last = index == self.steps_per_epoch - 1
                yield Batch(inputs, targets, epoch, index, last)
                index += 1
            epoch += 1
            index = 0


def make_batches(
    ids: np.ndarray,
    batching: str,
    batch_size: int,
    seq_len: int,
    seed: int,
    tokens: LineTokens | None = None,
) -> ContiguousBatches | RandomWindows | LineBatches:
    """The batches the trainer reads (`tokens`: the special ids, needed for `lines`)."""
    if batching == "lines":
        from lmstudio_app.core.data_lines import LineBatches

        assert tokens is not None, "lines batching needs the tokenizer's special ids"
        return LineBatches(ids, batch_size, seq_len, seed, tokens)
    if batching == "random":
        return RandomWindows(ids, batch_size, seq_len, seed)
    return ContiguousBatches(ids, batch_size, seq_len)


def eval_windows(
    ids: np.ndarray, batch_size: int, seq_len: int
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Evaluation batches: contiguous streams read once, in order (memory carried over)."""
    batch_size = max(1, min(batch_size, (ids.size - 1) // 2))
    streams = batchify(ids, batch_size)
    for start in range(0, streams.shape[0] - 1, seq_len):
        length = min(seq_len, streams.shape[0] - 1 - start)
        yield (
            _to_tensor(streams[start : start + length]),
            _to_tensor(streams[start + 1 : start + 1 + length]),
        )
