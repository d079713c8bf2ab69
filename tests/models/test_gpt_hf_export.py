"""`lmstudio-app export RUN --hf DIR`: a GPT run in Hugging Face's GPT-2 layout.

The layout tests need only safetensors and tokenizers; the round trip loads the folder with
`transformers` (skipped where it is not installed) and compares its next-token scores and
token ids with the app's.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from tokenizers import Tokenizer

from lmstudio_app.cli import main
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.models.gpt.hf_export import HF_FILES, hf_files, write_hf_folder
from lmstudio_app.core.models.gpt.module import GPT
from lmstudio_app.core.models.gpt.run_model import GPTRunModel, load_from_run
from lmstudio_app.core.models.gpt.spec import GPTSpec
from lmstudio_app.core.runs import load_run_tokenizer, read_run_json

NETWORK = [
    "--model",
    "gpt",
    "--layers",
    "2",
    "--heads",
    "2",
    "--embed-dim",
    "16",
    "--context",
    "16",
    "--dropout",
    "0.1",
    "--batch-size",
    "4",
    "--threads",
    "1",
    "--sample-tokens",
    "5",
    "--max-steps",
    "5",
    "--eval-every",
    "0",
]
# A char run with biases, a BPE run without: each is exported and read back.
RUNS = {
    "char": ["--tokenizer", "char", "--bias", "yes"],
    "bpe": ["--tokenizer", "bpe", "--bias", "no"],
}
TEXTS = [
    "First Citizen:\nBefore we proceed any further, hear me speak.",
    "You are all resolved rather to die than to famish?\n\nResolved. resolved.\n",
    "Zebra é ☃ 日本 <eos> x",  # unseen characters (<unk>) and a special token in the text
]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("gpt-runs")
    corpus = folder / "plays.txt"
    corpus.write_text(shakespeare_text[:20_000], encoding="utf-8")
    made = {}
    for name, flags in RUNS.items():
        made[name] = folder / name
        argv = ["train", str(corpus), *NETWORK, *flags, "--out", str(made[name]), "--json"]
        assert main(argv) == 0
    return made


@pytest.fixture(scope="module")
def exported(runs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hf")
    made = {}
    for name, run in runs.items():
        made[name] = folder / name
        assert main(["export", str(run), "--hf", str(made[name])]) == 0
    return made


def run_model(run: Path) -> GPTRunModel:
    return load_from_run(run, read_run_json(run), load_run_tokenizer(run))


# --------------------------------------------------------------------------- layout


@pytest.mark.parametrize("name", list(RUNS))
def test_the_folder_has_gpt2_names_shapes_and_our_numbers(
    name: str, runs: dict[str, Path], exported: dict[str, Path]
) -> None:
    model = run_model(runs[name])
    spec, tokenizer = model.module.spec, model.tokenizer
    folder = exported[name]
    assert sorted(p.name for p in folder.iterdir()) == sorted(HF_FILES)
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no leftovers

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["model_type"] == "gpt2" and config["architectures"] == ["GPT2LMHeadModel"]
    assert (config["n_layer"], config["n_head"], config["n_embd"]) == (2, 2, 16)
    assert config["n_positions"] == config["n_ctx"] == 16 and config["n_inner"] == 64
    assert config["vocab_size"] == tokenizer.vocab_size
    assert config["activation_function"] == "gelu_new"  # GELU's tanh form, as ours
    assert config["layer_norm_epsilon"] == 1e-5
    assert config["resid_pdrop"] == config["embd_pdrop"] == config["attn_pdrop"] == 0.1
    assert config["tie_word_embeddings"] is True and config["scale_attn_weights"] is True
    assert config["bos_token_id"] == tokenizer.bos_id
    assert config["eos_token_id"] == tokenizer.eos_id

    with safe_open(str(folder / "model.safetensors"), framework="pt") as handle:
        assert handle.metadata() == {"format": "pt"}
        tensors = {key: handle.get_tensor(key) for key in handle.keys()}  # noqa: SIM118
    per_block = [f"ln_{n}.{p}" for n in (1, 2) for p in ("weight", "bias")] + [
        f"{m}.{p}"
        for m in ("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj")
        for p in ("weight", "bias")
    ]
    expected = {"wte.weight", "wpe.weight", "ln_f.weight", "ln_f.bias"} | {
        f"h.{i}.{part}" for i in range(2) for part in per_block
    }
    assert set(tensors) == {f"transformer.{key}" for key in expected}  # lm_head: tied
    ours = dict(model.module.named_parameters())
    # Conv1D keeps (in, out): our Linear weights transposed
    assert tensors["transformer.h.1.attn.c_attn.weight"].shape == (16, 48)
    assert torch.equal(tensors["transformer.h.1.mlp.c_fc.weight"], ours["h.1.mlp.c_fc.weight"].t())
    assert torch.equal(tensors["transformer.wte.weight"], ours["wte.weight"])
    bias = tensors["transformer.h.0.attn.c_proj.bias"]
    if spec.bias:
        assert torch.equal(bias, ours["h.0.attn.c_proj.bias"]) and bias.abs().sum() > 0
    else:  # GPT-2 always adds a bias: ours had none, so it adds zero
        assert "h.0.attn.c_proj.bias" not in ours and torch.equal(bias, torch.zeros(16))
        assert torch.equal(tensors["transformer.ln_f.bias"], torch.zeros(16))

    tokens = json.loads((folder / "special_tokens_map.json").read_text(encoding="utf-8"))
    assert tokens == {
        "bos_token": "<bos>",
        "eos_token": "<eos>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
    }
    settings = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert settings["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert settings["model_max_length"] == 16 and settings["eos_token"] == "<eos>"
    # the tokenizers library alone reads the file and gives the app's ids
    library = Tokenizer.from_file(str(folder / "tokenizer.json"))
    for text in TEXTS:
        assert library.encode(text, add_special_tokens=False).ids == tokenizer.encode_ids(text)


def test_export_prints_what_it_wrote(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    code, out, _ = cli(capsys, "export", str(runs["char"]), "--hf", str(tmp_path / "a"), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["hf"] == str(tmp_path / "a") and result["files"] == list(HF_FILES)
    assert result["bytes"] == sum(p.stat().st_size for p in (tmp_path / "a").iterdir())
    assert result["parameters"] == run_model(runs["char"]).num_parameters
    code, out, _ = cli(capsys, "export", str(runs["char"]), "--hf", str(tmp_path / "b"))
    assert code == 0 and out.startswith(f"Saved {tmp_path / 'b'} for Hugging Face transformers")


# --------------------------------------------------------------------------- refusals


def test_a_run_of_another_kind_is_refused(tmp_path: Path, shakespeare_text: str, capsys) -> None:
    corpus = tmp_path / "plays.txt"
    corpus.write_text(shakespeare_text[:5_000], encoding="utf-8")
    lstm = tmp_path / "lstm"
    code, _, _ = cli(
        capsys,
        "train",
        str(corpus),
        "--model",
        "lstm",
        "--embed-dim",
        "8",
        "--hidden-size",
        "8",
        "--seq-len",
        "8",
        "--batch-size",
        "2",
        "--threads",
        "1",
        "--max-steps",
        "1",
        "--sample-tokens",
        "0",
        "--out",
        str(lstm),
    )
    assert code == 0
    code, out, err = cli(capsys, "export", str(lstm), "--hf", str(tmp_path / "hf"))
    assert code == 2 and out == ""
    assert err == (
        f"lmstudio-app: {lstm}: only a GPT run can be exported to Hugging Face's format; "
        "this run's model kind is LSTM.\n"
    )
    assert not (tmp_path / "hf").exists()


def test_a_folder_that_is_not_empty_is_left_as_it_was(
    runs: dict[str, Path], tmp_path: Path, capsys
) -> None:
    target = tmp_path / "hf"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = cli(capsys, "export", str(runs["char"]), "--hf", str(target))
    assert code == 2
    assert err == (
        f"lmstudio-app: {target} already exists and is not an empty folder. Choose a new "
        "folder name, or an empty folder.\n"
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    code, _, err = cli(capsys, "export", str(runs["char"]), "--hf", str(a_file))
    assert code == 2 and "already exists and is not an empty folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "hf"]  # nothing beside


def test_an_empty_folder_is_filled(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    target = tmp_path / "hf"
    target.mkdir()
    assert cli(capsys, "export", str(runs["bpe"]), "--hf", str(target))[0] == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(HF_FILES)


def test_the_run_folder_itself_is_refused(runs: dict[str, Path], capsys) -> None:
    before = sorted(p.name for p in runs["char"].iterdir())
    code, _, err = cli(capsys, "export", str(runs["char"]), "--hf", str(runs["char"] / "hf"))
    assert code == 2 and "is inside the run folder" in err
    assert sorted(p.name for p in runs["char"].iterdir()) == before


def test_only_one_target_at_a_time(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(runs["char"]), "--hf", str(tmp_path / "a"), "--arpa", "x.arpa"])
    assert exit_.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_a_failed_write_leaves_no_half_folder(
    runs: dict[str, Path], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up at the third file: no DIR, and no temporary folder beside it."""
    calls = []
    real_fsync = os.fsync

    def full_disk(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", full_disk)
    target = tmp_path / "hf"
    code, _, err = cli(capsys, "export", str(runs["char"]), "--hf", str(target))
    assert code == 2 and "the disk is full" in err and len(calls) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_folder_filled_while_writing_is_not_replaced(tmp_path: Path) -> None:
    """The target was empty when checked and holds a file by the time the export is renamed
    into place: the rename fails, the file stays, the temporary folder goes."""
    target = tmp_path / "hf"
    target.mkdir()
    (target / "late.txt").write_text("arrived meanwhile", encoding="utf-8")
    with pytest.raises(StudioError) as refused:
        write_hf_folder({"config.json": b"{}"}, target)
    assert refused.value.code == "hf_target_not_empty"
    assert [p.name for p in tmp_path.iterdir()] == ["hf"]
    assert [p.name for p in target.iterdir()] == ["late.txt"]


def test_a_damaged_run_writes_nothing(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    import shutil

    damaged = tmp_path / "run"
    shutil.copytree(runs["char"], damaged)
    (damaged / "model.safetensors").write_bytes(b"not a safetensors file")
    code, _, err = cli(capsys, "export", str(damaged), "--hf", str(tmp_path / "hf"))
    assert code == 2 and "the run folder is damaged" in err
    assert not (tmp_path / "hf").exists()


# --------------------------------------------------------------------------- transformers


@pytest.mark.parametrize("name", list(RUNS))
def test_transformers_reads_the_same_model(
    name: str, runs: dict[str, Path], exported: dict[str, Path]
) -> None:
    transformers = pytest.importorskip("transformers")
    model = run_model(runs[name])
    theirs = transformers.GPT2LMHeadModel.from_pretrained(exported[name]).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(exported[name])
    for text in TEXTS:
        ids = model.tokenizer.encode_ids(text)
        assert tokenizer(text)["input_ids"] == ids, text
        window = torch.tensor([ids[:16]])
        with torch.no_grad():
            ours = model.module(window).logits
            got = theirs(window).logits
        assert got.shape == ours.shape
        assert torch.allclose(got, ours, rtol=0, atol=1e-4), (got - ours).abs().max()


@pytest.fixture(scope="module")
def sharp(tmp_path_factory: pytest.TempPathFactory) -> tuple[GPTRunModel, Path]:
    """Five training steps leave the weights near their small start, where many mistakes
    would hide under 1e-4 and greedy decoding repeats one token. This network's weights are
    large (and it has no biases): its scores span several units and its choices vary."""
    from lmstudio_app.core.tokenization import TokenizerSpec
    from lmstudio_app.core.tokenization.build import train_tokenizer

    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "abcdefgh ijkl\nmnop")
    torch.manual_seed(0)
    spec = GPTSpec(layers=2, heads=4, embed_dim=32, context=24, bias=False)
    module = GPT(tokenizer.vocab_size, spec).eval()
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.normal_(0.0, 0.4)
    folder = tmp_path_factory.mktemp("sharp") / "hf"
    write_hf_folder(hf_files(module, tokenizer), folder)
    return GPTRunModel(module, tokenizer), folder


def test_a_sharper_network_agrees_too_and_the_gelu_form_matters(
    sharp: tuple[GPTRunModel, Path],
) -> None:
    """The comparison holds for large weights, and it would catch the exact GELU ("gelu"
    instead of "gelu_new")."""
    transformers = pytest.importorskip("transformers")
    model, folder = sharp
    generator = torch.Generator().manual_seed(1)
    ids = torch.randint(0, model.vocab_size, (3, 24), generator=generator)
    with torch.no_grad():
        ours = model.module(ids).logits
        theirs = transformers.GPT2LMHeadModel.from_pretrained(folder).eval()(ids).logits
        exact = transformers.GPT2LMHeadModel.from_pretrained(folder, activation_function="gelu")
        exact_logits = exact.eval()(ids).logits
    assert ours.abs().max() > 1  # far from the near-zero scores of a fresh network
    assert torch.allclose(theirs, ours, rtol=0, atol=1e-4), (theirs - ours).abs().max()
    assert (exact_logits - ours).abs().max() > 1e-3


def test_transformers_generates_what_the_app_generates(sharp: tuple[GPTRunModel, Path]) -> None:
    """Greedy decoding with transformers' own key/value cache picks the app's tokens (its
    cache, one position a token) when its prompt starts, as the app's generation does, with
    the token that begins a line."""
    transformers = pytest.importorskip("transformers")
    model, folder = sharp
    theirs = transformers.GPT2LMHeadModel.from_pretrained(folder).eval()
    prompt = model.tokenizer.encode_ids("abc")
    state = model.start(prompt)
    ours = []
    for _ in range(model.context - len(prompt) - 1):  # the whole context, no sliding
        token = int(state.logprobs.argmax())
        ours.append(token)
        state = model.advance(state, token)
    assert len(set(ours)) > 3  # not one token over and over
    with torch.no_grad():
        out = theirs.generate(
            torch.tensor([[model.start_id, *prompt]]),
            attention_mask=torch.ones(1, len(prompt) + 1, dtype=torch.long),
            max_new_tokens=len(ours),
            do_sample=False,
        )
    got = out[0, len(prompt) + 1 :].tolist()
    # transformers stops at <eos> (config.json's eos_token_id); the app writes on
    assert got == ours[: len(got)]
    assert len(got) == len(ours) or got[-1] == model.tokenizer.eos_id
