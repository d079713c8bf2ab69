"""The hidden states and gates shown are the network's own: worked out again step by step
from the weights, they equal what torch's nn.RNN / LSTM / GRU give, layer by layer."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lmstudio_app.core.inside import trace_network, unit_step
from lmstudio_app.core.models.recurrent.module import RecurrentLM
from lmstudio_app.core.models.recurrent.spec import ModelSpec


def network(family: str, layers: int = 2) -> RecurrentLM:
    torch.manual_seed(3)
    module = RecurrentLM(23, ModelSpec(family=family, embed_dim=6, hidden_size=9, layers=layers))
    with torch.no_grad():  # biases away from zero, so that a mix-up of b_ih and b_hh shows
        for name, parameter in module.rnn.named_parameters():
            if "bias" in name:
                parameter.uniform_(-0.8, 0.8)
    return module.eval()


@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
def test_states_equal_torch(family: str) -> None:
    module = network(family)
    ids = np.random.default_rng(0).integers(0, 23, 40).tolist()
    start = 5
    traces = trace_network(module, ids, warmup=[start])
    with torch.no_grad():
        embedded = module.embedding(torch.tensor([start, *ids]).view(-1, 1))
        output, hidden = module.rnn(embedded)
    # the top layer's states are the network's output, without the start token's step
    top = traces[-1].hidden
    assert top.shape == (40, 9)
    np.testing.assert_allclose(top, output[1:, 0].double().numpy(), atol=1e-5)
    finals = hidden[0] if family == "lstm" else hidden
    for layer, trace in enumerate(traces):
        assert trace.layer == layer
        np.testing.assert_allclose(trace.hidden[-1], finals[layer, 0].double().numpy(), atol=1e-5)
    if family == "lstm":
        for layer, trace in enumerate(traces):
            cells = hidden[1][layer, 0].double().numpy()
            np.testing.assert_allclose(trace.gates["cell"][-1], cells, atol=1e-5)
    # the first layer alone, read without a start token, from zero memory
    alone = trace_network(module, ids)[0].hidden
    with torch.no_grad():
        first = torch.nn.functional.embedding(torch.tensor(ids), module.embedding.weight)
        layer0 = type(module.rnn)(6, 9, 1)
        layer0.load_state_dict({k: v for k, v in module.rnn.state_dict().items() if "_l0" in k})
        expected, _ = layer0(first.view(-1, 1, 6))
    np.testing.assert_allclose(alone, expected[:, 0].double().numpy(), atol=1e-5)


@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
def test_a_step_in_numbers_gives_its_state(family: str) -> None:
    """The numbers shown for one step recompose the state: h = tanh(Wx + Uh + b) etc."""
    module = network(family, layers=1)
    trace = trace_network(module, [1, 4, 7, 2, 9], warmup=[0])[0]
    t, unit = 3, int(trace.order[0])
    step = unit_step(trace, t, unit)
    assert step.previous == pytest.approx(trace.hidden[t - 1, unit])
    gates = {g.gate: g for g in step.gates}

    def act(g):  # the gate's activation of its parts
        pre = (
            g.input
            + g.bias
            + (g.memory + g.memory_bias)
            * (gates["reset"].value if family == "gru" and g.gate == "candidate" else 1.0)
        )
        return np.tanh(pre) if g.activation == "tanh" else 1 / (1 + np.exp(-pre))

    for g in step.gates:
        assert act(g) == pytest.approx(g.value, abs=1e-9)
    if family == "rnn":
        assert step.hidden == pytest.approx(gates["candidate"].value)
        assert len(step.gates) == 1
    elif family == "lstm":
        c = (
            gates["forget"].value * step.cell_previous
            + gates["input"].value * gates["candidate"].value
        )
        assert step.cell == pytest.approx(c)
        assert step.hidden == pytest.approx(gates["output"].value * np.tanh(c))
    else:
        z = gates["update"].value
        assert step.hidden == pytest.approx((1 - z) * gates["candidate"].value + z * step.previous)
    assert step.hidden == pytest.approx(trace.hidden[t, unit])


def test_units_ordered_by_how_much_they_vary() -> None:
    trace = trace_network(network("lstm", layers=1), list(range(20)))[0]
    spread = trace.hidden.std(axis=0)[trace.order]
    assert sorted(trace.order.tolist()) == list(range(9))
    assert np.all(np.diff(spread) <= 0)
