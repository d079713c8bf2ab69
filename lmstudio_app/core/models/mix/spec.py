"""A mix's settings as run.json keeps them: its parts (run folders) and their weights."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MixSpec:
    """run.json's "model" of a mix. A part's path is relative to the mix's folder when the
    part lies beside it (the two can move together), else absolute."""

    parts: tuple[str, ...] = field(default_factory=tuple)
    weights: tuple[float, ...] = field(default_factory=tuple)
