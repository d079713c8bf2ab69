"""ARPA files from anyone: an absurd line cannot take memory or make an absurd sentence, and a
file whose probabilities are not a distribution is refused instead of giving wrong
perplexities. Files this app writes, and files printed with 6 digits as SRILM and KenLM
print them, are still read."""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from lmstudio_app.core.arpa import ArpaError, arpa_words, read_arpa
from lmstudio_app.core.arpa_checks import check_distributions
from lmstudio_app.core.models.ngram import SMOOTHINGS, NGramModel, NGramSpec, train_ngram
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from tests.reliability.conftest import assert_refused, run_cli

REPO = Path(__file__).resolve().parents[2]
MB = 1 << 20


def _import(capsys: pytest.CaptureFixture[str], arpa: Path, run: Path, out: Path,
            says: str | tuple[str, ...]) -> str:
    """`import-arpa` refuses `arpa` with one short sentence and leaves no run folder."""
    line = assert_refused(capsys, "import-arpa", str(arpa), "--tokenizer-from", str(run),
                          "--out", str(out), says=says)
    assert len(line) < 600, line[:1000]
    assert not (out / "run.json").exists()
    return line


def _sections(text: str) -> dict[int, list[int]]:
    """The line numbers (0-based) of each order's n-gram lines."""
    found: dict[int, list[int]] = collections.defaultdict(list)
    order = 0
    for number, line in enumerate(text.split("\n")):
        if line.startswith("\\") and line.endswith("-grams:"):
            order = int(line[1:].split("-")[0])
        elif order and line and not line.startswith("\\"):
            found[order].append(number)
    return found


def _busiest_context(text: str) -> str:
    """The word that the most 2-grams of the file follow (a context with continuations)."""
    lines = text.split("\n")
    firsts = collections.Counter(
        lines[n].split("\t")[1].split(" ")[0] for n in _sections(text)[2]
    )
    return max(firsts, key=lambda word: (firsts[word], word))


def _set_bow(text: str, word: str, value: str) -> str:
    lines = text.split("\n")
    for n in _sections(text)[1]:
        fields = lines[n].split("\t")
        if fields[1] == word:
            lines[n] = "\t".join([fields[0], word, value])
            return "\n".join(lines)
    raise AssertionError(word)


@pytest.fixture
def model_text(ngram_run: Path) -> str:
    return (ngram_run / "model.arpa").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- absurd lines

# The peak resident memory of the process itself. Not `ru_maxrss`: Linux carries it over
# from the forked copy of the test process, which holds the 50 MB line it just wrote;
# VmHWM belongs to the address space that exec made.
_PEAK = textwrap.dedent(
    """
    import sys
    from lmstudio_app.cli import main
    code = main(sys.argv[1:])
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print("PEAK_KB", peak, file=sys.stderr)
    sys.exit(code)
    """
)


def _import_in_a_process(arpa: Path, run: Path, out: Path) -> tuple[int, str, int]:
    """(exit code, the refusal line, peak resident memory in bytes) of a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, "import-arpa", str(arpa), "--tokenizer-from", str(run),
         "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = done.stderr.strip().splitlines()
    peak = int(next(line for line in lines if line.startswith("PEAK_KB")).split()[1]) * 1024
    refusal = [line for line in lines if line.startswith("lmstudio-app: ")]
    return done.returncode, (refusal[0] if refusal else done.stderr[-2000:]), peak


def test_a_50mb_word_is_refused_by_its_line_number_without_taking_memory(
    ngram_run: Path, model_text: str, tmp_path: Path
) -> None:
    """The reporter's 500 MB word made a 500 MB sentence and took 5 GB. Measured in its own
    process: the peak of importing the good file, then of the file with the word."""
    good = tmp_path / "good.arpa"
    good.write_text(model_text, encoding="utf-8")
    code, _line, baseline = _import_in_a_process(good, ngram_run, tmp_path / "good-run")
    assert code == 0, _line
    lines = model_text.split("\n")
    at = _sections(model_text)[1][3]
    lines.insert(at, "-1.5\t" + "x" * (50 * MB) + "\t-0.2")
    hostile = tmp_path / "hostile.arpa"
    hostile.write_text("\n".join(lines), encoding="utf-8")
    code, line, peak = _import_in_a_process(hostile, ngram_run, tmp_path / "hostile-run")
    assert code == 2, line
    assert f"line {at + 1} is longer than 1 MB" in line and len(line) < 400, line[:1000]
    # the old reader held the line several times over (gathered, split, quoted): 250+ MB
    assert peak - baseline < 20 * MB, (peak - baseline) / MB
    assert not (tmp_path / "hostile-run" / "run.json").exists()


@pytest.mark.parametrize("where", ["before \\data\\", "in the header", "inside a 2-gram line"])
def test_a_2mb_line_anywhere_is_refused_by_its_line_number(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path,
    where: str,
) -> None:
    """Lines shorter than one read (4 MB) are caught too, not only those that span reads."""
    lines = model_text.split("\n")
    if where == "before \\data\\":
        at, line = 0, "notes " * (MB // 3)
    elif where == "in the header":
        at, line = 2, "ngram 2=" + "9" * (2 * MB)
    else:
        at = _sections(model_text)[2][10]
        line = lines[at] + " " + "y" * (2 * MB)
    lines.insert(at, line)
    arpa = tmp_path / "long.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    _import(capsys, arpa, ngram_run, tmp_path / "out", says=f"line {at + 1} is longer than 1 MB")


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("ngram 2=", "ngram 2=" + "9" * 10_000 + "\nngram 2=", "unexpected line in the header"),
        ("\\2-grams:", "\\" + "2" * 10_000 + "-grams:", "unexpected line"),
    ],
)
def test_a_10000_digit_number_in_a_heading_is_refused(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path,
    old: str, new: str, says: str,
) -> None:
    """int() of such a number raised ValueError: exit 1, an internal error."""
    arpa = tmp_path / "digits.arpa"
    arpa.write_text(model_text.replace(old, new, 1), encoding="utf-8")
    line = _import(capsys, arpa, ngram_run, tmp_path / "out", says=says)
    assert "…" in line


def test_a_long_foreign_word_is_quoted_in_80_characters(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path
) -> None:
    """A 200 KB word under the line limit: the sentence quotes its start and an ellipsis."""
    lines = model_text.split("\n")
    first = _sections(model_text)[1][0]
    lines[first] = "-1.5\t" + "z" * 200_000
    arpa = tmp_path / "foreign.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    line = _import(capsys, arpa, ngram_run, tmp_path / "out", says="not in the tokenizer")
    assert "'" + "z" * 80 + "'…" in line and "z" * 81 not in line


def test_a_long_bad_number_is_quoted_in_80_characters(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path
) -> None:
    lines = model_text.split("\n")
    at = _sections(model_text)[2][5]
    fields = lines[at].split("\t")
    lines[at] = "\t".join(["-0.5" + "q" * 100_000, *fields[1:]])
    arpa = tmp_path / "number.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    line = _import(capsys, arpa, ngram_run, tmp_path / "out",
                   says=(f"line {at + 1}: ", "is not a number"))
    assert "q" * 81 not in line


# --------------------------------------------------------------------------- wrong numbers


@pytest.mark.parametrize(
    ("bow", "says"),
    [
        ("inf", "the back-off weight 'inf' is infinite or far too large"),
        ("1e308", "the back-off weight '1e308' is infinite or far too large"),
        ("300", "do not add up to 1 after the context"),
        ("3", "do not add up to 1 after the context"),
    ],
)
def test_an_absurd_back_off_weight_is_refused(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path,
    bow: str, says: str,
) -> None:
    """The old reader imported these; a weight of 10^300 gave a perplexity of half the true one."""
    word = _busiest_context(model_text)
    arpa = tmp_path / "weights.arpa"
    arpa.write_text(_set_bow(model_text, word, bow), encoding="utf-8")
    line = _import(capsys, arpa, ngram_run, tmp_path / "out", says=says)
    if "context" in says:
        assert f"after the context {word!r}: they add up to" in line, line


def test_every_log_probability_zero_is_refused(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path
) -> None:
    lines = model_text.split("\n")
    for order, numbers in _sections(model_text).items():
        for n in numbers:
            fields = lines[n].split("\t")
            lines[n] = "\t".join(["0", *fields[1:]])
        assert order >= 1
    arpa = tmp_path / "zeros.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    _import(capsys, arpa, ngram_run, tmp_path / "out",
            says="its 1-gram probabilities do not add up to 1: they add up to")


def test_unigrams_that_do_not_add_up_to_1_are_refused(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path
) -> None:
    """One common word made ten times as likely: every other line is exactly as written."""
    lines = model_text.split("\n")
    word = _busiest_context(model_text)
    n = next(n for n in _sections(model_text)[1] if lines[n].split("\t")[1] == word)
    fields = lines[n].split("\t")
    lines[n] = "\t".join([str(float(fields[0]) + 1), *fields[1:]])
    arpa = tmp_path / "unigrams.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    _import(capsys, arpa, ngram_run, tmp_path / "out",
            says="its 1-gram probabilities do not add up to 1")


def test_a_2gram_made_too_likely_is_refused_naming_its_context(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path
) -> None:
    lines = model_text.split("\n")
    word = _busiest_context(model_text)
    n = next(n for n in _sections(model_text)[2] if lines[n].split("\t")[1].startswith(word + " "))
    fields = lines[n].split("\t")
    lines[n] = "\t".join(["-0.0001", *fields[1:]])
    arpa = tmp_path / "likely.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    _import(capsys, arpa, ngram_run, tmp_path / "out",
            says=f"do not add up to 1 after the context {word!r}")


@pytest.mark.parametrize("value", ["0.5", "inf", "nan"])
def test_a_positive_or_non_finite_log_probability_is_refused(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, model_text: str, tmp_path: Path,
    value: str,
) -> None:
    lines = model_text.split("\n")
    at = _sections(model_text)[3][7]
    lines[at] = "\t".join([value, *lines[at].split("\t")[1:]])
    arpa = tmp_path / "positive.arpa"
    arpa.write_text("\n".join(lines), encoding="utf-8")
    _import(capsys, arpa, ngram_run, tmp_path / "out", says=f"line {at + 1}: ")


# --------------------------------------------------------------------------- good files


@pytest.fixture(scope="module")
def small_texts(shakespeare_text: str) -> tuple[str, str]:
    return shakespeare_text[:30_000], shakespeare_text[30_000:33_000]


@pytest.mark.parametrize("smoothing", SMOOTHINGS)
@pytest.mark.parametrize("sentence_per_line", [True, False])
@pytest.mark.parametrize(("kind", "order"), [("word", 3), ("char", 5)])
def test_every_model_this_app_writes_adds_up_to_1(
    small_texts: tuple[str, str], tmp_path: Path, smoothing: str, sentence_per_line: bool,
    kind: str, order: int,
) -> None:
    """The model's own tables pass, and so does its ARPA file read back, also when printed
    with 6 significant digits as KenLM prints (SRILM prints 7)."""
    train, held = small_texts
    tokenizer = train_tokenizer(TokenizerSpec(kind=kind), train)
    spec = NGramSpec(order=order, smoothing=smoothing, add_k=0.5,
                     sentence_per_line=sentence_per_line)
    model = train_ngram(spec, tokenizer, train)

    def refuse(path: Path, reason: str) -> Exception:
        raise AssertionError(reason)

    check_distributions(Path("model"), model.tables, lambda ids: str(ids), refuse)
    path = tmp_path / "model.arpa"
    model.save_arpa(path)
    again = NGramModel.load_arpa(path, tokenizer, spec)
    assert again.evaluate_text(held)["perplexity"] == pytest.approx(
        model.evaluate_text(held)["perplexity"], rel=1e-9)
    six = tmp_path / "six-digits.arpa"
    six.write_text(_six_digits(path.read_text(encoding="utf-8")), encoding="utf-8")
    rounded = NGramModel.load_arpa(six, tokenizer, spec)
    assert rounded.evaluate_text(held)["perplexity"] == pytest.approx(
        model.evaluate_text(held)["perplexity"], rel=1e-4)


def _six_digits(text: str) -> str:
    """Every number printed as `%g` does (6 significant digits), -99 kept."""
    out = []
    for line in text.split("\n"):
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0][:1] in "-0123456789":
            fields = [f"{float(fields[0]):g}", fields[1],
                      *(f"{float(value):g}" for value in fields[2:])]
        out.append("\t".join(fields))
    return "\n".join(out)


def test_a_file_whose_suffixes_are_not_listed_is_checked_by_backing_off(
    tmp_path: Path,
) -> None:
    """SRILM may drop `b c` while keeping `a b c`: the lower probability of `c` after `b` is
    then found by backing off (bow(b) p(c)). This file is a proper model; changing the weight
    that backing-off multiplies makes it wrong."""
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), "a b c\nc b a\n")
    words = arpa_words(tokenizer.vocabulary(), tokenizer.bos_id, tokenizer.eos_id,
                       tokenizer.unk_id)
    names = {name: index for index, name in enumerate(words)}
    p = {"a": 0.3, "b": 0.3, "c": 0.3, "</s>": 0.1}
    # after b: only "b a" listed (0.5); the rest of the mass (0.5) over what is left of p
    bow_b = 0.5 / (1 - p["a"])
    # after "a b": only "a b c" listed (0.6); p(c | b) = bow(b) p(c), not listed
    c_after_b = bow_b * p["c"]
    bow_ab = 0.4 / (1 - c_after_b)
    lg = np.log10
    text = textwrap.dedent(f"""\
        \\data\\
        ngram 1=6
        ngram 2=2
        ngram 3=1

        \\1-grams:
        -99\t<s>
        {lg(p['a']):.7g}\ta
        {lg(p['b']):.7g}\tb\t{lg(bow_b):.7g}
        {lg(p['c']):.7g}\tc
        {lg(p['</s>']):.7g}\t</s>
        -99\t<unk>

        \\2-grams:
        {lg(0.5):.7g}\tb a
        {lg(0.5):.7g}\ta b\t{lg(bow_ab):.7g}

        \\3-grams:
        {lg(0.6):.7g}\ta b c

        \\end\\
        """)
    # "a b" has one continuation, a's other words back off to the 1-grams: give "a" a weight
    text = text.replace(f"{lg(p['a']):.7g}\ta\n", f"{lg(p['a']):.7g}\ta\t{lg(0.5 / 0.7):.7g}\n")
    good = tmp_path / "good.arpa"
    good.write_text(text, encoding="utf-8")
    tables = read_arpa(good, names, tokenizer.vocab_size)
    assert tables.num_ngrams() == [6, 2, 1]
    bad = tmp_path / "bad.arpa"
    bad.write_text(text.replace(f"a b\t{lg(bow_ab):.7g}", "a b\t-0.1"), encoding="utf-8")
    with pytest.raises(ArpaError) as caught:
        read_arpa(bad, names, tokenizer.vocab_size)
    assert "after the context 'a b'" in caught.value.message, caught.value.message


def test_export_then_import_on_the_command_line_still_works(
    capsys: pytest.CaptureFixture[str], ngram_run: Path, tmp_path: Path
) -> None:
    arpa = tmp_path / "out.arpa"
    assert run_cli(capsys, "export", str(ngram_run), "--arpa", str(arpa))[0] == 0
    code, out, err = run_cli(capsys, "import-arpa", str(arpa), "--tokenizer-from",
                             str(ngram_run), "--out", str(tmp_path / "again"), "--json")
    assert code == 0, err
    assert json.loads(out)["order"] == 3


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_a_folder_as_the_file_is_refused_without_waiting(
    ngram_run: Path, tmp_path: Path, kind: str
) -> None:
    """A FIFO opened for reading waits for a writer forever: it is never opened. Run in its
    own process so that a regression times out instead of hanging the tests."""
    path = tmp_path / "model.arpa"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "lmstudio_app", "import-arpa", str(path), "--tokenizer-from",
         str(ngram_run), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 2, done.stderr
    assert "the file cannot be read (it is not a plain file)" in done.stderr
    assert not (tmp_path / "out").exists()


def test_generate_from_a_run_whose_model_is_a_fifo_is_refused_without_waiting(
    ngram_run: Path, tmp_path: Path
) -> None:
    """Every reader of an ARPA file (generate, eval, export, import) goes through read_arpa:
    a model.arpa swapped for a named pipe is refused, never opened for a writer to come."""
    run = tmp_path / "run"
    shutil.copytree(ngram_run, run)
    (run / "model.arpa").unlink()
    os.mkfifo(run / "model.arpa")
    done = subprocess.run(
        [sys.executable, "-m", "lmstudio_app", "generate", str(run), "--prompt", "a",
         "--max-tokens", "3"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 2, done.stderr
    assert "the run folder is damaged (model.arpa" in done.stderr


def test_read_arpa_never_opens_a_fifo(tmp_path: Path) -> None:
    """read_arpa itself refuses a named pipe from os.stat, for any caller."""
    import threading

    from lmstudio_app.core.errors import StudioError

    path = tmp_path / "model.arpa"
    os.mkfifo(path)

    def unblock() -> None:  # should a regression open it, a writer comes and ends the wait
        with open(path, "wb") as writer:
            writer.write(b"not ARPA\n")

    rescue = threading.Timer(10.0, unblock)
    rescue.daemon = True
    rescue.start()
    try:
        with pytest.raises(StudioError, match="not a regular file"):
            read_arpa(path, {}, 0)
    finally:
        rescue.cancel()


@pytest.mark.parametrize(("bow", "good"), [("6", True), ("300", False), ("5.9", False)])
def test_a_large_weight_is_checked_word_by_word(tmp_path: Path, bow: str, good: bool) -> None:
    """After "a" the file lists words holding all but 1e-7 of the 1-gram mass, so the right
    weight is 10^6; 1 - 0.9999999 from 7 printed digits cannot tell 10^6 from 10^300, the
    sum of the one word left (</s>, 1e-7) can."""
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), "a b c\n")
    words = arpa_words(tokenizer.vocabulary(), tokenizer.bos_id, tokenizer.eos_id,
                       tokenizer.unk_id)
    names = {name: index for index, name in enumerate(words)}
    text = textwrap.dedent(f"""\
        \\data\\
        ngram 1=5
        ngram 2=3

        \\1-grams:
        -99\t<s>
        {np.log10(0.4):.7g}\ta\t{bow}
        {np.log10(0.4):.7g}\tb
        {np.log10(0.2 - 1e-7):.7g}\tc
        -7\t</s>

        \\2-grams:
        {np.log10(0.3):.7g}\ta a
        {np.log10(0.3):.7g}\ta b
        {np.log10(0.3):.7g}\ta c

        \\end\\
        """)
    path = tmp_path / "large.arpa"
    path.write_text(text, encoding="utf-8")
    if good:
        assert read_arpa(path, names, tokenizer.vocab_size).num_ngrams() == [5, 3]
    else:
        with pytest.raises(ArpaError) as caught:
            read_arpa(path, names, tokenizer.vocab_size)
        assert "after the context 'a'" in caught.value.message, caught.value.message
