"""The recurrent network: embedding -> RNN (tanh) / LSTM / GRU layers -> linear decoder.

`RecurrentLM` is the torch module the Trainer trains; its memory (hidden state) is a tensor,
or two for an LSTM, carried from one window of text to the next.
"""

from __future__ import annotations

import torch
from torch import nn

from lmstudio_app.core.models.recurrent.spec import ModelSpec

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
