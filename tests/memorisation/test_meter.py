"""The memorisation meter: copies planted in a text are found (with their line), text absent
from training gives none, and line data is sorted into train / valid / new."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.memorisation import TrainingText, training_text_of_run
from lmstudio_app.core.memorisation.suffix import MAX_MATCH, SuffixIndex, suffix_array
from lmstudio_app.core.runs.source import CorpusSource
from lmstudio_app.core.samples import load_sample


@pytest.mark.parametrize("seed", range(5))
def test_suffix_array_sorts_every_suffix(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.choice(b"ab\n\xe4") for _ in range(rng.randrange(1, 2000)))
    order = suffix_array(data)
    assert sorted(order.tolist()) == list(range(len(data)))
    keys = [data[i : i + MAX_MATCH] for i in order]
    assert keys == sorted(keys)
    index = SuffixIndex(data)
    assert index.count(data[5:9]) == sum(
        1 for i in range(len(data)) if data[i : i + 4] == data[5:9]
    )


def test_planted_copies_are_found_with_their_line(shakespeare_text: str) -> None:
    train = shakespeare_text[:200_000]
    meter = TrainingText(train)
    lines = train.splitlines()
    copied = lines[1234]
    assert len(copied) > 20
    rng = random.Random(3)
    noise = "".join(rng.choice("xqzjvk") for _ in range(60))  # no English text has these runs
    text = noise + copied + noise
    report = meter.copied(text)
    assert len(report.spans) == 1
    span = report.spans[0]
    assert text[span.start : span.end].strip() == copied.strip()
    assert lines[span.line - 1] == copied == span.context
    assert report.share == pytest.approx(len(text[span.start : span.end]) / len(text))


def test_text_absent_from_training_has_no_copy(shakespeare_text: str) -> None:
    meter = TrainingText(shakespeare_text[:200_000])
    rng = random.Random(4)
    absent = " ".join(
        "".join(rng.choice("xqzjvkw") for _ in range(rng.randrange(2, 5))) for _ in range(80)
    )
    report = meter.copied(absent)
    assert report.spans == [] and report.share == 0.0
    # Chinese absent from an English text: none; and found when it was trained on
    chinese = load_sample("lunyu").text
    assert TrainingText(shakespeare_text[:50_000]).copied(chinese[:300]).spans == []
    report = TrainingText(chinese).copied("天天天天" + chinese[500:520] + "天天天天")
    assert [(s.start, s.end) for s in report.spans] == [(4, 24)]


def test_short_common_pieces_are_not_copies() -> None:
    meter = TrainingText("the cat sat on the mat\n")
    assert meter.copied("on the").spans == []  # 6 characters, 2 words
    assert len(meter.copied("zz sat on the zz").spans) == 1  # " sat on the " is 12


def test_line_data_train_valid_or_new() -> None:
    splits = split_corpus(load_sample("names").text, (0.9, 0.05, 0.05), "lines")
    meter = TrainingText(splits.train, splits.valid, line_data=True)
    train_name = splits.train.splitlines()[10]
    valid_name = next(n for n in splits.valid.splitlines() if n not in set(splits.train.split()))
    counts = meter.classify_lines(f"{train_name}\n{valid_name}\nzqxvyk\n\n")
    assert counts.lines == [(train_name, "train"), (valid_name, "valid"), ("zqxvyk", "new")]
    assert (counts.count("train"), counts.count("valid"), counts.count("new")) == (1, 1, 1)


def test_a_runs_training_part_is_read_as_the_run_split_it(tmp_path: Path) -> None:
    from lmstudio_app.core.runs import new_run_json, write_json
    from lmstudio_app.core.tokenization import TokenizerSpec

    text = tmp_path / "story.txt"
    body = "".join(f"line {i} of a story that goes on and on\n" for i in range(400))
    text.write_text(body, encoding="utf-8")
    source = CorpusSource.create(files=[str(text)], split=(0.5, 0.25, 0.25))
    loaded = source.load()
    folder = tmp_path / "run"
    folder.mkdir()
    run = new_run_json(
        model_kind="ngram",
        tokenizer_spec=TokenizerSpec(kind="char"),
        model_spec={},
        train_spec={},
        corpus=loaded.record(),
    )
    write_json(folder / "run.json", run)
    meter = training_text_of_run(folder)
    assert meter.train == loaded.splits.train
    assert meter.copied("line 10 of a story").spans  # in the first half
    assert not meter.copied("line 350 of a").spans  # the held-out tail is not training
