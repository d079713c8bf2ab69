"""Case 5: damaged run folders. Each one is refused with "the run folder is damaged (...)" or
"saved by a newer version", exit 2, and the folder is left exactly as it was."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from .conftest import assert_refused, read_json, snapshot


def _refused_everywhere(capsys, folder: Path, corpus: Path, says: str) -> None:
    """generate, eval and train --resume all refuse the folder, and change nothing in it."""
    before = snapshot(folder)
    assert_refused(capsys, "generate", str(folder), "--max-tokens", "3", says=says)
    assert_refused(capsys, "eval", str(folder), str(corpus), says=says)
    assert_refused(capsys, "train", "--resume", str(folder), says=says)
    assert snapshot(folder) == before


@pytest.mark.parametrize("missing", ["run.json", "tokenizer.json", "model.safetensors"])
def test_case05_missing_files(run_copy: Path, plays: Path, capsys, missing: str) -> None:
    """A run folder without one of its files: a sentence that names the folder and the file
    (run.json missing: "there is no run folder here")."""
    (run_copy / missing).unlink()
    says = "there is no run folder here" if missing == "run.json" else "damaged"
    before = snapshot(run_copy)
    assert_refused(capsys, "generate", str(run_copy), says=(str(run_copy), says))
    assert snapshot(run_copy) == before


def test_case05_truncated_safetensors(run_copy: Path, plays: Path, capsys) -> None:
    """model.safetensors cut in half: "the run folder is damaged (model.safetensors is not a
    readable safetensors file ...)"."""
    weights = run_copy / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    assert_refused(capsys, "generate", str(run_copy), says="model.safetensors is not a readable")


def test_case05_truncated_checkpoint(run_copy: Path, capsys) -> None:
    """A truncated checkpoint: train --resume says the checkpoint is not readable."""
    state = next((run_copy / "checkpoint").glob("step-*/state.safetensors"))
    state.write_bytes(state.read_bytes()[:100])
    assert_refused(capsys, "train", "--resume", str(run_copy), "--max-steps", "9",
                   says="the checkpoint is not a readable safetensors file")


def test_case05_run_json_not_json(run_copy: Path, plays: Path, capsys) -> None:
    """run.json that is not JSON: "the run folder is damaged (run.json is not valid JSON)"."""
    (run_copy / "run.json").write_text("{ this is not json", encoding="utf-8")
    _refused_everywhere(capsys, run_copy, plays, "run.json is not valid JSON")


def test_case05_run_json_from_the_future(run_copy: Path, plays: Path, capsys) -> None:
    """run.json with format_version 99: "saved by a newer version of the app (format 99);
    update the app"."""
    run = read_json(run_copy / "run.json")
    run["format_version"] = 99
    (run_copy / "run.json").write_text(json.dumps(run), encoding="utf-8")
    _refused_everywhere(capsys, run_copy, plays, "saved by a newer version of the app")


def test_case05_run_json_with_unknown_settings(run_copy: Path, capsys) -> None:
    """run.json whose model settings hold a key this version does not know: damaged, with
    the key named."""
    run = read_json(run_copy / "run.json")
    run["model"]["warp_drive"] = True
    (run_copy / "run.json").write_text(json.dumps(run), encoding="utf-8")
    assert_refused(capsys, "generate", str(run_copy), says=("damaged", "warp_drive"))


def test_case05_weights_that_do_not_fit(run_copy: Path, trained_run: Path, capsys) -> None:
    """Weights of another shape than run.json describes: "the weights do not fit the model
    (... has shape ..., the model needs ...)"."""
    run = read_json(run_copy / "run.json")
    run["model"]["hidden_size"] = 32
    (run_copy / "run.json").write_text(json.dumps(run), encoding="utf-8")
    assert_refused(capsys, "generate", str(run_copy), says="the weights do not fit the model")


class _Exploit:
    """Unpickling this creates a file: proof that a pickle was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pickle code ran"))


def test_case05_pickle_as_model_safetensors(run_copy: Path, tmp_path: Path, capsys) -> None:
    """A pickle (as torch.save writes) dropped in as model.safetensors and as the checkpoint
    is refused as damaged and never executed: the file its code would create never appears."""
    marker = tmp_path / "pwned.txt"
    payload = pickle.dumps({"weights": _Exploit(marker)}, protocol=2)
    # Check the payload really is live, in a copy we unpickle on purpose.
    pickle.loads(payload)
    assert marker.exists()
    marker.unlink()
    (run_copy / "model.safetensors").write_bytes(payload)
    state = next((run_copy / "checkpoint").glob("step-*/state.safetensors"))
    state.write_bytes(payload)
    assert_refused(capsys, "generate", str(run_copy), says="model.safetensors is not a readable")
    assert_refused(capsys, "train", "--resume", str(run_copy), "--max-steps", "9",
                   says="damaged")
    assert_refused(capsys, "eval", str(run_copy), str(run_copy / "run.json"),
                   says="model.safetensors is not a readable")
    assert not marker.exists()


def test_case05_ngram_model_file_damaged(ngram_run: Path, tmp_path: Path, capsys) -> None:
    """An n-gram run whose model.arpa is cut short: damaged, exit 2."""
    import shutil

    folder = tmp_path / "ngram"
    shutil.copytree(ngram_run, folder)
    arpa = folder / "model.arpa"
    arpa.write_text(arpa.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    assert_refused(capsys, "generate", str(folder), says="damaged")
