"""Paths inside a run folder, never followed through a link: the one helper for every reader
and writer of run-folder files.

A run folder comes from anyone (a teacher's zip, a shared drive, a folder a student chose as
`--out`). An entry that is a symbolic link would make the app read, append to or delete
whatever it points to: `checkpoint -> ~` once meant the checkpoint cleanup deleted the
person's folders, `metrics.jsonl -> notes.txt` appended JSON to the notes, and
`model.arpa -> /etc/passwd` exported that file. So:

- every path below a run folder is checked component by component with `lstat`; a link, or
  a file that is not a regular file (a FIFO would block a read forever), makes the run
  folder damaged (`RunFolderError("run_corrupt")`), refused before anything is written;
- files are opened with `O_NOFOLLOW`, so a link swapped in after the check is refused too;
- only what the app wrote is ever removed (`remove_old_checkpoints`);
- copying a run folder (`copy_run_folder`) copies only regular files and real folders, into
  a temporary folder renamed into place at the end, so a failure leaves nothing partial.

The run folder itself is the one the person chose and may be reached through a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.fileio import make_shareable, write_error
from lmstudio_app.core.i18n import N_

# The names the app itself writes at the top of a run folder (runs/, training.py, ngram.py,
# recurrent.py, checkpoint.py). Spelled out here rather than imported, so that this module
# stays below all of them.
APP_ENTRIES = (
    "run.json",
    "tokenizer.json",
    "model.safetensors",
    "model.arpa",
    "counts.safetensors",
    "metrics.jsonl",
    "checkpoint",
    "checkpoint/latest.json",
)
# A checkpoint step folder (`step-<9 digits>-<8 hex>`) and the temporary folders the save makes
# with `tempfile.mkdtemp(prefix=".tmp-")`: the only things the cleanup may remove.
STEP_FOLDER = re.compile(r"step-\d{9}-[0-9a-f]{8}")
TEMP_FOLDER = re.compile(r"\.tmp-[A-Za-z0-9_]{1,16}")
# Left out of a copy: the lock belongs to the process training the original, not to the copy.
NOT_COPIED = re.compile(r"run\.lock(\.stale-[0-9a-f]+)?")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def damaged(folder: Path, reason: str) -> RunFolderError:
    return RunFolderError("run_corrupt", path=str(folder), reason=reason)


def _link_error(folder: Path, shown: str) -> RunFolderError:
    return damaged(folder, N_("{name} is a link to somewhere else", name=shown))


def entry(folder: str | os.PathLike[str], relative: str) -> Path:
    """`folder / relative`, after checking that no part of it below `folder` is a link.

    A part that does not exist (yet) is fine: the caller creates or reports it.
    """
    folder = Path(folder)
    path = folder
    parts = Path(relative).parts
    for index, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return folder.joinpath(*parts)
        except NotADirectoryError:
            raise damaged(folder, N_("{name} is not a folder", name=parts[index - 1])) from None
        except OSError:
            return folder.joinpath(*parts)  # the read or write that follows says what is wrong
        if stat.S_ISLNK(info.st_mode):
            raise _link_error(folder, "/".join(parts[: index + 1]))
    return path


def check_run_folder(folder: str | os.PathLike[str]) -> None:
    """Refuse a run folder in which one of the app's own files or folders is a link."""
    for relative in APP_ENTRIES:
        entry(folder, relative)


def real_subfolder(folder: str | os.PathLike[str], name: str, create: bool = False) -> Path:
    """`folder / name` as a real folder (not a link, not a file), made if `create`."""
    folder = Path(folder)
    path = entry(folder, name)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return path
        try:
            os.mkdir(path)
        except FileExistsError:
            pass  # made meanwhile: checked below like any other
        except OSError as exc:
            raise write_error(path, exc) from exc
        info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise _link_error(folder, name)
    if not stat.S_ISDIR(info.st_mode):
        raise damaged(folder, N_("{name} is not a folder", name=name))
    return path


def open_regular(folder: str | os.PathLike[str], relative: str, flags: int = os.O_RDONLY) -> int:
    """A file descriptor of the regular file `folder / relative`, never through a link.

    FileNotFoundError passes through (callers have their own sentence for a missing file).
    """
    folder = Path(folder)
    path = entry(folder, relative)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        handle = os.open(path, flags | _NOFOLLOW | _NONBLOCK | _BINARY, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _link_error(folder, relative) from None
        raise
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise damaged(folder, N_("{name} is not a regular file", name=relative))
        if _NONBLOCK:
            os.set_blocking(handle, True)
    except BaseException:
        os.close(handle)
        raise
    return handle


def read_bytes(folder: str | os.PathLike[str], relative: str) -> bytes:
    """The bytes of a run-folder file (FileNotFoundError if it is missing)."""
    with os.fdopen(open_regular(folder, relative), "rb") as stream:
        return stream.read()


def read_text(folder: str | os.PathLike[str], relative: str) -> str:
    """The text of a run-folder file, UTF-8 (UnicodeDecodeError passes through)."""
    return read_bytes(folder, relative).decode("utf-8")


def append_text(folder: str | os.PathLike[str], relative: str, text: str) -> None:
    """Append to a run-folder file (made if absent), never through a link."""
    path = Path(folder) / relative
    try:
        handle = open_regular(folder, relative, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    except StudioError:
        raise
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        with os.fdopen(handle, "ab") as stream:
            stream.write(text.encode("utf-8"))
    except OSError as exc:
        raise write_error(path, exc) from exc


def remove_old_checkpoints(root: Path, keep: str) -> None:
    """Remove the checkpoint step folders other than `keep`, and leftover temporary folders.

    Only entries named like the app's own (`STEP_FOLDER`, `TEMP_FOLDER`) that are real
    folders are removed, and only inside a `checkpoint/` that is itself a real folder: a
    person's own folders, put there or reached through a link, are never touched.
    """
    try:
        if not stat.S_ISDIR(os.lstat(root).st_mode):
            return
        entries = list(os.scandir(root))
    except OSError:
        return
    for item in entries:
        if item.name == keep:
            continue
        if not (STEP_FOLDER.fullmatch(item.name) or TEMP_FOLDER.fullmatch(item.name)):
            continue
        with contextlib.suppress(OSError):
            if item.is_dir(follow_symlinks=False):
                shutil.rmtree(item.path)  # itself never follows links inside


# --------------------------------------------------------------------------- copying


def refuse_inside(folder: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Refuse a target that is the run folder or anything inside it (it would overwrite the
    run's own files, or copy the folder into itself)."""
    inside = Path(os.path.realpath(folder))
    # The target may not exist yet: judge where it would be.
    where = Path(os.path.realpath(Path(target).parent)) / Path(target).name
    if where == inside or where.is_relative_to(inside):
        raise StudioError("export_inside_run", target=str(target), path=str(folder))


def _plan(source: Path) -> tuple[list[str], list[str]]:
    """Every real folder and regular file under `source` (relative paths), links refused."""
    folders: list[str] = []
    files: list[str] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            items = sorted(os.scandir(source / relative), key=lambda item: item.name)
        except OSError as exc:
            raise damaged(source, N_("{name}: {exc}", name=relative or ".", exc=exc)) from None
        for item in items:
            name = f"{relative}/{item.name}" if relative else item.name
            if not relative and NOT_COPIED.fullmatch(item.name):
                continue
            if item.is_symlink():
                raise _link_error(source, name)
            if item.is_dir(follow_symlinks=False):
                folders.append(name)
                pending.append(name)
            elif item.is_file(follow_symlinks=False):
                files.append(name)
            else:
                raise damaged(source, N_("{name} is not a regular file", name=name))
    return folders, files


def copy_run_folder(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy a run folder to `target` (which must not exist): its regular files and real
    folders only, refusing links; into a temporary folder beside `target`, renamed into
    place once complete. On any failure nothing is left at `target` or beside it."""
    source, target = Path(source), Path(target)
    if not source.is_dir() or not (source / "run.json").exists():
        raise RunFolderError("run_not_found", path=str(source))
    refuse_inside(source, target)
    if os.path.lexists(target):
        raise StudioError("export_target_exists", target=str(target))
    folders, files = _plan(source)  # refuses a damaged folder before anything is written
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        make_shareable(temp)
        for name in folders:
            os.mkdir(temp / name)
        for name in files:
            try:
                reading = os.fdopen(open_regular(source, name), "rb")
            except FileNotFoundError:
                continue  # gone meanwhile (a checkpoint replaced by a newer one)
            with reading, open(temp / name, "xb") as writing:
                shutil.copyfileobj(reading, writing, 1 << 20)
                with contextlib.suppress(AttributeError, OSError):  # no fchmod: default mode
                    os.fchmod(writing.fileno(), stat.S_IMODE(os.fstat(reading.fileno()).st_mode))
        os.rename(temp, target)  # fails rather than replace anything but an empty folder
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise write_error(target, exc) from exc
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
