"""`lmstudio-app train --model lstm|gru|rnn`, `--resume`, and eval / generate on its runs."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.runs import read_metrics, read_run_json
from lmstudio_app.core.runs.jobs import MissingText, missing_run_text

TINY = [
    "--embed-dim", "8", "--hidden-size", "16", "--seq-len", "16", "--batch-size", "4",
    "--threads", "1", "--sample-tokens", "5",
]


@pytest.fixture
def corpus(tmp_path: Path, shakespeare_text: str) -> Path:
    path = tmp_path / "plays.txt"
    path.write_text(shakespeare_text[:20_000], encoding="utf-8")
    return path


def train_json(capsys, *argv: str) -> dict:
    assert main(["train", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def has_command(name: str) -> bool:
    return importlib.util.find_spec(f"lmstudio_app.commands.{name}") is not None


def test_train_json_and_run_folder(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    out = train_json(
        capsys, str(corpus), "--model", "gru", "--tokenizer", "char", *TINY,
        "--max-steps", "12", "--eval-every", "6", "--out", str(run),
    )
    assert {"valid_loss", "valid_perplexity", "steps", "tokens_per_s"} <= set(out)
    assert out["steps"] == 12 and out["tokens_per_s"] > 0
    assert out["valid_perplexity"] == pytest.approx(2.718281828 ** out["valid_loss"], rel=1e-6)
    saved = read_run_json(run)
    assert saved["model_kind"] == "gru" and saved["status"] == "finished"
    assert saved["model"]["hidden_size"] == 16
    assert saved["train"]["max_minutes"] == 0  # a budget given replaces the preset's
    assert saved["corpus"]["source"]["files"] == [str(corpus.resolve())]
    for name in ("run.json", "tokenizer.json", "model.safetensors", "metrics.jsonl"):
        assert (run / name).is_file()
    assert (run / "checkpoint" / "latest.json").is_file()


def test_resume_without_a_corpus_continues_exactly(tmp_path: Path, corpus: Path, capsys) -> None:
    # A constant learning rate does not depend on the budget, so a 6-step run resumed up to
    # 14 steps must match a 14-step run loss for loss.
    common = [str(corpus), "--tokenizer", "char", *TINY, "--eval-every", "5", "--dropout",
              "0.1", "--layers", "2", "--schedule", "constant"]
    whole = tmp_path / "whole"
    train_json(capsys, *common, "--max-steps", "14", "--out", str(whole))
    part = tmp_path / "part"
    train_json(capsys, *common, "--max-steps", "6", "--out", str(part))
    resumed = train_json(capsys, "--resume", str(part), "--max-steps", "14")
    assert resumed["steps"] == 14
    losses = {
        name: [r["loss"] for r in read_metrics(folder) if r["kind"] == "train"]
        for name, folder in (("whole", whole), ("part", part))
    }
    assert len(losses["part"]) == 14
    assert losses["part"] == losses["whole"]
    assert read_run_json(part)["train"]["max_steps"] == 14


def test_resume_refuses_changes_and_a_changed_corpus(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", *TINY, "--max-steps", "3",
               "--out", str(run))
    assert main(["train", "--resume", str(run), "--hidden-size", "32"]) == 2
    assert "Hidden size cannot be changed" in capsys.readouterr().err
    corpus.write_text(corpus.read_text(encoding="utf-8") + "more text\n", encoding="utf-8")
    assert main(["train", "--resume", str(run), "--max-steps", "5"]) == 2
    assert "has changed" in capsys.readouterr().err
    assert main(["train", "--resume", str(tmp_path / "nothing")]) == 2
    assert "no run folder" in capsys.readouterr().err


def test_bad_settings_exit_2_with_a_sentence(tmp_path: Path, corpus: Path, capsys) -> None:
    code = main(["train", str(corpus), "--tokenizer", "char", "--hidden-size", "0",
                 "--out", str(tmp_path / "r")])
    assert code == 2
    err = capsys.readouterr().err
    assert "Hidden size must be between 1 and 16384, not 0" in err
    assert not (tmp_path / "r").exists()  # refused before anything was written
    code = main(["train", str(corpus), "--tokenizer", "char", "--lr", "-1",
                 "--out", str(tmp_path / "r")])
    assert code == 2 and "Learning rate must be between" in capsys.readouterr().err
    code = main(["train", str(corpus), "--tokenizer", "char", "--seq-len", "50000",
                 "--out", str(tmp_path / "r")])
    assert code == 2 and "too short for one training window" in capsys.readouterr().err
    assert main(["train", str(corpus), "--tokenizer", "char"]) == 2
    assert "--out" in capsys.readouterr().err


def test_existing_run_is_not_overwritten(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", *TINY, "--max-steps", "2",
               "--out", str(run))
    before = (run / "model.safetensors").read_bytes()
    assert main(["train", str(corpus), "--tokenizer", "char", "--out", str(run)]) == 2
    assert "already holds a run" in capsys.readouterr().err
    assert (run / "model.safetensors").read_bytes() == before


def test_divergence_exits_2_without_traceback_and_the_run_still_generates(
    tmp_path: Path, corpus: Path
) -> None:
    run = tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-m", "lmstudio_app", "train", str(corpus), "--tokenizer", "char",
         "--model", "rnn", *TINY, "--optimizer", "sgd", "--lr", "1000", "--clip", "0",
         "--schedule", "constant", "--max-steps", "300", "--out", str(run)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "the loss became" in result.stderr and "try a smaller one" in result.stderr
    _, _, lm = load_run_model(run)
    from lmstudio_app.core.generation import GenerationSpec, generate

    ids = [t.token_id for t in generate(lm, [], GenerationSpec(max_tokens=5, stop="none"))]
    assert len(ids) == 5


def test_default_preset_adapts_to_a_short_text(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", "--max-steps", "1", "--threads", "1",
               "--sample-tokens", "0", "--out", str(run))
    saved = read_run_json(run)
    # 20,000 characters: the small preset's 512 units narrowed to what the text can teach,
    # dropout 0.5 and early stopping (core's `preset_specs`, fitted to the text)
    assert saved["model"]["hidden_size"] == 128 and saved["model"]["dropout"] == 0.5
    assert saved["train"]["patience"] > 0
    run2 = tmp_path / "run2"
    train_json(capsys, str(corpus), "--tokenizer", "char", "--max-steps", "1", "--threads", "1",
               "--sample-tokens", "0", "--dropout", "0", "--out", str(run2))
    assert read_run_json(run2)["model"]["dropout"] == 0.0


def test_preset_and_word_tokenizer(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    out = train_json(capsys, str(corpus), "--tokenizer", "word", "--preset", "tiny",
                     "--max-steps", "3", "--threads", "1", "--out", str(run))
    saved = read_run_json(run)
    # the word preset (128 units, SGD) narrowed for a text of a few thousand words
    assert saved["model"]["hidden_size"] == 64 and saved["train"]["optimizer"] == "sgd"
    assert saved["tokenizer"]["kind"] == "word"
    assert out["steps"] == 3


@pytest.mark.skipif(not has_command("evaluate"), reason="the eval command is not there yet")
def test_eval_command_on_a_recurrent_run(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", *TINY, "--max-steps", "4",
               "--out", str(run))
    assert main(["eval", str(run), str(corpus), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["perplexity"] > 1 and out["tokens"] > 0


@pytest.mark.skipif(not has_command("generate"), reason="the generate command is not there yet")
def test_generate_command_on_a_recurrent_run(tmp_path: Path, corpus: Path, capsys) -> None:
    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", *TINY, "--max-steps", "4",
               "--out", str(run))
    assert main(["generate", str(run), "--max-tokens", "20", "--seed", "1"]) == 0
    first = capsys.readouterr().out
    assert main(["generate", str(run), "--max-tokens", "20", "--seed", "1"]) == 0
    assert capsys.readouterr().out == first


def test_resume_finds_a_moved_text_with_corpus_and_keeps_the_recorded_split(
    tmp_path: Path, corpus: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run folder taken to another computer names its text by the old computer's path.
    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", *TINY, "--max-steps", "3",
               "--split", "0.8,0.1,0.1", "--out", str(run))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert missing_run_text(run) is None
    corpus.rename(elsewhere / corpus.name)
    # What the window asks about (one file, which may be named under another name now).
    assert missing_run_text(run) == MissingText((str(corpus.resolve()),), one_file=True)
    assert main(["train", "--resume", str(run), "--max-steps", "5"]) == 2
    assert "there is no file or folder" in capsys.readouterr().err
    # Relative to the current folder, a folder holding the file by its name or the file itself;
    # read and split as recorded (0.8/0.1/0.1), which naming the file as CORPUS would not.
    monkeypatch.chdir(tmp_path)
    assert main(["train", "--resume", str(run), "elsewhere/plays.txt", "--max-steps", "5"]) == 2
    assert "has changed" in capsys.readouterr().err
    resumed = train_json(capsys, "--resume", str(run), "--corpus", "elsewhere", "--max-steps", "5")
    assert resumed["steps"] == 5
    # Where it was found is recorded: the next resume finds it there without being told.
    assert missing_run_text(run) is None
    assert train_json(capsys, "--resume", str(run), "--max-steps", "6")["steps"] == 6
    renamed = elsewhere / "book.txt"
    (elsewhere / corpus.name).rename(renamed)
    resumed = train_json(capsys, "--resume", str(run), "--corpus", "elsewhere/book.txt",
                         "--max-steps", "7")
    assert resumed["steps"] == 7
    assert missing_run_text(run) is None
    renamed.rename(elsewhere / "renamed-again.txt")
    assert main(["train", "--resume", str(run), "--corpus", "elsewhere", "--max-steps", "9"]) == 2
    assert "book.txt: there is no file" in capsys.readouterr().err
    renamed = (elsewhere / "renamed-again.txt").rename(renamed)
    # Another text named as where it is now: refused as not the run's, and the run unchanged.
    other = elsewhere / "other.txt"
    other.write_text(renamed.read_text(encoding="utf-8")[::-1], encoding="utf-8")
    before = (run / "run.json").read_bytes()
    assert main(["train", "--resume", str(run), "--corpus", str(other), "--max-steps", "9"]) == 2
    assert f"{other} is not the text this run was trained on" in capsys.readouterr().err
    assert (run / "run.json").read_bytes() == before


def test_a_text_read_from_a_folder_is_asked_for_as_a_folder_and_a_sample_never(
    tmp_path: Path, corpus: Path, capsys
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    corpus.rename(texts / corpus.name)
    run = tmp_path / "run"
    train_json(capsys, str(texts), "--tokenizer", "char", *TINY, "--max-steps", "2",
               "--out", str(run))
    texts.rename(tmp_path / "moved")
    assert missing_run_text(run) == MissingText((str(texts.resolve()),), one_file=False)
    sample = tmp_path / "sample"
    train_json(capsys, "--sample", "names", "--tokenizer", "char", *TINY, "--max-steps", "2",
               "--out", str(sample))
    assert missing_run_text(sample) is None
    assert missing_run_text(tmp_path / "nothing") is None  # resuming says why


def test_a_stopped_run_can_be_resumed_and_a_finished_one_not(
    tmp_path: Path, corpus: Path, capsys
) -> None:
    from lmstudio_app.core.runs import update_run_json
    from lmstudio_app.core.runs.jobs import can_resume_run

    run = tmp_path / "run"
    train_json(capsys, str(corpus), "--tokenizer", "char", *TINY, "--max-steps", "3",
               "--out", str(run))
    assert not can_resume_run(run)  # finished: its budget is spent
    update_run_json(run, status="cancelled")  # what Stop, Quit or Ctrl-C leave
    assert can_resume_run(run)
    update_run_json(run, status="running")  # a crash: no live lock holds it
    assert can_resume_run(run)
    (run / "checkpoint" / "latest.json").unlink()
    assert not can_resume_run(run)
    assert not can_resume_run(tmp_path / "nothing")
