"""Where a trained network starts writing: after the line-ending token (a model trained on
the stream), or after `<bos>` with each new line afresh (a model trained on `lines`)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel

# How a run model scores one stream: (ids, ranks or None) -> log-probabilities.
StreamScorer = Callable[[np.ndarray, "np.ndarray | None"], np.ndarray]


def trained_on_lines(run: dict[str, Any] | None) -> bool:
    """Whether the run folder's `run.json` says the model was trained one line at a time."""
    return ((run or {}).get("train") or {}).get("batching") == "lines"


def never_written(tokenizer: Any, line_end: int) -> tuple[int, ...]:
    """`<bos>` and `<pad>`: a model trained on lines reads them, never has to predict them."""
    return tuple(sorted({int(tokenizer.bos_id), int(tokenizer.pad_id)} - {line_end}))


def rule_out(logits: torch.Tensor, ids: Sequence[int]) -> torch.Tensor:
    """`logits` with `ids` at minus infinity (their probability exactly 0)."""
    if not ids:
        return logits
    index = torch.as_tensor(list(ids), dtype=torch.long, device=logits.device)
    return logits.index_fill(-1, index, -math.inf)


class LineStart:
    """Mixed into the run models: `start_id` begins generation; with `line_end` set (a
    model trained on lines), every line is read from `<bos>` with an empty memory, as in
    training, and the line-ending token starts the next line afresh."""

    start_id: int
    line_end: int | None = None
    tokenizer: Any
    # Tokens a model trained on lines only ever reads, never predicts (<bos>, <pad>).
    never_written: tuple[int, ...] = ()

    def start_lines_from_bos(self) -> None:
        from lmstudio_app.core.models.recurrent.run_model import separator_id

        self.line_end = separator_id(self.tokenizer)
        self.start_id = int(self.tokenizer.bos_id)
        self.never_written = never_written(self.tokenizer, self.line_end)

    def allowed(self, logits: torch.Tensor) -> torch.Tensor:
        """`logits` (vocabulary last) with the tokens never written ruled out, so that
        generation and scoring share one distribution."""
        return rule_out(logits, self.never_written)

    def line_context(self, context: Sequence[int]) -> list[int]:
        """The part of `context` the model reads: all of it, or for a model trained on
        lines only what follows the last line end."""
        ids = [int(i) for i in context]
        if self.line_end is None or self.line_end not in ids:
            return ids
        last = len(ids) - 1 - ids[::-1].index(self.line_end)
        return ids[last + 1 :]

    def ends_line(self, token_id: int) -> bool:
        return self.line_end is not None and int(token_id) == self.line_end

    def line_by_line(
        self,
        ids: np.ndarray,
        score: StreamScorer,
        progress: ProgressCallback,
        cancel: CancelCheck | None,
        ranks: np.ndarray | None,
    ) -> np.ndarray:
        """A text scored as a model trained on lines reads it: each line (with the token that
        ends it) on its own, from `<bos>` with an empty memory, by `score`."""
        ids = np.asarray(ids)
        out = np.empty(ids.size, dtype=np.float64)
        ends = (np.flatnonzero(ids == self.line_end) + 1).tolist()
        bounds = [0, *ends] if ends and ends[-1] == ids.size else [0, *ends, ids.size]
        for number, (start, end) in enumerate(itertools.pairwise(bounds)):
            if number % 256 == 0:
                check_cancel(cancel)
                progress(start / max(ids.size, 1), N_("Scoring the text"))
            part_ranks = None if ranks is None else ranks[start:end]
            out[start:end] = score(ids[start:end], part_ranks)
        return out
