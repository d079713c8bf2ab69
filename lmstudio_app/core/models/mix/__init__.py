"""Model fusion: a mix of runs that share a tokenizer, p = sum_k w_k p_k, the weights tuned
on validation text by EM (SRILM's `compute-best-mix`). A mix is a run folder of kind `mix`
that names its parts; it is not trained, it is built by `mix_runs`."""

from lmstudio_app.core.models.mix.em import MixFit, fit_weights, mixture_logprobs
from lmstudio_app.core.models.mix.model import MixModel, carried_shares
from lmstudio_app.core.models.mix.run import MixResult, load_from_run, mix_runs, save_mix_run
from lmstudio_app.core.models.mix.spec import MixSpec

__all__ = [
    "MixFit",
    "MixModel",
    "MixResult",
    "MixSpec",
    "carried_shares",
    "fit_weights",
    "load_from_run",
    "mix_runs",
    "mixture_logprobs",
    "save_mix_run",
]
