"""The optimizer a training run uses, and its saved state loaded back, old saves included.

Weight decay pulls weights towards zero. As in nanoGPT, only parameters with two or more
dimensions (the embedding, the recurrent and decoder matrices) are decayed: pulling a bias
towards zero only shifts what a unit outputs by default, and does nothing against memorising.
So the optimizer has two parameter groups: the matrices with the run's weight decay, then the
vectors (biases, norms) with none.

Checkpoints written before this split hold one group for all parameters;
`load_optimizer_state` splits such a group the same way, so those runs still resume.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from lmstudio_app.core.training.spec import TrainSpec


def decays(param: torch.Tensor) -> bool:
    """Whether weight decay applies to `param`: matrices (and higher) yes, vectors no."""
    return param.dim() >= 2


def parameter_groups(
    params: Sequence[torch.nn.Parameter], weight_decay: float
) -> list[dict[str, Any]]:
    """Two groups, in `params`' order within each: decayed matrices, then undecayed vectors.

    Both groups are always there, even with no weight decay or an empty group, so that every
    checkpoint has the same layout and a run whose weight decay changes still resumes.
    """
    return [
        {"params": [p for p in params if decays(p)], "weight_decay": weight_decay},
        {"params": [p for p in params if not decays(p)], "weight_decay": 0.0},
    ]


def make_optimizer(spec: TrainSpec, params: Sequence[torch.nn.Parameter]) -> torch.optim.Optimizer:
    """The optimizer `spec` names, over `params` split into `parameter_groups`."""
    groups = parameter_groups(params, spec.weight_decay)
    # foreach: one call per group instead of a Python loop over the parameters. torch makes it
    # the default only on graphics cards; on a CPU it is the same arithmetic (the same losses
    # to the bit) and saves a few milliseconds a step, a tenth of a small GPT's step.
    if spec.optimizer == "sgd":
        return torch.optim.SGD(groups, lr=spec.lr, foreach=True)
    if spec.optimizer == "adamw":
        return torch.optim.AdamW(groups, lr=spec.lr, foreach=True)
    return torch.optim.Adam(groups, lr=spec.lr, foreach=True)


def load_optimizer_state(
    optimizer: torch.optim.Optimizer,
    params: Sequence[torch.nn.Parameter],
    state_dict: dict[str, Any],
) -> None:
    """`optimizer.load_state_dict`, first splitting a one-group state from an older version.

    `params` must be in the order the optimizer was built from (the model's parameters): an
    old single group listed its parameters in that order, which tells which saved state
    belongs to which parameter. Raises ValueError (as torch does) when the state does not fit.
    """
    groups = state_dict.get("param_groups")
    current = optimizer.param_groups
    current_settings = [group.get("foreach") for group in current]
    if isinstance(groups, list) and len(groups) == 1 and len(current) == 2:
        state_dict = split_single_group(state_dict, params)
    optimizer.load_state_dict(state_dict)
    # How the update is computed is this version's choice, not the checkpoint's: an older
    # save (foreach unset) resumes on the same fast path, with the same arithmetic.
    for group, made in zip(optimizer.param_groups, current_settings, strict=True):
        group["foreach"] = made


def split_single_group(
    state_dict: dict[str, Any], params: Sequence[torch.nn.Parameter]
) -> dict[str, Any]:
    """A one-group optimizer state over `params` as the two groups of `parameter_groups`.

    torch pairs saved and current parameters by position, group by group, so each saved id
    goes to the group of the parameter at its position; the per-parameter moments stay keyed
    by their ids and so follow. The vectors' group keeps the old settings but no decay.
    """
    (group,) = state_dict["param_groups"]
    ids = list(group["params"])
    if len(ids) != len(params):
        raise ValueError(
            f"the saved optimizer has {len(ids)} parameters, the model {len(params)}"
        )
    matrices = [i for i, p in zip(ids, params, strict=True) if decays(p)]
    vectors = [i for i, p in zip(ids, params, strict=True) if not decays(p)]
    return {
        "state": state_dict["state"],
        "param_groups": [
            {**group, "params": matrices},
            {**group, "params": vectors, "weight_decay": 0.0},
        ],
    }
