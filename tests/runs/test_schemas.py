"""One schema for run.json's corpus record and one for metrics.jsonl, older shapes migrated on
read: `CorpusSource`, `migrate_corpus_record`, `runs.metrics`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lmstudio_app.core.runs import RunInfo, append_metrics, read_metrics, read_run_json
from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "runs_v1"


def test_a_corpus_source_goes_to_json_and_back(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("To be, or not to be.\n" * 50, encoding="utf-8")
    source = CorpusSource.create(files=[str(text)], encoding="utf-8", split=(0.8, 0.1, 0.1))
    assert source.split_method == "contiguous"  # written out, not left to the reader
    data = source.with_file_fingerprints().to_json()
    assert data["split"] == "0.8,0.1,0.1"
    assert set(data["file_fingerprints"]) == {str(text.resolve())}
    again = CorpusSource.from_json(json.loads(json.dumps(data)))
    assert again.to_json() == data
    loaded = again.load()
    assert loaded.splits.method == "contiguous"
    assert loaded.record()["source"] == data


def test_the_names_sample_records_its_own_split_method() -> None:
    source = CorpusSource.create(sample="names")
    assert source.split_method == "lines"
    assert source.to_json()["split"] == "0.9,0.05,0.05"


def test_an_old_window_record_is_read_as_its_source(tmp_path: Path) -> None:
    """Window runs from before "source" recorded "sample" / "paths" / "encoding" only; those
    since then recorded them beside "source". Both read in today's shape."""
    folder = tmp_path / "run"
    shutil.copytree(FIXTURES / "gru-names", folder)
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    corpus = run["corpus"]
    run["corpus"] = {"sample": "names", "paths": [], "encoding": None,
                     "name": corpus["name"], "split_method": "lines",
                     "fingerprint": corpus["fingerprint"]}
    (folder / "run.json").write_text(json.dumps(run), encoding="utf-8")
    migrated = read_run_json(folder)["corpus"]
    assert "paths" not in migrated and "sample" not in migrated
    assert migrated["source"]["sample"] == "names"
    assert migrated["source"]["split"] == "0.9,0.05,0.05"
    assert CorpusSource.of_run(read_run_json(folder), folder).sample == "names"
    window = json.loads((FIXTURES / "rnn-window" / "run.json").read_text(encoding="utf-8"))
    shutil.copytree(FIXTURES / "rnn-window", tmp_path / "window")
    migrated = read_run_json(tmp_path / "window")["corpus"]
    assert "paths" not in migrated
    assert migrated["source"] == window["corpus"]["source"]


def test_a_corpus_record_of_an_unexpected_shape_is_left_for_the_checks(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(FIXTURES / "ngram-names", folder)
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    run["corpus"] = {"paths": 7}
    (folder / "run.json").write_text(json.dumps(run), encoding="utf-8")
    assert read_run_json(folder)["corpus"] == {"paths": 7}


def test_run_info_is_the_run_json_schema() -> None:
    run = json.loads((FIXTURES / "lstm-plays" / "run.json").read_text(encoding="utf-8"))
    info = RunInfo.from_json(run)
    assert info.format_version == 1 and info.model_kind == "lstm"
    assert info.extra == {key: run[key] for key in ("tokenizer_fingerprint", "model_info")}
    assert info.to_json() == run
    assert list(info.to_json()) == list(run)


def test_metrics_lines_say_their_kind_old_and_new(tmp_path: Path) -> None:
    folder = tmp_path / "ngram"
    shutil.copytree(FIXTURES / "ngram-names", folder)
    assert '"event"' in (folder / "metrics.jsonl").read_text(encoding="utf-8")
    kinds = [(r["kind"], r.get("split")) for r in read_metrics(folder)]
    assert kinds == [("built", None), ("eval", "valid"), ("eval", "test")]
    assert all("event" not in r for r in read_metrics(folder))
    append_metrics(folder, {"event": "eval", "split": "valid", "perplexity": 9.0})
    last = json.loads((folder / "metrics.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert last == {"kind": "eval", "split": "valid", "perplexity": 9.0}
    with pytest.raises(ValueError, match="kind"):
        append_metrics(folder, {"step": 1, "loss": 2.0})


def test_a_loaded_corpus_records_the_command_line_shape(tmp_path: Path) -> None:
    loaded = CorpusSource.create(sample="names").load()
    assert isinstance(loaded, LoadedCorpus)
    record = loaded.record()
    cli = json.loads((FIXTURES / "gru-names" / "run.json").read_text(encoding="utf-8"))
    assert list(record) == list(cli["corpus"])
    assert record["fingerprints"] == cli["corpus"]["fingerprints"]
    assert record["source"]["split_method"] == "lines"
