"""Recurrent language models: embedding -> RNN (tanh) / LSTM / GRU layers -> linear decoder.

`RecurrentLM` is the torch module the Trainer trains. `RecurrentRunModel` wraps a trained one
for generation and evaluation (the `generation.LanguageModel` protocol): it reads tokens one at
a time and carries the network's memory, so each new token costs one step of the network.
Weights live in `model.safetensors`; nothing is ever unpickled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import torch
from torch import nn

from lmstudio_app.core.config import spec_from_dict
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from lmstudio_app.core.specs import FAMILIES, ModelSpec, TrainSpec, preset_specs
from lmstudio_app.core.tokenization import NEWLINE_AS_TEXT_KINDS, StudioTokenizer

__all__ = [
    "FAMILIES",
    "MODEL_FILE",
    "ModelSpec",
    "RecurrentLM",
    "RecurrentRunModel",
    "TrainSpec",
    "load_from_run",
    "load_weights",
    "preset_specs",
    "save_weights",
]

MODEL_FILE = "model.safetensors"
WEIGHTS_FORMAT = "lmstudio-recurrent"
WEIGHTS_FORMAT_VERSION = 1

Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


class RecurrentLM(nn.Module):
    """A recurrent language model.

    Input and output are time-first: ids (seq_len, batch) -> logits (seq_len, batch, vocab).
    Dropout acts on the embeddings, between recurrent layers and before the decoder, as in
    Zaremba et al. (2014) and pytorch/examples word_language_model.
    """

    def __init__(self, vocab_size: int, spec: ModelSpec) -> None:
        super().__init__()
        self.spec = spec
        self.vocab_size = vocab_size
        self.embedding = nn.Embedding(vocab_size, spec.embed_dim)
        self.drop = nn.Dropout(spec.dropout)
        between = spec.dropout if spec.layers > 1 else 0.0
        if spec.family == "lstm":
            self.rnn: nn.RNNBase = nn.LSTM(spec.embed_dim, spec.hidden_size, spec.layers,
                                           dropout=between)
        elif spec.family == "gru":
            self.rnn = nn.GRU(spec.embed_dim, spec.hidden_size, spec.layers, dropout=between)
        elif spec.family == "rnn":
            self.rnn = nn.RNN(spec.embed_dim, spec.hidden_size, spec.layers,
                              nonlinearity="tanh", dropout=between)
        else:
            raise ValueError(f"unknown family {spec.family!r}")
        # Tying needs the decoder's input to be as wide as the embedding: project when not.
        self.projection: nn.Linear | None = None
        decoder_in = spec.hidden_size
        if spec.tied and spec.hidden_size != spec.embed_dim:
            self.projection = nn.Linear(spec.hidden_size, spec.embed_dim, bias=False)
            decoder_in = spec.embed_dim
        self.decoder = nn.Linear(decoder_in, vocab_size)
        if spec.tied:
            self.decoder.weight = self.embedding.weight
        self._init_weights()

    def _init_weights(self) -> None:
        # word_language_model's initialisation: small uniform embedding and decoder, zero bias.
        nn.init.uniform_(self.embedding.weight, -0.1, 0.1)
        nn.init.zeros_(self.decoder.bias)
        if not self.spec.tied:
            nn.init.uniform_(self.decoder.weight, -0.1, 0.1)

    @property
    def num_parameters(self) -> int:
        """Every trainable number, tied weights counted once."""
        return sum(p.numel() for p in self.parameters())

    def init_hidden(self, batch_size: int, device: torch.device | str = "cpu") -> Hidden:
        shape = (self.spec.layers, batch_size, self.spec.hidden_size)
        zeros = torch.zeros(shape, device=device)
        if self.spec.family == "lstm":
            return zeros, torch.zeros(shape, device=device)
        return zeros

    def forward(
        self, ids: torch.Tensor, hidden: Hidden | None = None
    ) -> tuple[torch.Tensor, Hidden]:
        embedded = self.drop(self.embedding(ids))
        output, hidden = self.rnn(embedded, hidden)
        output = self.drop(output)
        if self.projection is not None:
            output = self.projection(output)
        return self.decoder(output), hidden


def detach_hidden(hidden: Hidden) -> Hidden:
    """Cut the graph at the window's edge: the memory is kept, its history is not."""
    if isinstance(hidden, tuple):
        return tuple(h.detach() for h in hidden)  # type: ignore[return-value]
    return hidden.detach()


def hidden_tensors(hidden: Hidden | None) -> list[torch.Tensor]:
    if hidden is None:
        return []
    return list(hidden) if isinstance(hidden, tuple) else [hidden]


def hidden_from_tensors(family: str, tensors: list[torch.Tensor]) -> Hidden | None:
    if not tensors:
        return None
    if family == "lstm":
        return tensors[0], tensors[1]
    return tensors[0]


# --------------------------------------------------------------------------- weights on disk


def model_tensors(module: nn.Module) -> dict[str, torch.Tensor]:
    """The parameters by name, shared (tied) ones once, on the CPU and contiguous."""
    return {name: p.detach().to("cpu").contiguous() for name, p in module.named_parameters()}


def save_weights(module: RecurrentLM, path: Path) -> None:
    """Write the weights as safetensors, atomically."""
    from safetensors.torch import save

    from lmstudio_app.core.fileio import atomic_write_bytes

    data = save(
        model_tensors(module),
        metadata={"format": WEIGHTS_FORMAT, "format_version": str(WEIGHTS_FORMAT_VERSION)},
    )
    atomic_write_bytes(Path(path), data)


def read_safetensors(path: Path, folder: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Tensors and metadata of a safetensors file; a clear error for anything else.

    safetensors parses a JSON header and raw numbers: a pickle or any other file under this
    name is refused as damaged, never executed.
    """
    from safetensors import safe_open

    if not Path(path).is_file():
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=f"{Path(path).name} is missing"
        )
    try:
        tensors = {}
        with safe_open(str(path), framework="pt", device="cpu") as handle:
            metadata = handle.metadata() or {}
            for key in handle.keys():  # noqa: SIM118 - safe_open has no __iter__
                tensors[key] = handle.get_tensor(key)
    except Exception as exc:  # the Rust side raises its own error types
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise RunFolderError(
            "run_corrupt",
            path=str(folder),
            reason=f"{Path(path).name} is not a readable safetensors file: {detail}",
        ) from None
    return tensors, metadata


def load_weights(module: RecurrentLM, tensors: dict[str, torch.Tensor], folder: Path) -> None:
    """Put `tensors` into `module`, refusing missing, extra or misshapen ones."""
    own = dict(module.named_parameters())
    missing = sorted(set(own) - set(tensors))
    extra = sorted(set(tensors) - set(own))
    if missing or extra:
        what = f"missing {missing[0]}" if missing else f"unexpected {extra[0]}"
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=f"the weights do not fit the model ({what})"
        )
    with torch.no_grad():
        for name, parameter in own.items():
            tensor = tensors[name]
            if tuple(tensor.shape) != tuple(parameter.shape):
                raise RunFolderError(
                    "run_corrupt",
                    path=str(folder),
                    reason=f"the weights do not fit the model ({name} has shape "
                    f"{tuple(tensor.shape)}, the model needs {tuple(parameter.shape)})",
                )
            parameter.copy_(tensor.to(parameter.dtype))


def build_model(vocab_size: int, spec: ModelSpec) -> RecurrentLM:
    return RecurrentLM(vocab_size, spec)


# --------------------------------------------------------------------------- generation


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


class RecurrentRunModel:
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
                return torch.log_softmax(logits.float().view(len(ids), -1), dim=-1), hidden
        finally:
            if was_training:
                self.module.train()

    def start(self, context: Sequence[int]) -> RecurrentState:
        logprobs, hidden = self._forward([self.start_id, *[int(i) for i in context]], None)
        return RecurrentState(hidden, logprobs[-1].cpu().numpy().astype(np.float64))

    def next_logprobs(self, state: RecurrentState) -> np.ndarray:
        return state.logprobs

    def advance(self, state: RecurrentState, token_id: int) -> RecurrentState:
        logprobs, hidden = self._forward([int(token_id)], state.hidden)
        return RecurrentState(hidden, logprobs[-1].cpu().numpy().astype(np.float64))

    def sequence_logprobs(
        self,
        ids: np.ndarray,
        window: int = 512,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> np.ndarray:
        """Natural-log probability of each of `ids` given all that precedes it (one stream)."""
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
            out[start : start + chunk.size] = logprobs.gather(1, targets).view(-1).cpu().numpy()
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
        result: dict[str, Any] = {
            "loss": loss,
            "perplexity": math.exp(min(loss, 700.0)),
            "bits_per_token": loss / math.log(2),
            "tokens": int(ids.size),
            "oov_rate": float(np.count_nonzero(ids == self.tokenizer.unk_id) / ids.size),
        }
        if chars:
            result["bits_per_char"] = float(-logprobs.sum() / math.log(2) / chars)
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
        ids = self.tokenizer.encode_to_array(
            text, lambda f, m: progress(None if f is None else 0.2 * f, m), cancel
        )
        return self.evaluate_ids(
            ids, len(text), lambda f, m: progress(None if f is None else 0.2 + 0.8 * f, m), cancel
        )


def check_finite_weights(tensors: dict[str, torch.Tensor], folder: Path) -> None:
    """Refuse weights holding NaN or infinity: training never saves such weights (it stops
    at the last good ones), so they were damaged or made by hand, and would only give
    "probabilities contain NaN" deep inside sampling."""
    for name, tensor in tensors.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise RunFolderError(
                "run_corrupt", path=str(folder),
                reason=N_("{file}: the weights {name} are not numbers (NaN or infinity)",
                          file=MODEL_FILE, name=name),
            )


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
