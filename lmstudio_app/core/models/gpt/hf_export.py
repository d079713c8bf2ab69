"""A GPT run as a folder in Hugging Face `transformers`' GPT-2 layout, so that
`GPT2LMHeadModel.from_pretrained(DIR)` and `AutoTokenizer.from_pretrained(DIR)` read it and
give the same next-token scores as the app (`lmstudio-app export RUN --hf DIR`).

```
config.json              GPT2Config: the shape, GELU's tanh form ("gelu_new"), the dropouts
model.safetensors        GPT2LMHeadModel's weights ("transformer.*"; lm_head is wte, tied)
tokenizer.json           the run's tokenizer, with "\\n" read as <eos> for the line-based kinds
tokenizer_config.json    PreTrainedTokenizerFast and the four special tokens
special_tokens_map.json  the four special tokens
```

What differs between the two networks, and how the export bridges it:
- GPT-2's `Conv1D` keeps a weight as (in, out), `nn.Linear` as (out, in): transposed.
- GPT-2 always has biases (layers and LayerNorms): a network trained without writes zeros.
- Attention is scaled by 1/sqrt(head size) in both (`scale_attn_weights`, not by layer).

The tokenizer: the library's own tokenizer.json encodes a single line as the app does. The
line-based kinds (word, whitespace, bpe, wordpiece, unigram) end each line with <eos>, which
the app does outside the library (`StudioTokenizer.encode` cuts the text into lines); the
exported file does it inside, with normalizers that replace a newline by <eos> (and for
unigram by "<eos> " before a line that does not start with a space, as if the next line were
the start of a text, where SentencePiece marks a word's start with ▁). A text then gives the
ids `StudioTokenizer.encode` gives. Training reads a text that does not end with a newline
with an <eos> after its last line (`encode_to_array`); the exported tokenizer, like
`encode`, adds none. Decoding gives "<eos>" back for a newline of those kinds, not "\\n".

Generation in the app starts from the token that begins a line (a newline, or <eos>), not from
<bos>: a prompt for `generate` in transformers should begin with it (config.json names <bos>
and <eos> as the tokenizer's, as they are).

The folder is written beside DIR under a temporary name and renamed into place once complete:
DIR never holds half an export.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.fileio import make_shareable, write_error
from lmstudio_app.core.models.gpt.module import GPT
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.tokenization.spec import NEWLINE_AS_TEXT_KINDS

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
TOKENIZER_CONFIG_FILE = "tokenizer_config.json"
SPECIAL_TOKENS_FILE = "special_tokens_map.json"
HF_FILES = (CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE, TOKENIZER_CONFIG_FILE, SPECIAL_TOKENS_FILE)

# module.MLP uses F.gelu(approximate="tanh"), GPT-2's own GELU: transformers calls it
# "gelu_new" (the same formula; "gelu" is the exact erf form, up to 4.7e-4 away per unit,
# which through a few layers is more than the 1e-4 the export promises).
GELU_NAME = "gelu_new"


@dataclass(frozen=True)
class HFExport:
    """What `export_hf` wrote: the folder, its files and its size."""

    folder: Path
    files: tuple[str, ...]
    bytes: int
    parameters: int


# --------------------------------------------------------------------------- the network


def hf_config(module: GPT, tokenizer: StudioTokenizer) -> dict[str, Any]:
    """config.json: a GPT2Config with the network's shape and the tokenizer's special ids."""
    spec = module.spec
    return {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": module.vocab_size,
        "n_positions": module.context,
        "n_ctx": module.context,  # older readers of GPT-2 configs look for it
        "n_embd": spec.embed_dim,
        "n_layer": spec.layers,
        "n_head": spec.heads,
        "n_inner": module.h[0].mlp.c_fc.out_features,  # 4 x n_embd, written out
        "activation_function": GELU_NAME,
        "layer_norm_epsilon": module.ln_f.eps,
        "resid_pdrop": spec.dropout,
        "embd_pdrop": spec.dropout,
        "attn_pdrop": spec.dropout,
        "scale_attn_weights": True,
        "scale_attn_by_inverse_layer_idx": False,
        "reorder_and_upcast_attn": False,
        "tie_word_embeddings": True,
        "initializer_range": 0.02,
        "bos_token_id": tokenizer.bos_id,
        "eos_token_id": tokenizer.eos_id,
        "pad_token_id": tokenizer.pad_id,
        "use_cache": True,
        "torch_dtype": "float32",
    }


def hf_tensors(module: GPT) -> dict[str, torch.Tensor]:
    """GPT2LMHeadModel's weights from ours: the same names under "transformer.", Linear
    weights transposed to Conv1D's (in, out), a missing bias as zeros. lm_head.weight is left
    out: transformers ties it to transformer.wte.weight, as the app's output reads the
    embedding."""
    tensors: dict[str, torch.Tensor] = {}
    used: set[str] = set()

    def put(name: str, tensor: torch.Tensor) -> None:
        tensors[f"transformer.{name}"] = tensor.detach().to("cpu", torch.float32).contiguous()

    for name, part in module.named_modules():
        if isinstance(part, nn.Embedding):
            put(f"{name}.weight", part.weight)
        elif isinstance(part, nn.Linear):
            put(f"{name}.weight", part.weight.t())
            put(f"{name}.bias", _bias(part.bias, part.out_features))
        elif isinstance(part, nn.LayerNorm):
            put(f"{name}.weight", part.weight)
            put(f"{name}.bias", _bias(part.bias, part.normalized_shape[0]))
        else:
            continue
        used.update(f"{name}.{p}" for p, _ in part.named_parameters(recurse=False))
    left = sorted(set(dict(module.named_parameters())) - used)
    if left:  # a parameter GPT-2 has no place for: the export would silently lose it
        raise ValueError(f"no GPT-2 weight for {left[0]}")
    return tensors


def _bias(bias: torch.Tensor | None, size: int) -> torch.Tensor:
    return bias if bias is not None else torch.zeros(size)


# --------------------------------------------------------------------------- the tokenizer


def hf_tokenizer_json(tokenizer: StudioTokenizer) -> str:
    """The run's tokenizer.json, made to read newlines as the app does (see the note above)."""
    data = json.loads(tokenizer.hf.to_str())
    if tokenizer.kind in NEWLINE_AS_TEXT_KINDS:
        return json.dumps(data, ensure_ascii=False)
    eos = tokenizer.spec.eos_token
    replacing: list[dict[str, Any]] = []
    if tokenizer.kind == "unigram":
        # Each line starts a text of its own for the app: Metaspace marks its first word
        # with ▁ (prepend_scheme "first"), which inside one text only the first line gets.
        replacing.append(_replace({"Regex": "\n(?=[^ \n])"}, eos + " "))
    replacing.append(_replace({"String": "\n"}, eos))
    # Before the app's own normalizer (lowercase), which the <eos> pattern is also put through.
    own = data.get("normalizer")
    data["normalizer"] = {"type": "Sequence", "normalizers": [*replacing, *([own] if own else [])]}
    for added in data.get("added_tokens", []):
        if added["content"] == eos:
            added["normalized"] = True  # matched in the text after "\n" became <eos>
    return json.dumps(data, ensure_ascii=False)


def _replace(pattern: dict[str, str], content: str) -> dict[str, Any]:
    return {"type": "Replace", "pattern": pattern, "content": content}


def special_tokens_map(tokenizer: StudioTokenizer) -> dict[str, str]:
    spec = tokenizer.spec
    return {
        "bos_token": spec.bos_token,
        "eos_token": spec.eos_token,
        "unk_token": spec.unk_token,
        "pad_token": spec.pad_token,
    }


def hf_tokenizer_config(tokenizer: StudioTokenizer, context: int) -> dict[str, Any]:
    """tokenizer_config.json: the fast tokenizer class, which reads tokenizer.json as it is
    (adding no special tokens: the file has no post-processor), and the special tokens."""
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        **special_tokens_map(tokenizer),
        "model_max_length": context,
        "clean_up_tokenization_spaces": False,
    }


# --------------------------------------------------------------------------- the folder


def _as_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def tokenizer_files(tokenizer: StudioTokenizer, context: int) -> dict[str, bytes]:
    """The files `AutoTokenizer.from_pretrained` reads, by name, as bytes."""
    return {
        TOKENIZER_FILE: hf_tokenizer_json(tokenizer).encode("utf-8"),
        TOKENIZER_CONFIG_FILE: _as_json(hf_tokenizer_config(tokenizer, context)),
        SPECIAL_TOKENS_FILE: _as_json(special_tokens_map(tokenizer)),
    }


def hf_files(module: GPT, tokenizer: StudioTokenizer) -> dict[str, bytes]:
    """Every file of the export, by name, as bytes."""
    from safetensors.torch import save

    return {
        CONFIG_FILE: _as_json(hf_config(module, tokenizer)),
        # "format": "pt" is what transformers asks of a safetensors file it loads
        WEIGHTS_FILE: save(hf_tensors(module), metadata={"format": "pt"}),
        **tokenizer_files(tokenizer, module.context),
    }


def check_hf_target(target: Path) -> None:
    """DIR may be new or an empty folder; anything else is refused before any work."""
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir() or any(target.iterdir()):
        raise StudioError("hf_target_not_empty", target=str(target))


def write_hf_folder(files: dict[str, bytes], target: Path) -> None:
    """Write `files` into a temporary folder beside `target`, then rename it to `target` (new,
    or an empty folder, which the rename replaces). On any failure nothing is left."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        make_shareable(temp)
        for name, data in files.items():
            with open(temp / name, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            make_shareable(temp / name)
        _rename_into(temp, target)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if exc.errno is not None and os.path.isdir(target) and any(Path(target).iterdir()):
            raise StudioError("hf_target_not_empty", target=str(target)) from None
        raise write_error(target, exc) from exc
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _rename_into(temp: Path, target: Path) -> None:
    try:
        os.rename(temp, target)  # replaces an empty folder (POSIX); never a full one
    except OSError:
        if not (target.is_dir() and not target.is_symlink()):
            raise
        os.rmdir(target)  # Windows will not rename onto a folder: remove it if still empty
        os.rename(temp, target)


def export_hf(folder: Path, target: Path) -> HFExport:
    """Export the GPT run in `folder` to `target` in transformers' GPT-2 layout. Refused: a
    run of another kind, a target inside the run folder, a target that is not a new or empty
    folder; a damaged run fails as for `generate`, before anything is written."""
    from lmstudio_app.core.models import model_kind
    from lmstudio_app.core.models.gpt.run_model import load_from_run
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json
    from lmstudio_app.core.runs import paths as runpaths

    folder, target = Path(folder), Path(target)
    run = read_run_json(folder)
    if run["model_kind"] != "gpt":
        kind = model_kind(run["model_kind"]).label
        raise StudioError("not_gpt_run", path=str(folder), kind=kind)
    runpaths.refuse_inside(folder, target)
    check_hf_target(target)
    model = load_from_run(folder, run, load_run_tokenizer(folder, run))
    files = hf_files(model.module, model.tokenizer)
    write_hf_folder(files, target)
    return HFExport(
        folder=target,
        files=tuple(files),
        bytes=sum(len(data) for data in files.values()),
        parameters=model.num_parameters,
    )
