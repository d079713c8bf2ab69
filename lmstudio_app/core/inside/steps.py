"""One step of a recurrent cell in numbers: W x_t, U h_{t-1}, b and what comes out, per unit.

The window's heatmap shows these when the pointer rests on a character; `inspect --json`
prints them. Both read them from a `CellTrace`, so they are the numbers the network used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lmstudio_app.core.inside.cells import GATES, CellTrace

# What each gate's activation is: σ squashes to (0, 1), tanh to (-1, 1).
ACTIVATION = {"input": "σ", "forget": "σ", "output": "σ", "reset": "σ", "update": "σ"}


@dataclass(frozen=True)
class GateStep:
    """One gate of one unit at one step: value = f(input + memory + bias), where for a GRU's
    candidate memory is multiplied by the reset gate after `memory_bias` is added."""

    gate: str
    activation: str
    input: float
    memory: float
    bias: float
    memory_bias: float
    value: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "gate": self.gate,
            "activation": self.activation,
            "Wx": round(self.input, 6),
            "Uh": round(self.memory, 6),
            "b": round(self.bias, 6),
            **({"b_hn": round(self.memory_bias, 6)} if self.memory_bias else {}),
            "value": round(self.value, 6),
        }


@dataclass(frozen=True)
class UnitStep:
    """One unit at one step: its memory before, its gates, its memory after."""

    unit: int
    previous: float
    gates: tuple[GateStep, ...]
    hidden: float
    cell_previous: float | None = None
    cell: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit,
            "h_prev": round(self.previous, 6),
            "gates": [gate.to_dict() for gate in self.gates],
            "h": round(self.hidden, 6),
        }
        if self.cell is not None:
            out["c_prev"] = round(float(self.cell_previous or 0.0), 6)
            out["c"] = round(self.cell, 6)
        return out


def unit_step(trace: CellTrace, step: int, unit: int) -> UnitStep:
    """The numbers of `unit` at `step` (0: the first token of the text)."""
    gates = []
    for gate in GATES[trace.family]:
        gates.append(
            GateStep(
                gate,
                ACTIVATION.get(gate, "tanh"),
                float(trace.part(trace.input_terms[step], gate)[unit]),
                float(trace.part(trace.memory_terms[step], gate)[unit]),
                float(trace.part(trace.bias, gate)[unit]),
                float(trace.part(trace.memory_bias, gate)[unit]),
                float(trace.gates[gate][step, unit]),
            )
        )
    cell = cell_previous = None
    if trace.family == "lstm":
        cell = float(trace.gates["cell"][step, unit])
        cell_previous = float(trace.previous_cell[step, unit])
    return UnitStep(
        unit,
        float(trace.previous[step, unit]),
        tuple(gates),
        float(trace.hidden[step, unit]),
        cell_previous,
        cell,
    )
