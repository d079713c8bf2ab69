"""What a run folder may make the app read: run.json's shape, and the corpus files it names.

A run folder can come from anyone (a classmate, a download). Its run.json names the files the
run was trained on, and `train --resume` reads them again. Without care that is a way to make
the app read any file on the computer (a private file, whose text would then come out of
`generate`) or block forever (`/dev/stdin`, a FIFO, a device), while holding the run's lock.

The rule: a resume reads a corpus file only if run.json records its fingerprint (SHA-256 and
size of its bytes, `corpus.source.file_fingerprints`, written when the run is created), the
file is a regular file of that size, and its bytes hash to that fingerprint. A run from before
per-file fingerprints may read its files only when run.json has the whole text's fingerprint
(checked after reading), the files are regular and their size fits the recorded number of
characters. Anything else is refused with a sentence asking to name the text again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.i18n import N_, Text

_HASH_BLOCK = 1 << 20
# A character takes 1 to 4 bytes in UTF-8, 2 or 4 in UTF-16; a "\r\n" read as "\n" doubles
# that. More bytes than this per recorded character is not the text the run was trained on.
_MAX_BYTES_PER_CHAR = 8
# Files already hashed in this process: (path, device, inode, size, mtime) -> sha256. The
# window asks for the source twice while resuming; a 100 MB text need not be hashed twice.
_VERIFIED: dict[tuple[str, int, int, int, int], str] = {}


# --------------------------------------------------------------------------- run.json's shape


def _damaged(folder: Path, reason: Text) -> RunFolderError:
    return RunFolderError("run_corrupt", path=str(folder), reason=reason)


def _is_str_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _check_str_map(value: Any, where: str, folder: Path) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    ):
        raise _damaged(folder, N_("run.json: {where} is not a list of fingerprints", where=where))


def _check_str_list(value: Any, where: str, folder: Path) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _damaged(folder, N_("run.json: {where} is not a list of file names", where=where))


def check_corpus_record(run: dict[str, Any], folder: str | Path) -> dict[str, Any]:
    """run.json's "corpus" record, checked for the types resuming relies on (a hand-edited
    or hostile run.json must give "damaged", not a crash). Returns it ({} when absent)."""
    folder = Path(folder)
    corpus = run.get("corpus")
    if corpus is None:
        return {}
    if not isinstance(corpus, dict):
        raise _damaged(folder, N_("run.json: corpus is not an object"))
    for key in ("name", "fingerprint", "sample", "encoding", "split_method"):
        if not _is_str_or_none(corpus.get(key)):
            raise _damaged(folder, N_("run.json: corpus.{key} is not a text", key=key))
    _check_str_map(corpus.get("fingerprints"), "corpus.fingerprints", folder)
    _check_str_list(corpus.get("paths"), "corpus.paths", folder)
    _check_str_list(corpus.get("files"), "corpus.files", folder)
    chars = corpus.get("chars")
    if chars is not None and not (
        isinstance(chars, dict)
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in chars.values())
    ):
        raise _damaged(folder, N_("run.json: corpus.chars is not a count of characters"))
    source = corpus.get("source")
    if source is None:
        return corpus
    if not isinstance(source, dict):
        raise _damaged(folder, N_("run.json: corpus.source is not an object"))
    for key in ("sample", "valid", "test", "encoding", "split", "split_method"):
        if not _is_str_or_none(source.get(key)):
            raise _damaged(folder, N_("run.json: corpus.source.{key} is not a text", key=key))
    _check_str_list(source.get("files"), "corpus.source.files", folder)
    recorded = source.get("file_fingerprints")
    if recorded is not None and not (
        isinstance(recorded, dict)
        and all(
            isinstance(path, str)
            and isinstance(item, dict)
            and isinstance(item.get("sha256"), str)
            and isinstance(item.get("size"), int)
            and not isinstance(item.get("size"), bool)
            for path, item in recorded.items()
        )
    ):
        raise _damaged(
            folder, N_("run.json: corpus.source.file_fingerprints is not a list of fingerprints")
        )
    return corpus


# --------------------------------------------------------------------------- fingerprints


def _open_regular(path: str) -> tuple[int, os.stat_result]:
    """An open descriptor of `path` and its status, only if it is a regular file.

    Opened without blocking (a FIFO would otherwise wait for a writer forever) and without
    following a final symlink; the type is checked on the open descriptor, so the file
    cannot be swapped for a FIFO between the check and the read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(path)  # any non-regular file: the caller refuses it
        return fd, info
    except BaseException:
        os.close(fd)
        raise


def file_fingerprint(path: str | Path) -> dict[str, Any]:
    """SHA-256 and size of a regular file's bytes, as run.json records them."""
    fd, info = _open_regular(str(path))
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as stream:
        for block in iter(lambda: stream.read(_HASH_BLOCK), b""):
            digest.update(block)
    return {"sha256": digest.hexdigest(), "size": info.st_size}


def _expand(paths: Iterable[str]) -> list[str]:
    """The files `load_corpus` reads for these paths (folders in its own order)."""
    from lmstudio_app.core.corpus.files import folder_files

    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir() and not path.is_symlink():
            files.extend(str(file) for file in folder_files(path)[0])
        else:
            files.append(str(path))
    return files


def file_fingerprints(paths: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Fingerprints of every file these corpus paths stand for (what a new run records).
    A file that cannot be fingerprinted (gone, unreadable, not regular) is left out: a resume
    then refuses to read it again, and asks for the text to be named."""
    recorded: dict[str, dict[str, Any]] = {}
    for file in _expand(paths):
        try:
            recorded[file] = file_fingerprint(file)
        except OSError:
            continue
    return recorded


# --------------------------------------------------------------------------- resuming


def _refused(path: str, folder: Path, reason: Text) -> StudioError:
    return StudioError("resume_file_refused", path=path, reason=reason, run=str(folder))


def _changed(path: str, what: Text) -> StudioError:
    """A file run.json vouches for, no longer as it was: the text changed since (or run.json
    vouches for a file that was never the run's). Either way nothing of it is read."""
    return StudioError("resume_corpus_changed", what=N_("{path}: {what}", path=path, what=what))


def _lstat_regular(path: str, folder: Path) -> os.stat_result:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise StudioError("path_not_found", path=path) from None
    except OSError as exc:
        raise _refused(path, folder, N_("it cannot be examined ({reason})",
                                        reason=exc.strerror or str(exc))) from None
    if not stat.S_ISREG(info.st_mode):
        raise _refused(path, folder, N_("it is not an ordinary file"))
    return info


def _verified_hash(path: str, expected_size: int, folder: Path) -> str:
    """The file's SHA-256, read from a descriptor checked to be a regular file of the size
    recorded; the size is compared before a single byte is read."""
    info = _lstat_regular(path, folder)
    if info.st_size != expected_size:
        raise _changed(path, N_("its size differs"))
    key = (path, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    if key in _VERIFIED:
        return _VERIFIED[key]
    try:
        fingerprint = file_fingerprint(path)
    except OSError:
        raise _refused(path, folder, N_("it is not an ordinary file")) from None
    if fingerprint["size"] != expected_size:
        raise _changed(path, N_("its size differs"))
    _VERIFIED[key] = fingerprint["sha256"]
    return fingerprint["sha256"]


def check_source_files(run: dict[str, Any], source: dict[str, Any], folder: str | Path) -> None:
    """Refuse, before anything is read, a corpus file run.json names but does not vouch for.

    Bundled samples need no check. Files of a run with per-file fingerprints must be regular
    files of the recorded size and content; a run from before them needs the whole text's
    fingerprint (checked once read), regular files and a size that fits its characters."""
    folder = Path(folder)
    corpus = check_corpus_record(run, folder)
    paths = [str(p) for p in (source.get("files") or [])]
    paths += [str(source[key]) for key in ("valid", "test") if source.get(key)]
    if not paths:
        return
    recorded = source.get("file_fingerprints")
    files = _expand(paths)
    if isinstance(recorded, dict):
        for file in files:
            item = recorded.get(file)
            if item is None:
                raise _refused(file, folder, N_("the run records no fingerprint of it"))
            if _verified_hash(file, int(item["size"]), folder) != item["sha256"]:
                raise _changed(file, N_("its content differs"))
        return
    # A run folder from before per-file fingerprints.
    chars = corpus.get("chars") or {}
    if not corpus.get("fingerprint") or not chars:
        raise _refused(files[0], folder, N_("the run records no fingerprint of it"))
    total = sum(_lstat_regular(file, folder).st_size for file in files)
    recorded_chars = sum(chars.values())
    if total < recorded_chars - len(files) or total > _MAX_BYTES_PER_CHAR * recorded_chars + 64:
        raise _refused(files[0], folder, N_("its size does not fit the text the run recorded"))
