"""A trained transformer as generation and evaluation see it (the `generation.LanguageModel`
protocol), and `load_from_run`.

Generation keeps each layer's keys and values (the cache): a new token is one more position
attending to the cached ones, not the whole window read again. The model sees at most its
context length; past it the window slides by one token, and since every position's embedding
then changes, the slid window is read afresh (exactly what reading it without a cache gives).

Evaluation reads a long text in overlapping windows (`scoring_windows`): every token is scored
once, seeing at least three quarters of the context before it (all of it near the start).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import torch

from lmstudio_app.core.config import spec_from_dict
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.losses import bits, figures
from lmstudio_app.core.models.gpt.module import GPT, KeyValues
from lmstudio_app.core.models.gpt.spec import GPTSpec
from lmstudio_app.core.models.line_start import LineStart, trained_on_lines
from lmstudio_app.core.models.recurrent.run_model import separator_id
from lmstudio_app.core.models.weights import (
    MODEL_FILE,
    check_finite_weights,
    load_weights,
    read_safetensors,
)
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)
from lmstudio_app.core.tokenization import StudioTokenizer

WEIGHTS_FORMAT = "lmstudio-gpt"
WEIGHTS_FORMAT_VERSION = 1
# Windows scored side by side in evaluation.
EVAL_WINDOWS_PER_BATCH = 32


class GPTState(NamedTuple):
    """What the model has read (the window it sees, at most its context length), each
    layer's keys and values for it, and the log-probabilities of the next token. With
    `GPTRunModel.record_attention`, `attention` holds how much the last position attended to
    each position of the window: (layers, heads, len(window)), each row summing to 1."""

    window: tuple[int, ...]
    cache: list[KeyValues]
    logprobs: np.ndarray
    attention: np.ndarray | None = None


def scoring_windows(tokens: int, context: int) -> tuple[int, list[tuple[int, int, int]]]:
    """How `tokens` targets are scored with windows of at most `context` positions: the
    stride, and for each window (start, end, first scored) in stream positions. The stream
    is the start token then the text; target i (1-based) is predicted from positions < i."""
    stride = max(1, context // 4)
    windows = []
    scored = 0  # targets 1..scored are done
    start = 0
    while scored < tokens:
        end = min(start + context, tokens)  # inputs stream[start:end], targets up to `end`
        windows.append((start, end, scored + 1))
        scored = end
        start += stride
    return stride, windows


class GPTRunModel(LineStart):
    """A trained transformer, as generation and evaluation see it."""

    def __init__(
        self,
        module: GPT,
        tokenizer: StudioTokenizer,
        device: torch.device | str = "cpu",
        run: dict[str, Any] | None = None,
    ) -> None:
        self.module = module
        self.tokenizer = tokenizer
        self.device = torch.device(device)
        self.run = run or {}
        # Generation from nothing starts at the start of a line, as a recurrent model does.
        self.start_id = separator_id(tokenizer)
        if trained_on_lines(self.run):
            self.start_lines_from_bos()
        self.record_attention = False  # the Generate page's attention view turns it on

    @property
    def vocab_size(self) -> int:
        return self.module.vocab_size

    @property
    def num_parameters(self) -> int:
        return self.module.num_parameters

    @property
    def context(self) -> int:
        return self.module.context

    def _read(
        self, ids: Sequence[int], cache: list[KeyValues] | None, window: tuple[int, ...]
    ) -> GPTState:
        """The state after reading `ids` on top of `cache` (None: afresh); `window` is what
        the state will have read in all."""
        was_training = self.module.training
        self.module.eval()
        try:
            with torch.no_grad():
                tensor = torch.as_tensor(list(ids), dtype=torch.long, device=self.device)
                out = self.module(tensor.view(1, -1), cache, need_weights=self.record_attention)
        finally:
            if was_training:
                self.module.train()
        logprobs = torch.log_softmax(self.allowed(out.logits[0, -1].float()), dim=-1)
        attention = None
        if out.attention is not None:
            attention = torch.stack([a[0, :, -1] for a in out.attention]).cpu().numpy()
        return GPTState(window, out.cache, logprobs.cpu().numpy().astype(np.float64), attention)

    def start(self, context: Sequence[int]) -> GPTState:
        window = (self.start_id, *self.line_context(context))[-self.context :]
        return self._read(window, None, window)

    def next_logprobs(self, state: GPTState) -> np.ndarray:
        return state.logprobs

    def advance(self, state: GPTState, token_id: int) -> GPTState:
        if self.ends_line(token_id):  # trained on lines: the next line from <bos>, afresh
            return self.start([])
        window = (*state.window, int(token_id))
        if len(window) <= self.context:
            return self._read([int(token_id)], state.cache, window)  # one new position
        window = window[-self.context :]  # slid: every position moved, read it afresh
        return self._read(window, None, window)

    def window_logprobs(self, window: Sequence[int]) -> np.ndarray:
        """The next token's log-probabilities after `window` (at most the context length),
        read whole with no cache: what `advance` must agree with."""
        return self._read([int(i) for i in window], None, tuple(window)).logprobs

    # ---- evaluation

    def sequence_logprobs(
        self,
        ids: np.ndarray,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        ranks: np.ndarray | None = None,
    ) -> np.ndarray:
        """Natural-log probability of each of `ids`, read after the start token, each from as
        much of what precedes it as `scoring_windows` gives (for a model trained on lines, in
        its own line only, from `<bos>`). `ranks`, when given (as long as `ids`), receives
        each token's place among the model's guesses (1: its favourite)."""
        if self.line_end is not None:
            return self.line_by_line(
                ids, lambda part, r: self._stream_logprobs(part, ranks=r), progress, cancel, ranks
            )
        return self._stream_logprobs(ids, progress, cancel, ranks)

    def _stream_logprobs(
        self,
        ids: np.ndarray,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        ranks: np.ndarray | None = None,
    ) -> np.ndarray:
        stream = np.concatenate([[self.start_id], np.asarray(ids, dtype=np.int64)])
        _, windows = scoring_windows(int(ids.size), self.context)
        out = np.empty(ids.size, dtype=np.float64)
        was_training = self.module.training
        self.module.eval()
        try:
            # Full-length windows side by side; the few shorter ones at the end alone.
            groups: dict[int, list[tuple[int, int, int]]] = {}
            for window in windows:
                groups.setdefault(window[1] - window[0], []).append(window)
            done = 0
            for length, group in groups.items():
                for first in range(0, len(group), EVAL_WINDOWS_PER_BATCH):
                    check_cancel(cancel)
                    progress(done / max(len(windows), 1), N_("Scoring the text"))
                    batch = group[first : first + EVAL_WINDOWS_PER_BATCH]
                    self._score(stream, batch, length, out, ranks)
                    done += len(batch)
        finally:
            if was_training:
                self.module.train()
        return out

    def _score(
        self,
        stream: np.ndarray,
        batch: list[tuple[int, int, int]],
        length: int,
        out: np.ndarray,
        ranks: np.ndarray | None = None,
    ) -> None:
        inputs = np.stack([stream[start : start + length] for start, _, _ in batch])
        targets = np.stack([stream[start + 1 : start + length + 1] for start, _, _ in batch])
        with torch.no_grad():
            logits = self.module(torch.as_tensor(inputs, device=self.device)).logits
            logprobs = torch.log_softmax(self.allowed(logits.float()), dim=-1)
            picked = logprobs.gather(2, torch.as_tensor(targets, device=self.device)[..., None])
            above = (logprobs > picked).sum(-1).cpu().numpy() + 1 if ranks is not None else None
        picked_np = picked[..., 0].cpu().numpy().astype(np.float64)
        for row, (start, end, first) in enumerate(batch):
            # target t sits at column t - start - 1; out is 0-based over the targets
            out[first - 1 : end] = picked_np[row, first - start - 1 : end - start]
            if ranks is not None and above is not None:
                ranks[first - 1 : end] = above[row, first - start - 1 : end - start]

    def evaluate_ids(
        self,
        ids: np.ndarray,
        chars: int | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> dict[str, Any]:
        ids = np.asarray(ids)
        if ids.size == 0:
            raise StudioError("empty_text")
        logprobs = self.sequence_logprobs(ids, progress=progress, cancel=cancel)
        progress(1.0, N_("Done"))
        loss = float(-logprobs.mean())
        figure = figures(loss)
        stride, _ = scoring_windows(int(ids.size), self.context)
        result: dict[str, Any] = {
            "loss": loss,
            "perplexity": figure.perplexity,
            "bits_per_token": figure.bits_per_token,
            "tokens": int(ids.size),
            "oov_rate": float(np.count_nonzero(ids == self.tokenizer.unk_id) / ids.size),
            # how each token was scored: windows of the context length, moving by `stride`,
            # each token seeing at least `least_context` tokens before it (fewer only
            # within the first window, where all there is is seen)
            "scoring": {
                "method": "strided_windows",
                "window": self.context,
                "stride": stride,
                "least_context": self.context - stride,
            },
        }
        if chars:
            result["bits_per_char"] = float(bits(-logprobs.sum()) / chars)
            result["chars"] = chars
        return result

    def evaluate_text(
        self,
        text: str,
        sentence_per_line: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> dict[str, Any]:
        """Loss (nats per token), perplexity, bits per token and character, <unk> rate, and
        how the text was read (`scoring`). The text is one stream from the start of a line;
        `sentence_per_line` is for n-grams."""
        ids = self.tokenizer.encode_to_array(text, scaled(progress, 0.0, 0.2), cancel)
        return self.evaluate_ids(ids, len(text), scaled(progress, 0.2, 0.8), cancel)


def load_from_run(folder: Path, run: dict[str, Any], tokenizer: StudioTokenizer) -> GPTRunModel:
    """The network of a run folder, on the CPU, ready to generate."""
    folder = Path(folder)
    try:
        spec = spec_from_dict(GPTSpec, run["model"])
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    tensors, metadata = read_safetensors(folder / MODEL_FILE, folder)
    version = metadata.get("format_version", "1")
    if not version.isdigit() or int(version) > WEIGHTS_FORMAT_VERSION:
        raise RunFolderError("run_future_version", path=str(folder), version=version)
    check_finite_weights(tensors, folder)
    module = GPT(tokenizer.vocab_size, spec)
    load_weights(module, tensors, folder)
    module.eval()
    return GPTRunModel(module, tokenizer, "cpu", run)
