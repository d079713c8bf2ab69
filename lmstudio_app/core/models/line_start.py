"""Where a trained network starts writing: after the line-ending token (a model trained on
the stream), or after `<bos>` with each new line afresh (a model trained on `lines`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def trained_on_lines(run: dict[str, Any] | None) -> bool:
    """Whether the run folder's `run.json` says the model was trained one line at a time."""
    return ((run or {}).get("train") or {}).get("batching") == "lines"


class LineStart:
    """Mixed into the run models: `start_id` begins generation; with `line_end` set (a
    model trained on lines), every line is read from `<bos>` with an empty memory, as in
    training, and the line-ending token starts the next line afresh."""

    start_id: int
    line_end: int | None = None
    tokenizer: Any

    def start_lines_from_bos(self) -> None:
        from lmstudio_app.core.models.recurrent.run_model import separator_id

        self.line_end = separator_id(self.tokenizer)
        self.start_id = int(self.tokenizer.bos_id)

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
