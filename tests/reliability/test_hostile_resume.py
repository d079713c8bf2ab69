"""A run folder from anyone: resuming reads only what run.json's fingerprints vouch for, and a
damaged run.json, tokenizer or weights is "the run folder is damaged" (exit 2), never a crash.
Also: BPE on a text without spaces is fast and can be cancelled."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from lmstudio_app.core.errors import Cancelled, TokenizerError
from lmstudio_app.core.lessons import LESSON_FORMAT
from lmstudio_app.core.progress import no_progress
from lmstudio_app.core.tokenization import TokenizerSpec, _training_batches, train_tokenizer
from lmstudio_app.core.tokenization.chunks import MAX_WORD_CHARS

from .conftest import TINY, assert_refused, read_json, run_cli, snapshot

SECRET = "my bank password is hunter2\n" * 400


def _edit_run_json(folder: Path, edit) -> None:
    path = folder / "run.json"
    run = read_json(path)
    edit(run)
    path.write_text(json.dumps(run), encoding="utf-8")


def _point_at(folder: Path, target: str, *, keep_whole_fingerprint: bool = False) -> None:
    """What the reporter did: run.json's corpus names another file, its fingerprints gone."""

    def edit(run: dict) -> None:
        corpus = run["corpus"]
        corpus["source"]["files"] = [target]
        corpus["source"].pop("file_fingerprints", None)
        corpus.pop("fingerprints", None)
        if not keep_whole_fingerprint:
            corpus.pop("fingerprint", None)

    _edit_run_json(folder, edit)


# --------------------------------------------------------------------------- case 3: reading


def test_a_new_run_records_a_fingerprint_of_each_file(trained_run: Path, plays: Path) -> None:
    source = read_json(trained_run / "run.json")["corpus"]["source"]
    recorded = source["file_fingerprints"][str(plays.resolve())]
    assert recorded["size"] == plays.stat().st_size
    assert len(recorded["sha256"]) == 64


def test_resume_never_reads_a_file_run_json_does_not_vouch_for(
    run_copy: Path, tmp_path: Path, capsys
) -> None:
    """run.json pointed at a private file, fingerprints dropped: refused before the file is
    read, with the way out (`train --resume RUN FILE`); the run folder is unchanged and the
    private text never reaches the model."""
    private = tmp_path / "private.txt"
    private.write_text(SECRET, encoding="utf-8")
    _point_at(run_copy, str(private))
    before = snapshot(run_copy)
    assert_refused(capsys, "train", "--resume", str(run_copy), "--max-steps", "9",
                   says=(str(private), "not read again", "train --resume"))
    assert snapshot(run_copy) == before
    code, out, _ = run_cli(capsys, "generate", str(run_copy), "--max-tokens", "20", "--json")
    assert code == 0 and "hunter2" not in out


def test_resume_refuses_a_file_whose_recorded_fingerprint_does_not_match(
    run_copy: Path, tmp_path: Path, capsys
) -> None:
    """run.json names another file and gives it a fingerprint of the right size that is not
    its content: refused before a byte reaches the model ("has changed ... its content
    differs")."""
    private = tmp_path / "private.txt"
    private.write_text(SECRET, encoding="utf-8")

    def edit(run: dict) -> None:
        run["corpus"]["source"]["files"] = [str(private)]
        run["corpus"]["source"]["file_fingerprints"] = {
            str(private): {"sha256": "0" * 64, "size": private.stat().st_size}
        }

    _edit_run_json(run_copy, edit)
    before = snapshot(run_copy)
    assert_refused(capsys, "train", "--resume", str(run_copy),
                   says=(str(private), "has changed", "its content differs"))
    assert snapshot(run_copy) == before


def _unblock_after(fifo: Path, seconds: float) -> threading.Thread:
    """If the app opened the FIFO, it would wait forever for a writer: a writer comes after
    `seconds`, so that a failing test fails instead of hanging."""

    def write() -> None:
        time.sleep(seconds)
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK) if _has_reader(fifo) else None
        if fd is not None:
            os.write(fd, SECRET.encode())
            os.close(fd)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _has_reader(fifo: Path) -> bool:
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        return True
    except OSError:  # ENXIO: nobody has it open for reading
        return False


@pytest.mark.parametrize("kind", ["fifo", "dev_stdin", "fifo_with_fingerprint"])
@pytest.mark.parametrize("old_run", [False, True], ids=["new_run", "old_run"])
def test_resume_never_opens_a_fifo_or_dev_stdin(
    run_copy: Path, tmp_path: Path, capsys, kind: str, old_run: bool
) -> None:
    """/dev/stdin or a FIFO named in run.json: refused at once (it used to hang holding the
    run lock), also for a run from before per-file fingerprints (whole-text fingerprint
    kept) and when run.json gives the FIFO a fingerprint of its own."""
    if kind == "dev_stdin":
        target = "/dev/stdin"
    else:
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        target = str(fifo)
        _unblock_after(fifo, 10.0)
    _point_at(run_copy, target, keep_whole_fingerprint=old_run)
    if kind == "fifo_with_fingerprint":
        _edit_run_json(run_copy, lambda run: run["corpus"]["source"].__setitem__(
            "file_fingerprints", {target: {"sha256": "0" * 64, "size": 0}}))
    before = snapshot(run_copy)
    started = time.monotonic()
    assert_refused(capsys, "train", "--resume", str(run_copy), says=(target, "not read again"))
    assert time.monotonic() - started < 8.0
    assert snapshot(run_copy) == before


def test_an_old_run_without_file_fingerprints_still_resumes(run_copy: Path, capsys) -> None:
    """A run folder from before per-file fingerprints reads its own regular file again: the
    whole text's fingerprint is checked once it is read."""
    _edit_run_json(run_copy, lambda run: run["corpus"]["source"].pop("file_fingerprints", None))
    code, _out, err = run_cli(capsys, "train", "--resume", str(run_copy), "--max-steps", "8")
    assert code == 0, err


def test_an_old_run_may_not_read_a_file_of_another_size(
    run_copy: Path, tmp_path: Path, capsys
) -> None:
    """Old run, whole-text fingerprint kept, pointed at a large private file: its size does not
    fit the characters run.json recorded, so it is not read at all."""
    private = tmp_path / "private.txt"
    private.write_text(SECRET * 100, encoding="utf-8")
    _point_at(run_copy, str(private), keep_whole_fingerprint=True)
    before = snapshot(run_copy)
    assert_refused(capsys, "train", "--resume", str(run_copy), says=(str(private), "size"))
    assert snapshot(run_copy) == before


def test_naming_the_text_again_continues_the_run(
    run_copy: Path, tmp_path: Path, plays: Path, capsys
) -> None:
    """The way out the refusal gives: `train --resume RUN FILE` with the run's own text."""
    _point_at(run_copy, "/dev/stdin", keep_whole_fingerprint=True)
    code, _out, err = run_cli(capsys, "train", "--resume", str(run_copy), str(plays),
                              "--max-steps", "8")
    assert code == 0, err


def test_a_file_added_to_a_corpus_folder_is_not_read(tmp_path: Path, capsys) -> None:
    """A folder corpus: every file in it was fingerprinted; a file that appears later has no
    fingerprint, and the resume refuses it instead of reading it."""
    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "a.txt").write_text("To be, or not to be, that is the question.\n" * 60)
    (corpus / "b.txt").write_text("Whether 'tis nobler in the mind to suffer.\n" * 60)
    folder = tmp_path / "run"
    code, _out, err = run_cli(capsys, "train", str(corpus), "--tokenizer", "char", *TINY,
                              "--max-steps", "4", "--out", str(folder), "--json")
    assert code == 0, err
    recorded = read_json(folder / "run.json")["corpus"]["source"]["file_fingerprints"]
    assert sorted(Path(p).name for p in recorded) == ["a.txt", "b.txt"]
    (corpus / "c.txt").write_text(SECRET)
    before = snapshot(folder)
    assert_refused(capsys, "train", "--resume", str(folder), "--max-steps", "8",
                   says=("c.txt", "no fingerprint"))
    assert snapshot(folder) == before


# --------------------------------------------------------------------------- run.json's types


@pytest.mark.parametrize(
    "where, value",
    [
        ("corpus", "x"),
        ("source.encoding", 1),
        ("source.files", 1),
        ("fingerprints", -1),
        ("source.file_fingerprints", [1]),
    ],
)
def test_run_json_values_of_the_wrong_type_are_damage(
    run_copy: Path, capsys, where: str, value: object
) -> None:
    def edit(run: dict) -> None:
        if where == "corpus":
            run["corpus"] = value
        elif where.startswith("source."):
            run["corpus"]["source"][where.split(".", 1)[1]] = value
        else:
            run["corpus"][where] = value

    _edit_run_json(run_copy, edit)
    before = snapshot(run_copy)
    assert_refused(capsys, "train", "--resume", str(run_copy), "--max-steps", "9",
                   says=("the run folder is damaged", "run.json"))
    assert snapshot(run_copy) == before


# --------------------------------------------------------------------------- weights


@pytest.mark.parametrize("bad", [float("nan"), float("inf")], ids=["nan", "inf"])
def test_weights_that_are_not_numbers_are_damage(run_copy: Path, capsys, bad: float) -> None:
    weights = run_copy / "model.safetensors"
    tensors = load_file(weights)
    save_file({name: torch.full_like(t, bad) if t.is_floating_point() else t
               for name, t in tensors.items()}, weights)
    before = snapshot(run_copy)
    assert_refused(capsys, "generate", str(run_copy), "--max-tokens", "5",
                   says=("the run folder is damaged", "NaN or infinity"))
    assert snapshot(run_copy) == before


# --------------------------------------------------------------------------- tokenizers


def _edit_tokenizer(folder: Path, edit, *, drop_fingerprint: bool = True) -> None:
    path = folder / "tokenizer.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    if drop_fingerprint:  # as a run folder from before the fingerprint: the probe must catch it
        _edit_run_json(folder, lambda run: run.pop("tokenizer_fingerprint", None))


def test_a_tokenizer_with_a_backtracking_regex_is_damage(
    run_copy: Path, plays: Path, capsys
) -> None:
    """A Replace normalizer with `(a+)+$`: the regex engine panics (a BaseException from
    Rust) on the first long run of "a"; refused when the tokenizer loads, for generate
    (with a prompt that would trigger it), eval and resume."""
    _edit_tokenizer(run_copy, lambda data: data.__setitem__(
        "normalizer", {"type": "Replace", "pattern": {"Regex": "(a+)+$"}, "content": "x"}))
    before = snapshot(run_copy)
    says = ("the run folder is damaged", "regular expression")
    assert_refused(capsys, "generate", str(run_copy), "--prompt", "a" * 40 + "b",
                   "--max-tokens", "3", says=says)
    assert_refused(capsys, "eval", str(run_copy), str(plays), says=says)
    assert_refused(capsys, "train", "--resume", str(run_copy), says=says)
    assert snapshot(run_copy) == before


def test_a_tokenizer_whose_unknown_token_is_not_in_its_vocabulary_is_damage(
    run_copy: Path, capsys
) -> None:
    _edit_tokenizer(run_copy, lambda data: data["model"].__setitem__("unk_token", "<nowhere>"))
    before = snapshot(run_copy)
    assert_refused(capsys, "generate", str(run_copy), "--prompt", "\u2603 snow",
                   "--max-tokens", "3", says=("the run folder is damaged", "<nowhere>"))
    assert snapshot(run_copy) == before


def _swap_two_tokens(data: dict) -> None:
    vocab = data["model"]["vocab"]
    vocab["e"], vocab["t"] = vocab["t"], vocab["e"]


def test_a_tokenizer_swapped_for_another_of_the_same_size_is_damage(
    run_copy: Path, plays: Path, capsys
) -> None:
    """Two tokens' ids exchanged: same size, another tokenizer. run.json's fingerprint of the
    tokenizer tells, for generate, eval and resume."""
    assert "tokenizer_fingerprint" in read_json(run_copy / "run.json")
    _edit_tokenizer(run_copy, _swap_two_tokens, drop_fingerprint=False)
    before = snapshot(run_copy)
    says = ("the run folder is damaged", "not the tokenizer this run was trained with")
    assert_refused(capsys, "generate", str(run_copy), "--max-tokens", "3", says=says)
    assert_refused(capsys, "eval", str(run_copy), str(plays), says=says)
    assert_refused(capsys, "train", "--resume", str(run_copy), says=says)
    assert snapshot(run_copy) == before


def test_a_run_from_before_the_tokenizer_fingerprint_loads_as_before(
    run_copy: Path, capsys
) -> None:
    _edit_run_json(run_copy, lambda run: run.pop("tokenizer_fingerprint", None))
    code, _out, err = run_cli(capsys, "generate", str(run_copy), "--max-tokens", "5")
    assert code == 0, err


# --------------------------------------------------------------------------- special tokens


@pytest.mark.parametrize(
    "tokens", [{"bos_token": "<unk>"}, {"eos_token": ""}, {"pad_token": "a b"}],
    ids=["bos_is_unk", "empty", "space"],
)
def test_special_tokens_that_cannot_work_are_refused_by_core(tokens: dict) -> None:
    with pytest.raises(TokenizerError) as info:
        train_tokenizer(TokenizerSpec(kind="bpe", **tokens), "some text to learn from\n" * 50)
    assert info.value.code == "bad_special_tokens"


def test_a_lesson_whose_beginning_token_is_its_unknown_token_is_refused(
    tmp_path: Path, capsys
) -> None:
    lesson = tmp_path / "same.lmlesson"
    lesson.write_text(json.dumps({
        "format": LESSON_FORMAT, "version": 1, "corpus": {"sample": "names"},
        "model_kind": "lstm",
        "tokenizer": {"kind": "char", "unk_token": "<unk>", "bos_token": "<unk>"},
    }), encoding="utf-8")
    out = tmp_path / "run"
    assert_refused(capsys, "train", "--lesson", str(lesson), "--max-steps", "2",
                   "--out", str(out), says="must be different")
    assert not out.exists()


# --------------------------------------------------------------------------- BPE, no spaces


def _text_without_spaces(shakespeare_text: str, chars: int) -> str:
    letters = re.sub(r"[^A-Za-z]+", "", shakespeare_text)
    return (letters * (chars // len(letters) + 1))[:chars]


def test_bpe_on_two_megabytes_without_spaces_is_quick(shakespeare_text: str) -> None:
    """2 MB of letters with no space, punctuation or newline: one 2 MB "word". Measured
    about 0.8 s per 0.5 MB after the fix (4.7 s before); bound at ten times the target."""
    text = _text_without_spaces(shakespeare_text, 2_000_000)
    fractions: list[float] = []
    started = time.monotonic()
    tokenizer = train_tokenizer(TokenizerSpec(kind="bpe", vocab_size=2000), text,
                                progress=lambda f, _m: fractions.append(f or 0.0))
    assert time.monotonic() - started < 60.0
    assert tokenizer.vocab_size > 500
    assert fractions[-1] == 1.0 and len(fractions) > 10
    # What the trainer is given: no run of non-space characters over 100 (it was 64 K).
    spec = TokenizerSpec(kind="bpe", vocab_size=2000)
    longest = max(len(run) for batch in _training_batches(spec, text, no_progress, None)
                  for piece in batch for run in piece.split())
    assert longest <= MAX_WORD_CHARS
    # Encoding is unaffected: the long "word" is spelled with the learned merges.
    assert tokenizer.decode(tokenizer.encode(text[:5000]).ids).replace(" ", "") == text[:5000]


@pytest.mark.parametrize("kind", ["bpe", "bytebpe", "wordpiece"])
def test_a_subword_build_without_spaces_can_be_cancelled(shakespeare_text: str,
                                                         kind: str) -> None:
    """Cancel asked once a fifth of the text has gone to the trainer: nothing more is fed and
    Cancelled comes once the library has finished with what it had (it cannot be stopped
    inside: about 2-5 s here for 400 KB, two busy cores). Unigram is left out: on text without
    spaces its own phase takes about 10 s per 0.5 MB, words bounded or not."""
    text = _text_without_spaces(shakespeare_text, 2_000_000)
    seen: list[float] = []
    asked: list[float] = []

    def cancel() -> bool:
        if seen and seen[-1] >= 0.2:
            asked.append(time.monotonic())
            return True
        return False

    with pytest.raises(Cancelled):
        train_tokenizer(TokenizerSpec(kind=kind), text,
                        progress=lambda f, _m: seen.append(f or 0.0), cancel=cancel)
    assert asked and time.monotonic() - asked[0] < 20.0
    assert max(seen) < 0.5  # feeding stopped at the first cancel check
