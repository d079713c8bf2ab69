"""`lmstudio-app tokenize` and the command line's contract: versions, exit codes, messages."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tokenizers import Tokenizer

from lmstudio_app import __version__
from lmstudio_app.cli import main
from lmstudio_app.commands.common import add_corpus_arguments, load_corpus_input
from lmstudio_app.core.samples import get_sample

REQUIRED = {
    "tokenizer",
    "vocab_size",
    "encoding",
    "num_chars",
    "num_tokens",
    "chars_per_token",
    "unk_rate",
    "roundtrip_ok",
}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_version_from_module_and_entry_point() -> None:
    for command in (
        [sys.executable, "-m", "lmstudio_app", "--version"],
        [str(Path(sys.executable).with_name("lmstudio-app")), "--version"],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        assert result.stdout.strip() == f"lmstudio-app {__version__}"


@pytest.mark.parametrize("kind", ["char", "word", "bpe", "bytebpe", "wordpiece", "unigram"])
def test_tokenize_sample_json(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    out = run_json(capsys, "tokenize", "--sample", "names", "--tokenizer", kind)
    assert set(out) >= REQUIRED
    assert out["tokenizer"] == kind
    assert out["encoding"] == "utf-8"
    assert out["num_tokens"] > 0
    assert out["chars_per_token"] == pytest.approx(out["num_chars"] / out["num_tokens"], rel=1e-3)
    if kind in {"char", "bytebpe"}:
        assert out["roundtrip_ok"] is True


def test_tokenize_chinese_sample(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "tokenize", "--sample", "shijing", "--tokenizer", "char")
    assert out["chars_per_token"] == 1.0
    assert out["top_tokens"][0][0] == "，"


def test_tokenize_files_with_encoding_and_save(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = tmp_path / "诗.txt"
    corpus.write_bytes(("床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。\n" * 50).encode("big5"))
    saved = tmp_path / "tok.json"
    out = run_json(
        capsys,
        "tokenize",
        str(corpus),
        "--tokenizer",
        "char",
        "--encoding",
        "big5",
        "--save",
        str(saved),
    )
    assert out["encoding"] == "big5"
    assert Tokenizer.from_file(str(saved)).get_vocab_size() == out["vocab_size"]


def test_tokenize_predefined_splits(capsys: pytest.CaptureFixture[str], ptb_dir: Path) -> None:
    out = run_json(
        capsys,
        "tokenize",
        str(ptb_dir / "ptb.train.txt"),
        "--valid",
        str(ptb_dir / "ptb.valid.txt"),
        "--test",
        str(ptb_dir / "ptb.test.txt"),
        "--tokenizer",
        "whitespace",
    )
    assert out["vocab_size"] == 10_002  # 9,999 types (with <unk>) + <bos>, <eos>, <pad>
    assert out["num_tokens"] == 929_589  # 887,521 words + one <eos> per line
    assert out["tokens_per_split"]["valid"] == 73_760
    assert out["unk_rate"] == pytest.approx(0.0472, abs=5e-4)


def test_human_readable_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "--sample", "shakespeare", "--tokenizer", "char"]) == 0
    out = capsys.readouterr().out
    assert "Tokenizer: char" in out and "Characters per token: 1.00" in out


BAD_INPUTS = [
    ("missing.txt", None, "there is no file or folder"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), "not a text file (it looks like a PNG image)"),
    ("doc.txt", b"%PDF-1.4\n" + bytes(range(256)), "PDF document"),
    ("empty.txt", b"", "the file is empty"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_INPUTS)
def test_bad_input_exits_2_with_one_sentence(
    tmp_path: Path, name: str, data: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "lmstudio_app", "tokenize", str(path), "--tokenizer", "char"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_settings_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["tokenize", "--sample", "names", "--tokenizer", "bytebpe", "--vocab-size", "10"]) == 2
    )
    assert "vocabulary size must be between" in capsys.readouterr().err
    assert main(["tokenize"]) == 2
    assert "No text was given" in capsys.readouterr().err
    assert main(["tokenize", "--sample", "names", "--split", "0.5,0.5,0.5"]) == 2


def test_a_bug_exits_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import lmstudio_app.commands.tokenize as command

    def broken(args: object) -> int:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(command, "run", broken)
    assert main(["tokenize", "--sample", "names"]) == 1
    err = capsys.readouterr().err
    assert "This is a bug" in err and "Traceback" not in err


def test_names_sample_holds_out_random_lines() -> None:
    """names.txt ends with rare names in alphabetical order: its default split is by lines."""
    assert get_sample("names").split_method == "lines"
    parser = argparse.ArgumentParser()
    add_corpus_arguments(parser)
    data = load_corpus_input(parser.parse_args(["--sample", "names"]))
    assert data.splits.method == "lines"
    valid = data.splits.valid.split()
    assert valid != sorted(valid)
    explicit = load_corpus_input(
        parser.parse_args(["--sample", "names", "--split-method", "contiguous"])
    )
    assert explicit.splits.method == "contiguous"


def test_train_takes_every_tokenizer_setting_as_a_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tokenizer's flags come from TokenizerSpec's metadata, as the model's do: `train`
    once could not set the minimum frequency or lowercasing. Both reach run.json and the
    tokenizer: capitals are gone, and a word seen fewer than 3 times is not in it."""
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json

    corpus = tmp_path / "capitals.txt"
    corpus.write_text("Once upon\n" + "The Cat sat on THE mat\nthe dog sat\n" * 40,
                      encoding="utf-8")
    out = tmp_path / "run"
    code = main(["train", str(corpus), "--model", "ngram", "--tokenizer", "word",
                 "--min-frequency", "3", "--lowercase", "--out", str(out), "--json"])
    assert code == 0, capsys.readouterr().err
    run = read_run_json(out)
    assert run["tokenizer"]["min_frequency"] == 3 and run["tokenizer"]["lowercase"] is True
    tokenizer = load_run_tokenizer(out, run)
    assert tokenizer.encode("The CAT").tokens == ["the", "cat"]
    assert tokenizer.token_to_id("once") is None and tokenizer.token_to_id("Once") is None
    assert tokenizer.token_to_id("dog") is not None


def test_text_settings_are_described_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`train --help` once said "(a number, default <unk>)" for the special tokens; a text
    setting is described as a text, in the help and in the sentence refusing a bad value."""
    from lmstudio_app.core.config import spec_fields, validate_value
    from lmstudio_app.core.errors import ConfigError
    from lmstudio_app.core.tokenization import TokenizerSpec

    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for name, default in [("unk", "<unk>"), ("bos", "<bos>"), ("eos", "<eos>"), ("pad", "<pad>")]:
        assert f"(a text, default {default})" in help_text, name
    assert "a number, default <" not in help_text
    info = next(i for i in spec_fields(TokenizerSpec) if i.name == "unk_token")
    with pytest.raises(ConfigError) as refused:
        validate_value(info, 5)
    assert str(refused.value) == "Unknown token must be a text, not 5."
