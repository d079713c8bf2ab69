"""The n-gram commands end to end: train, eval, generate, export, import-arpa."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.runs import read_metrics, read_run_json


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory, shakespeare_text: str) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("texts")
    lines = shakespeare_text.split("\n")
    paths = {}
    for name, (start, stop) in {"train": (0, 3000), "valid": (3000, 3300),
                                "test": (3300, 3600)}.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text("\n".join(lines[start:stop]) + "\n", encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, texts: dict[str, Path]) -> Path:
    out = tmp_path_factory.mktemp("runs") / "kn3"
    code = main([
        "train", str(texts["train"]), "--valid", str(texts["valid"]), "--test",
        str(texts["test"]), "--model", "ngram", "--order", "3", "--smoothing", "kneser-ney",
        "--tokenizer", "word", "--sentence-per-line", "--out", str(out), "--json",
    ])
    assert code == 0
    return out


def test_train_writes_a_run_folder(
    trained: Path, texts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("run.json", "tokenizer.json", "model.arpa", "metrics.jsonl"):
        assert (trained / name).is_file()
    run = read_run_json(trained)
    assert run["model_kind"] == "ngram"
    assert run["model"] == {
        "order": 3, "smoothing": "kneser-ney", "add_k": 1.0, "sentence_per_line": True
    }
    assert run["status"] == "done" and run["metrics"]["valid_perplexity"] > 1
    assert {r.get("split") for r in read_metrics(trained)} >= {"valid", "test"}
    result = run_json(
        capsys, "train", str(texts["train"]), "--valid", str(texts["valid"]), "--test",
        str(texts["test"]), "--model", "ngram", "--order", "2", "--smoothing", "add-k",
        "--add-k", "0.5", "--tokenizer", "word", "--out", str(tmp_path / "addk"), "--json",
    )
    assert result["valid_perplexity"] > 1 and result["test_perplexity"] > 1
    assert result["order"] == 2 and result["smoothing"] == "add-k"
    assert read_run_json(tmp_path / "addk")["model"]["add_k"] == 0.5


def test_train_without_splits_or_tokenizer(
    texts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_json(
        capsys, "train", str(texts["train"]), "--model", "ngram", "--order", "4",
        "--smoothing", "witten-bell", "--out", str(tmp_path / "wb"), "--json",
    )
    assert result["tokenizer"] == "char"  # the suggestion for a short Latin text
    assert result["valid_perplexity"] > 1  # the held-out tail of the one file


def test_eval_reports_perplexity(
    trained: Path, texts: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_json(capsys, "eval", str(trained), str(texts["test"]), "--json")
    assert result["perplexity"] == pytest.approx(
        read_run_json(trained)["metrics"]["test_perplexity"], rel=1e-9
    )
    assert result["tokens"] > 1000 and 0 <= result["oov_rate"] < 0.2
    assert result["loss"] > 0 and result["model_kind"] == "ngram"
    stream = run_json(
        capsys, "eval", str(trained), str(texts["test"]), "--sentence-per-line", "no", "--json"
    )
    assert stream["tokens"] != result["tokens"] or stream["perplexity"] != result["perplexity"]
    assert main(["eval", str(trained), str(texts["test"])]) == 0
    assert "Perplexity" in capsys.readouterr().out


def test_generate_streams_text(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["generate", str(trained), "--prompt", "the king", "--max-tokens", "20",
            "--temperature", "0.8", "--top-k", "20", "--top-p", "0.9", "--seed", "7"]
    first = run_json(capsys, *argv, "--json")
    again = run_json(capsys, *argv, "--json")
    assert first == again and first["tokens"] >= 1 and first["text"]
    assert main(argv) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("the king")
    greedy = run_json(capsys, "generate", str(trained), "--max-tokens", "5", "--temperature",
                      "0", "--stop", "none", "--json")
    assert greedy["tokens"] == 5


def test_export_and_import(
    trained: Path, texts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arpa = tmp_path / "out.arpa"
    exported = run_json(capsys, "export", str(trained), "--arpa", str(arpa), "--json")
    assert arpa.read_bytes() == (trained / "model.arpa").read_bytes()
    assert len(exported["ngrams"]) == 3
    copy = tmp_path / "imported"
    imported = run_json(
        capsys, "import-arpa", str(arpa), "--tokenizer-from", str(trained), "--out", str(copy),
        "--json",
    )
    assert imported["order"] == 3 and imported["ngrams"] == exported["ngrams"]
    assert read_run_json(copy)["model"] == read_run_json(trained)["model"]
    before = run_json(capsys, "eval", str(trained), str(texts["valid"]), "--json")
    after = run_json(capsys, "eval", str(copy), str(texts["valid"]), "--json")
    assert after["perplexity"] == pytest.approx(before["perplexity"], rel=1e-9)


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "{train}", "--model", "ngram", "--order", "9", "--out", "{tmp}/x"],
        ["train", "{train}", "--model", "ngram", "--add-k", "0", "--out", "{tmp}/x"],
        ["train", "{train}", "--model", "ngram"],
        ["train", "{tmp}/missing.txt", "--model", "ngram", "--out", "{tmp}/x"],
        ["train", "{train}", "--model", "ngram", "--out", "{run}"],
        ["eval", "{tmp}", "{train}"],
        ["eval", "{run}", "{tmp}/missing.txt"],
        ["generate", "{tmp}/nowhere"],
        ["generate", "{run}", "--temperature", "-1"],
        ["export", "{tmp}/nowhere", "--arpa", "{tmp}/a.arpa"],
        ["import-arpa", "{tmp}/missing.arpa", "--tokenizer-from", "{run}", "--out", "{tmp}/y"],
        ["import-arpa", "{train}", "--tokenizer-from", "{run}", "--out", "{tmp}/y"],
        ["import-arpa", "{run}/model.arpa", "--tokenizer-from", "{run}"],
    ],
)
def test_bad_input_exits_2_with_a_sentence(
    argv: list[str],
    trained: Path,
    texts: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(train=texts["train"], tmp=tmp_path, run=trained) for a in argv]
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert err.startswith("lmstudio-app: ") and "Traceback" not in err
    assert not (tmp_path / "y").exists()


def test_import_refuses_a_foreign_vocabulary(
    trained: Path, texts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "chars"
    assert main(["train", str(texts["valid"]), "--model", "ngram", "--order", "2",
                 "--tokenizer", "char", "--out", str(other)]) == 0
    capsys.readouterr()
    assert main(["import-arpa", str(trained / "model.arpa"), "--tokenizer-from", str(other),
                 "--out", str(tmp_path / "mixed")]) == 2
    assert "not in the tokenizer" in capsys.readouterr().err
