"""Run folders from anyone: links inside them are never followed, only what the app wrote is
removed, exports are checked first and written atomically, damaged metrics lines are skipped.

Every case uses real symbolic links, and proves with `snapshot` that the files outside the
run folder (a person's photos, thesis, notes, a stand-in for /etc/passwd) are unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import torch
from pytestqt.qtbot import QtBot

from lmstudio_app.core.checkpoint import save_checkpoint
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.runs import append_metrics, read_metrics, read_run_json, update_run_json
from lmstudio_app.core.runs import paths as runpaths
from lmstudio_app.core.runs.lock import find_interrupted_runs

from .conftest import TINY, assert_refused, run_cli, snapshot

LINK = "is a link to somewhere else"


@pytest.fixture
def person(tmp_path: Path) -> Path:
    """A person's own folder: photos/ and thesis/, which nothing may ever touch."""
    home = tmp_path / "home"
    (home / "photos").mkdir(parents=True)
    (home / "photos" / "beach.jpg").write_bytes(os.urandom(4096))
    (home / "thesis").mkdir()
    (home / "thesis" / "chapter1.txt").write_text("It was a dark and stormy night.\n")
    return home


@pytest.fixture
def ngram_copy(tmp_path: Path, ngram_run: Path) -> Path:
    target = tmp_path / "trigram"
    shutil.copytree(ngram_run, target)
    return target


# --------------------------------------------------------------------------- case 1: checkpoint


def test_symlinked_checkpoint_never_deletes_outside(
    tmp_path: Path, plays: Path, person: Path, capsys
) -> None:
    """`train --out FOLDER` where FOLDER/checkpoint links to the person's folder: refused as a
    damaged folder before anything is written; photos/ and thesis/ are untouched."""
    before = snapshot(person)
    out = tmp_path / "out"
    out.mkdir()
    (out / "checkpoint").symlink_to(person, target_is_directory=True)
    assert_refused(capsys, "train", str(plays), "--tokenizer", "char", *TINY,
                   "--max-steps", "6", "--checkpoint-every", "1", "--out", str(out),
                   says=("the run folder is damaged", f"checkpoint {LINK}"))
    assert snapshot(person) == before
    assert (person / "photos").is_dir() and (person / "thesis").is_dir()
    assert sorted(p.name for p in out.iterdir()) == ["checkpoint"]  # nothing written


def test_symlinked_checkpoint_on_resume_never_deletes_outside(
    run_copy: Path, person: Path, capsys
) -> None:
    """`train --resume RUN` where RUN/checkpoint links to a folder holding a real checkpoint
    beside the person's photos/ and thesis/: refused, nothing there removed or changed."""
    for item in (run_copy / "checkpoint").iterdir():
        shutil.move(str(item), person / item.name)
    (run_copy / "checkpoint").rmdir()
    (run_copy / "checkpoint").symlink_to(person, target_is_directory=True)
    before, run_before = snapshot(person), snapshot(run_copy)
    assert_refused(capsys, "train", "--resume", str(run_copy), "--max-steps", "9",
                   says=f"checkpoint {LINK}")
    assert snapshot(person) == before
    assert snapshot(run_copy) == run_before


def test_checkpoint_cleanup_removes_only_the_apps_own_folders(tmp_path: Path,
                                                              person: Path) -> None:
    """A person's folder inside a real checkpoint/, and a step-named link to their photos,
    survive a save; the app's older step folder and its temporary folder are removed."""
    run = tmp_path / "run"
    first = save_checkpoint(run, 1, {"w": torch.zeros(2)}, {})
    (run / "checkpoint" / "my notes").mkdir()
    (run / "checkpoint" / "my notes" / "todo.txt").write_text("buy milk\n")
    (run / "checkpoint" / "step-000000000-deadbeef").symlink_to(person / "photos")
    (run / "checkpoint" / ".tmp-abc123").mkdir()  # left by a crash during a save
    before, notes = snapshot(person), snapshot(run / "checkpoint" / "my notes")
    second = save_checkpoint(run, 2, {"w": torch.ones(2)}, {})
    names = {p.name for p in (run / "checkpoint").iterdir()}
    assert names == {"latest.json", second.name, "my notes", "step-000000000-deadbeef"}
    assert not first.exists()
    assert snapshot(person) == before
    assert snapshot(run / "checkpoint" / "my notes") == notes


# --------------------------------------------------------------------------- case 2: metrics


def test_symlinked_metrics_never_appends_to_the_target(
    tmp_path: Path, plays: Path, capsys
) -> None:
    """An n-gram training into an --out whose metrics.jsonl links to the person's notes:
    refused before anything is written; the notes are unchanged."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "diary.txt").write_text("Dear diary,\n", encoding="utf-8")
    before = snapshot(notes)
    out = tmp_path / "out"
    out.mkdir()
    (out / "metrics.jsonl").symlink_to(notes / "diary.txt")
    code, _out, err = run_cli(capsys, "train", str(plays), "--model", "ngram", "--tokenizer",
                              "word", "--order", "3", "--out", str(out))
    assert snapshot(notes) == before
    # Either refused as a damaged folder (runs.py: before anything is written), or the stale
    # link removed as a link first (core/runs/unfinished.py clears a leftover metrics.jsonl) and
    # a real metrics.jsonl written in its place. Never written through.
    if code == 2:
        assert f"metrics.jsonl {LINK}" in err, err
        assert sorted(p.name for p in out.iterdir()) == ["metrics.jsonl"]
    else:
        assert code == 0, err
        assert not (out / "metrics.jsonl").is_symlink()
        assert read_metrics(out)


def test_appending_metrics_never_follows_a_link_swapped_in(tmp_path: Path,
                                                           ngram_copy: Path) -> None:
    """A link put in place of metrics.jsonl after the run started (past the first check):
    appending refuses it (O_NOFOLLOW) instead of writing into the target."""
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    (ngram_copy / "metrics.jsonl").unlink()
    (ngram_copy / "metrics.jsonl").symlink_to(notes)
    with pytest.raises(RunFolderError, match=f"metrics.jsonl {LINK}"):
        append_metrics(ngram_copy, {"kind": "train", "step": 1, "loss": 2.0})
    assert notes.read_text(encoding="utf-8") == "mine\n"


# --------------------------------------------------------------------------- case 4: export ARPA


def _existing_target(tmp_path: Path) -> Path:
    target = tmp_path / "mine.arpa"
    target.write_text("the person's own ARPA file\n", encoding="utf-8")
    return target


def _damage_truncated(model: Path) -> None:
    data = model.read_bytes()
    model.write_bytes(data[: len(data) // 2])


def _damage_nan(model: Path) -> None:
    lines = model.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("\\1-grams:")) + 2
    fields = lines[index].split("\t")
    lines[index] = "\t".join(["nan", *fields[1:]])
    model.write_text("".join(lines), encoding="utf-8")


def _damage_header(model: Path) -> None:
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("ngram 1=", "ngram 1=x", 1), encoding="utf-8")


@pytest.mark.parametrize("damage", [_damage_truncated, _damage_nan, _damage_header],
                         ids=["truncated", "nan", "header"])
def test_export_of_a_damaged_model_leaves_the_target_unchanged(
    tmp_path: Path, ngram_copy: Path, capsys, damage
) -> None:
    """A damaged model.arpa: exit 2 "the run folder is damaged", and an existing target file
    is byte for byte as it was (it used to be replaced first, or the damage exported)."""
    damage(ngram_copy / "model.arpa")
    target = _existing_target(tmp_path)
    before = snapshot(tmp_path)
    assert_refused(capsys, "export", str(ngram_copy), "--arpa", str(target),
                   says="the run folder is damaged")
    assert snapshot(tmp_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mine.arpa")]


def test_export_refuses_a_model_that_links_elsewhere(tmp_path: Path, ngram_copy: Path,
                                                     capsys) -> None:
    """model.arpa -> a stand-in for /etc/passwd: refused, nothing of it is written."""
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (ngram_copy / "model.arpa").unlink()
    (ngram_copy / "model.arpa").symlink_to(secret)
    target = tmp_path / "out" / "model.arpa"
    assert_refused(capsys, "export", str(ngram_copy), "--arpa", str(target),
                   says=f"model.arpa {LINK}")
    assert not target.exists()


def test_export_of_a_fifo_model_is_refused_without_waiting(tmp_path: Path, ngram_copy: Path,
                                                           capsys) -> None:
    """model.arpa as a FIFO: opening it for reading would wait for a writer forever."""
    (ngram_copy / "model.arpa").unlink()
    os.mkfifo(ngram_copy / "model.arpa")
    assert_refused(capsys, "export", str(ngram_copy), "--arpa", str(tmp_path / "out.arpa"),
                   says="model.arpa is not a regular file")
    assert not (tmp_path / "out.arpa").exists()


@pytest.mark.parametrize("inside", ["run.json", "model.arpa", "sub/new.arpa", "."])
def test_export_never_writes_into_the_run_folder(ngram_copy: Path, capsys, inside) -> None:
    """`export RUN --arpa RUN/run.json` (or the model itself, or any file in the run):
    refused; the run folder is unchanged."""
    before = snapshot(ngram_copy)
    assert_refused(capsys, "export", str(ngram_copy), "--arpa", str(ngram_copy / inside),
                   says="inside the run folder")
    assert snapshot(ngram_copy) == before
    read_run_json(ngram_copy)


def test_export_of_a_good_model_copies_it_exactly(tmp_path: Path, ngram_copy: Path,
                                                  capsys) -> None:
    target = _existing_target(tmp_path)
    code, out, err = run_cli(capsys, "export", str(ngram_copy), "--arpa", str(target), "--json")
    assert code == 0, err
    assert target.read_bytes() == (ngram_copy / "model.arpa").read_bytes()
    assert len(json.loads(out)["ngrams"]) == 3


# --------------------------------------------------------------------------- case 4: copy run


def _links(run: Path, tmp_path: Path) -> dict[str, Path]:
    secret = tmp_path / "private.txt"
    secret.write_text("my bank details\n", encoding="utf-8")
    return {"private": secret, "whole": tmp_path / "home", "loop": Path(".")}


@pytest.mark.parametrize("name", ["private", "whole", "loop"])
def test_copy_run_folder_refuses_links_and_leaves_nothing(
    tmp_path: Path, run_copy: Path, person: Path, name: str
) -> None:
    """A link in the run folder (to a private file, a whole folder, or `loop -> .`): the copy
    is refused as a damaged run, nothing is left at the target or beside it, the outside is
    untouched (`loop` used to give 41 nested copies before failing)."""
    where = _links(run_copy, tmp_path)[name]
    (run_copy / "checkpoint" / name).symlink_to(where)
    before = snapshot(person)
    exports = tmp_path / "exports"
    exports.mkdir()
    with pytest.raises(RunFolderError, match=f"checkpoint/{name} {LINK}"):
        runpaths.copy_run_folder(run_copy, exports / "copy")
    assert list(exports.iterdir()) == []
    assert snapshot(person) == before


def test_copy_run_folder_refuses_a_fifo(tmp_path: Path, run_copy: Path) -> None:
    """A FIFO would block the copy forever: refused as not a regular file."""
    os.mkfifo(run_copy / "pipe")
    with pytest.raises(RunFolderError, match="pipe is not a regular file"):
        runpaths.copy_run_folder(run_copy, tmp_path / "copy")
    assert not (tmp_path / "copy").exists()


def test_copy_run_folder_copies_exactly_and_never_overwrites(tmp_path: Path,
                                                             run_copy: Path) -> None:
    (run_copy / "run.lock").write_text("{}")  # the original's lock is not the copy's
    runpaths.copy_run_folder(run_copy, tmp_path / "copy")
    expected = {k: v for k, v in snapshot(run_copy).items() if k != "run.lock"}
    assert snapshot(tmp_path / "copy") == expected
    read_run_json(tmp_path / "copy")
    with pytest.raises(StudioError, match="already exists"):
        runpaths.copy_run_folder(run_copy, tmp_path / "copy")
    with pytest.raises(StudioError, match="inside the run folder"):
        runpaths.copy_run_folder(run_copy, run_copy / "checkpoint" / "copy")


def test_copy_run_folder_onto_a_full_disk_leaves_nothing(tmp_path: Path,
                                                         run_copy: Path) -> None:
    """A copy that runs out of space half-way (a real 9 MB tmpfs): "the disk is full", and no
    partial copy or temporary folder is left."""
    small = tmp_path / "small"
    small.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=9m", "tmpfs", str(small)],
                            capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace')}")
    try:
        (run_copy / "checkpoint" / "big.bin").write_bytes(os.urandom(12 << 20))
        with pytest.raises(StudioError, match="the disk is full"):
            runpaths.copy_run_folder(run_copy, small / "copy")
        assert list(small.iterdir()) == []
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_runs_page_export_refuses_a_loop_link(qtbot: QtBot, tmp_path: Path,
                                              run_copy: Path) -> None:
    """The window's Export run: a `loop -> .` link is refused with the sentence on the page,
    and no folder, whole or partial, is left at the target."""
    from lmstudio_app.ui.pages.runs_page import RunsPage
    from lmstudio_app.ui.session import RunRecord, Session

    (run_copy / "loop").symlink_to(".")
    page = RunsPage(Session())
    qtbot.addWidget(page)
    page.show()
    record = RunRecord.from_run(run_copy, read_run_json_unchecked(run_copy))
    target = tmp_path / "exported"
    page.export_run(record, target)
    assert page.error.isVisible()
    assert f"loop {LINK}" in page.error.text()
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".exported")]
    (run_copy / "loop").unlink()
    page.export_run(record, target)
    assert not page.error.isVisible()
    assert snapshot(target) == snapshot(run_copy)


def read_run_json_unchecked(folder: Path) -> dict:
    return json.loads((folder / "run.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- damaged metrics


def _damage_metrics(folder: Path) -> None:
    with open(folder / "metrics.jsonl", "ab") as stream:
        stream.write(b'{"step": 2, "kind": "train", "loss": 1.0, "note": "\xff\xfe"}\n')
        stream.write(b'{"step": "abc", "kind": "train", "loss": 1.0}\n')


def test_damaged_metrics_lines_are_skipped_on_resume(run_copy: Path, capsys) -> None:
    """A metrics line with a byte that is not UTF-8, and one whose step is "abc": resume
    works (it exited 1), and the damaged lines are dropped."""
    _damage_metrics(run_copy)
    records = read_metrics(run_copy)
    assert all(isinstance(r["step"], int) for r in records if "step" in r)
    code, _out, err = run_cli(capsys, "train", "--resume", str(run_copy), "--max-steps", "9")
    assert code == 0, err
    raw = (run_copy / "metrics.jsonl").read_bytes()
    assert b"\xff" not in raw and b'"abc"' not in raw


def test_one_damaged_run_never_hides_the_others_from_the_scan(tmp_path: Path,
                                                              trained_run: Path) -> None:
    """Three interrupted runs in a runs folder: one with a non-UTF-8 metrics line, one with
    run.json a link: the scan still lists the good run and the one with the bad line."""
    runs = tmp_path / "runs"
    for name in ("good", "bad-byte", "linked"):
        shutil.copytree(trained_run, runs / name)
        update_run_json(runs / name, status="running")
    _damage_metrics(runs / "bad-byte")
    linked = runs / "linked" / "run.json"
    shutil.move(str(linked), tmp_path / "elsewhere.json")
    linked.symlink_to(tmp_path / "elsewhere.json")
    (runs / "through-a-link").symlink_to(runs / "good", target_is_directory=True)
    found = sorted(run.folder.name for run in find_interrupted_runs(runs))
    assert found == ["bad-byte", "good"]
    assert all(run.can_resume for run in find_interrupted_runs(runs))
