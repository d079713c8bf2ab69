"""The transformer network: a decoder-only GPT as in GPT-2.

token + position embeddings -> blocks of (LayerNorm -> causal self-attention, LayerNorm ->
MLP), each added to its input -> final LayerNorm -> scores over the vocabulary, read with the
token embedding itself (tied).

Parameter names follow GPT-2's (`wte`, `wpe`, `h.N.ln_1`, `h.N.attn.c_attn`, `h.N.attn.c_proj`,
`h.N.ln_2`, `h.N.mlp.c_fc`, `h.N.mlp.c_proj`, `ln_f`), so that an export to Hugging Face's
layout is a renaming (and a transpose: GPT-2's `Conv1D` keeps its weights as (in, out)).

Batch-first inside: ids (batch, time). Each attention layer can take the keys and values of
the tokens read before (`past`) and returns its own, so generation reads one new position per
token. Asked to (`need_weights`), attention is computed explicitly and its weights,
softmax(QK^T / sqrt(d)) per head, are returned; otherwise torch's fused
`scaled_dot_product_attention` does the work.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import nn

from lmstudio_app.core.models.gpt.spec import GPTSpec

# Each layer's cache: keys and values, (batch, heads, positions, head size).
KeyValues = tuple[torch.Tensor, torch.Tensor]


class GPTOutput(NamedTuple):
    logits: torch.Tensor  # (batch, time, vocab)
    cache: list[KeyValues]  # per layer, every position read so far
    attention: list[torch.Tensor] | None  # per layer (batch, heads, time, positions) if asked


def causal_mask(queries: int, keys: int, device: torch.device) -> torch.Tensor:
    """True where a query may look: the last `queries` of `keys` positions each see
    themselves and every earlier position."""
    return torch.ones(queries, keys, dtype=torch.bool, device=device).tril(keys - queries)


class CausalSelfAttention(nn.Module):
    def __init__(self, spec: GPTSpec) -> None:
        super().__init__()
        width = spec.embed_dim
        self.heads = spec.heads
        self.c_attn = nn.Linear(width, 3 * width, bias=spec.bias)  # queries, keys, values
        self.c_proj = nn.Linear(width, width, bias=spec.bias)
        self.dropout = spec.dropout
        self.attn_dropout = nn.Dropout(spec.dropout)
        self.resid_dropout = nn.Dropout(spec.dropout)

    def forward(
        self, x: torch.Tensor, past: KeyValues | None = None, need_weights: bool = False
    ) -> tuple[torch.Tensor, KeyValues, torch.Tensor | None]:
        batch, time, width = x.shape
        size = width // self.heads

        def split_heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, time, self.heads, size).transpose(1, 2)

        q, k, v = (split_heads(t) for t in self.c_attn(x).split(width, dim=2))
        if past is not None:
            k = torch.cat((past[0], k), dim=2)
            v = torch.cat((past[1], v), dim=2)
        keys = k.size(2)
        weights: torch.Tensor | None = None
        if need_weights:
            scores = (q @ k.transpose(-2, -1)) / math.sqrt(size)
            scores = scores.masked_fill(~causal_mask(time, keys, x.device), float("-inf"))
            weights = torch.softmax(scores, dim=-1)
            y = self.attn_dropout(weights) @ v
        else:
            p = self.dropout if self.training else 0.0
            if keys == time:  # no past: the plain causal mask
                y = F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=True)
            elif time == 1:  # one new position sees every earlier one: no mask
                y = F.scaled_dot_product_attention(q, k, v, dropout_p=p)
            else:  # several new positions after a past: the mask aligned to the end
                mask = causal_mask(time, keys, x.device)
                y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=p)
        y = y.transpose(1, 2).contiguous().view(batch, time, width)
        return self.resid_dropout(self.c_proj(y)), (k, v), weights


class MLP(nn.Module):
    def __init__(self, spec: GPTSpec) -> None:
        super().__init__()
        self.c_fc = nn.Linear(spec.embed_dim, 4 * spec.embed_dim, bias=spec.bias)
        self.c_proj = nn.Linear(4 * spec.embed_dim, spec.embed_dim, bias=spec.bias)
        self.dropout = nn.Dropout(spec.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # GPT-2's GELU is the tanh approximation ("gelu_new" in transformers).
        return self.dropout(self.c_proj(F.gelu(self.c_fc(x), approximate="tanh")))


class Block(nn.Module):
    def __init__(self, spec: GPTSpec) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(spec.embed_dim, bias=spec.bias)
        self.attn = CausalSelfAttention(spec)
        self.ln_2 = nn.LayerNorm(spec.embed_dim, bias=spec.bias)
        self.mlp = MLP(spec)

    def forward(
        self, x: torch.Tensor, past: KeyValues | None = None, need_weights: bool = False
    ) -> tuple[torch.Tensor, KeyValues, torch.Tensor | None]:
        attended, present, weights = self.attn(self.ln_1(x), past, need_weights)
        x = x + attended
        return x + self.mlp(self.ln_2(x)), present, weights


class GPT(nn.Module):
    """A GPT language model; `forward` is batch-first (the family transposes)."""

    def __init__(self, vocab_size: int, spec: GPTSpec) -> None:
        super().__init__()
        spec.check_settings()
        self.spec = spec
        self.vocab_size = vocab_size
        self.context = spec.context
        self.wte = nn.Embedding(vocab_size, spec.embed_dim)
        self.wpe = nn.Embedding(spec.context, spec.embed_dim)
        self.drop = nn.Dropout(spec.dropout)
        self.h = nn.ModuleList(Block(spec) for _ in range(spec.layers))
        self.ln_f = nn.LayerNorm(spec.embed_dim, bias=spec.bias)
        self.apply(self._init_weights)
        # GPT-2: the projections that add into the residual stream start smaller, so that the
        # stream's size does not grow with the number of layers.
        for name, param in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(param, mean=0.0, std=0.02 / math.sqrt(2 * spec.layers))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    @property
    def num_parameters(self) -> int:
        """Every trainable number, the tied output counted once (it is the embedding)."""
        return sum(p.numel() for p in self.parameters())

    def forward(
        self,
        ids: torch.Tensor,
        cache: list[KeyValues] | None = None,
        need_weights: bool = False,
        time_first: bool = False,
    ) -> GPTOutput:
        """Scores for the next token after each of `ids` (batch, time), which follow the
        positions in `cache` (None: the start of the window). `time_first`: the scores come
        as (time, batch, vocab), as the Trainer reads them (turned before the output layer,
        where there are fewer numbers to move)."""
        start = 0 if cache is None else cache[0][0].size(2)
        time = ids.size(1)
        if start + time > self.context:
            raise ValueError(
                f"{start + time} positions, more than the context length {self.context}"
            )
        positions = torch.arange(start, start + time, device=ids.device)
        x = self.drop(self.wte(ids) + self.wpe(positions))
        presents: list[KeyValues] = []
        attention: list[torch.Tensor] | None = [] if need_weights else None
        for index, block in enumerate(self.h):
            x, present, weights = block(x, None if cache is None else cache[index], need_weights)
            presents.append(present)
            if attention is not None and weights is not None:
                attention.append(weights)
        x = self.ln_f(x)
        if time_first:
            x = x.transpose(0, 1)
        logits = F.linear(x, self.wte.weight)  # tied: the embedding reads back
        return GPTOutput(logits, presents, attention)
