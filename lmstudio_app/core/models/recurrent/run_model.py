"""A trained recurrent network as generation and evaluation see it (the
`generation.LanguageModel` protocol): it reads tokens one at a time and carries the network's
memory, so each new token costs one step of the network. `load_from_run` reads one from a run
folder's `model.safetensors`.
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
from lmstudio_app.core.models.line_start import LineStart, trained_on_lines
from lmstudio_app.core.models.recurrent.module import Hidden, RecurrentLM
from lmstudio_app.core.models.recurrent.spec import ModelSpec
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
from lmstudio_app.core.tokenization import NEWLINE_AS_TEXT_KINDS, StudioTokenizer

WEIGHTS_FORMAT = "lmstudio-recurrent"
WEIGHTS_FORMAT_VERSION = 1


class RecurrentState(NamedTuple):
    """The memory after some tokens, and the log-probabilities of the next token."""

    hidden: Hidden | None
    logprobs: np.ndarray


def separator_id(tokenizer: StudioTokenizer) -> int:
    """The token that starts a line in the training stream: a newline, or `<eos>`.

    Every line of the training text follows one, so reading it first puts the network in the
    state "at the start of a line", which is where generation from nothing begins.
    """
    if tokenizer.kind in NEWLINE_AS_TEXT_KINDS:
        ids = tokenizer.encode_ids("\n")
        if len(ids) == 1:
            return int(ids[0])
    return tokenizer.eos_id


class RecurrentRunModel(LineStart):
    """A trained recurrent network, as generation and evaluation see it."""

    def __init__(
        self,
        module: RecurrentLM,
        tokenizer: StudioTokenizer,
        device: torch.device | str = "cpu",
        run: dict[str, Any] | None = None,
    ) -> None:
        self.module = module
        self.tokenizer = tokenizer
        self.device = torch.device(device)
        self.run = run or {}
        self.start_id = separator_id(tokenizer)
        if trained_on_lines(self.run):
            self.start_lines_from_bos()

    @property
    def vocab_size(self) -> int:
        return self.module.vocab_size

    @property
    def num_parameters(self) -> int:
        return self.module.num_parameters

    def _forward(self, ids: Sequence[int], hidden: Hidden | None) -> tuple[torch.Tensor, Hidden]:
        """Log-probabilities after each of `ids` (time-first), in eval mode, without gradients."""
        was_training = self.module.training
        self.module.eval()
        try:
            with torch.no_grad():
                tensor = torch.as_tensor(list(ids), dtype=torch.long, device=self.device)
                logits, hidden = self.module(tensor.view(-1, 1), hidden)
                logits = self.allowed(logits.float().view(len(ids), -1))
                return torch.log_softmax(logits, dim=-1), hidden
        finally:
            if was_training:
                self.module.train()

    def start(self, context: Sequence[int]) -> RecurrentState:
        context = self.line_context(context)
        logprobs, hidden = self._forward([self.start_id, *context], None)
        return RecurrentState(hidden, logprobs[-1].cpu().numpy().astype(np.float64))

    def next_logprobs(self, state: RecurrentState) -> np.ndarray:
        return state.logprobs

    def advance(self, state: RecurrentState, token_id: int) -> RecurrentState:
        if self.ends_line(token_id):  # trained on lines: the next line from <bos>, afresh
            return self.start([])
        logprobs, hidden = self._forward([int(token_id)], state.hidden)
        return RecurrentState(hidden, logprobs[-1].cpu().numpy().astype(np.float64))

    def sequence_logprobs(
        self,
        ids: np.ndarray,
        window: int = 512,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        ranks: np.ndarray | None = None,
    ) -> np.ndarray:
        """Natural-log probability of each of `ids` given all that precedes it (one stream;
        for a model trained on lines, all that precedes it in its line, from `<bos>`).
        `ranks`, when given (as long as `ids`), receives each token's place among the model's
        guesses (1: its favourite), from the same distributions (`core.scoring`)."""
        if self.line_end is not None:
            return self.line_by_line(
                ids,
                lambda part, r: self._stream_logprobs(part, window, ranks=r),
                progress,
                cancel,
                ranks,
            )
        return self._stream_logprobs(ids, window, progress, cancel, ranks)

    def _stream_logprobs(
        self,
        ids: np.ndarray,
        window: int = 512,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        ranks: np.ndarray | None = None,
    ) -> np.ndarray:
        out = np.empty(ids.size, dtype=np.float64)
        hidden: Hidden | None = None
        previous = self.start_id
        for start in range(0, ids.size, window):
            check_cancel(cancel)
            progress(start / max(ids.size, 1), N_("Scoring the text"))
            chunk = ids[start : start + window].astype(np.int64)
            inputs = np.concatenate([[previous], chunk[:-1]])
            logprobs, hidden = self._forward(inputs.tolist(), hidden)
            targets = torch.as_tensor(chunk, device=logprobs.device).view(-1, 1)
            picked = logprobs.gather(1, targets)
            out[start : start + chunk.size] = picked.view(-1).cpu().numpy()
            if ranks is not None:
                ranks[start : start + chunk.size] = (logprobs > picked).sum(1).cpu().numpy() + 1
            previous = int(chunk[-1])
        return out

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
        result: dict[str, Any] = {
            "loss": loss,
            "perplexity": figure.perplexity,
            "bits_per_token": figure.bits_per_token,
            "tokens": int(ids.size),
            "oov_rate": float(np.count_nonzero(ids == self.tokenizer.unk_id) / ids.size),
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
        """Loss (nats per token), perplexity, bits per token and character, <unk> rate.

        The text is read as one stream from the start of a line, every token predicted from
        all the tokens before it. `sentence_per_line` is for n-grams; a recurrent model reads
        the line ends as the tokenizer writes them (`<eos>`, or the newline character).
        """
        # Encoding is the first fifth of the work, scoring the rest.
        ids = self.tokenizer.encode_to_array(text, scaled(progress, 0.0, 0.2), cancel)
        return self.evaluate_ids(ids, len(text), scaled(progress, 0.2, 0.8), cancel)


def load_from_run(
    folder: Path, run: dict[str, Any], tokenizer: StudioTokenizer
) -> RecurrentRunModel:
    """The network of a run folder, on the CPU, ready to generate."""
    folder = Path(folder)
    try:
        spec = spec_from_dict(ModelSpec, run["model"])
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    if spec.family != run.get("model_kind", spec.family):
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason="run.json names two different model kinds"
        )
    tensors, metadata = read_safetensors(folder / MODEL_FILE, folder)
    version = metadata.get("format_version", "1")
    if not version.isdigit() or int(version) > WEIGHTS_FORMAT_VERSION:
        raise RunFolderError("run_future_version", path=str(folder), version=version)
    check_finite_weights(tensors, folder)
    module = RecurrentLM(tokenizer.vocab_size, spec)
    load_weights(module, tensors, folder)
    module.eval()
    return RecurrentRunModel(module, tokenizer, "cpu", run)
