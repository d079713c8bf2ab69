"""`lmstudio-app train --lesson`: the lesson's text and settings, and bad lessons refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.lessons import LESSON_FORMAT, Lesson, save_lesson
from lmstudio_app.core.models.ngram import NGramSpec
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.specs import preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec

TINY_TEXT = "the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n" * 30


@pytest.fixture
def ngram_lesson(tmp_path: Path) -> Path:
    path = tmp_path / "cats.lmlesson"
    save_lesson(path, Lesson(
        model_kind="ngram",
        model=NGramSpec(order=2, smoothing="add-k", add_k=0.5, sentence_per_line=True),
        tokenizer=TokenizerSpec(kind="word"),
        text=TINY_TEXT,
        text_name="Cats and dogs",
        title="Counting pairs",
        locked={"model": ("order",)},
    ))
    return path


def test_train_with_an_ngram_lesson_uses_its_text_and_settings(
    ngram_lesson: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    code = main(["train", "--lesson", str(ngram_lesson), "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["model"] == "ngram" and result["order"] == 2
    assert result["tokenizer"] == "word" and result["valid_perplexity"] > 1
    run = read_run_json(out)
    assert run["model"] == {
        "order": 2, "smoothing": "add-k", "add_k": 0.5, "sentence_per_line": True
    }
    assert run["corpus"]["name"] == "Cats and dogs"


def test_a_flag_may_change_an_unlocked_setting_but_not_a_locked_one(
    ngram_lesson: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["train", "--lesson", str(ngram_lesson), "--add-k", "2",
                 "--out", str(tmp_path / "k2"), "--json"])
    assert code == 0, capsys.readouterr().err
    assert read_run_json(tmp_path / "k2")["model"]["add_k"] == 2.0
    code = main(["train", "--lesson", str(ngram_lesson), "--order", "4",
                 "--out", str(tmp_path / "o4")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Order (n) is locked by the lesson" in err
    assert not (tmp_path / "o4").exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ({"format": LESSON_FORMAT, "version": 1, "corpus": {"sample": "names"},
          "model_kind": "lstm", "model": {"hidden_size": "big"}},
         "Hidden size must be between 1 and 16384, not big."),
        ({"format": LESSON_FORMAT, "version": 1, "corpus": {"path": "/etc/passwd"},
          "model_kind": "ngram"},
         "the lesson points to a file or folder (corpus.path)"),
        ("{not json", "this is not a lesson file this app can read"),
    ],
)
def test_a_bad_lesson_exits_2_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: object, fragment: str
) -> None:
    path = tmp_path / "bad.lmlesson"
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    code = main(["train", "--lesson", str(path), "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"lmstudio-app: {path}:"), err
    assert fragment in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_lesson_and_resume_do_not_go_together(
    ngram_lesson: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["train", "--lesson", str(ngram_lesson), "--resume", str(tmp_path)])
    assert code == 2
    assert "--lesson starts a new run" in capsys.readouterr().err


def test_train_with_a_recurrent_lesson_on_a_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lmstudio_app.core.specs import ModelSpec, TrainSpec

    lesson = tmp_path / "names.lmlesson"
    save_lesson(lesson, Lesson(
        model_kind="gru",
        model=ModelSpec(family="gru", embed_dim=8, hidden_size=16),
        training=TrainSpec(max_steps=3, max_minutes=0, eval_tokens=2000, sample_tokens=10,
                           seed=5),
        tokenizer=TokenizerSpec(kind="char"),
        sample="names",
        preset="tiny",  # named, but the lesson's own settings are what is trained
    ))
    out = tmp_path / "run"
    code = main(["train", "--lesson", str(lesson), "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    run = read_run_json(out)
    assert run["model_kind"] == "gru"
    assert run["model"]["hidden_size"] == 16 and run["model"]["embed_dim"] == 8
    assert run["train"]["max_steps"] == 3 and run["train"]["seed"] == 5
    # the sample is recorded as such, so that --resume can read it again
    assert run["corpus"]["source"]["sample"] == "names"


def test_a_lessons_advanced_tokenizer_settings_reach_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lesson that lowercases its words trains the same way from the command line."""
    path = tmp_path / "lower.lmlesson"
    save_lesson(path, Lesson(
        model_kind="ngram",
        model=NGramSpec(order=2),
        tokenizer=TokenizerSpec(kind="word", lowercase=True),
        text=TINY_TEXT.replace("the", "The"),
        text_name="Capitals",
    ))
    out = tmp_path / "run"
    code = main(["train", "--lesson", str(path), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert read_run_json(out)["tokenizer"]["lowercase"] is True
    vocabulary = json.loads((out / "tokenizer.json").read_text(encoding="utf-8"))
    assert "the" in json.dumps(vocabulary) and '"The"' not in json.dumps(vocabulary)


def test_a_tokenizer_flag_may_change_an_unlocked_setting_but_not_a_locked_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tokenizer's flags beside a lesson follow its locks, as the model's do."""
    path = tmp_path / "lower.lmlesson"
    save_lesson(path, Lesson(
        model_kind="ngram",
        model=NGramSpec(order=2),
        tokenizer=TokenizerSpec(kind="word", lowercase=True),
        text=TINY_TEXT,
        text_name="Cats and dogs",
        locked={"tokenizer": ("lowercase",)},
    ))
    code = main(["train", "--lesson", str(path), "--lowercase", "no",
                 "--out", str(tmp_path / "upper")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Lowercase is locked by the lesson" in err
    assert not (tmp_path / "upper").exists()
    code = main(["train", "--lesson", str(path), "--min-frequency", "2",
                 "--out", str(tmp_path / "run"), "--json"])
    assert code == 0, capsys.readouterr().err
    spec = read_run_json(tmp_path / "run")["tokenizer"]
    assert spec["min_frequency"] == 2 and spec["lowercase"] is True


# --------------------------------------------------------------------------- a short text

POEM = (
    "The woods are lovely, dark and deep,\nBut I have promises to keep,\n"
    "And miles to go before I sleep,\nAnd miles to go before I sleep.\n"
)
SMALL_LSTM = ["--embed-dim", "8", "--hidden-size", "16", "--seq-len", "16", "--batch-size", "2",
              "--threads", "1", "--sample-tokens", "5", "--max-steps", "4"]


@pytest.mark.parametrize("how", ["lesson", "file"])
def test_a_four_line_poem_trains_and_the_split_says_what_it_held_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """A teacher's poem was refused ("the validation part would be empty"): now one line is
    held out for validation and one for testing, and stderr says so in words."""
    if how == "lesson":
        source = tmp_path / "poem.lmlesson"
        save_lesson(source, Lesson(model_kind="lstm", text=POEM, text_name="Frost"))
        argv = ["--lesson", str(source)]
    else:
        source = tmp_path / "poem.txt"
        source.write_text(POEM, encoding="utf-8")
        argv = [str(source), "--model", "lstm"]
    out = tmp_path / "run"
    code = main(["train", *argv, "--tokenizer", "char", *SMALL_LSTM, "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "one whole line of it is held out for validation" in captured.err
    assert "one whole line of it is held out for testing" in captured.err
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["valid_loss"] > 0 and result["steps"] == 4
    assert read_run_json(out)["status"] == "finished"


# Lines so short that the training part (29 characters once a line is held out for validation
# and one for testing) is shorter than one window of every preset (64 characters and the next).
SHORT_POEM = "Roses are red,\nViolets blue,\nSugar is sweet,\nAnd so are you.\n"


@pytest.mark.parametrize("preset", ["tiny", "small", "medium"])
@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
def test_a_poem_of_short_lines_trains_with_every_family_and_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], family: str, preset: str
) -> None:
    """It was refused: "The training text has 29 tokens, too short for one training window
    of 65"; the preset now fits its windows to the text."""
    source = tmp_path / "poem.txt"
    source.write_text(SHORT_POEM, encoding="utf-8")
    for tokenizer in ("char", "word"):
        out = tmp_path / tokenizer
        code = main(["train", str(source), "--model", family, "--preset", preset,
                     "--tokenizer", tokenizer, "--max-steps", "5", "--threads", "1",
                     "--out", str(out), "--json"])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        result = json.loads(captured.out.strip().splitlines()[-1])
        assert result["steps"] == 5 and result["valid_loss"] > 0
        fitted = read_run_json(out)["train"]["seq_len"]
        assert fitted < preset_specs(preset, tokenizer, family)[1].seq_len  # shortened


def test_a_one_line_text_trains_without_validation_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "line.txt"
    source.write_text("Miles to go before I sleep, and miles to go.\n", encoding="utf-8")
    for model in (["--model", "ngram"], ["--model", "lstm", *SMALL_LSTM]):
        out = tmp_path / model[1]
        code = main(["train", str(source), *model, "--tokenizer", "char", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 0, err
        assert "too short to hold out a line for validation" in err
        assert "without validation" in err and "no test score" in err
